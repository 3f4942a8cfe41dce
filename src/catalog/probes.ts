/**
 * For each app permission, one request that tells whether a restricted key holds it and that cannot
 * create, change or delete anything, whatever the key holds (`rak-app key check`, docs/key.md):
 *
 * - a read is a GET: a list with `limit=1` where Stripe has a list, else a retrieve of an object that
 *   cannot exist (200 or 404 `resource_missing` means allowed; 403 refused);
 * - a write is a POST with an empty body to an update endpoint (`…/{id}`), the id one that cannot
 *   exist: 404 `resource_missing` means allowed, 403 refused. Even if the object existed, an update
 *   with no parameters changes nothing. No probe is a create (a POST to a collection: an empty body
 *   creates a customer), a DELETE or an action (`…/{id}/finalize`).
 *
 * A permission with no such request is listed with the reason it is not checked: rak-app never
 * guesses it.
 */

export interface Probe {
  permission: string;
  verb: 'GET' | 'POST';
  /** The endpoint's path template, as the API catalog (src/catalog/endpoints.ts) writes it. */
  template: string;
  /** The path sent: the template with each `{…}` replaced by an id that cannot exist. */
  path: string;
  /** The query string's parameters (a read's `limit=1`). */
  query: Readonly<Record<string, string>>;
  /** The `object` Stripe's answer names: `list` for a list; a singleton's own (`balance`). */
  object?: string;
}

export interface Unprobed {
  permission: string;
  /** Why no request can tell without risking a change, or at all. */
  notChecked: string;
}

/** Marks every id rak-app makes up, so that the test and anyone reading Stripe's logs know one. */
export const PROBE_ID_MARK = 'rakappprobe';

/** An id of Stripe's form that no object has: Stripe's ids are random, and this one is all zeros. */
export const impossibleId = (prefix: string): string => `${prefix}_${PROBE_ID_MARK}0000000000`;

const list = (permission: string, path: string, query: Record<string, string> = { limit: '1' }): Probe => ({
  permission,
  verb: 'GET',
  template: path,
  path,
  query,
  object: 'list',
});

/** A read of an object the account has one of (its balance, its tax settings). */
const single = (permission: string, path: string, object: string): Probe => ({
  permission,
  verb: 'GET',
  template: path,
  path,
  query: {},
  object,
});

/** `template` ends in one `{…}` segment, filled with an impossible id of this prefix. */
const fill = (template: string, prefix: string): string => template.replace(/\{[^}]+\}$/, impossibleId(prefix));

const retrieve = (permission: string, template: string, prefix: string): Probe => ({
  permission,
  verb: 'GET',
  template,
  path: fill(template, prefix),
  query: {},
});

const update = (permission: string, template: string, prefix: string): Probe => ({
  permission,
  verb: 'POST',
  template,
  path: fill(template, prefix),
  query: {},
});

/** A read (a list) and a write (an update of an impossible object) for one resource. */
const readWrite = (object: string, collection: string, prefix: string): Probe[] => [
  list(`${object}_read`, collection),
  update(`${object}_write`, `${collection}/{id}`, prefix),
];

