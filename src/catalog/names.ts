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
