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

/** The calls of a function by its name an expression may be, through conditions, `await` and spreads: `{ ...(full && build(p)) }`. */
export function callsIn(node: Node): [string, Call][] {
  return branchesOf(node).flatMap((branch): [string, Call][] =>
    branch.type === 'CallExpression' && branch.callee.type === 'Identifier'
      ? [[branch.callee.name, branch]]
      : branch.type === 'AwaitExpression'
        ? callsIn(branch.argument)
        : branch.type === 'ObjectExpression'
          ? branch.properties.flatMap((p) => (p.type === 'SpreadElement' ? callsIn(p.argument) : []))
          : [],
  );
}

/** What the functions of one file return as options, by the name each is declared with. */
export class ReturnedOptions {
  private readonly returns = new Map<string, { options: readonly ExpandOption[]; passes: ReadonlySet<number> }>();
  /** The file's functions by name, whatever they return: one not among them is not read. */
  private readonly functions = new Set<string>();

  declared(name: string): void {
    this.functions.add(name);
  }

  /**
   * A value a function returns: `{ expand: […] }`, written or held by a name (`named`); a parameter
   * handed back (`return { ...params }`, `const out = { ...x }; return out`). Functions of one name
   * are taken together; one without a name (a callback) is not kept.
   */
  note(
    value: Node,
    fn: { name?: string; params: readonly Node[]; copies?: ReadonlyMap<string, Copied> },
    named: Named,
  ): void {
    // A string, a number, a `new`, a function or `this` returned holds no options and copies nothing.
    if (fn.name === undefined || !RETURNS_OPTIONS.has(unwrapped(value).type)) return;
    const options = eachOf(expandOptionOf([value], named));
    let passes: number[] | undefined;
    for (const [from] of copiedFrom(value)) {
      const name = fn.copies?.get(from)?.[0] ?? from;
      const index = fn.params.findIndex((p) => declares(p, name));
      if (index >= 0) (passes ??= []).push(index);
    }
    if (options.length === 0 && !passes) return;
    const known = this.returns.get(fn.name);
    this.returns.set(fn.name, {
      options: [...(known?.options ?? []), ...options],
      passes: new Set([...(known?.passes ?? []), ...(passes ?? [])]),
    });
  }

  /** The expand a function returns, for its file's exports: a caller in another file is charged it. */
  optionsOf(name: string): Expands | undefined {
    return asExpands(this.returns.get(name)?.options ?? []);
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
    for (const [callee, args] of vias) {
      const returned = this.returns.get(callee);
      // A function the scan does not read (a package's, another file's, a copy's: copiedFrom has those)
      // may hand back what it is given: a parameter passed to it is reported.
      if (!returned && !this.functions.has(callee) && !COPIES.has(callee))
        for (const arg of args) for (const c of arg.parameters) if (open(c, expandFree)) opened.push(c);
      if (!returned) continue;
      options.push(...returned.options);
      for (const index of returned.passes) {
        options.push(...(args[index]?.options ?? []));
        for (const name of args[index]?.names ?? []) options.push(...eachOf(held(name)));
        for (const c of args[index]?.parameters ?? []) if (open(c, expandFree)) opened.push(c);
      }
    }
    return asExpands(opened.length > 0 ? [...options, { fields: [], computed: opened }] : options);
  }
}
