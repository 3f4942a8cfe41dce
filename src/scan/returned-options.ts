/**
 * Options a function of the file returns, read where it is called for a Stripe call's options
 * (`retrieve(id, withCustomer())`, `create({ ...normalize(data) })`): the expand it writes is the
 * call's; a parameter it hands back (`return { ...params }`) holds what its caller passed.
 */
import type { Node } from '@babel/types';
import {
  asExpands,
  branchesOf,
  eachOf,
  expandOptionOf,
  MAY_HOLD_OPTION,
  type Named,
  optionsWritten,
  unwrapped,
} from './expand-option.js';
import { COPIES, type Copied, copiedFrom, declares } from './option-params.js';
import type { ExpandOption, Expands } from './types.js';

export type Computed = ExpandOption['computed'];
/** A parameter reported unless typed with a type of the file's that holds no expand (`input: NewCustomer`). */
export const open = (c: Computed[number], expandFree: ReadonlySet<string>): boolean =>
  c.type === undefined || !expandFree.has(c.type);
/**
 * A call of a function by its name, passed as options: the name, and by the position of each of its
 * arguments what that argument may hold (names, parameters, an expand written), should the function
 * hand it back.
 */
export type ViaCall = [
  callee: string,
  args: { names: string[]; parameters: Computed; options: readonly ExpandOption[] }[],
];
type Call = Extract<Node, { type: 'CallExpression' }>;
/**
 * What a returned value that holds options or hands back a parameter may be: an object, a name, a
 * condition, a copy made by a call (`Object.assign({}, x)`), a part of one (`o.params`, `await req.json()`).
 */
const RETURNS_OPTIONS = new Set([
  ...MAY_HOLD_OPTION,
  'CallExpression',
  'MemberExpression',
  'OptionalMemberExpression',
  'AwaitExpression',
]);

/**
 * The calls of a function by its name an expression may be, through conditions, `await` and spreads
 * (`{ ...(full && build(p)) }`); `this.params()` by the key of the class's method (methodKey), `self`
 * being what `this` is where the expression is.
 */
export function callsIn(node: Node, self: string | undefined): [string, Call][] {
  return branchesOf(node).flatMap((branch): [string, Call][] => {
    if (branch.type === 'CallExpression') {
      const callee = calleeKey(branch.callee, self);
      return callee !== undefined ? [[callee, branch]] : [];
    }
    return branch.type === 'AwaitExpression'
      ? callsIn(branch.argument, self)
      : branch.type === 'ObjectExpression'
        ? branch.properties.flatMap((p) => (p.type === 'SpreadElement' ? callsIn(p.argument, self) : []))
        : [];
  });
}

/**
 * A function called by its name (`build`), or a method of the class whose instance (or, in a static
 * method, the class itself) `this` is: `self` is that class's key prefix (thisOf). Where `this` is
 * something else (a plain function's, an object's), a key no function of the file has: not read.
 */
function calleeKey(callee: Node, self: string | undefined): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'ThisExpression') return undefined;
  const name = memberKeyName(callee.property, callee.computed);
  return name === undefined ? undefined : `${self ?? 'this?'}${name}`;
}

/** `params`, `#params`; undefined for a computed key. */
function memberKeyName(key: Node, computed: boolean): string | undefined {
  return key.type === 'PrivateName' ? `#${key.id.name}` : !computed && key.type === 'Identifier' ? key.name : undefined;
}

/**
 * What `this` is in a function, as a key prefix for its class's methods: `Repo#` in an instance
 * method or a field's function, `Repo.` in a static one; an arrow function's is its outer
 * function's (`outer`); undefined in any other function, and in a class without a name.
 */
export function thisOf(fn: Node, parent: Node | undefined, className: string | undefined, outer: string | undefined) {
  const member = memberOf(fn, parent);
  if (member) return className === undefined ? undefined : `${className}${member.static ? '.' : '#'}`;
  return fn.type === 'ArrowFunctionExpression' ? outer : undefined;
}

