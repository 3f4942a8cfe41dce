/**
 * What each expression of the scanned files is, for Stripe: the Stripe class (or a
 * subclass), a client, one of its resources, a factory returning a client, a scanned module, a
 * class with client members. Worked out from the files' summaries, across the module graph; each
 * answer is remembered until a round of hand-offs teaches something new.
 */
import { CLIENT_PROPERTIES } from './calls.js';
import { chainKey, chainText, LOCATORS, madeFromOptions, requiredFrom, rootOf, thisKey } from './refs.js';
import { isProxy } from './tables.js';
import type { FileSummary, Ref } from './types.js';
import { isOtherPackage, ownedElsewhere, type Resolved } from './module-graph.js';
import { inherited } from './inheritance.js';
import { literalOf, propertyOf } from './literals.js';
import { ReExports } from './re-exports.js';
import { paramOwners } from './param-owners.js';

export type Value =
  | { kind: 'stripe-class' }
  | { kind: 'client'; keyed?: true } // keyed: a client only by the name of the member holding it (`ctx.stripe`)
  | { kind: 'resource'; path: string[]; keyed?: true }
  | { kind: 'resource-at-run-time' }
  /** A function returning something known: a client, or an instance of a class that holds one. */
  | { kind: 'factory'; returns: Value }
  | { kind: 'module'; file: FileSummary }
  | { kind: 'class'; file: FileSummary; name: string };

const STRIPE_CLASS: Value = { kind: 'stripe-class' };
const CLIENT: Value = { kind: 'client' };
const KEYED = { keyed: true } as const;
const PENDING = Symbol('pending');
// How deep one value may be worked out: each level takes a few frames of the stack, which holds about
// 1,000 of them (1,000 aliases resolved and 1,500 overflowed before there was a limit).
const MAX_DEPTH = 800;

export class Values {
  /** `${fn}#${index}` of the functions and classes of each file that are handed a client there. */
  readonly handed = new Map<FileSummary, Set<string>>();
  /** Property names a client is handed over under (`{ stripeClient: stripe }`), or typed with. */
  readonly clientKeys = new Set<string>();
  private memo = new Map<FileSummary, Map<string, Value | undefined | typeof PENDING>>();
  private refMemo = new Map<Ref, Value | undefined | typeof PENDING>();
  /** How many values are being worked out, each inside the one before. */
  private depth = 0;
  private readonly reExported = new ReExports<Value>({
    fileOf: (file, specifier) => this.importedFile(file, specifier),
    lookup: (other, name, depth) => this.exported(other, name, depth),
  });
  /** typedFromPackage's answers, which no round of hand-offs changes. */
  private readonly otherPackage = new Map<FileSummary, Map<string, boolean>>();

  /**
   * Whether a name is only typed by, or made by, another package (imported from outside the files
   * scanned, not named for Stripe, not depending on stripe as installed): `client: Paddle`, `new
   * PrismaClient()`. Typed: every value of that name is (names are per file). Made: it is given
   * nothing else but what a global kept of it (`g.prisma ?? new PrismaClient()`), is no parameter, and
   * is not named for Stripe (`new StripeService()` may wrap a client). Imported: as its file made it.
   */
  typedFromPackage(file: FileSummary, key: string, depth = 0): boolean {
    // Once per name: factories and clients' methods lead to each other (false while it is worked out).
    const known = this.otherPackage.get(file) ?? new Map<string, boolean>();
    this.otherPackage.set(file, known);
    let answer = known.get(key);
    if (answer === undefined) {
      known.set(key, false);
      known.set(key, (answer = this.fromPackage(file, key, depth)));
    }
    return answer;
  }

