/**
 * The `expand` option of a call as its source writes it: `{ expand: ['customer'] }`, also behind
 * TypeScript's wrappers (`{ … } as any`), under a quoted or computed-string key, or in an object
 * named earlier in the file (`const params = { expand: […] }; retrieve(id, params)`).
 */
import type { Node } from '@babel/types';
import { columnOf, intern, lineOf } from './refs.js';
import type { CallSite, ExpandOption, Ref } from './types.js';

const NO_OPTIONS: ReadonlyMap<string, ExpandOption> = new Map();

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

/** The expand option an object literal writes, or one it spreads (`{ ...base }`); the last one holds. */
export function expandOptionOf(
  args: readonly Node[],
  named: { get(name: string): ExpandOption | undefined },
): ExpandOption | undefined {
  for (const written of args) {
    const arg = unwrapped(written);
    if (arg.type === 'Identifier') {
      const option = named.get(arg.name);
      if (option) return option;
      continue;
    }
    if (arg.type !== 'ObjectExpression') continue;
    let found: ExpandOption | undefined;
    for (const p of arg.properties) {
      if (p.type === 'SpreadElement') {
        const spread = unwrapped(p.argument);
        if (spread.type === 'Identifier') found = named.get(spread.name) ?? found;
        continue;
      }
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
          const text = element ? plainString(element) : undefined;
          if (element && text !== undefined)
            option.fields.push({ value: intern(text), line: lineOf(element), column: columnOf(element) });
          else if (element) option.computed.push({ whole: false, line: lineOf(element), column: columnOf(element) });
        }
      found = option;
    }
    if (found) return found;
  }
  return undefined;
}

/**
 * Objects holding an `expand` option, by the name they are given (`const params = { expand: […] }`),
 * for the calls that pass them; a call made before the object is declared in the file is given it
 * once the file is walked.
 */
export class NamedExpands {
  private readonly named = new Map<string, ExpandOption>();
  private readonly waiting: [CallSite, string][] = [];

  get(name: string): ExpandOption | undefined {
    return this.named.get(name);
  }

  /** `const params = { expand: […] }`: kept by its name. */
  declare(name: string, init: Node | null | undefined): void {
    const option = init && unwrapped(init).type === 'ObjectExpression' ? expandOptionOf([init], this) : undefined;
    if (option) this.named.set(name, option);
  }

  /** The option a call's arguments give; a name not declared yet is looked up again by settle(). */
  of(args: readonly Node[], call: CallSite): void {
    call.expand = expandOptionOf(args, this);
    if (call.expand) return;
    for (const arg of args) {
      const inner = unwrapped(arg);
      if (inner.type === 'Identifier') this.waiting.push([call, inner.name]);
      // { ...base }, base declared below.
      if (inner.type === 'ObjectExpression')
        for (const p of inner.properties) {
          const spread = p.type === 'SpreadElement' ? unwrapped(p.argument) : undefined;
          if (spread?.type === 'Identifier') this.waiting.push([call, spread.name]);
        }
    }
  }

  /**
   * Once the file is walked: each waiting call given what a name declared below holds, or told the
   * name to look up in the file it is imported from; returns the exported names' options.
   */
  settle(exports: ReadonlyMap<string, Ref>): ReadonlyMap<string, ExpandOption> {
    for (const [call, name] of this.waiting) {
      call.expand ??= this.named.get(name);
      // The last name passed: options come after ids.
      if (!call.expand) call.optionsName = name;
    }
    const exported = new Map<string, ExpandOption>();
    for (const [name, ref] of exports) {
      const option = ref.kind === 'name' ? this.named.get(ref.name) : undefined;
      if (option) exported.set(name, option);
    }
    return exported.size > 0 ? exported : NO_OPTIONS;
  }
}
