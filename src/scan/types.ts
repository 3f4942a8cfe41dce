/**
 * What the scan reads and returns, and the summary it keeps of each file between reading it and
 * resolving it: the bindings, exports, calls and events, never the syntax tree itself.
 */

export interface SourceText {
  path: string;
  text: string;
}

export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Something the code does that needs one of some permissions. */
export interface Need extends Position {
  /** What the code does, for messages: `stripe.customers.create`, `expand customer`, `event invoice.paid`. */
  what: string;
  /** Any one of these permissions is enough. */
  anyOf: readonly string[];
}

export interface NotUnderstood extends Position {
  what: string;
  why: string;
}

export interface ScanResult {
  needs: Need[];
  notUnderstood: NotUnderstood[];
  /** Files that could not be parsed, with the parser's message. */
  unparsable: (Position & { message: string })[];
  filesScanned: number;
  linesScanned: number;
}

/**
 * A place in a file: line, and column counted from 1. What the scan keeps of a place is held in the
 * object it is the place of (a call, an event), not in an object of its own: every file's summary
 * holds many.
 */
export interface At {
  line: number;
  column: number;
}

/**
 * An expression, so far as the scan cares: names, members, calls and what a function returns.
 * TypeScript's wrappers (`as`, `!`, `satisfies`, `<T>x`), parentheses and `await` are left out.
 */
export type Ref =
  | { kind: 'name'; name: string }
  | { kind: 'this'; className?: string }
  | { kind: 'member'; object: Ref; name: string; computed?: true }
  /** `made`: the function a value made once under a name is made by (`singleton('stripe', () => …)`). */
  | { kind: 'call'; callee: Ref; first?: Ref; isNew?: true; made?: Ref }
  | { kind: 'require'; specifier: string }
  | { kind: 'function'; returns: Ref[] }
  /**
   * `partial`: a spread or a computed key may give a key not written here a value, and another value
   * to the first `overridable` properties, written before it.
   */
  | { kind: 'object'; properties: [key: string, value: Ref][]; partial?: true; overridable?: number }
  | { kind: 'either'; options: Ref[] }
  | { kind: 'type'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'unknown' };

/** An `expand` option in the source: each string, or the place of what is not one. */
export interface ExpandOption {
  fields: ({ value: string } & At)[];
  /**
   * Where an expansion is not a string literal, or the list itself is not written out; or where the
   * options are a parameter of the function around the call (`retrieve(id, params)`), at its argument
   * `index` (`rest`: spread there, so at that index or after), which is the options only where the
   * method takes that many ids first.
   */
  computed: ({ whole: boolean; parameter?: string; index?: number; rest?: boolean; type?: string; part?: true } & At)[];
}

/** An expand option, or each one a condition may give (`...(full ? DETAILED : BRIEF)`), all charged. */
export type Expands = ExpandOption | readonly ExpandOption[];

/**
 * A call of a member (`a.b.c(…)`), `new X(…)` or `f(…)`, with what the scan needs of it: the
 * arguments that may be a client (names and members), and the properties of object arguments.
 */
export interface CallSite extends At {
  callee: Ref;
  isNew: boolean;
  /** Arguments that are a name or a member chain, by position. */
  chained?: ({ index: number; ref: Ref } & At)[];
  /** Properties of object arguments: `new Service({ stripeClient: stripe })`. */
  keyed?: [key: string, value: Ref][];
  expand?: Expands;
  /** Arguments named but not declared in this file (`SESSION_PARAMS`, imported): their expand is read across files. */
  optionsNames?: readonly string[];
  /**
   * A raw request's verb and path as written (`stripe.rawRequest('POST', '/v1/payouts')`: `POST
   * /v1/payouts`; a value in a template is `{name}`), when both are written out.
   */
  raw?: string | undefined;
  /**
   * The argument's other places, where the file makes the same call again (`fmt(order)`: a function
   * by name, one name handed on, nothing else), line and column in turn: reported at each.
   */
  repeats?: number[] | undefined;
}

export interface ClassSummary {
  superClass?: Ref;
  /** Members that may hold a client: fields, getters, and this.x assigned anywhere in the class. */
  members: string[];
  /** The constructor's parameters by position (`this.x` too for a TypeScript parameter property). */
  params: string[][];
}

export interface EventSite extends At {
  type: string;
  /**
   * The package whose function made the event whose type this is (`validateEvent` from
   * `@polar-sh/sdk/webhooks`): installed without depending on stripe, the event is that package's.
   */
  maker?: string;
}