  private fromPackage(file: FileSummary, key: string, depth: number): boolean {
    const from = file.imports.get(key);
    const home = from && depth < 8 ? this.importedFile(file, from.specifier) : undefined;
    if (home) {
      const exported = home.exports.get(from!.imported);
      return exported?.kind === 'name' && this.typedFromPackage(home, exported.name, depth + 1);
    }
    // `g.prisma ?? new PrismaClient()`: what a global kept under the same name is the same client.
    const cached = (ref: Ref): boolean => ref.kind === 'member' && ref.name === key;
    const refs = (file.bindings.get(key) ?? []).flatMap((ref) =>
      ref.kind === 'either' ? ref.options.filter((option) => !cached(option)) : [ref],
    );
    // Imported, or required (`const { Drive } = require('@googleapis/drive')`), from another package.
    const others = (name: string | undefined): boolean => {
      const specifier = name && (file.imports.get(name)?.specifier ?? requiredFrom(file.bindings.get(name)));
      if (!specifier || !isOtherPackage(specifier) || this.importedFile(file, specifier)) return false;
      return ownedElsewhere(this.dependsOnStripe(file.path, specifier));
    };
    const types = refs.filter((ref) => ref.kind === 'type').length;
    // Made by what it exports (`new Drive()`), by the functions of its name (no parameter's) returning
    // only such (`remember('db', () => new PrismaClient())`), or by such a client's method, not a
    // locator's (`base.$extends(…)`, not `app.get('stripe')`).
    const made = (ref: Ref, n: number): boolean => {
      if (ref.kind === 'either') return ref.options.every((option) => made(option, n + 1));
      if (ref.kind === 'name') return ref.name !== key && depth < 8 && this.typedFromPackage(file, ref.name, depth + 1);
      if (ref.kind !== 'call' || n > 4 || /stripe/i.test(chainText(ref.callee))) return false;
      if (madeFromOptions(ref) && others(rootOf(ref.callee))) return true;
      const name = ref.callee.kind === 'name' && !paramOwners(file).has(ref.callee.name) ? ref.callee.name : '';
      const makers = ref.made ? [ref.made] : (file.bindings.get(name) ?? []);
      const makes = (m: Ref) => m.kind === 'function' && m.returns.length > 0 && m.returns.every((r) => made(r, n + 1));
      if (makers.length > 0 && makers.every((m) => m.kind === 'function')) return makers.every(makes);
      if (ref.callee.kind !== 'member' || LOCATORS.test(ref.callee.name) || ref.first?.kind === 'string') return false;
      if (ref.callee.object.kind === 'call') return made(ref.callee.object, n + 1); // `new PrismaClient().$extends(…)`
      const root = rootOf(ref.callee);
      return root !== undefined && root !== key && depth < 8 && this.typedFromPackage(file, root, depth + 1);
    };
    // Typed so, and given nothing else but such: not `const client = getStripe()` in another function,
    // nor a value not known (an anonymous function's parameter of the name: summarise's settle).
    const typed = (r: Ref) => (r.kind === 'type' ? others(r.name) : made(r, 0));
    if (types > 0) return refs.every(typed) && (paramOwners(file).get(key)?.length ?? 0) <= types;
    return refs.length > 0 && refs.every((ref) => made(ref, 0)) && !paramOwners(file).has(key);
  }

  constructor(
    private readonly resolve: (from: FileSummary, specifier: string) => Resolved,
    private readonly fileAt: (path: string) => FileSummary | undefined,
    readonly dependsOnStripe: (fromFile: string, specifier: string) => boolean | null | undefined = () => undefined,
  ) {}

  /** Forget what was worked out, after a round taught new hand-offs. */
  forget(): void {
    this.memo = new Map();
    this.refMemo = new Map();
    this.reExported.forget();
  }

  name(file: FileSummary, key: string): Value | undefined {
    let memo = this.memo.get(file);
    if (!memo) this.memo.set(file, (memo = new Map()));
    const known = memo.get(key);
    if (known === PENDING) return undefined;
    if (known !== undefined || memo.has(key)) return known;
    memo.set(key, PENDING);
    const value = this.nameUncached(file, key);
    memo.set(key, value);
    return value;
  }

