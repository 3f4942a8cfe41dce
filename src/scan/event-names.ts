/**
 * What a file's names say of its events, as the walk finds them: a name that holds an event (by its
 * name, what it is given, or its type), and a name given an event's type (`const t = event.type`).
 */
import type { ArrayExpression, Node } from '@babel/types';
import { MAKES_EVENT } from './event-types.js';
import { isOtherPackage } from './module-graph.js';
import { chainText } from './refs.js';
import type { At, EventSite, FileSummary, Ref, TypeFlow } from './types.js';

export interface EventLists {
  found: EventSite[];
  /**
   * Where an event's type is compared with something not written out here: a name or a member is
   * read once every file is summarised (a constant, an enum member, here or imported); whatever is
   * not a string there is reported, never dropped.
   */
  unread: ({ what: string; ref?: Ref; quiet?: true; key?: true } & At)[];
  /** Lookups by event type kept in a name (`const handler = handlers[event.type]`), as calls are. */
  dispatches: FileSummary['dispatches'];
  /** An expression as a Ref, for what is read after the walk. */
  refOf: (node: Node) => Ref;
  /** An expression in the source's words. */
  text: (node: Node) => string;
  /** The file's text: whether it uses Stripe decides a loose lookup (settledEvents). */
  source: string;
  /**
   * Whether a name was given an event's type (`const t = event.type`), so that `t === '…'` is read
   * as `event.type === '…'` is; any other name compared with a string is not an event's type.
   */
  isTypeName: (name: string) => boolean;
  /** The same, for a name given the type of something named as an event is (`event`, `evt`, `stripeEvent`). */
  isEventTypeName: (name: string) => boolean;
  /** Whether a name holds an event: see isEvent. */
  isEvent: (name: string) => boolean;
  /**
   * How many event types are written out as a map's keys: a lookup by event type in this file is
   * taken to be of them; with none, it is reported (uses.ts).
   */
  keys: { count: number };
  /** A map's keys (counted in `keys`) Stripe sends no event for: no event in a file that does not use Stripe. */
  unsentKeys: EventSite[];
  /** `enabled_events: x` (settledEvents): a list written here is read; anything else is reported. `name`: x's, if a name. */
  enabledNames: ({ name: string; what: string } & At)[];
  /** Whether the file imports a name. */
  imported: (name: string) => boolean;
  /**
   * Event types registered with `.set(type, handler)` on a holder (`handlers.set('invoice.paid', h)`):
   * that holder's keys when it is looked up by event type in this file (settledEvents), else nothing
   * (`cache.set('invoice.paid', 1)` is no registration).
   */
  setKeys: ({ holder: string } & (EventSite | ({ what: string; ref?: Ref } & At)))[];
  /** Names typed with one of Stripe's event types (`payload: Stripe.Event`), added as the walk finds them. */
  typedEvents: Set<string>;
  /** Names typed as an event's type (`eventType: Stripe.Event.Type`). */
  typedTypes: Set<string>;
  /** Names typed with another library's event type (`event: PointerEvent`): no Stripe event. */
  typedOtherwise: Set<string>;
  /** The objects and Maps made here, by what holds them (`const handlers = {…}`, `this.local = new Map()`). */
  mapHolders: Map<Node, string>;
  /** Names given a list of event types read where it is written (`const SYNCED = ['invoice.paid']`). */
  typeLists: Set<string>;
  /** Names given a list of dotted names none of which Stripe sends: event types once checked against one. */
  dottedLists: Map<string, ArrayExpression>;
  /** Names given a Set of event types read where it is made (`new Set(['invoice.paid'])`): what `.add` adds is read. */
  typeSets: Set<string>;
  /** `SYNCED.includes(event.type)` of such a list: reported unless it stays as written (settledEvents). */
  listChecks: ({ name: string; what: string } & At)[];
  /** How many lists written out each name is given (`const TYPES = […]` in two functions: 2); objects are bound. */
  literals: Map<string, number>;
  /** Names whose list or object is changed after it is written (`SYNCED.push(…)`, `handlers[k] = f`). */
  changed: Set<string>;
  /**
   * Whether a name holds its one list or object as written: given it alone, never changed, handed to a
   * call, exported, aliased (`const other = SYNCED`) or shadowed by a parameter.
   */
  givenOnce: (name: string) => boolean;
  /** The holders of tables written here whose keys are no event types: a lookup in one dispatches no event. */
  tables: Set<string>;
  /** The holders of maps with event types for keys: a lookup of another holder is of no map written here. */
  keyedHolders: Set<string>;
  /** What each holder's map is made from (`handlers` from `invoiceHandlers` of `{ ...invoiceHandlers }`). */
  mapSources: [holder: string, source: Node, member?: string][];
  /** The ends of code run only for event types written out, each with the event's name, innermost last (event-narrowing.ts). */
  narrowedTo: [end: number, event: string, held?: FileSummary['dispatches']][];
  /** Names given an event's type prefixed or changed (`const topic = \`stripe.${event.type}\``): handed on by it later. */
  heldTypes: Set<string>;
  /** Of those, the names given it made into something else by a function (`toTopic(event.type)`). */
  calledTypes: Set<string>;
  /** Names given a value taken by a plain name's lookup (`const action = actions[type]`), and those of them called later. */
  takenNames: Set<string>;
  calledNames: Set<string>;
  /** Whether a name was given the event's data (`const object = event.data.object`): sent on, the event goes too. */
  holdsEventData: (name: string) => boolean;
  /** The package (not stripe) whose function made what a name holds, as makerIn says; undefined for any other name. */
  makerOf: (name: string) => string | undefined;
  /** Event types handed to functions, and parameters set against strings (event-params.ts). */
  typeFlow: TypeFlow;
  /** The functions the walk is in, innermost last: each one's name, if it has one, end and parameters. */
  typeFunctions: { key: string | undefined; end: number; params: readonly Node[] }[];
}