const PROBE_LIST: readonly Probe[] = [
  ...readWrite('customer', '/v1/customers', 'cus'),
  ...readWrite('product', '/v1/products', 'prod'),
  ...readWrite('plan', '/v1/prices', 'price'),
  ...readWrite('coupon', '/v1/coupons', 'coupon'),
  ...readWrite('promotion_code', '/v1/promotion_codes', 'promo'),
  ...readWrite('invoice', '/v1/invoices', 'in'),
  ...readWrite('credit_note', '/v1/credit_notes', 'cn'),
  ...readWrite('subscription', '/v1/subscriptions', 'sub'),
  ...readWrite('quote', '/v1/quotes', 'qt'),
  ...readWrite('charge', '/v1/charges', 'ch'),
  ...readWrite('payment_intent', '/v1/payment_intents', 'pi'),
  ...readWrite('setup_intent', '/v1/setup_intents', 'seti'),
  ...readWrite('payment_method', '/v1/payment_methods', 'pm'),
  ...readWrite('payment_links', '/v1/payment_links', 'plink'),
  ...readWrite('checkout_session', '/v1/checkout/sessions', 'cs'),
  ...readWrite('dispute', '/v1/disputes', 'dp'),
  ...readWrite('payout', '/v1/payouts', 'po'),
  ...readWrite('transfer', '/v1/transfers', 'tr'),
  ...readWrite('top_up', '/v1/topups', 'tu'),
  ...readWrite('shipping_rate', '/v1/shipping_rates', 'shr'),
  ...readWrite('tax_rate', '/v1/tax_rates', 'txr'),
  ...readWrite('webhook', '/v1/webhook_endpoints', 'we'),
  ...readWrite('billing_meter', '/v1/billing/meters', 'mtr'),
  ...readWrite('customer_portal', '/v1/billing_portal/configurations', 'bpc'),
  ...readWrite('terminal_configuration', '/v1/terminal/configurations', 'tmc'),
  ...readWrite('terminal_location', '/v1/terminal/locations', 'tml'),
  ...readWrite('terminal_reader', '/v1/terminal/readers', 'tmr'),
  ...readWrite('issuing_authorization', '/v1/issuing/authorizations', 'iauth'),
  ...readWrite('issuing_card', '/v1/issuing/cards', 'ic'),
  ...readWrite('issuing_cardholder', '/v1/issuing/cardholders', 'ich'),
  ...readWrite('issuing_dispute', '/v1/issuing/disputes', 'idp'),
  ...readWrite('issuing_transaction', '/v1/issuing/transactions', 'ipi'),
  list('file_read', '/v1/files'),
  // Files cannot be changed; their links can, and Stripe gives file links to the file permissions.
  update('file_write', '/v1/file_links/{id}', 'link'),
  list('application_fee_read', '/v1/application_fees'),
  list('review_read', '/v1/reviews'),
  list('billing_clock_read', '/v1/test_helpers/test_clocks'),
  list('event_read', '/v1/events'),
  list('balance_transaction_source_read', '/v1/balance_transactions'),
  list('connected_account_read', '/v1/accounts'),
  list('entitlement_read', '/v1/entitlements/features'),
  list('apple_pay_domain_read', '/v1/apple_pay/domains'),
  // Report types are not paginated: Stripe refuses a limit there.
  list('report_runs_and_report_types_read', '/v1/reporting/report_types', {}),
  // The Secret Store's list needs a scope; listing the account's secrets shows no value.
  list('secret_write', '/v1/apps/secrets', { 'scope[type]': 'account', limit: '1' }),
  // Singletons: reading them is all a GET does.
  single('balance_read', '/v1/balance', 'balance'),
  single('tax_settings_read', '/v1/tax/settings', 'tax.settings'),
  // No list: retrieve an object that cannot exist.
  retrieve('mandate_read', '/v1/mandates/{id}', 'mandate'),
  retrieve('source_read', '/v1/sources/{id}', 'src'),
  retrieve('token_read', '/v1/tokens/{id}', 'tok'),
  retrieve('confirmation_token_read', '/v1/confirmation_tokens/{id}', 'ctoken'),
  retrieve('tax_calculations_and_transactions_read', '/v1/tax/transactions/{id}', 'tax'),
  update('source_write', '/v1/sources/{id}', 'src'),
];

const CREATE_ONLY = 'Stripe offers only a create for it, and a create would make an object';
const LEGACY = 'Stripe removed the API it covers';

const NOT_CHECKED: Readonly<Record<string, string>> = {
  account_link_write: CREATE_ONLY,
  edit_link_write: CREATE_ONLY,
  terminal_connection_token_write: CREATE_ONLY,
  token_write: CREATE_ONLY,
  tax_calculations_and_transactions_write: CREATE_ONLY,
  confirmation_token_client_write: 'it is used by Stripe.js in the browser, not by an API call a key makes',
  elements_write: 'it is used by Stripe.js Elements in the browser, not by an API call a key makes',
  application_fee_write: 'its only writes are refunds: a create, or an update under a fee',
  review_write: 'its only writes are actions on a review (approve), not an update',
  apple_pay_domain_write: 'its only writes are a create and a delete',
  billing_clock_write: 'test clocks have no update; their writes are a create, a delete and advancing the clock',
  tax_settings_write: 'tax settings are one object per account: a write would change it',
  mandate_write: 'the API has no write of mandates; payment and setup intents make them',
  order_read: LEGACY,
  order_write: LEGACY,
  sku_read: LEGACY,
  sku_write: LEGACY,
  usage_record_read: 'legacy usage records hang under a subscription item, with no list of their own',
  usage_record_write: CREATE_ONLY,
  report_runs_and_report_types_write: 'it is not in the Stripe Apps permission reference',
  user_email_read: "it covers Dashboard users' email addresses, which no API call with a key reads",
  stripecli_session_write: "it covers the Stripe CLI's own sessions, which no API call with a key opens",
  capital_for_platforms_financing_offer_read: 'its API is not public',
  issuing_card_sensitive_read: 'it covers events and card details, with no list of its own',
  funding_instruction_read: 'it covers events only',
};

export const PROBES: ReadonlyMap<string, Probe> = new Map(PROBE_LIST.map((probe) => [probe.permission, probe]));

/** The probe for a permission, or why it is not checked (undefined: a name rak-app does not know). */
export function probeFor(permission: string): Probe | Unprobed | undefined {
  const probe = PROBES.get(permission);
  if (probe) return probe;
  const why = NOT_CHECKED[permission];
  return why === undefined ? undefined : { permission, notChecked: why };
}

export const UNPROBED: ReadonlyMap<string, string> = new Map(Object.entries(NOT_CHECKED));
