// Stripe's webhook endpoint: an invoice paid or a charge refunded is synced within minutes.
import type { Account } from './accounts';
import { stripeFor } from './stripe';
import { syncInvoices } from './sync';

export async function onWebhook(account: Account, body: string, signature: string) {
  const stripe = stripeFor(account);
  const event = stripe.webhooks.constructEvent(body, signature, account.webhookSecret);
  switch (event.type) {
    case 'invoice.paid':
    case 'charge.refunded':
      await syncInvoices(account, event.created - 60);
      break;
    default:
      break;
  }
}
