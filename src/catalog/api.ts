/**
 * Which permission each Stripe API call needs, as the `stripe` npm package names the resources
 * (stripe.customers, stripe.checkout.sessions…), built from Stripe's permission reference
 * (docs.stripe.com/stripe-apps/reference/permissions) and its event table. Data for
 * `rak-app permissions`, one source of truth with the permission catalog.
 */

/** The permissions a resource's read calls (retrieve, list, search) and write calls need; null: none an app can hold. */
export interface ResourcePermissions {
  read: string | null;
  write: string | null;
}

const rw = (object: string): ResourcePermissions => ({ read: `${object}_read`, write: `${object}_write` });
const readOnly = (permission: string): ResourcePermissions => ({ read: permission, write: null });
const writeOnly = (permission: string): ResourcePermissions => ({ read: null, write: permission });

export const API_RESOURCES: Readonly<Record<string, ResourcePermissions>> = {
  accounts: readOnly('connected_account_read'),
  accountLinks: writeOnly('account_link_write'),
  applicationFees: rw('application_fee'),
  applePayDomains: rw('apple_pay_domain'),
  'apps.secrets': { read: 'secret_write', write: 'secret_write' },
  balance: readOnly('balance_read'),
  balanceTransactions: readOnly('balance_transaction_source_read'),
  'billing.meters': rw('billing_meter'),
  'billing.meterEvents': writeOnly('billing_meter_write'),
  'billing.meterEventAdjustments': writeOnly('billing_meter_write'),
  'billingPortal.sessions': writeOnly('customer_portal_write'),
  'billingPortal.configurations': rw('customer_portal'),
  charges: rw('charge'),
  'checkout.sessions': rw('checkout_session'),
  confirmationTokens: readOnly('confirmation_token_read'),
  coupons: rw('coupon'),
  creditNotes: rw('credit_note'),
  customers: rw('customer'),
  disputes: rw('dispute'),
  'entitlements.activeEntitlements': readOnly('entitlement_read'),
  'entitlements.features': readOnly('entitlement_read'),
  events: readOnly('event_read'),
  files: rw('file'),
  fileLinks: rw('file'),
  invoices: rw('invoice'),
  invoiceItems: rw('invoice'),
  'issuing.authorizations': rw('issuing_authorization'),
  'issuing.cards': rw('issuing_card'),
  'issuing.cardholders': rw('issuing_cardholder'),
  'issuing.disputes': rw('issuing_dispute'),
  'issuing.transactions': rw('issuing_transaction'),
  mandates: readOnly('mandate_read'),
  orders: rw('order'),
  paymentIntents: rw('payment_intent'),
  paymentLinks: rw('payment_links'),
  paymentMethods: rw('payment_method'),
  payouts: rw('payout'),
  plans: rw('plan'),
  prices: rw('plan'),
  products: rw('product'),
  promotionCodes: rw('promotion_code'),
  quotes: rw('quote'),
  refunds: rw('charge'),
  // "report_runs_and_report_types_read: ... Allows creation of Report Runs" (Stripe's permission
  // reference): creating a run needs the read permission; there is no documented write one.
  'reporting.reportRuns': { read: 'report_runs_and_report_types_read', write: 'report_runs_and_report_types_read' },
  'reporting.reportTypes': readOnly('report_runs_and_report_types_read'),
  reviews: rw('review'),
  setupIntents: rw('setup_intent'),
  shippingRates: rw('shipping_rate'),
  skus: rw('sku'),
  sources: rw('source'),
  subscriptions: rw('subscription'),
  subscriptionItems: rw('subscription'),
  subscriptionSchedules: rw('subscription'),
  // Tax IDs belong to customers: Stripe's event table gives customer.tax_id.* to customer_read.
  taxIds: rw('customer'),
  // Early fraud warnings are about charges: radar.early_fraud_warning.* needs charge_read.
  'radar.earlyFraudWarnings': readOnly('charge_read'),
  'tax.calculations': rw('tax_calculations_and_transactions'),
  'tax.transactions': rw('tax_calculations_and_transactions'),
  'tax.settings': rw('tax_settings'),
  taxRates: rw('tax_rate'),
  'terminal.configurations': rw('terminal_configuration'),
  'terminal.connectionTokens': writeOnly('terminal_connection_token_write'),
  'terminal.locations': rw('terminal_location'),
  'terminal.readers': rw('terminal_reader'),
  'testHelpers.testClocks': rw('billing_clock'),
  tokens: rw('token'),
  topups: rw('top_up'),
  transfers: rw('transfer'),
  webhookEndpoints: rw('webhook'),
};

/**
 * Calls whose permission is not their resource's: stripe-node has no loginLinks resource; a login
 * link is `stripe.accounts.createLoginLink()`, and Stripe's reference gives login links
 * edit_link_write.
 */
export const METHOD_PERMISSIONS: Readonly<Record<string, string>> = {
  'accounts.createLoginLink': 'edit_link_write',
};

