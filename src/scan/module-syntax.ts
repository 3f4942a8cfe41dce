/**
 * What a file's import and export declarations give its summary: each local name imported with where
 * from and which export, and each name exported with its value; the names function expressions are
 * kept by (`const sync = …`, `exports.sync = …`) and those their place gives a value (PlacedNames).
 */
import type { ExportNamedDeclaration, ImportDeclaration, Node } from '@babel/types';
import { intern } from './intern.js';
import { isStripeModule } from './module-graph.js';
import { columnOf, lineOf, patternTargets, UNKNOWN } from './refs.js';
import type { At, Ref } from './types.js';
import { namespaceOf } from './type-names.js';

/** `import a, { b as c } from 'x'`: each local name with its specifier and export (`default`, `*` or a name). */
export function importsOf(node: ImportDeclaration): [local: string, { specifier: string; imported: string }][] {
  const specifier = intern(node.source.value);
  return node.specifiers.map((spec) => {
    const imported =
      spec.type === 'ImportDefaultSpecifier'
        ? 'default'
        : spec.type === 'ImportNamespaceSpecifier'
          ? '*'
          : spec.imported.type === 'Identifier'
            ? spec.imported.name
            : spec.imported.value;
    return [intern(spec.local.name), { specifier, imported: intern(imported) }];
  });
}

/** export const, function, class, enum, each under its own name; `export { a as b }` and `export { a } from 'x'`. */
export function namedExports(node: ExportNamedDeclaration, ref: (node: Node) => Ref): [name: string, value: Ref][] {
  const exported: [string, Ref][] = [];
  const declaration = node.declaration;
  const ids =
    declaration?.type === 'VariableDeclaration'
      ? declaration.declarations.map((d) => d.id)
      : declaration && 'id' in declaration && declaration.id
        ? [declaration.id]
        : [];
  // `export const { customers, products } = stripe`: each name the pattern declares.
  for (const id of ids)
    for (const target of patternTargets(id))
      if (target.type === 'Identifier') exported.push([intern(target.name), ref(target)]);
  const from: Ref | undefined = node.source ? { kind: 'require', specifier: intern(node.source.value) } : undefined;
  for (const spec of node.specifiers) {
    const name = intern(spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value);
    if (spec.type === 'ExportNamespaceSpecifier') {
      if (from) exported.push([name, from]);
    } else if (spec.type === 'ExportSpecifier') {
      const local = intern(spec.local.name);
      exported.push([name, from ? { kind: 'member', object: from, name: local } : { kind: 'name', name: local }]);
    }
  }
  return exported;
}

/** `exports.isPaid` or `module.exports.isPaid` as a function is assigned to it: the key it is kept by, or undefined. */
function commonJsExportKey(left: Node): string | undefined {
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return undefined;
  const { object } = left;
  if (object.type === 'Identifier' && object.name === 'exports') return `exports.${left.property.name}`;
  const fromModule =
    object.type === 'MemberExpression' &&
    !object.computed &&
    object.object.type === 'Identifier' &&
    object.object.name === 'module' &&
    object.property.type === 'Identifier' &&
    object.property.name === 'exports';
  return fromModule ? `module.exports.${left.property.name}` : undefined;
}

/**
 * The name a function expression is kept by in summary.functions: `const sync = …`, or the CommonJS
 * export it is assigned to (`exports.sync = function (…) {…}`).
 */
export function functionOwner(
  parent: Node | undefined,
  nameOf: (node: Node) => string | undefined,
): string | undefined {
  if (parent?.type === 'VariableDeclarator') return nameOf(parent.id);
  return parent?.type === 'AssignmentExpression' && parent.operator === '='
    ? commonJsExportKey(parent.left)
    : undefined;
}

/**
 * `db.$transaction(async (tx) => …)`, `knex.transaction((trx) => …)`: a transaction's callback, with
 * its first parameter's name and the method it is handed to (the transaction is the client's, as
 * what that method makes is); undefined for any other function.
 */
function transactionOf(fn: Node, parent: Node | undefined): [name: string, method: Node] | undefined {
  if (parent?.type !== 'CallExpression' || parent.arguments[0] !== fn || !('params' in fn)) return undefined;
  const { callee } = parent;
  const [first] = fn.params;
  return callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    /^\$?transaction$/.test(callee.property.name) &&
    first?.type === 'Identifier'
    ? [first.name, callee]
    : undefined;
}