/** The lists a file's events go into, and what its names were given (`const t = event.type`). */
export function eventListsOf(
  summary: Pick<
    FileSummary,
    'bindings' | 'imports' | 'exports' | 'functions' | 'classes' | 'events' | 'unreadEvents' | 'dispatches'
  >,
  refOf: (node: Node) => Ref,
  source: string,
): EventLists {
  const { bindings, imports, events: found, unreadEvents: unread, dispatches } = summary;
  const typedEvents = new Set<string>();
  const typedOtherwise = new Set<string>();
  const typedTypes = new Set<string>();
  // An event by its name (`event`, `evt`, `stripeEvent`), by what it is given (`const e =
  // stripe.webhooks.constructEvent(…)`) or by its type (`payload: Stripe.Event`).
  const isEvent = (name: string): boolean =>
    (EVENTISH.test(name) && !typedOtherwise.has(name)) ||
    typedEvents.has(name) ||
    (bindings.get(name) ?? []).some(
      (ref) => ref.kind === 'call' && ref.callee.kind === 'member' && MAKES_EVENT.has(ref.callee.name),
    );
  const given = (name: string, eventOnly: boolean): boolean =>
    (bindings.get(name) ?? []).some(
      (ref) =>
        ref.kind === 'member' &&
        ref.name === 'type' &&
        (!eventOnly || isEvent(chainText(ref.object).split('.')[0] ?? '')),
    );
  // `const object = event.data.object`: a name holding the event's data.
  const holdsEventData = (name: string): boolean =>
    (bindings.get(name) ?? []).some((ref) => {
      const [root = '', part] = chainText(ref).split('.');
      return ref.kind === 'member' && part === 'data' && isEvent(root);
    });
  const literals = new Map<string, number>();
  const changed = new Set<string>();
  return {
    found,
    unread,
    dispatches,
    refOf,
    text: (node) => chainText(refOf(node)),
    source,
    isTypeName: (name) => typedTypes.has(name) || given(name, false),
    isEventTypeName: (name) => given(name, true),
    isEvent,
    keys: { count: 0 },
    unsentKeys: [],
    enabledNames: [],
    imported: (name) => imports.has(name),
    setKeys: [],
    typedEvents,
    typedOtherwise,
    typedTypes,
    heldTypes: new Set(),
    calledTypes: new Set(),
    takenNames: new Set(),
    calledNames: new Set(),
    narrowedTo: [],
    holdsEventData,
    mapHolders: new Map(),
    keyedHolders: new Set(),
    tables: new Set(),
    typeLists: new Set(),
    dottedLists: new Map(),
    listChecks: [],
    typeSets: new Set(),
    literals,
    changed,
    // Given one list or object, or one value, and never changed: as written.
    givenOnce: (name) =>
      !changed.has(name) &&
      !summary.exports.has(name) &&
      ![...summary.exports.values()].some((r) => holds(r, name)) &&
      (literals.get(name) ?? 0) + (bindings.get(name)?.length ?? 0) <= 1 &&
      !isParameter(summary, name) &&
      ![...bindings].some(([key, refs]) => key !== name && refs.some((r) => holds(r, name))),
    mapSources: [],
    makerOf: (name) => makerIn(bindings, imports, name),
    typeFlow: { handOns: [], checks: [] },
    typeFunctions: [],
  };
}

