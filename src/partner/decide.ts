/**
 * What `rak-app proxy` does with one request: forward it, or answer it as Stripe answers a restricted
 * key that lacks a permission. Pure: the request's method, path and two headers in, a decision out.
 */
import { CONNECT_PERMISSIONS } from '../catalog/permissions.js';
import { effectivePermissions } from '../catalog/api.js';
import { redactSecrets } from '../core/secrets.js';
import {
  isLiveKey,
  LIVE_KEY_PREFIX,
  liveKeyRefused,
  missingPermission,
  noConnectPermission,
  noKey,
  notForRestrictedKeys,
  type StripeErrorAnswer,
} from './stripe-answers.js';

/** An endpoint as the method catalog describes it (src/catalog/endpoints.ts). */
export interface Endpoint {
  verb: string;
  /** Its path template, `/v1/customers/{customer}`. */
  path: string;
  /** The permission it needs; null when no permission a restricted key can hold allows it. */
  permission: string | null;
  reason?: string;
}

/** The catalog's lookup: an endpoint by verb and concrete path (query ignored), or undefined when unknown. */
export type EndpointLookup = (verb: string, path: string) => Endpoint | undefined;

export interface PolicyOptions {
  /** The manifest's `permissions`. */
  granted: readonly string[];
  /** The manifest's `connect_permissions`, when it lists any. */
  connectGranted?: readonly string[];
  lookup: EndpointLookup;
  allowLive: boolean;
}

export interface RequestFacts {
  method: string;
  /** The path without its query. */
  path: string;
  authorization?: string | undefined;
  stripeAccount?: string | undefined;
  /** The `Stripe-Context` header: an account (`acct_1`) or a path of them; it supersedes Stripe-Account. */
  stripeContext?: string | undefined;
}

export type RefusalReason = 'permission' | 'connect' | 'not-for-restricted-keys' | 'live-key' | 'no-key';

export type Decision =
  | { decision: 'allowed'; template: string; permission: string }
  /** Not in the catalog: forwarded, and marked so in the trace and on the terminal. */
  | { decision: 'unknown'; template?: undefined; permission?: undefined }
  | {
      decision: 'refused';
      template?: string;
      permission?: string;
      reason: RefusalReason;
      answer: StripeErrorAnswer;
    };

/** The key a request carries: `Authorization: Bearer <key>`, or HTTP Basic with the key as user name. */
export function keyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value || undefined;
  if (/^basic$/i.test(scheme)) {
    const user = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
    return user || undefined;
  }
  return undefined;
}

/** A live key anywhere in an Authorization header, as sent or as Basic encodes it. */
function liveKeyIn(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [, value = ''] = authorization.trim().split(/\s+/, 2);
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return (LIVE_KEY.exec(authorization) ?? LIVE_KEY.exec(decoded))?.[0];
}
const LIVE_KEY = new RegExp(`${LIVE_KEY_PREFIX}[A-Za-z0-9]+`);

/** What the proxy does with requests, for one manifest. */
export function createPolicy(options: PolicyOptions): (request: RequestFacts) => Decision {
  const connectGranted = options.connectGranted ?? [];
  const effective = effectivePermissions([...options.granted, ...connectGranted]);
  const holdsConnect = connectGranted.length > 0 || options.granted.some((p) => CONNECT_PERMISSIONS.has(p));
  return (request) => {
    // HEAD is GET without the body, and Stripe answers it as the GET it stands for.
    const endpoint = options.lookup(request.method === 'HEAD' ? 'GET' : request.method, request.path);
    const known = endpoint
      ? { template: endpoint.path, ...(endpoint.permission ? { permission: endpoint.permission } : {}) }
      : {};
    const key = keyOf(request.authorization);
    // Stripe authenticates before it looks at permissions.
    if (key === undefined) return { decision: 'refused', reason: 'no-key', answer: noKey(), ...known };
    // A live key anywhere in the header (a space before it, a comma, Basic's password), however
    // the first token reads: what is forwarded is the header as sent.
    const live = isLiveKey(key) ? key : liveKeyIn(request.authorization);
    if (live !== undefined && !options.allowLive)
      return { decision: 'refused', reason: 'live-key', answer: liveKeyRefused(live), ...known };
    // Stripe-Context acts on another account as Stripe-Account does: the same Connect permission is
    // needed (Stripe's wording for it is not known; its Stripe-Account message is given).
    const onAccount = request.stripeContext ?? request.stripeAccount;
    if (onAccount !== undefined && !holdsConnect)
      return { decision: 'refused', reason: 'connect', answer: noConnectPermission(), ...known };
    if (!endpoint) return { decision: 'unknown' };
    if (endpoint.permission === null)
      return {
        decision: 'refused',
        reason: 'not-for-restricted-keys',
        answer: notForRestrictedKeys(),
        template: endpoint.path,
      };
    if (effective.has(endpoint.permission))
      return { decision: 'allowed', template: endpoint.path, permission: endpoint.permission };
    // The account acted on: a context's last (`acct_1/acct_2` is acct_2 under acct_1). The header is
    // the client's, and a key pasted there must not come back whole in a message backends log.
    const account = redactSecrets(onAccount?.split('/').at(-1) || 'unknown');
    return {
      decision: 'refused',
      reason: 'permission',
      template: endpoint.path,
      permission: endpoint.permission,
      answer: missingPermission(key, account, endpoint.permission),
    };
  };
}
