/**
 * What a stripe-app.json may hold, as Stripe documents it: the values of its fields, the viewports
 * views can appear on, and the credential formats that must never appear in it. Permissions, the
 * longest list, have their own file (permissions.ts).
 */

// Fields (docs.stripe.com/stripe-apps/reference/app-manifest).
export const ACCESS_TYPES = ['restricted_api_key', 'oauth', 'platform'] as const;
export const RAK_ACCESS_TYPE = 'restricted_api_key';
/** What Stripe assumes when `stripe_api_access_type` is absent. */
export const DEFAULT_ACCESS_TYPE = 'platform';

export const DISTRIBUTION_TYPES = ['public', 'private'] as const;

export const POST_INSTALL_ACTION_TYPES = ['external', 'settings', 'onboarding', 'modal'] as const;

/**
 * The file name of a base manifest, and the pattern of local (extended) manifests: Stripe's
 * `stripe-app.[anything].json`, dots, spaces and letters of any script among it; not a schema kept
 * beside the manifest (`stripe-app.schema.json`), nor a copy of it (`stripe-app.json.bak.json`).
 */
export const BASE_MANIFEST_NAME = 'stripe-app.json';
export const LOCAL_MANIFEST_NAME = /^stripe-app\.(?!schema\.json$|json\.).+\.json$/;
/** What Stripe accepts in `extends`: a relative path to stripe-app.json or another local manifest. */
export const EXTENDS_PATTERN = '^(\\./)?(\\.\\./)*([A-Za-z0-9_-]+/)*stripe-app(\\.[A-Za-z0-9_-]+)?\\.json$';

/**
 * Words Stripe does not allow in a public app's name: "Stripe", "app", "free" and "paid"
 * (docs.stripe.com/stripe-apps/distribution-options), and for apps that hand out restricted keys
 * also "Authenticator", "RAK" and "Generator" (docs.stripe.com/stripe-apps/plugins/rak).
 */
export const FORBIDDEN_NAME_WORDS: readonly string[] = [
  'stripe',
  'app',
  'apps',
  'free',
  'paid',
  'authenticator',
  'rak',
  'generator',
];

/**
 * Where a view can appear (docs.stripe.com/stripe-apps/reference/viewports, plus viewports that
 * other Stripe pages or Stripe's schema document).
 */
export interface Viewport {
  name: string;
  /** The Stripe object the page shows, or null for list and overview pages. */
  object: string | null;
  /** Where Stripe documents it. */
  source: 'viewports reference' | 'other Stripe docs' | 'Stripe schema only';
}

const v = (name: string, object: string | null, source: Viewport['source'] = 'viewports reference'): Viewport => ({
  name,
  object,
  source,
});

export const SETTINGS_VIEWPORT = 'settings';

export const VIEWPORTS: readonly Viewport[] = [
  v('settings', null),
  v('onboarding', null, 'other Stripe docs'),
  v('stripe.dashboard.fullpage', null, 'other Stripe docs'),
  v('stripe.dashboard.drawer.default', null),
  v('stripe.dashboard.payment.list', null),
  v('stripe.dashboard.payment.detail', 'payment_intent'),
  v('stripe.dashboard.customer.list', null),
  v('stripe.dashboard.customer.detail', 'customer'),
  v('stripe.dashboard.customer.detail.page-module', 'customer', 'Stripe schema only'),
  v('stripe.dashboard.invoice.list', null),
  v('stripe.dashboard.invoice.detail', 'invoice'),
  v('stripe.dashboard.invoice.detail.page-module', 'invoice', 'Stripe schema only'),
  v('stripe.dashboard.product.list', null),
  v('stripe.dashboard.product.detail', 'product'),
  v('stripe.dashboard.subscription.list', null),
  v('stripe.dashboard.subscription.detail', 'subscription'),
  v('stripe.dashboard.payment-link.list', null),
  v('stripe.dashboard.payment-link.detail', 'payment_link'),
  v('stripe.dashboard.shipping-rates.list', null),
  v('stripe.dashboard.shipping-rates.detail', 'shipping_rate'),
  v('stripe.dashboard.home.overview', null),
  v('stripe.dashboard.balance.overview', null),
  v('stripe.dashboard.billing.overview', null),
  v('stripe.dashboard.report.overview', null),
  v('stripe.dashboard.revenue-recognition.overview', null),
  v('stripe.dashboard.tax-report.overview', null),
];