/**
 * The package a name's value is made by, when every value it is given is a call of what is imported
 * from one package, by its name (not stripe's, not the project's by a path): `validateEvent(…)` from
 * `@polar-sh/sdk/webhooks`, `new Webhook(secret).verify(…)` from `svix`, `paddle.webhooks.unmarshal(…)`
 * where `paddle = new Paddle(…)`. Whether it is another provider's is decided once installed
 * packages are known (uses.ts).
 */
function makerIn(
  bindings: FileSummary['bindings'],
  imports: FileSummary['imports'],
  name: string,
  depth = 0,
  /** The event itself: made by a webhook's verifier (`validateEvent`, `verify`, `unmarshal`), not a body's parser (`json(req)`). */
  event = true,
): string | undefined {
  const given = bindings.get(name);
  if (!given || given.length === 0 || depth > 2) return undefined;
  let maker: string | undefined;
  for (const ref of given) {
    let root: Ref = ref;
    while (root.kind === 'call' || root.kind === 'member') root = root.kind === 'call' ? root.callee : root.object;
    // `const t = event.type`: what made the event.
    if (ref.kind === 'member' && ref.name === 'type' && root.kind === 'name')
      return makerIn(bindings, imports, root.name, depth + 1);
    if (ref.kind !== 'call' || root.kind !== 'name') return undefined;
    const called = ref.callee.kind === 'member' || ref.callee.kind === 'name' ? ref.callee.name : '';
    if (event && (!VERIFIES.test(called) || MAKES_EVENT.has(called))) return undefined;
    const specifier = imports.get(root.name)?.specifier ?? makerIn(bindings, imports, root.name, depth + 1, false);
    if (!specifier || !isOtherPackage(specifier) || (maker && maker !== specifier)) return undefined;
    maker = specifier;
  }
  return maker;
}

/** A webhook verifier's name: Polar's `validateEvent`, svix's `verify`, Paddle's `unmarshal`, Orb's `unwrap`. */
const VERIFIES = /verif|validat|unmarshal|unwrap|webhook/i;

/** A name that stands for an event: `event`, `evt`, `ev`, `stripeEvent`, `webhook_event`. */
export const EVENTISH = /^(?:ev|evt|event|\w*[eE]vent)$/;
export const rootName = (node: Node): string | undefined =>
  node.type === 'Identifier'
    ? node.name
    : node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression'
      ? rootName(node.object)
      : undefined;

