// What Stripe documents, held against the catalog and scan: each case quotes the wording it rests on
// (docs.stripe.com/stripe-apps/reference/permissions, its event table, and stripe-node's API).
import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/scan/index.js';

const scan = (code: string) =>
  scanSources([
    { path: 'server.js', text: `const Stripe = require('stripe');\nconst stripe = new Stripe(key);\n${code}\n` },
  ]);
const needed = (code: string) => scan(code).needs.map((n) => n.anyOf.join(' or '));
const unresolved = (code: string) => scan(code).notUnderstood.map((n) => `${n.what}: ${n.why}`);

describe('the catalog says what Stripe documents', () => {
  it('report_runs_and_report_types_read "allows creation of Report Runs"', () => {
    expect(needed("stripe.reporting.reportRuns.create({ report_type: 'balance.summary.1' });")).toEqual([
      'report_runs_and_report_types_read',
    ]);
  });

  it('login links are stripe.accounts.createLoginLink() in stripe-node, and need edit_link_write', () => {
    expect(needed("stripe.accounts.createLoginLink('acct_1');")).toEqual(['edit_link_write']);
  });

  it('"cash_balance.funds_available" is a customer event: customer_read', () => {
    expect(needed("if (event.type === 'cash_balance.funds_available') notify();")).toEqual([
      'customer_read',
      'event_read',
    ]);
  });

  it('a balance transaction\'s source, expanded, needs balance_transaction_source_read ("Balance transaction sources"), not source_read', () => {
    expect(needed("stripe.balanceTransactions.retrieve('txn_1', { expand: ['source'] });")).toEqual([
      'balance_transaction_source_read',
      'balance_transaction_source_read',
    ]);
    // Elsewhere, source is still a source.
    expect(needed("stripe.charges.retrieve('ch_1', { expand: ['source'] });")).toEqual(['charge_read', 'source_read']);
  });

  it('tax IDs are customers\' ("customer.tax_id.*" needs customer_read); early fraud warnings are charges\'', () => {
    expect(needed("stripe.taxIds.list({ owner: { type: 'customer', customer: 'cus_1' } });")).toEqual([
      'customer_read',
    ]);
    expect(needed("stripe.customers.createTaxId('cus_1', { type: 'eu_vat', value: 'x' });")).toEqual([
      'customer_write',
    ]);
    expect(needed("stripe.customers.listTaxIds('cus_1');")).toEqual(['customer_read']);
    expect(needed('stripe.radar.earlyFraudWarnings.list();')).toEqual(['charge_read']);
  });
});

describe('scan is never silent', () => {
  it('a call no app permission covers, or on a resource the catalog lacks, is reported where it is', () => {
    // stripe-node has these; Stripe's permission reference gives an app no permission for them.
    for (const call of [
      'stripe.invoicePayments.list()',
      "stripe.customerSessions.create({ customer: 'cus_1' })",
      'stripe.paymentMethodDomains.create({})',
    ]) {
      const [what] = unresolved(`${call};`);
      expect(what, call).toMatch(/: no Stripe App permission covers this call$/);
    }
    expect(scan('stripe.invoicePayments.list();').notUnderstood[0]).toMatchObject({ line: 3, column: 1 });
    // A resource stripe-node does not have (a newer API, or a typo) is named.
    expect(unresolved('stripe.loyaltyCards.list();')).toEqual([
      'stripe.loyaltyCards.list(): a resource rak-app does not know: "loyaltyCards"',
    ]);
  });

  it("an event type Stripe's table does not list is reported", () => {
    expect(unresolved("switch (event.type) { case 'invoice_payment.paid': break; }")).toEqual([
      "event invoice_payment.paid: Stripe's permission table does not list this event type, so the permission it needs is not known",
    ]);
  });

  it("the client's own helpers need no permission and are not reported", () => {
    expect(
      scan("stripe.webhooks.constructEvent(body, sig, secret);\nstripe.on('request', log);").notUnderstood,
    ).toEqual([]);
  });
});
