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
 * (`{ ...(full && build(p)) }`); `this.params()` by the key of the class's method (ownKey), `self`
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
            options: MAY_HOLD_OPTION.has(inner.type) ? eachOf(expandOptionOf([inner], named)) : [],
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
    const options: ExpandOption[] = [];
    this.through(name, [], () => undefined, new Set(), options, [], new Set());
    return asExpands(options);
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
    for (const [callee, args] of vias) this.through(callee, args, held, expandFree, options, opened, new Set());
    return asExpands(opened.length > 0 ? [...options, { fields: [], computed: opened }] : options);
  }

  /**
   * What calling `callee` with `args` gives as options, added to `options`; the caller's parameters
   * it may hand back, to `opened`. Through the calls it returns, each function once for each shape
   * of what it is handed (`seen`): a chain of any depth, or a call of itself with other arguments
   * (`return extra ? build({ ...p, ...extra }) : { ...p }`), is followed in steps its files bound.
   */
  private through(
    callee: string,
    args: readonly Passed[],
    held: (name: string) => Expands | undefined,
    expandFree: ReadonlySet<string>,
    options: ExpandOption[],
    opened: Computed,
    seen: Set<string>,
  ): void {
    const returned = this.returns.get(callee);
    // A function the scan does not read (a package's, another file's, a copy's: copiedFrom has those)
    // may hand back what it is given: a parameter passed to it is reported.
    if (!returned) {
      if (!this.functions.has(callee) && !COPIES.has(callee))
        for (const arg of args) for (const c of arg.parameters) if (open(c, expandFree)) opened.push(c);
      return;
    }
    const shape = `${callee}(${args.map(shapeOf).join(')(')})`;
    if (seen.has(shape)) return;
    // So many shapes only a generated file has: what the arguments hold is reported, not read further.
    if (seen.size >= MAX_SHAPES) {
      for (const arg of args) for (const c of arg.parameters) if (open(c, expandFree)) opened.push(c);
      return;
    }
    seen.add(shape);
    options.push(...returned.options);
    for (const index of returned.passes) {
      options.push(...(args[index]?.options ?? []));
      for (const name of args[index]?.names ?? []) options.push(...eachOf(held(name)));
      for (const c of args[index]?.parameters ?? []) if (open(c, expandFree)) opened.push(c);
    }
    for (const [inner, handed] of returned.calls) {
      const passed = handed.map(
        (h): Passed => ({
          options: [...h.options, ...h.passes.flatMap((i) => args[i]?.options ?? [])],
          names: h.passes.flatMap((i) => args[i]?.names ?? []),
          parameters: h.passes.flatMap((i) => args[i]?.parameters ?? []),
        }),
      );
      this.through(inner, passed, held, expandFree, options, opened, seen);
    }
  }
}

/** How many function-and-arguments shapes one call's options are followed through. */
const MAX_SHAPES = 256;

/** What an argument holds, as far as what a function gives back can differ by it. */
const shapeOf = (arg: Passed): string =>
  `${arg.options.length}:${arg.names.join(',')}:${arg.parameters.map((c) => c.parameter).join(',')}`;

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