/** A file of data, styles or assets, not code (`./schema.json`, `./page.css`): it asks nothing of Stripe. */
const NOT_CODE =
  /\.(?:json5?|css|scss|sass|less|styl|svg|png|jpe?g|gif|webp|avif|ico|html?|md|mdx|txt|ya?ml|toml|graphql|gql|wasm|node)$/i;

/** What a node imports, re-exports or requires: its specifier's node. */
function importedBy(node: Node): Node | undefined | null {
  if (
    node.type === 'ImportDeclaration' ||
    node.type === 'ExportAllDeclaration' ||
    node.type === 'ExportNamedDeclaration'
  )
    return node.source;
  // import payouts = require('./payouts')
  if (node.type === 'TSImportEqualsDeclaration')
    return node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined;
  if (node.type !== 'CallExpression') return undefined;
  const { callee } = node;
  return (callee.type === 'Identifier' && callee.name === 'require') || callee.type === 'Import'
    ? node.arguments[0]
    : undefined;
}

/** A specifier that names no file of the project: Node's own modules, the stripe package, a URL or a registry's package. */
const NO_FILE = /^(?:node:|https?:|npm:|jsr:|data:)/;

/**
 * The specifier a node imports, re-exports or requires (`import … from '../lib/stripe'`, `export *
 * from './billing'`, `require('@/lib/billing')`, `import('#billing')`), kept where it is written: one
 * that names a file the scan skipped is out of sight. Not one of data or styles, nor one that can
 * name no file (`node:fs`, `stripe`).
 */
export function noteLocalImports(found: ({ specifier: string } & At)[], node: Node): void {
  // What it imports first: nearly every node entered imports nothing.
  const source = importedBy(node);
  if (source?.type !== 'StringLiteral') return;
  // A type's import or re-export asks nothing of Stripe (`export type { X } from './generated'`).
  if ('importKind' in node && node.importKind === 'type') return;
  if ('exportKind' in node && node.exportKind === 'type') return;
  const { value } = source;
  if (!NOT_CODE.test(value) && !NO_FILE.test(value) && !isStripeModule(value))
    found.push({ specifier: intern(value), line: lineOf(source), column: columnOf(source) });
}

/** A namespace's member as a type (`tx: Prisma.TransactionClient`), which places a name as typeOf does. */
const placedBy = (annotation: Node | null | undefined): boolean =>
  annotation?.type === 'TSTypeAnnotation' &&
  annotation.typeAnnotation.type === 'TSTypeReference' &&
  annotation.typeAnnotation.typeName.type === 'TSQualifiedName';

/**
 * Names the scan takes for another package's value by where they stand, not by a value given them: a
 * transaction callback's parameter (`db.$transaction(async (tx) => …)`), a name typed with a member
 * of another package's namespace (`tx: Prisma.TransactionClient`). Names are the file's: an anonymous
 * function elsewhere taking the same name as a parameter (`withStripe(async (tx) => …)`) may be
 * handed anything, so once the file is read such a name is also given a value not known.
 */
export class PlacedNames {
  /** The names placed (typed so, or a transaction's), and those an anonymous function takes otherwise. */
  private readonly placed = new Set<string>();
  private readonly taken = new Set<string>();

  /**
   * A function expression entered (`owner`: the name it is kept by, if any); a transaction's callback
   * is handed to `opens` with its parameter's name and the method opening it.
   */
  enter(
    fn: Node,
    parent: Node | undefined,
    owner: string | undefined,
    opens: (name: string, method: Node) => void,
  ): void {
    const opened = transactionOf(fn, parent);
    if (opened) {
      this.placed.add(opened[0]);
      opens(...opened);
    } else if (owner === undefined && 'params' in fn)
      for (const p of fn.params) if (p.type === 'Identifier' && !placedBy(p.typeAnnotation)) this.taken.add(p.name);
  }

  /** What a name `key` is typed with, as bindType reads it (namespaceOf); a namespace's member places it. */
  typeOf(key: string | undefined, type: string, imports: ReadonlyMap<string, { specifier: string }>): string {
    const name = namespaceOf(type, imports);
    if (key !== undefined && name !== '' && name !== type) this.placed.add(key);
    return name;
  }

  /** Once the file is read: a placed name an anonymous function also takes is given a value not known too. */
  settle(bind: (key: string, ref: Ref, again: boolean) => void): void {
    for (const name of this.placed) if (this.taken.has(name)) bind(name, UNKNOWN, true);
  }
}
