/**
 * What a call through a client needs, and whether a call on something else has the shape of a
 * stripe-node method (`<anything>.customers.search(…)`), which the scan must then report.
 */
import { API_RESOURCES, CLIENT_HELPERS, isReadMethod, METHOD_PERMISSIONS } from '../catalog/api.js';

export type CallVerdict =
  | { kind: 'needs'; permission: string }
  | { kind: 'helper' }
  | { kind: 'no-permission' }
  | { kind: 'unknown-resource' };

/** `resource` as stripe-node names it (`checkout.sessions`), `method` as called (`create`). */
export function judgeCall(resource: string, method: string): CallVerdict {
  const special = METHOD_PERMISSIONS[`${resource}.${method}`];
  if (special) return { kind: 'needs', permission: special };
  const permissions = API_RESOURCES[resource];
  if (!permissions) {
    // Helpers on the client itself (`stripe.webhooks.constructEvent`, `stripe.on()`) need no permission.
    const first = resource === '' ? method : resource.split('.')[0]!;
    return CLIENT_HELPERS.has(first) ? { kind: 'helper' } : { kind: 'unknown-resource' };
  }
  const permission = isReadMethod(method) ? permissions.read : permissions.write;
  return permission ? { kind: 'needs', permission } : { kind: 'no-permission' };
}

/**
 * Where a chain of member names (`deps.client.checkout.sessions.create`) has a stripe-node resource
 * just before its method: the index the resource starts at, or -1. The holder before it may be
 * anything.
 */
export function stripeShapeAt(names: readonly string[]): number {
  for (let k = 1; k < names.length - 1; k++) if (names.slice(k, -1).join('.') in API_RESOURCES) return k;
  return -1;
}
