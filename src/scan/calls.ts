/**
 * What a call through a client needs, from the method-level catalog generated from stripe-node
 * (src/catalog/endpoints.ts: `quotes.pdf` is a GET, so a read), and whether a call on something else
 * has the shape of a stripe-node method (`<anything>.customers.search(…)`), which the scan must then
 * report.
 */
import type { Node, Statement } from '@babel/types';
import { API_RESOURCES, CLIENT_HELPERS, EVENT_NOTIFICATION_READERS, isReadMethod } from '../catalog/api.js';
import {
  API_METHODS,
  barePath,
  matchEndpoint,
  methodForCall,
  methodsOfResource,
  optionsIndex,
} from '../catalog/endpoints.js';
import { eachOf, unwrapped } from './expand-option.js';
import { expansionNeeds, firstCharge } from './expansions.js';
import {
  type At,
  type CallSite,
  type ExpandOption,
  type FileSummary,
  need,
  notUnderstood,
  type ScanResult,
} from './types.js';

export { directRequests } from './direct-requests.js';

export type CallVerdict =
  /** `anyOf` holds the one permission, made once for every call judged alike. */
  | { kind: 'needs'; permission: string; anyOf: readonly string[] }
  | { kind: 'helper' }
  | { kind: 'no-permission'; reason?: string }
  | { kind: 'unknown-method' }
  | { kind: 'unknown-resource' };

/**
 * Every method name stripe-node's resources have, and the verbs of resources older stripe versions
 * had: a call by any other name is no API call, and is not kept.
 */
export const STRIPE_METHOD_NAMES: ReadonlySet<string> = new Set([
  ...API_METHODS.map((m) => m.call.slice(m.call.lastIndexOf('.') + 1)),
  'retrieve',
  'list',
  'search',
  'create',
  'update',
  'del',
  'rawRequest',
  ...EVENT_NOTIFICATION_READERS,
]);

/**
 * The last name of every resource (`invoices`, `sessions`, `balance`): a call of a name stripe-node
 * does not have on one of them (`stripe.invoices.retrieveUpcoming()`, code for an older version) is
 * kept, to be reported.
 */
const RESOURCE_NAMES: ReadonlySet<string> = new Set([
  ...API_METHODS.map((m) => m.call.split('.').at(-2)!),
  ...Object.keys(API_RESOURCES).map((resource) => resource.split('.').at(-1)!),
]);

/** Whether a callee's object is a member named as a resource is (`x.invoices` in `x.invoices.retrieveUpcoming`). */
export const onResource = (object: Node): boolean =>
  (object.type === 'MemberExpression' || object.type === 'OptionalMemberExpression') &&
  !object.computed &&
  object.property.type === 'Identifier' &&
  RESOURCE_NAMES.has(object.property.name);

/**
 * `stripe.rawRequest(verb, path, …)`: the verb and path when written out (`POST /v1/payouts`; also
 * behind `as const`, a constant of the file's, or joined with `+`), what is not written out in a
 * template or a join taken as a parameter (`/v1/customers/${id}` is `/v1/customers/{id}`), the
 * query string and a scheme and host left out.
 */
