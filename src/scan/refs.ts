/** Expressions in the scan's summary form (see Ref), and the names of member chains for messages. */
import type { Expression, MemberExpression, Node, OptionalMemberExpression, PrivateName } from '@babel/types';
import { intern } from './intern.js';
import { STRIPE_TYPE, typeNames } from './type-names.js';
import { GIVES_BACK_FIRST } from './tables.js';
import type { Ref } from './types.js';

export const UNKNOWN: Ref = { kind: 'unknown' };

export type FunctionRef = Extract<Ref, { kind: 'function' }>;

export const lineOf = (node: Node): number => node.loc?.start.line ?? 1;
export const columnOf = (node: Node): number => (node.loc?.start.column ?? 0) + 1;

/**
 * Turns expressions into Refs for one file. A function's Ref is made once and filled with its
 * `return`s when the walk reaches them; the enclosing class names what `this` is.
 */
export class RefMaker {
  // A plain Map, dropped with the file: weak maps cost the garbage collector more.
  private readonly functions = new Map<Node, FunctionRef>();
  // One Ref for each name, and for `this` in each class: a file names the same few things often, and
  // a Ref stands for the same value wherever it is in its file.
  private readonly names = new Map<string, Ref>();
  private readonly these = new Map<string | undefined, Ref>();
  className: string | undefined;

