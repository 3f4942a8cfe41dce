/**
 * What Stripe says to a restricted key: the scopes its 403s name (`rak_subscription_read`) and the
 * app permissions behind them, and the error messages themselves. Data and parsing for `permissions
 * explain`, the key check and the proxy; `check` reads it too (a manifest written with the rak_
 * prefix), so it holds no API table.
 *
 * Sources: the 403s quoted in stripe/stripe-node#2246, tylerjrichards/st-paywall#36,
 * invertase/stripe-firebase-extensions#176 and #314, WWBN/AVideo#8516, PostHog/posthog#57185,
 * stripe/stripe-mirakl-connector#33, stripe/stripe-apps#612, #662 and #851.
 */
import { findPermission } from './permissions.js';

/** Stripe's 403 names an app permission with this prefix: customer_read is rak_customer_read. */
export const SCOPE_PREFIX = 'rak_';

export interface ScopeMeaning {
  scope: string;
  /** The app permission that grants it; null when no app permission is known to. */
  permission: string | null;
  /** Why the scope is not simply `rak_` and the permission's name. */
  note?: string;
  /** A scope for some fields of an object (an account's identity documents), not for the object. */
  fieldLevel?: boolean;
}

/** Scopes that are not `rak_` + an app permission's name, and the permission that grants each. */
const SCOPE_EXCEPTIONS: Readonly<Record<string, string>> = {
  rak_invoice_item_read: 'invoice_read',
  rak_invoice_item_write: 'invoice_write',
};

/** Why: kept apart from the table so that `check`, which needs only the names, does not bundle it. */
const SCOPE_NOTES: Readonly<Record<string, string>> = {
  rak_invoice_item_read:
    "Stripe's keys name invoice items apart from invoices (rak_invoice_item_read, PostHog/posthog#57185); the Apps permission reference has no invoice item permission, and invoice_read is the one that covers invoices and their items.",
  rak_invoice_item_write:
    "Stripe's keys name invoice items apart from invoices; the Apps permission reference has no invoice item permission, and invoice_write is the one that covers invoices and their items.",
};

const FIELD_LEVEL = 'rak_accounts_kyc_';
const FIELD_LEVEL_NOTE =
  "A field-level scope: a restricted key holding every Read permission was refused it when retrieving an account (stripe/stripe-node#2246). Stripe's permission reference for Apps lists no permission that grants it; connected_account_read covers accounts, not these fields.";

/**
 * The app permission that grants a scope (`rak_subscription_read` → subscription_read), null for a
 * scope no app permission is known to grant, undefined for a name that is no scope rak-app knows.
 */
export function scopePermission(scope: string): string | null | undefined {
  const name = scope.trim().toLowerCase();
  if (!name.startsWith(SCOPE_PREFIX)) return undefined;
  if (Object.hasOwn(SCOPE_EXCEPTIONS, name)) return SCOPE_EXCEPTIONS[name];
  if (name.startsWith(FIELD_LEVEL)) return null;
  const permission = name.slice(SCOPE_PREFIX.length);
  return findPermission(permission) ? permission : undefined;
}

/** The scope Stripe named, the permission behind it and, where it is not the plain name, why. */
export function permissionForScope(scope: string): ScopeMeaning | undefined {
  const name = scope.trim().toLowerCase();
  const permission = scopePermission(name);
  if (permission === undefined) return undefined;
  if (permission === null) return { scope: name, permission, fieldLevel: true, note: FIELD_LEVEL_NOTE };
  const note = SCOPE_NOTES[name];
  return note ? { scope: name, permission, note } : { scope: name, permission };
}

/** The scope Stripe names for an app permission, as its 403 does. */
export const scopeForPermission = (permission: string): string => `${SCOPE_PREFIX}${permission}`;

/** What a Stripe error message says about a restricted key. */
export type StripeKeyError =
  /** The key lacks one scope, which Stripe names. */
  | { kind: 'missing-permission'; scope: string; account?: string }
  /** The Apps platform's own 403 (a Dashboard extension's request): the app lacks a scope. */
  | { kind: 'app-missing-permission'; scope?: string }
  /** No restricted key can call this endpoint, whatever it holds. */
  | { kind: 'not-for-restricted-keys' }
  /** A Stripe-Account header sent with a key that has no Connect permissions. */
  | { kind: 'stripe-account-header' }
  /** Stripe does not know the key: mistyped, revoked, or from another mode. */
  | { kind: 'invalid-key' }
  /** Stripe knows the key, and it has expired (rolled with an expiry): `api_key_expired`. */
  | { kind: 'expired-key' };

const MISSING_PERMISSION =
  /does not have the required permissions[\s\S]*?Having the '([A-Za-z0-9_]+)' (?:permission|scope) would allow this request to continue/i;
const ON_ACCOUNT = /on account '(acct_[A-Za-z0-9]+)'/;

/**
 * The restricted-key error in a text (the message alone, or a whole pasted response or log line);
 * undefined when it holds none. Never returns the key a message quotes.
 */
export function parseStripeKeyError(text: string): StripeKeyError | undefined {
  const missing = MISSING_PERMISSION.exec(text);
  if (missing) {
    const scope = missing[1]!;
    if (/This application does not have the required permissions/i.test(text) || !scope.startsWith(SCOPE_PREFIX))
      return { kind: 'app-missing-permission', scope };
    const account = ON_ACCOUNT.exec(text)?.[1];
    return { kind: 'missing-permission', scope, ...(account ? { account } : {}) };
  }
  if (/more_permissions_required_for_(application|session)/.test(text)) return { kind: 'app-missing-permission' };
  if (/required permissions are not available for use by restricted keys/i.test(text))
    return { kind: 'not-for-restricted-keys' };
  if (/restricted API key with the Stripe-Account header|does not have any Connect permissions/i.test(text))
    return { kind: 'stripe-account-header' };
  if (/Invalid API Key provided/i.test(text)) return { kind: 'invalid-key' };
  if (/Expired API Key provided|api_key_expired/i.test(text)) return { kind: 'expired-key' };
  return undefined;
}

/**
 * Stripe's own 403 text for a key that lacks a permission, as it words it; `maskedKey` is the key as
 * Stripe shows it (`rk_test_…qs8Kgd`), never the key.
 */
export function missingPermissionMessage(permission: string, account: string, maskedKey: string): string {
  return (
    `The provided key '${maskedKey}' does not have the required permissions for this endpoint on account ` +
    `'${account}'. Having the '${scopeForPermission(permission)}' permission would allow this request to continue.`
  );
}