/** The events found, with the keys registered on a holder this file looks up by event type; counted as a map's keys. */
export function settledEvents(lists: EventLists): EventSite[] {
  // A lookup of a holder the file gives no map, beside one it does (`this.handlers` injected, a
  // `local` map written): the keys written are not its keys. `config.handlers` is `config`'s map.
  const holders = [...lists.keyedHolders, ...lists.setKeys.map((k) => k.holder)];
  const within = (name: string, h: string) => name === h || name.startsWith(`${h}.`) || name.startsWith(`${h}[`);
  const looked = holders.length > 0 && lists.dispatches.some((d) => d.holder !== undefined);
  // A map made from a keyed one (merged, aliased, destructured) is keyed: until nothing new is learnt.
  const sources = looked
    ? lists.mapSources.map(([holder, node, member]) => [holder, lists.text(node) + (member ? `.${member}` : '')])
    : [];
  for (let learnt = true; learnt; ) {
    learnt = false;
    for (const [holder = '', source = ''] of sources)
      if (!holders.includes(holder) && holders.some((h) => within(source, h))) {
        holders.push(holder);
        learnt = true;
      }
  }
  // { 'customer.payment.receipt': schema }: in a file that does not use Stripe, a dotted key Stripe
  // sends no event for is another table's (a handler map elsewhere names Stripe's events).
  if (lists.unsentKeys.length > 0 && !USES_STRIPE.test(lists.source)) {
    const unsent = new Set(lists.unsentKeys);
    lists.found = lists.found.filter((site) => !unsent.has(site));
    lists.keys.count -= unsent.size;
  }
  // actions[item.type]: by a type not named an event's, a dispatch only in a file that uses Stripe;
  // so a value taken by a plain name (`const { label } = BADGES[type]`), unless the name it is given
  // is called (`const action = actions[type]; await action(payload)`).
  if (lists.dispatches.some((d) => d.loose)) {
    const stripe = USES_STRIPE.test(lists.source);
    for (let i = lists.dispatches.length - 1; i >= 0; i--) {
      const { loose, takenAs, ...kept } = lists.dispatches[i]!;
      const called = takenAs !== undefined && lists.calledNames.has(takenAs);
      if (loose) stripe || called ? (lists.dispatches[i] = kept) : lists.dispatches.splice(i, 1);
    }
  }
  // LABELS[item.type], `LABELS = { card: 'Card' }` written here: a label looked up, no handler.
  const tables = [...lists.tables].filter((table) => !holders.includes(table) && lists.givenOnce(table));
  for (let i = lists.dispatches.length - 1; i >= 0 && tables.length > 0; i--)
    if (tables.includes(lists.dispatches[i]!.holder ?? '')) lists.dispatches.splice(i, 1);
  if (looked)
    for (const d of lists.dispatches) {
      const holder = d.holder;
      if (holder !== undefined && !holders.some((h) => within(holder, h))) d.unheld = true;
    }
  // enabled_events: EVENTS, a list written here, as `.includes` reads one; an imported list is read
  // where it is written. Anything else (a parameter, a member, a call), in a file that uses Stripe:
  // the endpoint's events are not read here.
  for (const { name, ...site } of lists.enabledNames)
    if (lists.typeLists.has(name)) lists.listChecks.push({ name, ...site });
    else if (!lists.imported(name) && USES_STRIPE.test(lists.source)) lists.unread.push(site);
  for (const { name, ...check } of lists.listChecks) if (!lists.givenOnce(name)) lists.unread.push(check);
  for (const { holder, ...site } of lists.setKeys) {
    if (!lists.dispatches.some((d) => d.holder === holder)) continue;
    if ('what' in site) {
      // A constant's: read once every file is summarised (uses.ts), and counted as a key if it is one.
      lists.unread.push({ ...site, key: true });
      continue;
    }
    lists.found.push(site);
    lists.keys.count++;
  }
  return lists.found;
}

/**
 * A file that uses Stripe: imports the stripe package, verifies its events, names its types or calls
 * a client named for it. Not one importing constants from a module named for it (`@/lib/stripe/…`).
 */
const USES_STRIPE =
  /(?:from|require\(|import\()\s*['"]stripe['"/]|constructEvent|\bStripe\.[A-Z]|\bstripe\w*\.(?!com\b)\w/;

/** Whether a value is a name, or holds it (`{ SYNCED }`, `a ?? SYNCED`): another way to reach what it holds. */
const holds = (ref: Ref, name: string, depth = 0): boolean =>
  (ref.kind === 'name' && ref.name === name) ||
  (depth < 3 &&
    ((ref.kind === 'object' && ref.properties.some(([, value]) => holds(value, name, depth + 1))) ||
      (ref.kind === 'either' && ref.options.some((option) => holds(option, name, depth + 1)))));

/** Whether a name is a parameter of a function or a class of the file. */
const isParameter = (summary: Pick<FileSummary, 'functions' | 'classes'>, name: string): boolean =>
  [...summary.functions.values(), ...[...summary.classes.values()].map((c) => c.params)].some((params) =>
    params.some((names) => names.includes(name)),
  );
