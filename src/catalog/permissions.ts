/**
 * The permissions a Stripe App can request, as Stripe documents them
 * (docs.stripe.com/stripe-apps/reference/permissions), plus the few that Stripe's published schema
 * or Stripe-built apps use without documenting them. One source of truth: the schema's enum, the
 * did-you-mean and the lint rules all read this table.
 */

/** How much rak-app trusts a permission name. */
export type PermissionStatus =
  /** In Stripe's permission reference. */
  | 'documented'
  /** Documented, but Stripe restricts it or it makes no sense for a key a user hands over. */
  | 'restricted'
  /** Not in Stripe's permission reference; seen only in its schema or in Stripe-built apps. */
  | 'undocumented';

export interface Permission {
  name: string;
  status: PermissionStatus;
  /** Whether Stripe's published schema (stripe/stripe-apps, schema/stripe-app.schema.json) accepts it. */
  inOfficialSchema: boolean;
  /** Why a restricted or undocumented permission deserves a second look. */
  caution?: string;
}

const readWrite = (...objects: string[]): string[] => objects.flatMap((o) => [`${o}_read`, `${o}_write`]);

const DOCUMENTED: readonly string[] = [
  'account_link_write',
  ...readWrite('application_fee', 'apple_pay_domain'),
  'balance_read',
  'balance_transaction_source_read',
  ...readWrite('billing_clock', 'billing_meter', 'charge', 'checkout_session'),
  'confirmation_token_read',
  'confirmation_token_client_write',
  'connected_account_read',
  ...readWrite('coupon', 'credit_note', 'customer_portal', 'customer', 'dispute'),
  'edit_link_write',
  'elements_write',
  'entitlement_read',
  'event_read',
  ...readWrite('file', 'invoice'),
  ...readWrite('issuing_authorization', 'issuing_card', 'issuing_cardholder', 'issuing_dispute', 'issuing_transaction'),
  // Event-only permissions: they appear in the event table, not the object table.
  'issuing_card_sensitive_read',
  'funding_instruction_read',
  ...readWrite('mandate', 'order', 'payment_intent', 'payment_links', 'payment_method', 'payout'),
  ...readWrite('plan', 'product', 'promotion_code', 'quote'),
  'report_runs_and_report_types_read',
  ...readWrite('review'),
  'secret_write',
  ...readWrite('setup_intent', 'shipping_rate', 'sku', 'source', 'subscription'),
  ...readWrite('tax_calculations_and_transactions', 'tax_rate', 'tax_settings'),
  ...readWrite('terminal_configuration'),
  'terminal_connection_token_write',
  ...readWrite('terminal_location', 'terminal_reader', 'token', 'top_up', 'transfer', 'usage_record'),
  'user_email_read',
  ...readWrite('webhook'),
];

/** Documented permissions that deserve a warning, with the reason shown to the user. */
const RESTRICTED: Readonly<Record<string, string>> = {
  webhook_write:
    "Stripe says most apps do not need webhook_write and that it takes a request to Stripe Support; a RAK app's users create their own webhook endpoints",
  user_email_read:
    "it grants access to Dashboard users' email addresses, which a key handed to your backend cannot use; a published RAK app (pretix) had to remove it before Stripe accepted the upload",
};

/** Names that are not in Stripe's permission reference but that Stripe's schema or apps use. */
const UNDOCUMENTED: Readonly<Record<string, string>> = {
  stripecli_session_write:
    'it is the Stripe CLI\'s own "debugging tools" permission, absent from the Stripe Apps permission reference; a key that partners hold should not open Stripe CLI sessions',
  capital_for_platforms_financing_offer_read:
    "it appears in Stripe's published schema but not in the Stripe Apps permission reference, so upload may reject it",
  report_runs_and_report_types_write:
    "it appears in a Stripe-built app but neither in the Stripe Apps permission reference nor in Stripe's schema, so upload may reject it",
};

/** The permission names Stripe's published schema lists, misspellings included. */
const OFFICIAL_SCHEMA_MISSING = new Set([
  'apple_pay_domain_read',
  'apple_pay_domain_write',
  'shipping_rate_write',
  'billing_meter_read',
  'billing_meter_write',
  'confirmation_token_read',
  'confirmation_token_client_write',
  'entitlement_read',
  'promotion_code_read',
  'promotion_code_write',
  'review_read',
  'review_write',
  'tax_calculations_and_transactions_read',
  'tax_calculations_and_transactions_write',
  'tax_settings_read',
  'tax_settings_write',
  'terminal_configuration_read',
  'terminal_configuration_write',
  'terminal_connection_token_write',
  'terminal_location_read',
  'terminal_location_write',
  'terminal_reader_read',
  'terminal_reader_write',
  'issuing_card_sensitive_read',
  'funding_instruction_read',
  'report_runs_and_report_types_write',
]);

export const PERMISSIONS: readonly Permission[] = [
  ...DOCUMENTED.map((name) => ({
    name,
    status: (name in RESTRICTED ? 'restricted' : 'documented') as PermissionStatus,
    inOfficialSchema: !OFFICIAL_SCHEMA_MISSING.has(name),
    ...(name in RESTRICTED ? { caution: RESTRICTED[name] } : {}),
  })),
  ...Object.entries(UNDOCUMENTED).map(([name, caution]) => ({
    name,
    status: 'undocumented' as PermissionStatus,
    inOfficialSchema: !OFFICIAL_SCHEMA_MISSING.has(name),
    caution,
  })),
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const PERMISSION_NAMES: readonly string[] = PERMISSIONS.map((p) => p.name);

const BY_NAME = new Map(PERMISSIONS.map((p) => [p.name, p]));

export function findPermission(name: string): Permission | undefined {
  return BY_NAME.get(name);
}

/**
 * Wrong names people really write (in Stripe's own schema, or in public manifests), mapped to the
 * permission they meant. Edit distance alone would miss most of these.
 */
export const PERMISSION_ALIASES: Readonly<Record<string, string>> = {
  shpping_rate_write: 'shipping_rate_write',
  apply_pay_domain_read: 'apple_pay_domain_read',
  apply_pay_domain_write: 'apple_pay_domain_write',
  billing_portal_read: 'customer_portal_read',
  billing_portal_write: 'customer_portal_write',
  webhook_endpoint_read: 'webhook_read',
  webhook_endpoint_write: 'webhook_write',
  account_read: 'connected_account_read',
  account_write: 'account_link_write',
  secret_read: 'secret_write',
  price_read: 'plan_read',
  price_write: 'plan_write',
  payment_link_read: 'payment_links_read',
  payment_link_write: 'payment_links_write',
  refund_read: 'charge_read',
  refund_write: 'charge_write',
  subscription_schedule_read: 'subscription_read',
  subscription_schedule_write: 'subscription_write',
};

/** Misspellings that Stripe's published schema itself carries, so users copy them from editors. */
export const OFFICIAL_SCHEMA_TYPOS: ReadonlySet<string> = new Set([
  'shpping_rate_write',
  'apply_pay_domain_read',
  'apply_pay_domain_write',
]);

/**
 * Permissions that make a restricted key a Connect key (the Connect group of Stripe's permission
 * reference: Accounts, account and login links, application fees, transfers, top-ups). Stripe refuses a
 * Stripe-Account header on a key holding none of them ("…the restricted API key does not have any
 * Connect permissions").
 */
export const CONNECT_PERMISSIONS: ReadonlySet<string> = new Set([
  'connected_account_read',
  'account_link_write',
  'edit_link_write',
  'application_fee_read',
  'application_fee_write',
  'transfer_read',
  'transfer_write',
  'top_up_read',
  'top_up_write',
]);