/**
 * What the client offers besides API resources (verifying webhooks, settings, events about
 * requests): calls on these need no permission.
 */
export const CLIENT_HELPERS: ReadonlySet<string> = new Set([
  'webhooks',
  'errors',
  'on',
  'off',
  'once',
  'setApiKey',
  'setAppInfo',
  'setHost',
  'setPort',
  'setProtocol',
  'setTimeout',
  'setMaxNetworkRetries',
  'setTelemetryEnabled',
  'getApiField',
  'getConstant',
  'getMaxNetworkRetries',
  'getClientUserAgent',
  'createFetchHttpClient',
  'createNodeHttpClient',
  'createSubtleCryptoProvider',
  'createNodeCryptoProvider',
]);

/**
 * The client's readers of Stripe's v2 event notifications ("thin" events): what their events need is
 * in no table rak-app has, so a scan reports them rather than charging event_read as for v1's.
 */
export const EVENT_NOTIFICATION_READERS: ReadonlySet<string> = new Set([
  'parseThinEvent',
  'parseEventNotification',
  'parseEventNotificationAsync',
  'parseEventNotificationWithoutVerification',
  'notificationHandler',
  'notificationHandlerWithoutVerification',
]);

/** Methods that only read; every other method writes. */
export const isReadMethod = (method: string): boolean => /^(retrieve|list|search)/.test(method);

/**
 * Fields whose object, expanded, needs another permission on one resource than elsewhere: a balance
 * transaction's `source` is read with balance_transaction_source_read ("Balance transaction
 * sources"), not source_read.
 */
export const EXPANDABLE_IN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  balanceTransactions: { source: 'balance_transaction_source_read' },
};

/**
 * Fields an older API version had and the installed stripe's types no longer declare, by object (as
 * src/catalog/expandable.generated.ts names them), in its notation: `o:` an object written out in
 * full, `x:` an expandable one. Each quotes where the change is recorded.
 */
export const OLDER_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // docs.stripe.com/changelog/basil/2025-03-31/invoice-pricing-configurations: "price and plan fields
  // are no longer available on Invoice Items and Invoice Line Items"; each was the object itself.
  'InvoiceLineItems:InvoiceLineItem': { price: 'o:Prices:Price', plan: 'o:Plans:Plan' },
  'InvoiceItems:InvoiceItem': { price: 'o:Prices:Price', plan: 'o:Plans:Plan' },
};

/** Expandable fields, by the last segment of an `expand` path, to the permission reading that object. */
export const EXPANDABLE: Readonly<Record<string, string>> = {
  customer: 'customer_read',
  invoice: 'invoice_read',
  latest_invoice: 'invoice_read',
  upcoming_invoice: 'invoice_read',
  payment_intent: 'payment_intent_read',
  charge: 'charge_read',
  latest_charge: 'charge_read',
  refunds: 'charge_read',
  subscription: 'subscription_read',
  subscriptions: 'subscription_read',
  schedule: 'subscription_read',
  payment_method: 'payment_method_read',
  default_payment_method: 'payment_method_read',
  balance_transaction: 'balance_transaction_source_read',
  product: 'product_read',
  price: 'plan_read',
  plan: 'plan_read',
  setup_intent: 'setup_intent_read',
  pending_setup_intent: 'setup_intent_read',
  mandate: 'mandate_read',
  dispute: 'dispute_read',
  source: 'source_read',
  default_source: 'source_read',
  coupon: 'coupon_read',
  promotion_code: 'promotion_code_read',
  transfer: 'transfer_read',
  application_fee: 'application_fee_read',
  payout: 'payout_read',
  review: 'review_read',
  test_clock: 'billing_clock_read',
  quote: 'quote_read',
  credit_note: 'credit_note_read',
  payment_link: 'payment_links_read',
  shipping_rate: 'shipping_rate_read',
  tax_rates: 'tax_rate_read',
  default_tax_rates: 'tax_rate_read',
  on_behalf_of: 'connected_account_read',
  destination: 'connected_account_read',
  file: 'file_read',
};

/**
 * Webhook event types by prefix (longest first wins), to the permissions any one of which lets an
 * app receive them (docs.stripe.com/stripe-apps/reference/permissions, events). Receiving any event
 * also needs event_read.
 */