  private nameUncached(file: FileSummary, key: string): Value | undefined {
    const imported = file.imports.get(key);
    if (imported) return this.imported(file, imported.specifier, imported.imported);
    const cls = file.classes.get(key);
    if (cls) {
      // class VendureStripeClient extends Stripe: a Stripe class too.
      if (cls.superClass && this.of(file, cls.superClass)?.kind === 'stripe-class') return STRIPE_CLASS;
      return { kind: 'class', file, name: key };
    }
    for (const ref of file.bindings.get(key) ?? []) {
      const value = this.of(file, ref);
      if (value) return value;
    }
    const handed = this.handed.get(file);
    if (handed) for (const owner of paramOwners(file).get(key) ?? []) if (handed.has(owner)) return CLIENT;
    return undefined;
  }

  private imported(file: FileSummary, specifier: string, name: string): Value | undefined {
    const target = this.resolve(file, specifier);
    if (target?.kind === 'stripe')
      return name === 'default' || name === '*' || name === 'Stripe' ? STRIPE_CLASS : undefined;
    const other = target ? this.fileAt(target.path) : undefined;
    if (!other) return undefined;
    if (name === '*') return { kind: 'module', file: other };
    return this.exported(other, name);
  }

  /** An export of a scanned file, following re-exports; CommonJS's `module.exports` is its default. */
  exported(file: FileSummary, name: string, depth = 0): Value | undefined {
    if (depth > 20) return this.reExported.cutShort();
    const ref = file.exports.get(name);
    if (ref) return this.of(file, ref);
    if (name === 'default') {
      const whole = file.exports.get('module.exports');
      return whole ? this.of(file, whole) : undefined;
    }
    return this.reExported.find(file, name, depth);
  }

  /** The scanned module an expression is (`import * as all`), if it is one. */
  moduleOf(file: FileSummary, ref: Ref): FileSummary | undefined {
    const value = this.of(file, ref);
    return value?.kind === 'module' ? value.file : undefined;
  }

  /** The scanned file a specifier names, from `file`. */
  importedFile(file: FileSummary, specifier: string): FileSummary | undefined {
    const target = this.resolve(file, specifier);
    return target?.kind === 'file' ? this.fileAt(target.path) : undefined;
  }

  /** What a required module is: its `module.exports` when that is set to something known, else the module. */
  private required(file: FileSummary, specifier: string): Value | undefined {
    const target = this.resolve(file, specifier);
    if (target?.kind === 'stripe') return STRIPE_CLASS;
    const other = target ? this.fileAt(target.path) : undefined;
    if (!other) return undefined;
    const whole = other.exports.get('module.exports');
    const value = whole && this.of(other, whole);
    return value ?? { kind: 'module', file: other };
  }

  /**
   * What an expression is; each Ref belongs to one file, so the Ref alone keys the memo. A name,
   * `this` and a type are what a name is, which name() remembers already.
   */
  of(file: FileSummary, ref: Ref): Value | undefined {
    switch (ref.kind) {
      case 'unknown':
      case 'string':
      case 'object':
        return undefined;
    }
    // A chain of thousands of aliases (generated code) would overflow the stack: past this depth a
    // value is not known, and a Stripe call through it is reported as not understood.
    if (this.depth >= MAX_DEPTH) return undefined;
    this.depth++;
    try {
      if (ref.kind === 'name' || ref.kind === 'this' || ref.kind === 'type') return this.ofUncached(file, ref);
      const known = this.refMemo.get(ref);
      if (known === PENDING) return undefined;
      if (known !== undefined || this.refMemo.has(ref)) return known;
      this.refMemo.set(ref, PENDING);
      const value = this.ofUncached(file, ref);
      this.refMemo.set(ref, value);
      return value;
    } finally {
      this.depth--;
    }
  }

