/**
 * The `expand` option of a call as its source writes it: `{ expand: ['customer'] }`, also behind
 * TypeScript's wrappers (`{ … } as any`), under a quoted or computed-string key, or in an object
 * named earlier in the file (`const params = { expand: […] }; retrieve(id, params)`; named-expands.ts).
 */
import type { Node } from '@babel/types';
import { intern } from './intern.js';
import { columnOf, lineOf } from './refs.js';
import type { ExpandOption, Expands } from './types.js';

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'TypeCastExpression',
]);

export const MAY_HOLD_OPTION = new Set([
  'ObjectExpression',
  'ConditionalExpression',
  'LogicalExpression',
  'Identifier',
]);

/** The expression inside TypeScript's wrappers and parentheses. */
export function unwrapped(node: Node): Node {
  let inner = node;
  while (WRAPPERS.has(inner.type)) inner = (inner as Node & { expression: Node }).expression;
  return inner;
}

/** The members among a list's items, behind TypeScript's wrappers: `[stripe.products as any, stripe?.payouts]`. */
export function membersOf(items: readonly (Node | null)[]): Node[] {
  return items.flatMap((item) => {
    const inner = item && unwrapped(item);
    return inner?.type === 'MemberExpression' || inner?.type === 'OptionalMemberExpression' ? [inner] : [];
  });
}

/** A string written out in an expand list: `'customer'`, or `` `customer` `` with nothing in it. */
function plainString(node: Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * What an expression may be, through conditions: `full ? A : B` either branch, `A ?? B` or `A || B`
 * either side (a side that is no object holds no option, and costs nothing); `full && A` only A: the
 * left is that only when it is falsy, and nothing falsy holds an option (`...(status && { status })`).
 */
export function branchesOf(node: Node): Node[] {
  const inner = unwrapped(node);
  if (inner.type === 'ConditionalExpression') return [...branchesOf(inner.consequent), ...branchesOf(inner.alternate)];
  if (inner.type === 'LogicalExpression')
    return [...(inner.operator === '&&' ? [] : branchesOf(inner.left)), ...branchesOf(inner.right)];
  return [inner];
}

/**
 * One option as is; several (each branch of a condition) as a list, each charged, and each once:
 * `const A2 = f ? A1 : A1`, forty deep, would otherwise hold 2^40.
 */
export const asExpands = (found: readonly ExpandOption[]): Expands | undefined => {
  const options = found.length > 1 ? [...new Set(found)] : found;
  return options.length === 0 ? undefined : options.length === 1 ? options[0] : options;
};
/** Each option an `Expands` holds. */
export const eachOf = (expands: Expands | undefined): readonly ExpandOption[] =>
  expands === undefined ? NONE : 'fields' in expands ? [expands] : expands;

/** The expand option an object literal writes, as its last `expand` key or spread gives it. */
function writtenIn(object: Extract<Node, { type: 'ObjectExpression' }>, named: Named): readonly ExpandOption[] {
  let found: readonly ExpandOption[] = NONE;
  for (const p of object.properties) {
    if (p.type === 'SpreadElement') {
      const branches = branchesOf(p.argument);
      const spread = branches.flatMap((branch) => optionsIn(branch, named));
      // `...base` replaces what came before; `...(full ? A : {})` may not, so both may hold.
      if (spread.length > 0) found = branches.length > 1 ? [...found, ...spread] : spread;
      continue;
    }
    if (p.type !== 'ObjectProperty') continue;
    const key =
      p.key.type === 'StringLiteral' ? p.key.value : p.key.type === 'Identifier' && !p.computed ? p.key.name : '';
    if (key !== 'expand') continue;
    found = [optionOf(p.value)];
  }
  return found;
}

/** The option an `expand` value gives: a list of fields, each written out or computed, or computed whole. */
export function optionOf(expand: Node): ExpandOption {
  const value = unwrapped(expand);
  return value.type === 'ArrayExpression' ? itemsOption(value.elements) : computedWhole(value);
}

const computedWhole = (value: Node): ExpandOption => ({
  fields: [],
  computed: [{ whole: true, line: lineOf(value), column: columnOf(value) }],
});

/** The option a list of expand items gives (`['customer', field]`). */
export function itemsOption(items: readonly (Node | null)[]): ExpandOption {
  const option: ExpandOption = { fields: [], computed: [] };
  for (const element of items) {
    const text = element ? plainString(element) : undefined;
    if (element && text !== undefined)
      option.fields.push({ value: intern(text), line: lineOf(element), column: columnOf(element) });
    else if (element) option.computed.push({ whole: false, line: lineOf(element), column: columnOf(element) });
  }
  return option;
}

/** The options an expression holds: an object written out, or one named earlier in the file. */
function optionsIn(node: Node, named: Named): readonly ExpandOption[] {
  if (node.type === 'Identifier') return eachOf(named.get(node.name));
  return node.type === 'ObjectExpression' ? writtenIn(node, named) : NONE;
}
const NONE: readonly ExpandOption[] = Object.freeze([]);

/** The options an argument writes out, an object or a condition of them, or a name holds (`named`). */
export const optionsWritten = (node: Node, named: Named): readonly ExpandOption[] =>
  MAY_HOLD_OPTION.has(node.type) ? eachOf(expandOptionOf([node], named)) : NONE;

/** What the names of a file, where a call is, hold (NamedExpands). */
export interface Named {
  get(name: string): Expands | undefined;
}

/** The expand option a call's arguments give: the first argument that holds one, through conditions. */
export function expandOptionOf(args: readonly Node[], named: Named): Expands | undefined {
  for (const arg of args) {
    const inner = unwrapped(arg);
    // Most arguments are no condition: read as they are, with no list made.
    const options = CONDITIONS.has(inner.type)
      ? branchesOf(inner).flatMap((branch) => optionsIn(branch, named))
      : optionsIn(inner, named);
    const found = asExpands(options);
    if (found) return found;
  }
  return undefined;
}
export const CONDITIONS = new Set(['ConditionalExpression', 'LogicalExpression']);

/** Each name an expression may be, through conditions and spreads: `{ ...(full && LATER) }` gives LATER. */
export function namesIn(node: Node): string[] {
  return branchesOf(node).flatMap((branch) =>
    branch.type === 'Identifier'
      ? [branch.name]
      : branch.type === 'ObjectExpression'
        ? branch.properties.flatMap((p) => (p.type === 'SpreadElement' ? namesIn(p.argument) : []))
        : [],
  );
}