export const VIEWPORT_NAMES: readonly string[] = VIEWPORTS.map((x) => x.name);

/** Viewport names people invent, mapped to the one they meant. */
export const VIEWPORT_ALIASES: Readonly<Record<string, string>> = {
  'stripe.dashboard.drawer': 'stripe.dashboard.drawer.default',
  'stripe.dashboard.settings': 'settings',
  'stripe.dashboard.settings.page': 'settings',
  'settings.page': 'settings',
  'stripe.dashboard.onboarding': 'onboarding',
  'stripe.dashboard.home': 'stripe.dashboard.home.overview',
  'stripe.dashboard.customer.detail.main': 'stripe.dashboard.customer.detail',
  'stripe.dashboard.invoice.detail.main': 'stripe.dashboard.invoice.detail',
  'stripe.dashboard.subscription.detail.main': 'stripe.dashboard.subscription.detail',
};

/**
 * Stripe credential formats (docs.stripe.com/keys, docs.stripe.com/keys/restricted-api-keys,
 * docs.stripe.com/keys/organization-api-keys, webhook signing secrets, app signing secrets).
 * Publishable keys (pk_…) are meant to be public and are not listed.
 */
export interface SecretFormat {
  /** What the user is told the value is. */
  kind: string;
  pattern: RegExp;
  /** The part kept when the value is shown masked. */
  prefix: RegExp;
}

/**
 * The fewest characters after the prefix: Stripe's keys have 24 (older) to over 100; a name such as
 * `sk_live_monitoring` or `com.acme.risk_live_monitoring` has far fewer. No upper bound: a
 * 300-character key is one key, masked whole. Whatever stands before the prefix: a key glued to a
 * letter (`-krk_live_…` typed for `-k rk_live_…`, `/v1/x` + a key in a path) is still a key, and a
 * word that holds twenty letters and digits after `sk_live_` is worth masking as one. The literal
 * prefix comes first, so that a search skips ahead to it rather than testing every position
 * (megabytes of a child's output pass through these patterns).
 */
const format = (kind: string, prefix: string, rest: string, kept: RegExp): SecretFormat => ({
  kind,
  pattern: new RegExp(`${prefix}${rest}`, 'g'),
  prefix: kept,
});

/** One pattern per format, for finding credentials (the secret-key rule) and for masking what is shown. */
export const SECRET_FORMATS: readonly SecretFormat[] = [
  format('secret key', 'sk_', '(?:test|live|prod)_[A-Za-z0-9]{20,}', /^sk_[a-z]+_/),
  format('restricted key', 'rk_', '(?:test|live|prod)_[A-Za-z0-9]{20,}', /^rk_[a-z]+_/),
  format('organization secret key', 'sk_', 'org_[A-Za-z0-9_]{20,}', /^sk_org_/),
  // The Stripe CLI takes an rkcs_ key as it takes sk_ and rk_ (its validator: at least three parts
  // apart by `_`); what it is for is not known, so it is masked as a key whatever follows.
  format('rkcs_ key', 'rkcs_', '[A-Za-z0-9_]{20,}', /^rkcs_(?:test_|live_)?/),
  format('webhook signing secret', 'whsec_', '[A-Za-z0-9]{20,}', /^whsec_/),
  format('app signing secret', 'absec_', '[A-Za-z0-9]{20,}', /^absec_/),
];