  private ofUncached(file: FileSummary, ref: Ref): Value | undefined {
    switch (ref.kind) {
      case 'name':
        return this.name(file, ref.name);
      case 'this': {
        const cls = ref.className ? this.name(file, ref.className) : undefined;
        return cls?.kind === 'stripe-class' ? CLIENT : undefined;
      }
      case 'member':
        return this.member(file, ref);
      case 'call': {
        const callee = this.of(file, ref.callee);
        if (callee?.kind === 'stripe-class') return CLIENT;
        if (callee?.kind === 'factory') return callee.returns;
        if (callee?.kind === 'class' && ref.isNew) return callee;
        // new Proxy(stripe, handler), the language's: what is read through it is read from its target.
        if (ref.isNew && ref.first && isProxy(file, ref.callee)) return this.of(file, ref.first);
        // singleton('stripe', make): of the functions given, one that makes a client, else a
        // resource, else anything (refs.ts's order): not `(e) => new CacheError(e)`.
        if (callee === undefined && ref.made) {
          const made = (ref.made.kind === 'either' ? ref.made.options : [ref.made]).flatMap((option) => {
            const value = this.of(file, option);
            return value?.kind === 'factory' ? [value.returns] : [];
          });
          const found = made.find((v) => v.kind === 'client') ?? made.find((v) => v.kind === 'resource') ?? made[0];
          if (found) return found;
        }
        if (callee === undefined && ref.first && (ref.callee.kind === 'name' || ref.callee.kind === 'member')) {
          // What a wrapper wraps: __importDefault(require('stripe')) (compiled interop), once(() => new Stripe(key)).
          const inner = this.of(file, ref.first);
          if (inner?.kind === 'stripe-class' || inner?.kind === 'module' || inner?.kind === 'factory') return inner;
        }
        return undefined;
      }
      case 'require':
        return this.required(file, ref.specifier);
      case 'function':
        // What it returns: a client first, else an instance of a class holding one, or a resource.
        for (const r of ref.returns)
          if (this.of(file, r)?.kind === 'client') return { kind: 'factory', returns: CLIENT };
        for (const r of ref.returns) {
          const value = this.of(file, r);
          if (value?.kind === 'class' || value?.kind === 'resource') return { kind: 'factory', returns: value };
        }
        return undefined;
      case 'either':
        for (const option of ref.options) {
          const value = this.of(file, option);
          if (value) return value;
        }
        return undefined;
      case 'type': {
        if (ref.name === 'Stripe') return CLIENT;
        // A parameter typed with a class (`client: StripeClient`) is an instance of it.
        const named = this.name(file, ref.name);
        return named?.kind === 'stripe-class' ? CLIENT : named?.kind === 'class' ? named : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * Every resource an expression may be, when it may be more than one: `cond ? stripe.charges :
   * stripe.coupons`, or a name given two (names are kept by file, not by scope, so `api` in two
   * functions is either). Undefined when fewer than `atLeast` (two unless asked: one thing at most
   * is what of() says).
   */
  resourcePaths(file: FileSummary, ref: Ref, atLeast = 2): string[][] | undefined {
    const paths = new Map<string, string[]>();
    const visit = (r: Ref, depth: number): void => {
      if (depth > 8) return;
      const bound = r.kind === 'name' && !file.imports.has(r.name) ? file.bindings.get(r.name) : undefined;
      if (r.kind === 'either') for (const option of r.options) visit(option, depth + 1);
      else if (bound && bound.length > 1) for (const b of bound) visit(b, depth + 1);
      else if (bound?.length === 1 && bound[0]!.kind === 'either') visit(bound[0]!, depth + 1);
      else {
        const value = this.of(file, r);
        if (value?.kind === 'resource') paths.set(value.path.join('.'), value.path);
      }
    };
    visit(ref, 0);
    return paths.size >= atLeast ? [...paths.values()] : undefined;
  }

  /**
   * What `name.member` is read from when one name of a file holds several things: the first that has
   * the member. Bindings are kept by name for the whole file, so a constructor's parameter (a client)
   * and a local of the same name in a static method (a wrapper holding one) are one name here;
   * `name.nativeClient` can only be the wrapper's. Undefined when no value has it: then the first value
   * is taken, as for any name.
   */
  private holderOf(file: FileSummary, ref: Extract<Ref, { kind: 'member' }>): Value | undefined {
    if (ref.object.kind !== 'name' || ref.computed || file.imports.has(ref.object.name)) return undefined;
    const refs = file.bindings.get(ref.object.name);
    if (!refs || refs.length < 2) return undefined;
    for (const bound of refs) {
      const value = this.of(file, bound);
      if (value && this.hasMember(value, ref.name)) return value;
    }
    return undefined;
  }

  private hasMember(value: Value, name: string): boolean {
    switch (value.kind) {
      case 'client':
        return CLIENT_PROPERTIES.has(name);
      case 'class': {
        const cls = value.file.classes.get(value.name);
        return cls?.members.includes(name) === true || value.file.bindings.has(`${value.name}.${name}`);
      }
      case 'module':
        return this.exported(value.file, name) !== undefined;
      default:
        return false;
    }
  }

  private member(file: FileSummary, ref: Extract<Ref, { kind: 'member' }>): Value | undefined {
    const [home, key] = inherited(this, file, ref) ?? [file, chainKey(ref)];
    if (key !== undefined && home.bindings.has(key)) {
      const bound = this.name(home, key);
      if (bound) return bound;
    }
    if (ref.object.kind === 'require') {
      // require('./stripe').billing: a named export, even where module.exports is itself a client.
      const other = this.importedFile(file, ref.object.specifier);
      const named = other && ref.name !== 'default' ? this.exported(other, ref.name) : undefined;
      if (named) return named;
    }
    const object = this.holderOf(file, ref) ?? this.of(file, ref.object);
    switch (object?.kind) {
      case 'module':
        return this.exported(object.file, ref.name);
      case 'stripe-class':
        if (ref.name === 'webhooks') return { kind: 'resource', path: [ref.name] }; // Stripe.webhooks.constructEvent
        return ref.name === 'default' || ref.name === 'Stripe' ? STRIPE_CLASS : undefined;
      case 'client':
      case 'resource': {
        const path = object.kind === 'client' ? [ref.name] : [...object.path, ref.name];
        return ref.computed ? { kind: 'resource-at-run-time' } : { kind: 'resource', path, ...(object.keyed && KEYED) };
      }
      case 'class': {
        // Shopkeeper.$instance.stripe, new Billing(…).stripe: a member the class holds a client in.
        const members = object.file.classes.get(object.name)?.members ?? [];
        if (members.includes(ref.name)) return this.name(object.file, `${thisKey(object.name)}.${ref.name}`);
        // StripeClient.createFromRestrictedKey(key): a static method, here a factory.
        const method = `${object.name}.${ref.name}`;
        if (object.file.bindings.has(method)) return this.name(object.file, method);
        return object;
      }
      case undefined: {
        // const api = { c: stripe.customers }; api.c: the property written out (the last of a key
        // written twice), in this file or the one the object is exported from.
        const holder = ref.computed ? undefined : literalOf(this, file, ref.object);
        const property = holder && propertyOf(holder[1], ref.name);
        if (holder && property) return this.of(holder[0], property);
        // options.stripeClient, where stripeClient is a key clients are handed over under, or typed with;
        // not `this.client` declared with another package's type (`client: Paddle`).
        if (ref.computed || !this.clientKeys.has(ref.name)) return undefined;
        return key !== undefined && this.typedFromPackage(file, key) ? undefined : { kind: 'client', ...KEYED };
      }
      default:
        return undefined;
    }
  }
}
