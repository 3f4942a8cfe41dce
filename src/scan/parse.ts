/**
 * Parsing a file as the scan does (with the options the scan bench's parse-only baseline shares),
 * and the comments of a parsed file that may type a Stripe client.
 */
import { type ParserOptions, parse } from '@babel/parser';
import type { File, Node } from '@babel/types';
import { chainKey, type RefMaker } from './refs.js';
import { resourceOfType, STRIPE_TYPE as CLIENT } from './type-names.js';
import type { Ref } from './types.js';

/** Parser options, shared with the scan bench's parse-only baseline. */
export function parserOptions(path: string, jsx = false): ParserOptions {
  const typescript = /\.(ts|tsx|mts|cts|astro|vue|svelte)$/.test(path);
  return {
    sourceType: 'unambiguous',
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    // Comments stay in the file's list, not on each node: only JSDoc types are read, by position.
    attachComment: false,
    // Decorators as TypeScript and Babel write them (NestJS services, `accessor` fields); a decorated
    // parameter (`constructor(@Inject(STRIPE) stripe)`) is an error the parser recovers from.
    plugins: [
      ...(typescript ? (['typescript'] as const) : []),
      ...(!typescript || jsx || path.endsWith('.tsx') ? (['jsx'] as const) : []),
      'decorators',
      'decoratorAutoAccessors',
    ],
  };
}

/** `jsx`: JSX in TypeScript, as a component's `<script lang="tsx">` has it. */
export function parseSource(path: string, text: string, jsx = false): File {
  return parse(text, parserOptions(path, jsx));
}

/** JSDoc that types a name as a Stripe client: `@type {Stripe}`, `@param {import('stripe').Stripe} client`. */
const STRIPE_TYPE = String.raw`(?:import\(\s*['"]stripe['"]\s*\)\.)?(?:Stripe|default)`;
export const JSDOC_TYPE = new RegExp(String.raw`@type\s*\{\s*${STRIPE_TYPE}\s*\}`);
/** `@param {Stripe} client`, or one of its resources: `@param {Stripe.Checkout.SessionsResource} sessions` (group 1). */
export const JSDOC_PARAM = new RegExp(
  String.raw`@param\s*\{\s*${STRIPE_TYPE}(?:\.((?:[A-Z]\w*\.)*[A-Z]\w*Resource))?\s*\}\s*\[?([\w$]+)`,
  'g',
);

/**
 * The names a JSDoc comment before `node` types as a client or one of its resources: `@type {Stripe}`
 * on a variable, a class's field (`self`: its `this`) or an assignment; `@param {Stripe} client`.
 */
export function jsdocBindings(node: Node, text: string, self: string, refs: RefMaker): [string | undefined, Ref][] {
  const bound: [string | undefined, Ref][] = [];
  if (JSDOC_TYPE.test(text)) {
    if (node.type === 'VariableDeclaration')
      for (const d of node.declarations) if (d.id.type === 'Identifier') bound.push([d.id.name, CLIENT]);
    if (node.type === 'ClassProperty' && node.key.type === 'Identifier')
      bound.push([`${self}.${node.key.name}`, CLIENT]);
    if (node.type === 'ExpressionStatement' && node.expression.type === 'AssignmentExpression')
      bound.push([chainKey(refs.ref(node.expression.left)), CLIENT]);
  }
  for (const m of text.matchAll(JSDOC_PARAM)) bound.push([m[2], m[1] ? resourceOfType(m[1].split('.')) : CLIENT]);
  return bound;
}

/**
 * The comments that may give a Stripe type (`/** @type {import('stripe').Stripe} *\/`), by the
 * offset of the code they stand before.
 */
export function stripeComments(file: File, text: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const comment of file.comments ?? []) {
    if (!/stripe/i.test(comment.value) || comment.end == null) continue;
    let next = comment.end;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    found.set(next, `${found.get(next) ?? ''}\n${comment.value}`);
  }
  return found;
}
