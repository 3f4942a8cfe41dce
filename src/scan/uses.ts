/**
 * From the summaries to findings: which functions and classes are handed a client (learnt in rounds,
 * since a client handed on may be handed on again), then each call, expansion and event.
 */
import { CLIENT_HELPERS, EVENT_NOTIFICATION_READERS } from '../catalog/api.js';
import { judgeCall, rawRequest, STRIPE_METHOD_NAMES, stripeShapeAt } from './calls.js';
import { type Expansion, expansionNeeds, expansionsOf, firstCharge } from './expansions.js';
import { chainKey, chainNames, chainRefs, chainText, LISTED, rootOf } from './refs.js';
import {
  bareImport,
  bareImportPackage,
  heldClient,
  keptIn,
  keyHandedOn,
  namedHolder,
  stripePackageOf,
  othersKey,
  readByKey,
  typedAsOther,
  unreadMaker,
  unreadSource,
} from './receivers.js';
import { collectEventUses, collectTypeHandOns } from './event-uses.js';
import { EVENT_READ, MAKES_EVENT } from './event-types.js';
import { givesBackFirst, isProxy, isTestHelper } from './tables.js';
import { type At, type CallSite, type FileSummary, need, notUnderstood, type Ref, type ScanResult } from './types.js';
import type { Values } from './values.js';
import { calleeHome, type ImportHome } from './callee-home.js';

export type { ImportHome } from './callee-home.js';

/** One round of hand-offs over every file; true when something new was learnt. */
export function learnHandOffs(values: Values, files: Iterable<FileSummary>, home: ImportHome): boolean {
  let learnt = false;
  for (const file of files) {
    for (const call of file.calls) {
      for (const [key, value] of call.keyed ?? []) {
        // Not from a client known only by its key (`{ result: plan.stripe }`): a cascade over the project.
        const given = key === LISTED || values.clientKeys.has(key) ? undefined : values.of(file, value);
        if (given?.kind === 'client' && !given.keyed) {
          values.clientKeys.add(key);
          learnt = true;
        }
      }
      const target = call.chained && calleeHome(file, call.callee, home);
      if (!target) continue;
      const [owner, name] = target;
      for (const { index, ref } of call.chained ?? []) {
        if (values.of(file, ref)?.kind !== 'client') continue;
        const handed = values.handed.get(owner) ?? new Set<string>();
        values.handed.set(owner, handed);
        if (!handed.has(`${name}#${index}`)) {
          handed.add(`${name}#${index}`);
          learnt = true;
        }
      }
    }
  }
  return learnt;
}

