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

// Modern keys run past 100 characters, so no upper bound below 247 (the longest any scanner allows).
export const SECRET_FORMATS: readonly SecretFormat[] = [
  { kind: 'secret key', pattern: /\bsk_(?:test|live|prod)_[A-Za-z0-9]{10,247}/g, prefix: /^sk_[a-z]+_/ },
  { kind: 'restricted key', pattern: /\brk_(?:test|live|prod)_[A-Za-z0-9]{10,247}/g, prefix: /^rk_[a-z]+_/ },
  { kind: 'organization secret key', pattern: /\bsk_org_[A-Za-z0-9_]{10,247}/g, prefix: /^sk_org_/ },
  { kind: 'webhook signing secret', pattern: /\bwhsec_[A-Za-z0-9]{20,247}/g, prefix: /^whsec_/ },
  { kind: 'app signing secret', pattern: /\babsec_[A-Za-z0-9]{20,247}/g, prefix: /^absec_/ },
];