/** An event's type handed to a call: by position, and under a key of an object there (`{ eventType: event.type }`). */
export interface TypeHandOn extends At {
  callee: Ref;
  index: number;
  key?: string;
  /** The event itself, not its type (`onEvent(event)`): its type is the parameter's `.type`. */
  whole?: true;
  what: string;
}

/**
 * A parameter (`t`), a name taken from one (`{ eventType }`) or its member (`args.eventType`) set
 * against something: an event type written out (`type`), or by a part of it (`what`, a prefix or a pattern).
 */
export interface ParamCheck extends At {
  name: string;
  /** The function whose parameter it is, as summary.functions names it. */
  fn: string;
  type?: string;
  what: string;
}

export interface TypeFlow {
  handOns: TypeHandOn[];
  checks: ParamCheck[];
}

export interface FileSummary {
  path: string;
  /** Each name (`stripe`, `this.stripe`, `getStripe`) with every value it is given, in order. */
  bindings: Map<string, Ref[]>;
  /** Imports: local name to where from and which export (`default`, `*` or a name). */
  imports: ReadonlyMap<string, { specifier: string; imported: string }>;
  /** Exports: exported name to its value, and `export *` re-exports. */
  exports: ReadonlyMap<string, Ref>;
  reExports: readonly string[];
  /** Functions by name, with their parameters by position. */
  functions: ReadonlyMap<string, string[][]>;
  classes: ReadonlyMap<string, ClassSummary>;
  /** Property names typed with a Stripe client's type (`stripeClient: Stripe` in an interface or type). */
  typedKeys: ReadonlySet<string>;
  calls: CallSite[];
  events: EventSite[];
  /** How many event types a handler map written here has as keys: a lookup by event type here is taken to be of them. */
  mapKeys: number;
  /**
   * Calls through a lookup by event type (`handlers[event.type](event)`), in the source's words;
   * `forward` where the event is handed on by its type (`queue.add(event.type, event)`, `emit`);
   * `holder`, what is looked up, and `unheld` when the file writes other maps but gives it none;
   * `loose`, a lookup by a type not named an event's in a holder not named for handlers, kept only
   * in a file that uses Stripe.
   */
  dispatches: ({ what: string; forward?: true; holder?: string; unheld?: true; loose?: true; takenAs?: string } & At)[];
  /**
   * Event types compared with something that is not written out here (`case Events.Paid:`,
   * `event.type === PAID`, `HANDLED.includes(event.type)`, `event.type.startsWith('invoice.')`);
   * `ref` when it is a name or a member, which may be a string constant of this file or another;
   * `quiet` where what is not read is not reported (a `new Set([…])` of constants may hold anything);
   * `key` for a handler map's key (`{ [StripeEvent.Paid]: onPaid }`): read, it is a map's key written out.
   */
  unreadEvents: ({ what: string; ref?: Ref; quiet?: true; key?: true } & At)[];
  /** Members written into a list (`[stripe.products, stripe.payouts]`): a resource there is out of sight. */
  listed: ({ ref: Ref } & At)[];
  /** URLs of Stripe's API written in code (`fetch('https://api.stripe.com/v1/…')`): requests not read. */
  directRequests: ({ what: string } & At)[];
  /** Imports and requires that may name a file of the project (`'../lib/stripe'`, `'@/lib/stripe'`, `'#billing'`), where written: one of a file the scan skipped is out of sight. */
  localImports: ({ specifier: string } & At)[];
  /** Interfaces, object types and classes declared here that hold no `expand` (a parameter typed with one is no options). */
  expandFree: ReadonlySet<string>;
  /** Exported objects holding an `expand` option (`export const PARAMS = { expand: […] }`), by export name. */
  expandExports: ReadonlyMap<string, Expands>;
  /** Event types handed to functions, and what parameters are set against (event-params.ts). */
  typeFlow: TypeFlow;
}

// Findings are built by these two alone, so that every one has the same shape: spreading a position
// into each (`{ ...where, what }`) cost more than the rest of resolving a call.
export const need = (file: string, at: At, what: string, anyOf: readonly string[]): Need => ({
  file,
  line: at.line,
  column: at.column,
  what,
  anyOf,
});

export const notUnderstood = (file: string, at: At, what: string, why: string): NotUnderstood => ({
  file,
  line: at.line,
  column: at.column,
  what,
  why,
});