export function rawRequestOf(
  args: readonly Node[],
  constant: (name: string) => string | undefined,
): string | undefined {
  const part = (node: Node): string =>
    node.type === 'Identifier' ? (constant(node.name) ?? `{${node.name}}`) : (text(node) ?? '{value}');
  const text = (written: Node | undefined): string | undefined => {
    const node = written && unwrapped(written);
    if (node?.type === 'StringLiteral') return node.value;
    if (node?.type === 'Identifier') return constant(node.name);
    if (node?.type === 'TemplateLiteral')
      return node.quasis
        .map((q, i) => `${q.value.cooked ?? ''}${i < node.expressions.length ? part(node.expressions[i]!) : ''}`)
        .join('');
    if (node?.type === 'BinaryExpression' && node.operator === '+' && node.left.type !== 'PrivateName')
      return `${part(node.left)}${part(node.right)}`;
    return undefined;
  };
  const [verb, path] = args;
  const v = text(verb);
  const written = text(path);
  const p = written === undefined ? undefined : barePath(written);
  // A query that expands (`?expand[]=customer`) is kept: its expansions are charged (rawRequest); so is
  // one not all written out (`?${query}`), which is reported.
  const query = written?.match(/\?[^#]*(?:expand|\{)[^#]*/)?.[0] ?? '';
  return v && p && !v.includes('{') ? `${v.toUpperCase()} ${p}${query}` : undefined;
}

/**
 * The raw requests of one file: each one's verb and path (rawRequestOf), a name read as one of the
 * file's top-level string constants (`const PATH = '/v1/payouts'`) only where no parameter hides it,
 * and only if the file gives the name nothing else anywhere (a `let` assigned again, a local of
 * another function by the same name): else the request is reported, not read from a guess.
 */
export class RawRequests {
  private constants: Map<string, string> | undefined;
  private readonly read: [call: CallSite, names: string[]][] = [];
  /** Where the requests' arguments stand: a URL of Stripe's API there is stripe-node's request (directRequests). */
  readonly spans: { start?: number | null; end?: number | null }[] = [];

  constructor(private body: readonly Statement[]) {}

  of(args: readonly Node[], call: CallSite, isParameter: (name: string) => boolean): void {
    for (const arg of args) this.spans.push({ start: arg.start, end: arg.end });
    const names: string[] = [];
    call.raw = rawRequestOf(args, (name) => {
      const value = isParameter(name) ? undefined : this.constantsOf().get(name);
      if (value !== undefined) names.push(name);
      return value;
    });
    if (names.length > 0) this.read.push([call, names]);
  }

  /** Once the file is walked: a request read from a name the file gives anything else is not read. */
  settle(bindings: FileSummary['bindings']): void {
    for (const [call, names] of this.read) if (names.some((n) => bindings.get(n)?.length !== 1)) call.raw = undefined;
    // The tree let go of, as RefMaker.dropTree() does.
    this.body = [];
  }

  private constantsOf(): Map<string, string> {
    if (!this.constants) {
      this.constants = new Map();
      for (const statement of this.body) {
        const s =
          statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
        if (s.type !== 'VariableDeclaration' || s.kind !== 'const') continue;
        for (const d of s.declarations) {
          const init = d.init && unwrapped(d.init);
          if (d.id.type === 'Identifier' && init?.type === 'StringLiteral') this.constants.set(d.id.name, init.value);
        }
      }
    }
    return this.constants;
  }
}

/**
 * What a client has by name: its resources' first names (`customers`, `checkout`), older
 * resources', and its helpers (`webhooks`, `setApiKey`, `rawRequest`).
 */
export const CLIENT_PROPERTIES: ReadonlySet<string> = new Set([
  ...API_METHODS.map((m) => m.call.slice(0, m.call.indexOf('.'))),
  ...Object.keys(API_RESOURCES).map((resource) => resource.split('.')[0]!),
  ...CLIENT_HELPERS,
  'rawRequest',
]);

const verdicts = new Map<string, CallVerdict>();

/** `resource` in stripe-node's naming (`checkout.sessions`), `method` the name called (`create`). */
export function judgeCall(resource: string, method: string): CallVerdict {
  const call = `${resource}.${method}`;
  let verdict = verdicts.get(call);
  if (!verdict) verdicts.set(call, (verdict = judge(resource, method)));
  return verdict;
}

function judge(resource: string, method: string): CallVerdict {
  const known = methodForCall(`${resource}.${method}`);
  if (known)
    return known.permission
      ? { kind: 'needs', permission: known.permission, anyOf: [known.permission] }
      : { kind: 'no-permission', ...(known.reason ? { reason: known.reason } : {}) };
  if (methodsOfResource(resource).length > 0) return { kind: 'unknown-method' };
  // Resources stripe-node has dropped (orders, skus) that code for an older version still calls.
  // Own keys only: `hasOwnProperty.call` is no resource.
  const permissions = Object.hasOwn(API_RESOURCES, resource) ? API_RESOURCES[resource] : undefined;
  if (permissions) {
    const permission = isReadMethod(method) ? permissions.read : permissions.write;
    return permission ? { kind: 'needs', permission, anyOf: [permission] } : { kind: 'no-permission' };
  }
  // Helpers on the client itself (`stripe.webhooks.constructEvent`, `stripe.on()`) need no permission.
  const first = resource === '' ? method : resource.split('.')[0]!;
  return CLIENT_HELPERS.has(first) ? { kind: 'helper' } : { kind: 'unknown-resource' };
}

/**
 * Where a chain of member names (`deps.client.checkout.sessions.create`) has a stripe-node resource
 * and one of its methods at its end: the index the resource starts at, or -1. The holder before it
 * may be anything; with `bare`, there may be none (`customers.list`, `customers` imported).
 */
export function stripeShapeAt(names: readonly string[], bare = false): number {
  const method = names.at(-1)!;
  // Most calls are no Stripe call at all: a known method name ends one, and so may any name called
  // on a resource (code for an older stripe-node: `subscriptions.del`, `invoices.retrieveUpcoming`).
  const known = STRIPE_METHOD_NAMES.has(method);
  if (!known && (names.length < 3 || !RESOURCE_NAMES.has(names.at(-2)!) || BUILT_IN_METHODS.has(method))) return -1;
  for (let k = bare ? 0 : 1; k < names.length - 1; k++) {
    // `x.stripe.refunds.create`: the resource is refunds; `stripe.` is no resource of its own.
    if (names[k] === 'stripe') continue;
    const resource = names.slice(k, -1).join('.');
    // A method only an older release has (`subscriptions.del`) is Stripe's as a dropped one is, below.
    const found = known ? methodForCall(`${resource}.${method}`) : undefined;
    if (found && !found.legacy) return k;
    // A resource the installed release dropped whole (orders, skus), called by a method it had: any
    // holder, as before it was mapped; not a collection's `find` (`db.orders.find()`).
    if (found && Object.hasOwn(API_RESOURCES, resource) && methodsOfResource(resource).every((m) => m.legacy)) return k;
    // A method stripe-node no longer has, on a resource it has: Stripe's only where the holder is
    // named as a client (`this.stripe.subscriptions.del`), not `repo.subscriptions.del`, nor the
    // language's own (`state.stripe.products.find(…)`, though `find` is a method of stripe-node's too).
    if (
      k > 0 &&
      namedAsClient(names[k - 1]!) &&
      (found !== undefined || methodsOfResource(resource).length > 0) &&
      !BUILT_IN_METHODS.has(method)
    )
      return k;
  }
  return -1;
}

/**
 * The language's own methods, of lists, maps, sets, strings and promises: `state.stripe.products.map(…)`
 * or a cache's `this.stripe.customers.set(id, c)` is no call of a method stripe-node dropped.
 */
const BUILT_IN_METHODS: ReadonlySet<string> = new Set(
  [Array, Map, Set, String, Promise, Object, Function].flatMap((type) => Object.getOwnPropertyNames(type.prototype)),
);

/** A holder named as a client is (`stripe`, `stripeClient`, `platformStripe`, `getStripe()`), not `stripeRows`. */
const NAMED_AS_CLIENT = /stripe(client|api|sdk)?(\(\))?$/i;
export function namedAsClient(name: string): boolean {
  return NAMED_AS_CLIENT.test(name);
}

/**
 * Where a chain (`ctx.stripe.customers`) ends in a stripe-node resource held by something named as a
 * client: the index the resource starts at, or -1. With no method written out (`[method]()`, a
 * resource handed to a function), the shape alone would take every `db.customers` for Stripe's;
 * the holder's name is what tells them apart.
 */
export function namedResourceAt(names: readonly string[]): number {
  for (let k = 1; k < names.length; k++) {
    if (!NAMED_AS_CLIENT.test(names[k - 1]!)) continue;
    const resource = names.slice(k).join('.');
    if (methodsOfResource(resource).length > 0 || Object.hasOwn(API_RESOURCES, resource)) return k;
  }
  return -1;
}

/**
 * Expansions written in a raw request's query (`/v1/customers/cus_1?expand[]=default_source`, also
 * `expand[0]=…` and %-escaped), placed at the call.
 */
function expandInQuery(endpoint: string, at: At): ExpandOption[] {
  const query = endpoint.indexOf('?');
  if (query < 0) return [];
  const fields: ExpandOption['fields'] = [];
  for (const pair of endpoint.slice(query + 1).split('&')) {
    const [key = '', value = ''] = pair.split('=');
    let name: string;
    let field: string;
    try {
      name = decodeURIComponent(key);
      field = decodeURIComponent(value);
    } catch {
      continue;
    }
    // A field not written out (`expand[]=${field}`) is reported with the query (queryUnseen).
    if (/^expand\[\d*\]$/.test(name) && field !== '' && !field.includes('{'))
      fields.push({ value: field, line: at.line, column: at.column });
  }
  return fields.length > 0 ? [{ fields, computed: [] }] : [];
}

/**
 * Whether a raw request's query may hold an expansion not written out: a key not written (`?${query}`,
 * `&{value}`), or an `expand[]=` whose field is not. A value of another key (`limit=${n}`) may not.
 */
function queryUnseen(endpoint: string): boolean {
  const query = endpoint.indexOf('?');
  if (query < 0) return false;
  return endpoint
    .slice(query + 1)
    .split('&')
    .some((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return key.includes('{') || (key.startsWith('expand') && value.includes('{'));
    });
}

/**
 * Where a call of a stripe-node method takes its options (`customers.retrieve(id, params)`: 1),
 * read from the names before the method (`this.stripe.checkout.sessions.create`: the resource of
 * one or two names the catalog knows); undefined when the call is of no method it knows.
 */
export function optionsIndexOf(callee: Node): number | undefined {
  const names: string[] = [];
  for (
    let node = callee;
    node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression';
    node = node.object
  ) {
    const name = !node.computed && node.property.type === 'Identifier' ? node.property.name : undefined;
    if (name === undefined || names.length === 3) break;
    names.unshift(name);
  }
  for (const start of [0, 1]) {
    const known = names.length - start >= 2 ? methodForCall(names.slice(start).join('.')) : undefined;
    if (known) return optionsIndex(known);
  }
  return undefined;
}

/** Where a raw request takes its params (`rawRequest(verb, path, params)`), a GET's query among them. */
const RAW_PARAMS = 2;

/** `stripe.rawRequest('POST', '/v1/payouts')`: the endpoint's permission, from the catalog. */
export function rawRequest(path: string, call: CallSite, what: string, result: ScanResult): void {
  if (call.raw === undefined) {
    const why = 'a raw request: the permission depends on its verb and path, which are not written out here';
    result.notUnderstood.push(notUnderstood(path, call, `${what}()`, why));
    return;
  }
  const [verb = '', endpoint = ''] = call.raw.split(' ');
  const method = matchEndpoint(verb, endpoint);
  const named = `${what}(${method ? `${method.verb} ${method.path}` : call.raw})`;
  if (method?.permission) {
    result.needs.push(need(path, call, named, [method.permission]));
    // Its options' `expand`, as the method's own call would have it; an object two requests share, once.
    const dot = method.call.lastIndexOf('.');
    for (const option of [...eachOf(call.expand), ...expandInQuery(endpoint, call)])
      if (firstCharge(option, named))
        expansionNeeds(path, option, named, method.call.slice(0, dot), method.call.slice(dot + 1), result, RAW_PARAMS);
    if (queryUnseen(endpoint))
      result.notUnderstood.push(
        notUnderstood(
          path,
          call,
          named,
          'its query is not all written out here, and an expand in it would need permissions the scan cannot see',
        ),
      );
  } else
    result.notUnderstood.push(
      notUnderstood(
        path,
        call,
        named,
        method
          ? 'no Stripe App permission covers this call'
          : call.raw.includes('{')
            ? 'a raw request whose path is not all written out here, and matches no Stripe API endpoint rak-app knows'
            : 'a raw request to no Stripe API endpoint rak-app knows',
      ),
    );
}