/** The class member a function is: a method, or the value of a field (`#params = () => …`). */
function memberOf(fn: Node, parent: Node | undefined) {
  if (fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod') return fn;
  return (parent?.type === 'ClassProperty' || parent?.type === 'ClassPrivateProperty') && parent.value === fn
    ? parent
    : undefined;
}

/**
 * The key a class's method is called by from the class (`this.params()` in `Repo`: `Repo#params`;
 * static, `Repo.params`); undefined for accessors, the constructor, a computed name, a class without one.
 */
export function methodKey(fn: Node, parent: Node | undefined, className: string | undefined): string | undefined {
  const member = memberOf(fn, parent);
  if (!member || className === undefined || ('kind' in member && member.kind !== 'method')) return undefined;
  const name = memberKeyName(member.key, 'computed' in member && member.computed === true);
  return name === undefined ? undefined : `${className}${member.static ? '.' : '#'}${name}`;
}

/** An argument of a call a function returns (`return build(p, { expand: […] })`): what is written there, and which of the function's parameters it hands on. */
interface Handed {
  options: readonly ExpandOption[];
  passes: readonly number[];
}
type Passed = ViaCall[1][number];

/** What a function returns as options: an expand written, the parameters handed back, the calls returned. */
interface Returned {
  options: readonly ExpandOption[];
  passes: ReadonlySet<number>;
  calls: readonly [callee: string, args: readonly Handed[]][];
}

/** What the functions of one file return as options, by the name each is declared with. */
export class ReturnedOptions {
  private readonly returns = new Map<string, Returned>();
  /** The file's functions by name, whatever they return: one not among them is not read. */
  private readonly functions = new Set<string>();

  declared(name: string): void {
    this.functions.add(name);
  }

  /**
   * A value a function returns: `{ expand: […] }`, written or held by a name (`named`); a parameter
   * handed back (`return { ...params }`, `const out = { ...x }; return out`); a call of another
   * (`return build(params)`), read through once the file is walked. Functions of one name are taken
   * together; one without a name (a callback) is not kept.
   */
  note(
    value: Node,
    fn: { name?: string; params: readonly Node[]; copies?: ReadonlyMap<string, Copied>; self?: string },
    named: Named,
  ): void {
    // A string, a number, a `new`, a function or `this` returned holds no options and copies nothing.
    if (fn.name === undefined || !RETURNS_OPTIONS.has(unwrapped(value).type)) return;
    const options = eachOf(expandOptionOf([value], named));
    const passes = passedBack(value, fn);
    // `function f(build) { return build(); }`: whatever the caller hands over, not one of the file's.
    const calls = callsIn(value, fn.self)
      .filter(([callee]) => !fn.params.some((p) => declares(p, callee)))
      .map(([callee, call]): Returned['calls'][number] => [
        callee,
        call.arguments.map((a) => {
          const inner = unwrapped(a);
          return {
            options: optionsWritten(inner, named),
            passes: passedBack(inner, fn),
          };
        }),
      ]);
    if (options.length === 0 && passes.length === 0 && calls.length === 0) return;
    const known = this.returns.get(fn.name);
    this.returns.set(fn.name, {
      options: [...(known?.options ?? []), ...options],
      passes: new Set([...(known?.passes ?? []), ...passes]),
      calls: [...(known?.calls ?? []), ...calls],
    });
  }

  /** The expand a function returns, for its file's exports: a caller in another file is charged it. */
  optionsOf(name: string): Expands | undefined {
    return asExpands([...(this.settled().options.get(name) ?? [])]);
  }

  /**
   * A call's `expand` with what the functions it calls for options return, once the file is walked:
   * `held`, what a name passed holds there; a parameter typed with an `expandFree` type holds none.
   */
  expandOf(
    vias: readonly ViaCall[],
    expand: Expands | undefined,
    held: (name: string) => Expands | undefined,
    expandFree: ReadonlySet<string>,
  ): Expands | undefined {
    const options = [...eachOf(expand)];
    const opened: Computed = [];
    const flow = this.settled();
    const report = (arg: Passed | undefined): void => {
      for (const c of arg?.parameters ?? []) if (open(c, expandFree)) opened.push(c);
    };
    for (const [callee, args] of vias) {
      if (!this.returns.has(callee)) {
        // A function the scan does not read (a package's, another file's, a copy's: copiedFrom has
        // those) may hand back what it is given: a parameter passed to it is reported.
        if (unread(this.functions, callee)) for (const arg of args) report(arg);
        continue;
      }
      options.push(...(flow.options.get(callee) ?? []));
      args.forEach((arg, index) => {
        if (flow.back.has(`${callee}#${index}`)) {
          options.push(...arg.options);
          for (const name of arg.names) options.push(...eachOf(held(name)));
          report(arg);
        } else if (flow.out.has(`${callee}#${index}`)) report(arg);
      });
    }
    return asExpands(opened.length > 0 ? [...options, { fields: [], computed: opened }] : options);
  }

  private flow: Flow | undefined;

  /**
   * Once the file is walked, for each function: the expand it returns, its own or through the calls
   * it returns (`return withCustomer()`); which of its parameters it hands back (`back`, through
   * `return normalize(p)` too), and which it hands to a function the scan does not read (`out`).
   * Worked out once for the file, each function again only when one it calls learns something, so a
   * chain of any depth or a maze of calls of each other ends in as many steps as they have calls.
   */
  private settled(): Flow {
    if (this.flow) return this.flow;
    const options = new Map<string, Set<ExpandOption>>();
    const back = new Set<string>();
    const out = new Set<string>();
    const callers = new Map<string, string[]>();
    for (const [fn, returned] of this.returns) {
      options.set(fn, new Set(returned.options));
      for (const index of returned.passes) back.add(`${fn}#${index}`);
      for (const [inner] of returned.calls) {
        const list = callers.get(inner) ?? [];
        if (list.at(-1) !== fn) list.push(fn);
        callers.set(inner, list);
      }
    }
    const queue = [...this.returns.keys()];
    const queued = new Set(queue);
    for (let at = 0; at < queue.length; at++) {
      const fn = queue[at]!;
      queued.delete(fn);
      const returned = this.returns.get(fn)!;
      const mine = options.get(fn)!;
      const before = mine.size + back.size + out.size;
      for (const [inner, handed] of returned.calls) {
        for (const option of options.get(inner) ?? []) mine.add(option);
        handed.forEach((h, index) => {
          const handsBack = back.has(`${inner}#${index}`);
          if (handsBack) for (const option of h.options) mine.add(option);
          const handsOut = (!this.returns.has(inner) && unread(this.functions, inner)) || out.has(`${inner}#${index}`);
          for (const k of h.passes) {
            if (handsBack) back.add(`${fn}#${k}`);
            if (handsOut) out.add(`${fn}#${k}`);
          }
        });
      }
      const learnt = mine.size + back.size + out.size > before;
      if (!learnt) continue;
      for (const caller of callers.get(fn) ?? [])
        if (!queued.has(caller)) {
          queued.add(caller);
          queue.push(caller);
        }
    }
    this.flow = { options: new Map([...options].map(([fn, set]) => [fn, [...set]])), back, out };
    return this.flow;
  }
}

/** What the functions of a file return, worked out once it is walked (ReturnedOptions.settled). */
interface Flow {
  options: ReadonlyMap<string, readonly ExpandOption[]>;
  /** `fn#index`: the parameter at index is handed back. */
  back: ReadonlySet<string>;
  /** `fn#index`: the parameter at index is handed to a function the scan does not read. */
  out: ReadonlySet<string>;
}

/** A function the scan does not read: not the file's, and no copy (copiedFrom has those). */
const unread = (functions: ReadonlySet<string>, fn: string): boolean => !functions.has(fn) && !COPIES.has(fn);

/** The parameters of `fn` a value hands back, by their place: `{ ...params }`, or a name given a copy of one. */
function passedBack(value: Node, fn: { params: readonly Node[]; copies?: ReadonlyMap<string, Copied> }): number[] {
  const passes: number[] = [];
  for (const [from] of copiedFrom(value)) {
    const name = fn.copies?.get(from)?.[0] ?? from;
    const index = fn.params.findIndex((p) => declares(p, name));
    if (index >= 0) passes.push(index);
  }
  return passes;
}
