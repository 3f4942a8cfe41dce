/** Values of stripe-app.json fields, as Stripe documents them. */
export const ACCESS_TYPES = ['restricted_api_key', 'oauth', 'platform'] as const;
export const RAK_ACCESS_TYPE = 'restricted_api_key';
/** What Stripe assumes when `stripe_api_access_type` is absent. */
export const DEFAULT_ACCESS_TYPE = 'platform';

export const DISTRIBUTION_TYPES = ['public', 'private'] as const;

export const POST_INSTALL_ACTION_TYPES = ['external', 'settings', 'onboarding', 'modal'] as const;

/** The file name of a base manifest, and the pattern of local (extended) manifests. */
export const BASE_MANIFEST_NAME = 'stripe-app.json';
export const LOCAL_MANIFEST_NAME = /^stripe-app\.[A-Za-z0-9_-]+\.json$/;
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