  functionRef(node: Node): FunctionRef {
    let ref = this.functions.get(node);
    if (!ref) {
      ref = { kind: 'function', returns: [] };
      this.functions.set(node, ref);
      if (node.type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement')
        ref.returns.push(this.ref(node.body));
      // `function typed(): Stripe`, `async (): Promise<Stripe> =>`: what it returns is typed a client.
      if ('returnType' in node && node.returnType?.type === 'TSTypeAnnotation') {
        const type = node.returnType.typeAnnotation;
        const awaited =
          type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'Promise'
            ? type.typeParameters?.params[0]
            : type;
        if (typeNames(awaited).includes('Stripe')) ref.returns.push(STRIPE_TYPE);
      }
    }
    return ref;
  }

  /**
   * Lets go of the file's tree once it is walked: a table of its nodes kept past the walk (V8 may
   * have made it in the old generation) would keep the whole tree alive until a full collection.
   */
  dropTree(): void {
    this.functions.clear();
  }

  ref(node: Node | null | undefined): Ref {
    return node ? this.make(node) : UNKNOWN;
  }

  /**
   * What a list handed to a call holds that may be a client, under LISTED: its names and what its
   * objects hold (`plugin([stripeClient, { client }])`). Its members are `listed` (summarise.ts).
   */
  heldInList(items: readonly (Node | null)[], into?: [string, Ref][]): [string, Ref][] | undefined {
    for (const item of items)
      if (item?.type === 'Identifier') (into ??= []).push([LISTED, this.ref(item)]);
      else if (item?.type === 'ObjectExpression') into = heldByKey(this.ref(item), into, 1, LISTED);
    return into;
  }

  /**
   * A call keeps its first argument only: what a compiled interop helper (`__importDefault(x)`)
   * wraps, or the function a wrapper is given (`once(() => new Stripe(key))`, `memoize(make)`); a
   * string, only one naming Stripe, which a locator is asked for (`di.fetch('StripeService')`).
   */
  private call(callee: Node, first: Node | undefined, isNew: boolean): Ref {
    const ref: Ref = { kind: 'call', callee: this.ref(callee) };
    if (first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder') {
      const inner = this.ref(first);
      if (
        inner.kind === 'require' ||
        inner.kind === 'name' ||
        inner.kind === 'member' ||
        inner.kind === 'call' ||
        inner.kind === 'function' ||
        (inner.kind === 'string' && /stripe/i.test(inner.value))
      )
        ref.first = inner;
    }
    if (isNew) ref.isNew = true;
    return ref;
  }

  private make(node: Node): Ref {
    switch (node.type) {
      case 'Identifier': {
        let ref = this.names.get(node.name);
        if (!ref) this.names.set(node.name, (ref = { kind: 'name', name: intern(node.name) }));
        return ref;
      }
      case 'ThisExpression': {
        let ref = this.these.get(this.className);
        if (!ref)
          this.these.set(
            this.className,
            (ref = this.className ? { kind: 'this', className: this.className } : { kind: 'this' }),
          );
        return ref;
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const object = this.ref(node.object);
        const property = node.property;
        if (!node.computed && property.type === 'Identifier')
          return { kind: 'member', object, name: intern(property.name) };
        if (property.type === 'StringLiteral') return { kind: 'member', object, name: intern(property.value) };
        // stripe.reviews[`list`]: a string written out all the same.
        if (property.type === 'TemplateLiteral' && property.expressions.length === 0)
          return { kind: 'member', object, name: intern(property.quasis[0]?.value.cooked ?? '') };
        if (property.type === 'PrivateName') return { kind: 'member', object, name: intern(`#${property.id.name}`) };
        return { kind: 'member', object, name: '[…]', computed: true };
      }
      case 'CallExpression':
      case 'OptionalCallExpression': {
        const [first] = node.arguments;
        // require('stripe'), and import('stripe') as `await` gives it: the module.
        const loads =
          node.callee.type === 'Import' || (node.callee.type === 'Identifier' && node.callee.name === 'require');
        if (loads && first?.type === 'StringLiteral') return { kind: 'require', specifier: intern(first.value) };
        // Object.freeze({ platform: () => new Stripe(key) }): the object itself, its keys unchanged.
        if (first && isFreezing(node.callee)) return this.ref(first);
        const ref = this.call(node.callee, first, false);
        // singleton('stripe', () => new Stripe(key)): a value made once under a name, by a function of
        // that name, or by a cache's get-or-make method (`cache.getOrSet('stripe', make)`), may be what
        // the function given makes (values.ts: when the callee says nothing).
        const makers = ref.kind === 'call' && makesOnce(node.callee, first) ? makersOf(node.arguments) : [];
        if (ref.kind === 'call' && makers.length > 0)
          ref.made =
            makers.length === 1 ? this.ref(makers[0]) : { kind: 'either', options: makers.map((m) => this.ref(m)) };
        return ref;
      }
      case 'NewExpression':
        return this.call(node.callee, node.arguments[0], true);
      case 'TSExternalModuleReference':
        return { kind: 'require', specifier: intern(node.expression.value) };
      case 'AwaitExpression':
        return this.ref(node.argument);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ParenthesizedExpression':
      case 'TypeCastExpression':
        return this.ref(node.expression);
      case 'SequenceExpression':
        return this.ref(node.expressions.at(-1));
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.functionRef(node);
      case 'ObjectExpression': {
        const properties: [string, Ref][] = [];
        let partial = false;
        let overridable = 0;
        for (const p of node.properties) {
          // A method (`connected(account) { return new Stripe(account); }`) is the function it is; a getter is not.
          const method = p.type === 'ObjectMethod' && p.kind === 'method';
          if ((p.type !== 'ObjectProperty' && !method) || p.computed) {
            if (p.type === 'SpreadElement' || p.computed) {
              partial = true;
              overridable = properties.length;
            }
            continue;
          }
          const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : '';
          if (key)
            properties.push([intern(key), p.type === 'ObjectProperty' ? this.ref(p.value) : this.functionRef(p)]);
        }
        return partial
          ? { kind: 'object', properties: properties.slice(), partial: true, overridable }
          : { kind: 'object', properties: properties.slice() };
      }
      case 'ConditionalExpression':
        return { kind: 'either', options: [this.ref(node.consequent), this.ref(node.alternate)] };
      case 'LogicalExpression':
        return { kind: 'either', options: [this.ref(node.left), this.ref(node.right)] };
      case 'AssignmentExpression':
        return this.ref(node.right);
      case 'StringLiteral':
        return { kind: 'string', value: intern(node.value) };
      case 'TemplateLiteral':
        return node.expressions.length === 0 && node.quasis[0]?.value.cooked != null
          ? { kind: 'string', value: intern(node.quasis[0].value.cooked) }
          : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }
}

/**
 * A call that gives back what its function makes, once: a function by name given a name first
 * (`singleton('stripe', …)`), or a cache's get-or-make method (`getOrSet`, `getOrInsertComputed`,
 * `remember`); not a registration (`map.set`, `container.bind`), which gives back no value.
 */
const makesOnce = (callee: Node, first: Node | undefined): boolean =>
  callee.type === 'Identifier'
    ? first?.type === 'StringLiteral'
    : callee.type === 'MemberExpression' &&
      callee.property.type === 'Identifier' &&
      /^(getOr[A-Z]\w*|remember(Forever)?)$/.test(callee.property.name);

const isFreezing = (callee: Node): boolean =>
  callee.type === 'MemberExpression' &&
  callee.object.type === 'Identifier' &&
  callee.object.name === 'Object' &&
  callee.property.type === 'Identifier' &&
  GIVES_BACK_FIRST.has(callee.property.name);

/**
 * What may be the function a value is made by, after the name or key it is kept under: the
 * functions written there, the last first, then those named, the last first (`remember('stripe',
 * TTL, makeStripe)`, `getOrSet('k', () => …, onError)`); values.ts takes the first that makes something.
 */
function makersOf(args: readonly Node[]): Node[] {
  const rest = args.slice(1).reverse();
  const written = rest.filter((a) => a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression');
  return [...written, ...rest.filter((a) => a.type === 'Identifier')];
}

/** The names and members a pattern assigns to: `a`, `this.c` and `d` in `[a, { b: this.c }, ...d] = …`. */
export function patternTargets(node: Node | null): Node[] {
  if (!node) return [];
  switch (node.type) {
    case 'ObjectPattern':
      return node.properties.flatMap((p) => patternTargets(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return node.elements.flatMap(patternTargets);
    case 'AssignmentPattern':
      return patternTargets(node.left);
    case 'RestElement':
      return patternTargets(node.argument);
    default:
      return [node];
  }
}

/**
 * `this` as a binding's key: a class's own (`this@Billing`), so that two classes of one file keep
 * their members apart; `this` outside any named class.
 */
export const thisKey = (className: string | undefined): string => (className ? `this@${className}` : 'this');

/** The key a list's item is held under in a call's `keyed`: a list has no key of its own to follow. */
export const LISTED = '[]';

/**
 * What an object handed to a call holds that may be a client, by the key it is held under: its
 * names, members and calls, and those of an object in it (`{ options: { stripeClient } }`), a few
 * levels deep.
 */
export function heldByKey(
  object: Ref,
  into?: [string, Ref][],
  depth = 0,
  /** The key to hold them under instead of their own: LISTED, for an object in a list. */
  as?: string,
): [string, Ref][] | undefined {
  if (object.kind !== 'object' || depth > 3) return into;
  for (const [key, value] of object.properties)
    if (value.kind === 'name' || value.kind === 'member' || value.kind === 'call')
      (into ??= []).push([as ?? key, value]);
    else if (value.kind === 'object') into = heldByKey(value, into, depth + 1, as);
  return into;
}

/** `a.b.c` for a chain of names, `this` and plain calls (`getStripe()`); undefined for anything else. */
export function chainKey(ref: Ref): string | undefined {
  switch (ref.kind) {
    case 'name':
      return ref.name;
    case 'this':
      return thisKey(ref.className);
    case 'member': {
      if (ref.computed) return undefined;
      const object = chainKey(ref.object);
      return object === undefined ? undefined : `${object}.${ref.name}`;
    }
    default:
      return undefined;
  }
}

/** The text of an expression for messages: `this.stripe.customers.list`, `client[…].list`. */
export function chainText(ref: Ref): string {
  switch (ref.kind) {
    case 'name':
      // `sync#0`, what `function sync({ invoices })` destructures (paramNames); the pattern only
      // where it may match, since nearly every message names a name.
      if (!ref.name.includes('#')) return ref.name;
      return ref.name.replace(/^(.+)#(\d+)$/, (_, fn: string, i: string) => `${fn}()'s parameter ${Number(i) + 1}`);
    case 'this':
      return 'this';
    case 'member':
      return ref.computed ? `${chainText(ref.object)}[…]` : `${chainText(ref.object)}.${ref.name}`;
    case 'call':
      return `${ref.isNew ? 'new ' : ''}${chainText(ref.callee)}()`;
    case 'require':
      return `require('${ref.specifier}')`;
    default:
      return '(…)';
  }
}

/** The member names of a chain, from its base: `a.b.c` → [a, b, c]; the base may be anything. */
export function chainNames(ref: Ref): string[] {
  const names: string[] = [];
  let current: Ref = ref;
  while (current.kind === 'member') {
    names.unshift(current.name);
    current = current.object;
  }
  names.unshift(chainText(current));
  return names;
}

/**
 * A function's parameters by position: a name (`this.x` too for a TypeScript parameter property),
 * or for a pattern (`{ customers }`) the name its members are read through, `<owner>#<position>`.
 */
export const paramNames = (list: Node[], owner?: string): string[][] =>
  list.map((p, i) => {
    if (p.type === 'Identifier') return [intern(p.name)];
    const pattern = p.type === 'AssignmentPattern' ? p.left : p;
    if (pattern.type === 'ObjectPattern' && owner) return [intern(`${owner}#${i}`)];
    if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return [intern(p.left.name)];
    if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier')
      return [intern(p.parameter.name), intern(`${thisKey(owner)}.${p.parameter.name}`)];
    return [];
  });

/** A class member's name as `this.<name>` reads it: `x`, `#x`, or '' for a computed key. */
export function memberName(key: Expression | PrivateName): string {
  return key.type === 'Identifier' ? key.name : key.type === 'PrivateName' ? `#${key.id.name}` : '';
}

/** A chain's expressions from its base, as chainNames names them: `a`, `a.b`, `a.b.c`. */
export function chainRefs(ref: Ref): Ref[] {
  const refs: Ref[] = [ref];
  for (let r = ref; r.kind === 'member'; r = r.object) refs.unshift(r.object);
  return refs;
}

/** The name a member reads, written out (`a.list`, `a['list']`); undefined when computed. */
export const propertyName = (node: MemberExpression | OptionalMemberExpression): string | undefined =>
  !node.computed
    ? node.property.type === 'Identifier'
      ? node.property.name
      : undefined
    : node.property.type === 'StringLiteral'
      ? node.property.value
      : undefined;

/**
 * A call that makes something new from options: `new X(…)`, or a function given nothing or no
 * name, member or call first (`google.calendar({ version: 'v3' })`). Not a locator's getter
 * (`container.resolve('stripe')`, `inject('billing')`, any call given a string naming Stripe:
 * `di.fetch('StripeService')`), nor a wrapper given a value (`withRetry(client)`).
 */
export const madeFromOptions = (ref: Ref): ref is Extract<Ref, { kind: 'call' }> =>
  ref.kind === 'call' &&
  (ref.isNew === true ||
    (ref.first === undefined &&
      !LOCATORS.test(ref.callee.kind === 'name' || ref.callee.kind === 'member' ? ref.callee.name : '')));
export const LOCATORS =
  /^(?:(?:get|resolve|inject|use|lookup|locate)(?:$|[A-Z_])|(?:make|provide|require|load|service)$)/;

/**
 * The name a chain starts from (`google` of `google.drive`), if it starts from one; `throughCalls`,
 * through calls too (`vi` of `vi.spyOn(x, 'y').mockReturnValue`, a test's mock set up).
 */
export function rootOf(ref: Ref, throughCalls = false): string | undefined {
  let root = ref;
  while (root.kind === 'member' || (throughCalls && root.kind === 'call'))
    root = root.kind === 'member' ? root.object : root.callee;
  return root.kind === 'name' ? root.name : undefined;
}

/** The module a name is required from, when that is all it is given (`const { Drive } = require('x')`). */
export function requiredFrom(values: readonly Ref[] | undefined): string | undefined {
  const [only, ...more] = values ?? [];
  let root = only;
  while (root?.kind === 'member') root = root.object;
  return more.length === 0 && root?.kind === 'require' ? root.specifier : undefined;
}