export function collectUses(
  values: Values,
  file: FileSummary,
  result: ScanResult,
  home: ImportHome,
  functionOf: (file: FileSummary, callee: Ref) => [FileSummary, string] | undefined,
): void {
  collectEventUses(values, file, result);
  collectTypeHandOns(file, result, (callee) => functionOf(file, callee));
  for (const request of file.directRequests)
    result.notUnderstood.push(
      notUnderstood(
        file.path,
        request,
        request.what,
        "a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      ),
    );
  for (const call of file.calls) {
    if (call.callee.kind === 'member') apiCall(values, file, call, call.callee, result);
    const from = result.notUnderstood.length;
    clientPassedOn(values, file, call, result, home);
    // The same call made again (its one argument at each place): what is said of it, said there too.
    const repeats = call.repeats;
    if (repeats === undefined || result.notUnderstood.length === from) continue;
    for (const { what, why } of result.notUnderstood.slice(from))
      for (let r = 0; r < repeats.length; r += 2)
        result.notUnderstood.push(notUnderstood(file.path, { line: repeats[r]!, column: repeats[r + 1]! }, what, why));
  }
  for (const item of file.listed) {
    const value = values.of(file, item.ref);
    if (value?.kind === 'resource' && !isMethod(value.path))
      result.notUnderstood.push(
        notUnderstood(
          file.path,
          item,
          `${chainText(item.ref)} kept in a list`,
          'calls made through its items cannot be followed',
        ),
      );
  }
}

const CALLERS = new Set(['call', 'apply', 'bind']);

/**
 * `stripe.webhooks.constructEvent(payload, signature, stripe.webhookSecret)`: the client's own
 * helpers call no API through what they are given.
 */
function clientHelper(values: Values, file: FileSummary, callee: Ref): boolean {
  if (callee.kind !== 'member') return false;
  const holder = values.of(file, callee.object);
  return holder?.kind === 'resource' && CLIENT_HELPERS.has(holder.path[0]!);
}

/**
 * `x.call(…)`, `Reflect.apply(…)`: the client among their arguments is the one the call is made with.
 * `console.log(…)`, `JSON.stringify(…)`: they show a client, and call nothing through it; nor do
 * a test's helpers (`expect(…)`, `vi.spyOn(…)`: isTestHelper).
 */
const callsItsArgument = (file: FileSummary, callee: Ref): boolean =>
  isTestHelper(file, rootOf(callee, true) ?? '') ||
  (callee.kind === 'member' &&
    (CALLERS.has(callee.name) ||
      (callee.name === 'apply' && chainText(callee.object) === 'Reflect') ||
      SHOWS_ONLY.has(chainText(callee.object))));
const SHOWS_ONLY = new Set(['console', 'JSON']);

/** Whether a resource path ends in one of its methods: `customers.list`, not `customers`. */
function isMethod(path: readonly string[]): boolean {
  if (path.length < 2) return false;
  const kind = judgeCall(path.slice(0, -1).join('.'), path.at(-1)!).kind;
  return kind === 'needs' || kind === 'no-permission' || kind === 'helper';
}

function apiCall(
  values: Values,
  file: FileSummary,
  call: CallSite,
  callee: Extract<Ref, { kind: 'member' }>,
  result: ScanResult,
): void {
  const path = file.path;
  const at: At = call;
  const object = values.of(file, callee.object);
  const method = callee.name;
  if (object?.kind === 'resource-at-run-time') {
    result.notUnderstood.push(notUnderstood(path, at, `${chainText(callee)}()`, 'the resource is chosen at run time'));
    return;
  }
  if (object?.kind === 'client') {
    if (method === 'rawRequest') rawRequest(path, call, chainText(callee), result);
    else if (EVENT_NOTIFICATION_READERS.has(method) && !callee.computed)
      result.notUnderstood.push(
        notUnderstood(
          path,
          at,
          `${chainText(callee)}()`,
          "it reads Stripe's v2 event notifications, and which permissions their events need is not known to rak-app",
        ),
      );
    // `const api = stripe` in one function, `const api = stripe.invoices` in another (names are kept
    // by file): a method of a resource the name is also given is charged on it.
    else if (!callee.computed)
      for (const resourcePath of values.resourcePaths(file, callee.object, 1) ?? [])
        if (isMethod([...resourcePath, method]))
          callOn(resourcePath, call, callee, path, expansionsOf(values, file, call), result);
    return;
  }
  if (object?.kind !== 'resource') {
    // A call shaped like a stripe-node method on something rak-app cannot tie to a client:
    // `deps.client.refunds.create()`, `new Helper().customers.del()`. Reported, never guessed,
    // whatever the holder is called; a bare `customers.list()` too when `customers` is imported.
    if (typedAsOther(values, file, callee.object)) return;
    if (callee.computed) {
      const holder = namedHolder(values, file, callee.object);
      if (holder)
        result.notUnderstood.push(
          notUnderstood(path, at, `${chainText(callee)}()`, `the method is chosen at run time, and ${holder}`),
        );
      return;
    }
    const names = chainNames(callee);
    // deps.stripe.webhooks.constructEvent(…): Stripe's verifier by its shape, whoever holds it, and
    // code verifying Stripe's events receives them (as on a client, below); `webhooks` alone only as
    // a member taken apart (`const { webhooks } = deps.stripe`).
    const held =
      names.length > 2 || file.bindings.get(names[0]!)?.some((r) => r.kind === 'member' && r.name === 'webhooks');
    if (held && names.at(-2) === 'webhooks' && MAKES_EVENT.has(method)) {
      result.needs.push(need(path, at, `${names.join('.')}()`, EVENT_READ));
      return;
    }
    // const { customers } = ctx.stripe; customers.del(): the name stands for the member it was given.
    const [root = '', ...rest] = names;
    const bare = bareImport(values, file, callee);
    // So does a member given one (`this.subs = c.subscriptions; this.subs.cancel()`).
    const objectKey = chainKey(callee.object);
    const given = file.imports.has(root)
      ? undefined
      : (file.bindings.get(root) ?? (objectKey === root ? undefined : file.bindings.get(objectKey ?? '')));
    const byRoot = file.bindings.has(root);
    // The member given that makes a Stripe shape, whatever else the name is given: names are kept by
    // file, so two handlers' `const { invoices } = req.app.get('stripe')`, or another function's
    // `const invoices = await db.invoice.findMany()`, are the same name here (`a ?? b` gives either).
    const members = given?.flatMap((ref) => (ref.kind === 'either' ? ref.options : [ref])) ?? [];
    // `import { refunds as r } from '@acme/pay'; r.create()`: the shape is the name imported.
    const importedAs = bare ? file.imports.get(root)?.imported : undefined;
    const own = importedAs && importedAs !== 'default' && importedAs !== '*' ? [importedAs, ...rest] : names;
    const taken =
      stripeShapeAt(own, bare) < 0
        ? members.find(
            (ref): ref is Extract<Ref, { kind: 'member' }> =>
              ref.kind === 'member' &&
              stripeShapeAt([...chainNames(ref), ...(byRoot ? rest : [method])], bare) >= 0 &&
              !typedAsOther(values, file, ref.object),
          )
        : undefined;
    const shape = taken ? [...chainNames(taken), ...(byRoot ? rest : [method])] : own;
    const k = stripeShapeAt(shape, bare);
    // `this.client.subscriptions.cancel()` with `client: Paddle`, `function f({ customers }: Repos)`:
    // the resource's holder is another package's.
    const after = chainRefs(callee).slice(byRoot ? 1 : chainRefs(callee.object).length);
    const holderKey = k > 0 ? chainKey([...chainRefs(taken ?? callee), ...after][k - 1]!) : undefined;
    if (holderKey !== undefined && othersKey(values, file, holderKey)) return;
    if (taken && typedAsOther(values, file, taken.object)) return;
    const takenAs = byRoot ? root : chainText(callee.object);
    const holder = taken
      ? `${takenAs} is taken from ${chainText(taken.object)}, which`
      : k === 0
        ? root
        : shape.slice(0, k).join('.');
    const wrapper =
      holderKey === undefined
        ? k === 0 && !taken
          ? bareImportPackage(values, file, root)
          : undefined
        : stripePackageOf(values, file, holderKey);
    if (k >= 0)
      result.notUnderstood.push(
        notUnderstood(
          path,
          at,
          `${names.join('.')}()`,
          k === 0 && !wrapper
            ? `${names[0]} is imported, and rak-app cannot see that it is taken from a Stripe client`
            : wrapper?.dependsOnStripe
              ? `${holder} comes from ${wrapper.specifier}, which depends on stripe and was not scanned: scan its source too`
              : wrapper
                ? `${holder} comes from ${wrapper.specifier}, and rak-app cannot tell whether that package hands out Stripe clients (it is not installed here, lists stripe among its devDependencies only, or depends on more packages than rak-app looks into): install the project's dependencies, or scan its source too`
                : `${holder} is not a Stripe client rak-app can see being created or typed here`,
        ),
      );
    return;
  }
  // stripe.customers.del.call(…), stripe.rawRequest.call(…): the method itself is counted where it is taken (summarise.ts).
  if (CALLERS.has(method) && !callee.computed && (object.path.length > 1 || object.path[0] === 'rawRequest')) return;
  // A receiver that is one resource or another: the call is charged on each.
  const expand = expansionsOf(values, file, call);
  for (const resourcePath of values.resourcePaths(file, callee.object) ?? [object.path])
    callOn(resourcePath, call, callee, path, expand, result, object.keyed);
}

/** A call of `method` on one resource: what it needs, or why that is not known. */
function callOn(
  resourcePath: readonly string[],
  call: CallSite,
  callee: Extract<Ref, { kind: 'member' }>,
  path: string,
  expand: readonly Expansion[],
  result: ScanResult,
  keyed = false,
): void {
  const at: At = call;
  const method = callee.name;
  const resource = resourcePath.join('.');
  const what = chainText(callee);
  if (callee.computed) {
    result.notUnderstood.push(notUnderstood(path, at, `${what}()`, 'the method is chosen at run time'));
    return;
  }
  const verdict = judgeCall(resource, method);
  // A holder taken for a client only by its member's name (`trpc.stripe.getBillingInfo.useQuery()`, a
  // router the app named so): a call by no name stripe-node's methods have, of what it does not
  // have, is no Stripe call; `ctx.stripe.invoices.retrieveNext()` (on a resource it has) still is.
  if (
    keyed &&
    ((verdict.kind === 'unknown-resource' && !STRIPE_METHOD_NAMES.has(method)) ||
      (verdict.kind === 'unknown-method' && QUERY_METHODS.has(method)))
  )
    return;
  switch (verdict.kind) {
    case 'helper':
      // Code verifying Stripe's webhook events receives them, whatever it does next: none come without event_read.
      if (resource === 'webhooks' && MAKES_EVENT.has(method))
        result.needs.push(need(path, at, `${what}()`, EVENT_READ));
      return;
    case 'unknown-resource':
      result.notUnderstood.push(
        notUnderstood(path, at, `${what}()`, `a resource rak-app does not know: "${resource}"`),
      );
      return;
    case 'unknown-method':
      result.notUnderstood.push(
        notUnderstood(path, at, `${what}()`, `stripe-node has no method "${method}" on "${resource}"`),
      );
      return;
    case 'no-permission':
      result.notUnderstood.push(notUnderstood(path, at, `${what}()`, 'no Stripe App permission covers this call'));
      break;
    case 'needs':
      result.needs.push(need(path, at, what, verdict.anyOf));
      break;
  }
  for (const { option, file } of expand)
    if (firstCharge(option, `${what}:${resource}`)) expansionNeeds(file, option, what, resource, method, result);
}

/** tRPC's and TanStack Query's client methods: `trpc.stripe.customers.useQuery()` is a router's procedure. */
const QUERY_METHODS = new Set(
  'useQuery useSuspenseQuery useInfiniteQuery useSuspenseInfiniteQuery useMutation query mutate queryOptions mutationOptions infiniteQueryOptions useSubscription prefetch fetch invalidate getData setData'.split(
    ' ',
  ),
);
const DEPENDENCY_HOOKS = new Set(['useCallback', 'useMemo', 'useEffect', 'useLayoutEffect', 'useInsertionEffect']);

/**
 * A client handed to a function rak-app does not follow (`get(stripe, path)`): what is called
 * through it there is out of sight. Reported, since ignoring it would understate what the key needs.
 */
function clientPassedOn(values: Values, file: FileSummary, call: CallSite, result: ScanResult, home: ImportHome): void {
  // new Proxy(stripe, handler) hands nothing on: it is its target (values.ts).
  const proxy = call.isNew && isProxy(file, call.callee);
  if (
    callsItsArgument(file, call.callee) ||
    clientHelper(values, file, call.callee) ||
    proxy ||
    keptIn(file, call.callee)
  )
    return;
  const to = call.callee.kind === 'name' || call.callee.kind === 'member' ? chainText(call.callee) : 'a function';
  // sync({ invoices: stripe.invoices }): a client there is followed by its key (learnHandOffs), in
  // whatever reads that key; a resource is not. Nor is a client handed to a function or class of a
  // module the scan does not read: a plugin's `stripe({ stripeClient })`.
  const unreadCallee = call.keyed && unreadSource(values, file, call.callee) !== undefined;
  // useCallback(fn, [stripe]): the list a React hook is given says when to run it, and hands nothing on.
  const hook = (call.callee.kind === 'name' || call.callee.kind === 'member') && DEPENDENCY_HOOKS.has(call.callee.name);
  for (const [key, ref] of call.keyed ?? []) {
    if (hook && key === LISTED) continue;
    if (keyHandedOn(values, file, call, [key, ref], result)) continue;
    const value = values.of(file, ref);
    const unread = unreadCallee && value === undefined ? unreadMaker(values, file, ref) : undefined;
    // A client known only by its key (`{ client: ctx.stripe }`): learnHandOffs learns no key from it.
    const rekeyed = value?.kind === 'client' && value.keyed && !values.clientKeys.has(key) && readByKey(file, ref, key);
    const resource = value?.kind === 'resource' && !isMethod(value.path);
    if (resource || (unreadCallee && value?.kind === 'client') || unread || rekeyed)
      result.notUnderstood.push(
        notUnderstood(
          file.path,
          call,
          `${chainText(ref)} passed to ${to}${call.isNew ? ' (new)' : '()'} in ${key === LISTED ? 'a list' : 'an object'}`,
          `${unread ? `${unread}, and ` : ''}calls made through it there cannot be followed from here`,
        ),
      );
  }
  if (!call.chained) return;
  const target = calleeHome(file, call.callee, home);
  for (const at of call.chained) {
    const { index, ref } = at;
    // Object.assign(stripe, mocks), Object.freeze(stripe): given back, the client itself (refs.ts).
    if (index === 0 && givesBackFirst(call.callee)) continue;
    // `listAll(getStripe().customers)`, `sync(new Stripe(key))`: made where it is passed, no name.
    const named = chainKey(ref) !== undefined;
    if (!named && ref.kind !== 'member' && ref.kind !== 'call') continue;
    // A client, or a resource of one (`fetchAll(stripe.customers)`): what is called through it there
    // is out of sight. A method (`promisify(stripe.customers.list)`) is counted where it is taken.
    const value = values.of(file, ref);
    // listAll(ctx.stripe.customers), ctx unknown: the holder's name says whose resource it is.
    // Not to a method of a call's result: `db.select().from(stripe.customers)` is a query builder's.
    const builder = call.callee.kind === 'member' && call.callee.object.kind === 'call';
    const holder =
      value !== undefined
        ? undefined
        : ((named && !builder ? namedHolder(values, file, ref) : undefined) ??
          unreadMaker(values, file, ref) ??
          heldClient(values, file, ref, call.callee));
    if (!holder && value?.kind !== 'client' && !(value?.kind === 'resource' && !isMethod(value.path))) continue;
    if (target && values.handed.get(target[0])?.has(`${target[1]}#${index}`)) continue;
    result.notUnderstood.push(
      notUnderstood(
        file.path,
        at,
        `${chainText(ref)} passed to ${to}${call.isNew ? ' (new)' : '()'}`,
        `${holder ? `${holder}, and ` : ''}calls made through it there cannot be followed from here`,
      ),
    );
  }
}