export const EVENT_PERMISSIONS: readonly [prefix: string, anyOf: readonly string[]][] = [
  ['account.application.', ['event_read']],
  ['account.external_account.', ['connected_account_read']],
  ['account.', ['connected_account_read']],
  ['person.', ['connected_account_read']],
  ['charge.dispute.', ['dispute_read']],
  ['charge.', ['charge_read']],
  ['refund.', ['charge_read']],
  ['radar.early_fraud_warning.', ['charge_read']],
  ['payment_intent.', ['payment_intent_read', 'checkout_session_read']],
  ['setup_intent.', ['setup_intent_read', 'checkout_session_read']],
  ['payment_method.', ['payment_method_read']],
  ['mandate.', ['mandate_read', 'checkout_session_read', 'payment_links_read', 'setup_intent_read']],
  ['checkout.session.', ['checkout_session_read']],
  ['payment_link.', ['payment_links_read']],
  ['review.', ['review_read']],
  ['file.', ['file_read']],
  ['customer.subscription.', ['subscription_read', 'quote_read']],
  ['customer_cash_balance_transaction.', ['customer_read', 'balance_transaction_source_read']],
  ['customer.', ['customer_read']],
  // "cash_balance.funds_available" is listed with the customer events, under customer_read.
  ['cash_balance.', ['customer_read']],
  ['coupon.', ['coupon_read']],
  ['promotion_code.', ['promotion_code_read', 'invoice_read', 'credit_note_read', 'quote_read']],
  ['plan.', ['plan_read']],
  ['price.', ['plan_read']],
  ['product.', ['product_read', 'checkout_session_read', 'payment_intent_read', 'payment_links_read', 'quote_read']],
  ['invoiceitem.', ['invoice_read', 'credit_note_read', 'quote_read']],
  ['invoice.', ['invoice_read', 'credit_note_read', 'quote_read']],
  ['credit_note.', ['credit_note_read', 'invoice_read', 'quote_read']],
  ['quote.', ['quote_read']],
  ['subscription_schedule.', ['subscription_read', 'quote_read']],
  ['billing_portal.', ['customer_portal_read', 'checkout_session_read', 'payment_links_read']],
  ['entitlements.', ['entitlement_read']],
  ['test_helpers.test_clock.', ['billing_clock_read', 'customer_read']],
  ['payout.', ['payout_read', 'transfer_read', 'balance_transaction_source_read']],
  ['transfer.', ['transfer_read', 'balance_transaction_source_read']],
  ['topup.', ['top_up_read', 'funding_instruction_read']],
  ['balance.', ['balance_read', 'balance_transaction_source_read']],
  ['application_fee.', ['application_fee_read', 'balance_transaction_source_read']],
  ['tax_rate.', ['tax_rate_read']],
  ['tax.settings.', ['tax_settings_read']],
  ['terminal.reader.', ['terminal_reader_read']],
  ['reporting.', ['report_runs_and_report_types_read']],
  ['issuing_personalization_design.', ['issuing_card_read', 'issuing_card_sensitive_read']],
  ['issuing_authorization.', ['issuing_authorization_read']],
  ['issuing_card.', ['issuing_card_read']],
  ['issuing_cardholder.', ['issuing_cardholder_read']],
  ['issuing_dispute.', ['issuing_dispute_read']],
  ['issuing_transaction.', ['issuing_transaction_read']],
];

export function permissionsForEvent(type: string): readonly string[] | undefined {
  return EVENT_PERMISSIONS.find(([prefix]) => type.startsWith(prefix))?.[1];
}

/** "Also implies" (docs.stripe.com/stripe-apps/reference/permissions): holding the key grants the values. */
export const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  balance_transaction_source_read: ['application_fee_read', 'balance_read', 'transfer_read'],
  checkout_session_read: [
    'mandate_read',
    'payment_intent_read',
    'payment_links_read',
    'product_read',
    'setup_intent_read',
    'sku_read',
  ],
  checkout_session_write: [
    'mandate_read',
    'payment_intent_read',
    'payment_links_read',
    'product_read',
    'setup_intent_read',
    'sku_read',
  ],
  credit_note_read: ['invoice_read'],
  credit_note_write: ['invoice_read'],
  customer_read: ['billing_clock_read'],
  customer_write: ['billing_clock_read'],
  invoice_read: ['credit_note_read'],
  invoice_write: ['credit_note_read'],
  payment_intent_read: ['product_read', 'sku_read'],
  payment_intent_write: ['product_read', 'sku_read'],
  payment_links_read: ['mandate_read', 'product_read', 'sku_read'],
  payment_links_write: ['mandate_read', 'product_read', 'sku_read'],
  payment_method_read: ['source_read'],
  payment_method_write: ['source_read'],
  quote_read: ['sku_read', 'product_read'],
  quote_write: ['sku_read', 'product_read'],
  setup_intent_read: ['mandate_read'],
  setup_intent_write: ['mandate_read'],
  transfer_read: ['payout_read', 'payout_write'],
  transfer_write: ['payout_read', 'payout_write'],
  plan_read: ['product_read'],
  plan_write: ['product_read'],
};

/**
 * Everything a set of granted permissions allows: each one, what it implies, and (an assumption
 * Stripe does not confirm, so rak-app never reports it as missing) the read twin of each write.
 */
export function effectivePermissions(granted: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of granted) {
    out.add(p);
    for (const implied of IMPLIES[p] ?? []) out.add(implied);
    if (p.endsWith('_write')) out.add(p.replace(/_write$/, '_read'));
  }
  return out;
}
