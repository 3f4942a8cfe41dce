/**
 * The `expand` option of a call as its source writes it: `{ expand: ['customer'] }`, also behind
 * TypeScript's wrappers (`{ … } as any`), under a quoted or computed-string key, or in an object
 * named earlier in the file (`const params = { expand: […] }; retrieve(id, params)`).
 */
import type { Node } from '@babel/types';
import { columnOf, intern, lineOf } from './refs.js';
import type { ExpandOption } from './types.js';

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'TypeCastExpression',
]);

/** The expression inside TypeScript's wrappers and parentheses. */
export function unwrapped(node: Node): Node {
  let inner = node;
  while (WRAPPERS.has(inner.type)) inner = (inner as Node & { expression: Node }).expression;
  return inner;
}

export function expandOptionOf(
  args: readonly Node[],
  named: ReadonlyMap<string, ExpandOption>,
): ExpandOption | undefined {
  for (const written of args) {
    const arg = unwrapped(written);
    if (arg.type === 'Identifier') {
      const option = named.get(arg.name);
      if (option) return option;
      continue;
    }
    if (arg.type !== 'ObjectExpression') continue;
    for (const p of arg.properties) {
      if (p.type !== 'ObjectProperty') continue;
      const key =
        p.key.type === 'StringLiteral' ? p.key.value : p.key.type === 'Identifier' && !p.computed ? p.key.name : '';
      if (key !== 'expand') continue;
      const value = unwrapped(p.value);
      const option: ExpandOption = { fields: [], computed: [] };
      if (value.type !== 'ArrayExpression')
        option.computed.push({ whole: true, line: lineOf(value), column: columnOf(value) });
      else
        for (const element of value.elements) {
          if (element?.type === 'StringLiteral')
            option.fields.push({ value: intern(element.value), line: lineOf(element), column: columnOf(element) });
          else if (element) option.computed.push({ whole: false, line: lineOf(element), column: columnOf(element) });
        }
      return option;
    }
  }
  return undefined;
}
