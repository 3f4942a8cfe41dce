/**
 * Every Stripe API method the stripe npm package offers, with its HTTP verb, path template and the
 * app permission it needs: one table for `permissions explain`, the scan, the key check and the
 * proxy. The rows are generated from the installed package (scripts/build-api-catalog.js, `npm run
 * catalog`); this module indexes them.
 */
import {
  API_METHOD_ROWS,
  type ApiMethodRow,
  CALL_ALIASES,
  LEGACY_METHOD_ROWS,
  NO_PERMISSION_REASONS,
} from './api-methods.generated.js';

export { STRIPE_PACKAGE_VERSION } from './api-methods.generated.js';

/** Releases of different majors, newest first. */
const newestFirst = (a: string, b: string): number => Number.parseInt(b, 10) - Number.parseInt(a, 10);

/** The older releases whose dropped methods are mapped too, newest first. */
export const LEGACY_STRIPE_VERSIONS: readonly string[] = [
  ...new Set(LEGACY_METHOD_ROWS.map(([version]) => version)),
].sort(newestFirst);

export interface ApiMethod {
  call: string;
  verb: 'GET' | 'POST' | 'DELETE';
  path: string;
  permission: string | null;
  reason?: string;
  /** A method the installed stripe package no longer has: the last release that had it (`11.18.0`). */
  legacy?: string;
}

const methodOf = ([call, verb, path, permission, reason]: ApiMethodRow): ApiMethod =>
  permission === null
    ? { call, verb, path, permission, reason: NO_PERMISSION_REASONS[reason!]! }
    : { call, verb, path, permission };

/**
 * The installed package's methods, then older releases' it no longer has, newest release first: an
 * endpoint two name is found as the newer (`DELETE /v1/subscriptions/{id}` is `subscriptions.cancel`,
 * not 11's `subscriptions.del`; `GET /v1/invoices/upcoming/lines` is 17's `listUpcomingLines`).
 */
export const API_METHODS: readonly ApiMethod[] = [
  ...API_METHOD_ROWS.map(methodOf),
  ...[...LEGACY_METHOD_ROWS]
    .sort(([a], [b]) => newestFirst(a, b))
    .map(([legacy, row]): ApiMethod => ({ ...methodOf(row), legacy })),
];

/** A path without scheme and host, query string or fragment: `https://api.stripe.com/v1/x?y` is `/v1/x`. */
export const barePath = (path: string): string =>
  path
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .replace(/[?#].*$/s, '');

/** A path's segments, without scheme and host, query string, fragment or a trailing slash. */
function segmentsOf(path: string): string[] {
  return barePath(path)
    .split('/')
    .filter((segment) => segment !== '');
}

const isParameter = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/** A node of the path tree: literal segments by name, one node for any parameter. */
interface PathNode {
  literal: Map<string, PathNode>;
  parameter?: PathNode;
  method?: ApiMethod;
}

const newNode = (): PathNode => ({ literal: new Map() });

const TREES = new Map<string, PathNode>();
for (const method of API_METHODS) {
  let node = TREES.get(method.verb) ?? newNode();
  TREES.set(method.verb, node);
  for (const segment of segmentsOf(method.path)) {
    if (isParameter(segment)) node = node.parameter ??= newNode();
    else {
      const next = node.literal.get(segment) ?? newNode();
      node.literal.set(segment, next);
      node = next;
    }
  }
  // Two calls for one endpoint (none today): the first, in the table's order, names it.
  node.method ??= method;
}

/** Depth first, a literal segment before a parameter, so the most specific template wins. */
function find(node: PathNode, segments: readonly string[], at: number): ApiMethod | undefined {
  if (at === segments.length) return node.method;
  const segment = segments[at]!;
  if (!isParameter(segment)) {
    const literal = node.literal.get(segment);
    const found = literal && find(literal, segments, at + 1);
    if (found) return found;
  }
  return node.parameter && find(node.parameter, segments, at + 1);
}

/**
 * The method for an HTTP request: verb + concrete path ('/v1/quotes/qt_123/pdf', query string
 * ignored) or a template. Most specific template wins (literal segments beat {params}).
 */
export function matchEndpoint(verb: string, path: string): ApiMethod | undefined {
  const tree = TREES.get(verb.toUpperCase());
  return tree && find(tree, segmentsOf(path), 0);
}

const BY_CALL = new Map(API_METHODS.map((m) => [m.call, m]));

/** The call without `stripe.`, `()` or an alias (`account.retrieve` is `accounts.retrieve`). */
function canonicalCall(call: string): string {
  // The patterns only where they can match: the scan asks for every call it summarises.
  let bare = call.trim();
  if (bare.startsWith('stripe.')) bare = bare.slice('stripe.'.length);
  if (bare.endsWith('()')) bare = bare.slice(0, -2);
  const dot = bare.indexOf('.');
  const head = dot < 0 ? bare : bare.slice(0, dot);
  return Object.hasOwn(CALL_ALIASES, head) ? `${CALL_ALIASES[head]}${bare.slice(head.length)}` : bare;
}

/** 'quotes.pdf', 'stripe.quotes.pdf', 'checkout.sessions.create' */
export function methodForCall(call: string): ApiMethod | undefined {
  return BY_CALL.get(canonicalCall(call));
}

const BY_RESOURCE = new Map<string, ApiMethod[]>();
for (const method of API_METHODS) {
  const resource = method.call.slice(0, method.call.lastIndexOf('.'));
  BY_RESOURCE.set(resource, [...(BY_RESOURCE.get(resource) ?? []), method]);
}

/** Resource paths as the scan sees them: 'customers', 'checkout.sessions' → their method names. */
export function methodsOfResource(resource: string): readonly ApiMethod[] {
  return BY_RESOURCE.get(canonicalCall(resource)) ?? [];
}

/**
 * Methods whose id may be left out, the options then first: stripe-node's `accounts.retrieve(params)`
 * retrieves the platform's own account.
 */
export const OPTIONAL_ID: ReadonlySet<string> = new Set(['accounts.retrieve']);

/**
 * Where a method takes its options: after the ids its path takes (`customers.retrieve`: 1);
 * undefined where the id may be left out (OPTIONAL_ID), so that either place may be.
 */
export function optionsIndex(method: ApiMethod): number | undefined {
  if (OPTIONAL_ID.has(method.call)) return undefined;
  let count = 0;
  for (let at = method.path.indexOf('{'); at >= 0; at = method.path.indexOf('{', at + 1)) count++;
  return count;
}
