/**
 * The answers Stripe gives a restricted key, written as Stripe's API sends them (the tests' fake
 * Stripe API quotes the same), so that a backend talking to `rak-app proxy` meets the same status,
 * error type and message it would meet in production.
 */
import { missingPermissionMessage } from '../catalog/scopes.js';

export interface StripeErrorAnswer {
  status: number;
  body: { error: { type: 'invalid_request_error' | 'api_error'; message: string; code?: string } };
}

const KEY = /^(?:sk|rk|pk|ek)_(?:test|live)_|^sk_org_|^rkcs_/;

/**
 * A key as Stripe's own messages show it: its kind, then "…" and its last six characters
 * (`rk_test_…qs8Kgd` in stripe/stripe-node#2246); nothing of a short value.
 */
export function maskLikeStripe(key: string): string {
  const prefix = KEY.exec(key)?.[0] ?? '';
  return key.length - prefix.length >= 16 ? `${prefix}…${key.slice(-6)}` : `${prefix}…`;
}

/**
 * Whether a key may act in live mode, which the proxy forwards only with --allow-live: a secret or a
 * restricted live key, a publishable or an ephemeral one (they act on live data too), and an
 * organization key (`sk_org_`), which acts in live mode and in sandboxes alike, so that its prefix
 * cannot tell which.
 */
export const LIVE_KEY_PREFIX = '(?:(?:sk|rk|pk|ek)_live_|sk_org_)';
const STARTS_LIVE = new RegExp(`^${LIVE_KEY_PREFIX}`);
export const isLiveKey = (key: string): boolean => STARTS_LIVE.test(key);

/** Stripe's 403 for a restricted key that lacks the permission an endpoint needs (its text: src/catalog/scopes.ts). */
export function missingPermission(key: string, account: string, permission: string): StripeErrorAnswer {
  return {
    status: 403,
    body: {
      error: {
        type: 'invalid_request_error',
        message: missingPermissionMessage(permission, account, maskLikeStripe(key)),
      },
    },
  };
}

/** Stripe's 403 for a Stripe-Account header on a restricted key with no Connect permission. */
export const noConnectPermission = (): StripeErrorAnswer => ({
  status: 403,
  body: {
    error: {
      type: 'invalid_request_error',
      message:
        'You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.',
    },
  },
});

/** Stripe's 403 for an endpoint whose permission no restricted key can hold. */
export const notForRestrictedKeys = (): StripeErrorAnswer => ({
  status: 403,
  body: {
    error: {
      type: 'invalid_request_error',
      message:
        'This is a restricted API key, but the required permissions are not available for use by restricted keys.',
    },
  },
});

/** Stripe's 401 for a request that carries no key. */
export const noKey = (): StripeErrorAnswer => ({
  status: 401,
  body: {
    error: {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    },
  },
});

/** The proxy's own refusal of a live-mode key (not Stripe's: Stripe would take it). */
export const liveKeyRefused = (key: string): StripeErrorAnswer => ({
  status: 401,
  body: {
    error: {
      type: 'invalid_request_error',
      message: key.startsWith('sk_org_')
        ? `rak-app proxy refuses organization keys ('${maskLikeStripe(key)}'), which act in live mode as well as in sandboxes: use a test-mode key, or start the proxy with --allow-live.`
        : `rak-app proxy refuses live-mode keys ('${maskLikeStripe(key)}'): use a test-mode key, or start the proxy with --allow-live.`,
    },
  },
});

/** Stripe's error shape for an upstream the proxy could not reach or that broke off. */
/** The upstream answered, but with what cannot be passed on as an HTTP answer. */
export const upstreamBroken = (upstream: string, reason: string): StripeErrorAnswer => ({
  status: 502,
  body: { error: { type: 'api_error', message: `rak-app proxy could not pass on ${upstream}'s answer (${reason}).` } },
});

export const upstreamUnreachable = (upstream: string, reason: string): StripeErrorAnswer => ({
  status: 502,
  body: {
    error: {
      type: 'api_error',
      message: `rak-app proxy could not reach ${upstream} (${reason}).`,
    },
  },
});
