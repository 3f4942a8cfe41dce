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
export function parserOptions(path: string): ParserOptions {
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
      ...(!typescript || path.endsWith('.tsx') ? (['jsx'] as const) : []),
      'decorators',
      'decoratorAutoAccessors',
    ],
  };
}

export function parseSource(path: string, text: string): File {
  return parse(text, parserOptions(path));
}

/** Component files whose script may run on the server: read for that script alone. */
const COMPONENT = /\.(astro|vue|svelte)$/;
/** An Astro page's frontmatter, from its first line: the page's server code. */
const FRONTMATTER = /^(\s*---[^\S\n]*\n)([\s\S]*?)\n---/;
const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

/**
 * The code of a file as the scan reads it: a component file's server-side script (an Astro page's
 * frontmatter, a Vue or Svelte component's `<script>` blocks; an Astro page's own `<script>` runs in
 * the browser), everything else blanked with its line breaks kept, so that each line and column is
 * the file's. Any other file as it is.
 */
export function codeOf(path: string, text: string): string {
  if (!COMPONENT.test(path)) return text;
  const parts: [start: number, end: number][] = [];
  if (path.endsWith('.astro')) {
    const front = FRONTMATTER.exec(text);
    if (front) parts.push([front[1]!.length, front[1]!.length + front[2]!.length]);
  } else
    for (const script of text.matchAll(SCRIPT)) {
      const start = script.index + script[0].indexOf('>') + 1;
      parts.push([start, start + script[1]!.length]);
    }
  let code = '';
  let at = 0;
  for (const [start, end] of parts) {
    code += blank(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  return code + blank(text.slice(at));
}
const blank = (text: string): string => text.replace(/[^\n]/g, ' ');

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
