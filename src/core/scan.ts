/**
 * `rak-app permissions scan`: reads backend code that uses the `stripe` npm package, with a real
 * parser, and finds the API calls made through a Stripe client (with their `expand` options) and the
 * webhook event types handled. What it cannot resolve is reported as not understood, never guessed.
 */
import { parse } from '@babel/parser';
import type { Node } from '@babel/types';
import {
  API_RESOURCES,
  CLIENT_HELPERS,
  EXPANDABLE,
  EXPANDABLE_IN,
  isReadMethod,
  METHOD_PERMISSIONS,
  permissionsForEvent,
} from '../catalog/api.js';

export interface SourceText {
  path: string;
  text: string;
}

export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Something the code does that needs one of some permissions. */
export interface Need extends Position {
  /** What the code does, for messages: `stripe.customers.create`, `expand customer`, `event invoice.paid`. */
  what: string;
  /** Any one of these permissions is enough. */
  anyOf: readonly string[];
}

export interface NotUnderstood extends Position {
  what: string;
  why: string;
}

export interface ScanResult {
  needs: Need[];
  notUnderstood: NotUnderstood[];
  /** Files that could not be parsed, with the parser's message. */
  unparsable: (Position & { message: string })[];
  filesScanned: number;
  linesScanned: number;
}

export function scanSources(sources: SourceText[]): ScanResult {
  const result: ScanResult = { needs: [], notUnderstood: [], unparsable: [], filesScanned: 0, linesScanned: 0 };
  const scanners = new Map<string, { scanner: FileScanner; ast: Node }>();
  for (const source of sources) {
    result.filesScanned++;
    result.linesScanned += source.text.split('\n').length;
    let ast: Node;
    try {
      const typescript = /\.(ts|tsx|mts|cts)$/.test(source.path);
      ast = parse(source.text, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        plugins: typescript ? ['typescript', ...(source.path.endsWith('.tsx') ? (['jsx'] as const) : [])] : ['jsx'],
      }) as unknown as Node;
    } catch (error) {
      const e = error as { message: string; loc?: { line: number; column: number } };
      result.unparsable.push({
        file: source.path,
        line: e.loc?.line ?? 1,
        column: (e.loc?.column ?? 0) + 1,
        message: e.message,
      });
      continue;
    }
    const scanner = new FileScanner(source.path, result);
    scanner.collect(ast);
    scanners.set(normalisePath(source.path), { scanner, ast });
  }
  // The module graph: a client or a factory one file exports is one in each file that imports it.
  // Re-exports pass them on, so this repeats until nothing new is learnt.
  const resolve = (from: string, specifier: string): FileScanner | undefined => {
    for (const candidate of moduleCandidates(from, specifier)) {
      const found = scanners.get(candidate);
      if (found) return found.scanner;
    }
    return undefined;
  };
  for (let round = 0; round < 10; round++) {
    let learnt = false;
    for (const { scanner, ast } of scanners.values()) learnt = scanner.link(ast, resolve) || learnt;
    if (!learnt) break;
  }
  for (const { scanner, ast } of scanners.values()) scanner.scanUses(ast);
  return result;
}

const normalisePath = (path: string): string => path.replace(/\\/g, '/');

/** The files an import of `specifier` from `from` may name: as written, with an extension, or an index. */
function moduleCandidates(from: string, specifier: string): string[] {
  if (!specifier.startsWith('.')) return [];
  const parts = normalisePath(from).split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const base = parts.join('/');
  const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
  // TypeScript's ES-module imports name the compiled file: './stripe.js' is ./stripe.ts.
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  return [base, ...extensions.map((e) => stem + e), ...extensions.map((e) => `${base}/index${e}`)];
}

type AnyNode = Node & Record<string, unknown>;

/**
 * The names of a member chain `a.b.c`; a computed link (`a[b]`) stands as "[…]" and is reported in
 * `computedAt`. Undefined when the chain does not start at a name or `this`.
 */
function memberChain(node: AnyNode): { names: string[]; computedAt?: AnyNode } | undefined {
  const names: string[] = [];
  let computedAt: AnyNode | undefined;
  let current: AnyNode = node;
  while (current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression') {
    const property = current['property'] as AnyNode;
    if (current['computed'] && property.type === 'StringLiteral') names.unshift(property['value'] as string);
    else if (current['computed']) {
      names.unshift('[…]');
      computedAt = current;
    } else if (property.type === 'Identifier') names.unshift(property['name'] as string);
    else if (property.type === 'PrivateName') names.unshift(`#${(property['id'] as AnyNode)['name'] as string}`);
    else return undefined;
    current = current['object'] as AnyNode;
  }
  if (current.type === 'Identifier') names.unshift(current['name'] as string);
  else if (current.type === 'ThisExpression') names.unshift('this');
  else if (current.type === 'CallExpression' && (current['callee'] as AnyNode).type === 'Identifier') {
    // getStripe().customers.list(): the chain starts at a call of a plain function.
    names.unshift(`${(current['callee'] as AnyNode)['name'] as string}()`);
  } else return undefined;
  return computedAt ? { names, computedAt } : { names };
}

class FileScanner {
  /** Identifiers bound to the `stripe` package's default export (the constructor). */
  private readonly constructors = new Set<string>();
  /** Names (identifiers, or `this.x` members) bound to a Stripe client. */
  private readonly clients = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly result: ScanResult,
  ) {}

  /** Names this file exports that are clients, and that are factories returning one. */
  readonly exportedClients = new Set<string>();
  readonly exportedFactories = new Set<string>();
  /** Classes of this file (or imported) with a member that is a client: `Shopkeeper` → `stripe`. */
  readonly classClients = new Map<string, Set<string>>();
  /** Which of them this file exports, by exported name. */
  readonly exportedClassClients = new Map<string, Set<string>>();
  /** Identifiers bound to a function that returns a client (`getStripe`). */
  private readonly factories = new Set<string>();

  /** Pass 1: the bindings (a client may be created below where it is used). */
  collect(ast: Node): void {
    this.walk(ast, (node) => this.collectBindings(node));
    this.walk(ast, (node) => this.collectFactory(node));
  }

  /** Pass 2, repeated: what this file imports from the others, and what it exports. True if anything is new. */
  link(ast: Node, resolve: (from: string, specifier: string) => FileScanner | undefined): boolean {
    const known = (): number =>
      this.clients.size +
      this.factories.size +
      this.exportedClients.size +
      this.exportedFactories.size +
      this.handedAt.size +
      this.clientKeys.size +
      [...this.classClients.values(), ...this.exportedClassClients.values()].reduce((n, s) => n + s.size, 0);
    const before = known();
    this.walk(ast, (node) => this.collectImport(node, resolve));
    // A client bound from an import may make more bindings clients (`const client = stripe`).
    this.walk(ast, (node) => this.collectBindings(node));
    this.walk(ast, (node) => this.collectFactory(node));
    this.walk(ast, (node) => this.collectExport(node, resolve));
    return known() > before;
  }

  /** Pass 3: the calls, events and expansions. */
  scanUses(ast: Node): void {
    this.walk(ast, (node) => this.collectUses(node));
  }

  /** Whether an expression is a client: one created here, a known client's name, or a factory's call. */
  private isClient(node: AnyNode | undefined): boolean {
    if (!node) return false;
    if (this.createsClient(node)) return true;
    const chain = memberChain(node);
    if (!chain || chain.computedAt) return false;
    if (this.clients.has(chain.names.join('.'))) return true;
    // Shopkeeper.$instance.stripe, where Shopkeeper has a client member `stripe`.
    const members = this.classClients.get(chain.names[0]!);
    if (members && chain.names.length >= 2 && members.has(chain.names.at(-1)!)) return true;
    // options.stripeClient, where stripeClient is a key clients are handed over as in this file.
    return chain.names.length > 1 && this.clientKeys.has(chain.names.at(-1)!);
  }

  /** `function getStripe() { return new Stripe(key) }`, `const getStripe = () => stripe`. */
  private collectFactory(node: AnyNode): void {
    const returnsClient = (fn: AnyNode): boolean => {
      const body = fn['body'] as AnyNode;
      if (body.type !== 'BlockStatement') return this.isClient(body);
      let found = false;
      this.walk(body, (n) => {
        if (n.type === 'ReturnStatement' && this.isClient(n['argument'] as AnyNode | undefined)) found = true;
      });
      return found;
    };
    if (node.type === 'FunctionDeclaration' && node['id'] && returnsClient(node)) {
      this.addFactory((node['id'] as AnyNode)['name'] as string);
    } else if (node.type === 'VariableDeclarator' && (node['id'] as AnyNode).type === 'Identifier') {
      const init = node['init'] as AnyNode | undefined;
      if (init && ['ArrowFunctionExpression', 'FunctionExpression'].includes(init.type) && returnsClient(init)) {
        this.addFactory((node['id'] as AnyNode)['name'] as string);
      }
    }
  }

  private addFactory(name: string): void {
    this.factories.add(name);
    // `getStripe().customers.list()`: the call's result is a client.
    this.clients.add(`${name}()`);
  }

  /** Imports and requires of a scanned file: its exported clients and factories become this file's. */
  private collectImport(node: AnyNode, resolve: (from: string, specifier: string) => FileScanner | undefined): void {
    const bind = (local: string, other: FileScanner, imported: string): void => {
      if (imported === '*') {
        for (const name of other.exportedClients) this.clients.add(`${local}.${name}`);
        for (const name of other.exportedFactories) this.clients.add(`${local}.${name}()`);
        if (other.exportedClients.has('default')) this.clients.add(local);
        return;
      }
      if (other.exportedClients.has(imported)) this.clients.add(local);
      if (other.exportedFactories.has(imported)) this.addFactory(local);
      const members = other.exportedClassClients.get(imported);
      if (members) this.classClients.set(local, new Set([...(this.classClients.get(local) ?? []), ...members]));
    };
    if (node.type === 'ImportDeclaration') {
      const other = resolve(this.file, String((node['source'] as AnyNode)['value']));
      if (!other) return;
      for (const spec of node['specifiers'] as AnyNode[]) {
        const local = (spec['local'] as AnyNode)['name'] as string;
        const imported = spec['imported'] as AnyNode | undefined;
        if (spec.type === 'ImportDefaultSpecifier') bind(local, other, 'default');
        else if (spec.type === 'ImportNamespaceSpecifier') bind(local, other, '*');
        else bind(local, other, String(imported?.['name'] ?? imported?.['value']));
      }
      return;
    }
    if (node.type !== 'VariableDeclarator') return;
    const required = this.requiredFile(node['init'] as AnyNode | undefined, resolve);
    if (!required) return;
    const id = node['id'] as AnyNode;
    if (id.type === 'Identifier') {
      // `const lib = require('./stripe')` (or `.x`): the whole module, or one of its exports.
      if (required.member) bind(id['name'] as string, required.file, required.member);
      else bind(id['name'] as string, required.file, '*');
    } else if (id.type === 'ObjectPattern' && !required.member) {
      for (const prop of id['properties'] as AnyNode[]) {
        const key = prop['key'] as AnyNode | undefined;
        const value = prop['value'] as AnyNode | undefined;
        if (key?.type === 'Identifier' && value?.type === 'Identifier')
          bind(value['name'] as string, required.file, key['name'] as string);
      }
    }
  }

  /** `require('./stripe')`, `require('./stripe').client`, or either through a compiled-interop helper. */
  private requiredFile(
    node: AnyNode | undefined,
    resolve: (from: string, specifier: string) => FileScanner | undefined,
  ): { file: FileScanner; member?: string } | undefined {
    if (!node) return undefined;
    if (node.type === 'MemberExpression' && !node['computed']) {
      const inner = this.requiredFile(node['object'] as AnyNode, resolve);
      const name = (node['property'] as AnyNode)['name'] as string;
      return inner && !inner.member ? { file: inner.file, ...(name === 'default' ? {} : { member: name }) } : undefined;
    }
    if (node.type !== 'CallExpression') return undefined;
    const callee = node['callee'] as AnyNode;
    const [first] = node['arguments'] as AnyNode[];
    if (callee.type === 'Identifier' && callee['name'] === 'require' && first?.type === 'StringLiteral') {
      const file = resolve(this.file, first['value'] as string);
      return file ? { file } : undefined;
    }
    // __importDefault(require('./stripe')), __toESM(require('./stripe')): the same module.
    return first ? this.requiredFile(first, resolve) : undefined;
  }

  /** What this file exports: `export const`, `export { }`, `export default`, module.exports, exports.x, re-exports. */
  private collectExport(node: AnyNode, resolve: (from: string, specifier: string) => FileScanner | undefined): void {
    const exportName = (local: string, exported: string): void => {
      if (this.clients.has(local)) this.exportedClients.add(exported);
      if (this.factories.has(local)) this.exportedFactories.add(exported);
      const members = this.classClients.get(local);
      if (members) this.exportedClassClients.set(exported, members);
    };
    const exportValue = (value: AnyNode | undefined, exported: string): void => {
      if (!value) return;
      if (this.isClient(value)) this.exportedClients.add(exported);
      else if (value.type === 'Identifier') exportName(value['name'] as string, exported);
      else if (['ArrowFunctionExpression', 'FunctionExpression'].includes(value.type)) {
        const body = value['body'] as AnyNode;
        let returns = body.type !== 'BlockStatement' && this.isClient(body);
        if (body.type === 'BlockStatement')
          this.walk(body, (n) => {
            if (n.type === 'ReturnStatement' && this.isClient(n['argument'] as AnyNode | undefined)) returns = true;
          });
        if (returns) this.exportedFactories.add(exported);
      } else if (value.type === 'ObjectExpression') {
        // module.exports = { stripe, getStripe }
        for (const prop of value['properties'] as AnyNode[]) {
          const key = prop['key'] as AnyNode | undefined;
          const name = key?.['name'] ?? key?.['value'];
          if (prop.type === 'ObjectProperty' && typeof name === 'string') exportValue(prop['value'] as AnyNode, name);
        }
      }
    };
    switch (node.type) {
      case 'ExportNamedDeclaration': {
        const declaration = node['declaration'] as AnyNode | undefined;
        if (declaration?.type === 'VariableDeclaration') {
          for (const d of declaration['declarations'] as AnyNode[]) {
            const id = d['id'] as AnyNode;
            if (id.type === 'Identifier') exportName(id['name'] as string, id['name'] as string);
          }
        } else if (
          (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') &&
          declaration['id']
        ) {
          const name = (declaration['id'] as AnyNode)['name'] as string;
          exportName(name, name);
        }
        const source = node['source'] as AnyNode | undefined;
        const other = source ? resolve(this.file, String(source['value'])) : undefined;
        for (const spec of (node['specifiers'] as AnyNode[] | undefined) ?? []) {
          const local = String((spec['local'] as AnyNode)?.['name'] ?? (spec['local'] as AnyNode)?.['value']);
          const exported = String((spec['exported'] as AnyNode)['name'] ?? (spec['exported'] as AnyNode)['value']);
          if (other) {
            if (other.exportedClients.has(local)) this.exportedClients.add(exported);
            if (other.exportedFactories.has(local)) this.exportedFactories.add(exported);
          } else exportName(local, exported);
        }
        break;
      }
      case 'ExportAllDeclaration': {
        const other = resolve(this.file, String((node['source'] as AnyNode)['value']));
        if (!other) break;
        for (const name of other.exportedClients) if (name !== 'default') this.exportedClients.add(name);
        for (const name of other.exportedFactories) if (name !== 'default') this.exportedFactories.add(name);
        break;
      }
      case 'ExportDefaultDeclaration': {
        const declaration = node['declaration'] as AnyNode;
        if (declaration.type === 'FunctionDeclaration')
          exportValue({ ...declaration, type: 'FunctionExpression' } as AnyNode, 'default');
        else exportValue(declaration, 'default');
        break;
      }
      case 'AssignmentExpression': {
        const chain = memberChain(node['left'] as AnyNode);
        if (!chain || chain.computedAt) break;
        const path = chain.names.join('.');
        if (path === 'module.exports') exportValue(node['right'] as AnyNode, 'default');
        const named = /^(?:module\.)?exports\.([\w$]+)$/.exec(path);
        if (named) exportValue(node['right'] as AnyNode, named[1]!);
        break;
      }
    }
  }

  private at(node: AnyNode): { file: string; line: number; column: number } {
    const loc = node.loc as { start: { line: number; column: number } } | undefined;
    return { file: this.file, line: loc?.start.line ?? 1, column: (loc?.start.column ?? 0) + 1 };
  }

  private walk(node: unknown, visit: (node: AnyNode) => void): void {
    // An explicit stack: deeply nested code must not overflow the call stack.
    const stack: unknown[] = [node];
    while (stack.length > 0) {
      const current = stack.pop();
      if (Array.isArray(current)) {
        for (let i = current.length - 1; i >= 0; i--) stack.push(current[i]);
      } else if (current && typeof current === 'object' && typeof (current as AnyNode).type === 'string') {
        const n = current as AnyNode;
        visit(n);
        for (const key of Object.keys(n)) {
          if (
            key === 'loc' ||
            key === 'start' ||
            key === 'end' ||
            key === 'leadingComments' ||
            key === 'trailingComments' ||
            key === 'extra'
          )
            continue;
          const child = n[key];
          if (child && typeof child === 'object') stack.push(child);
        }
      }
    }
  }

  private isStripeModule(node: AnyNode | undefined): boolean {
    return !!node && node.type === 'StringLiteral' && node['value'] === 'stripe';
  }

  /** `require('stripe')`, possibly `.default` or `.Stripe`. */
  private isRequireStripe(node: AnyNode | undefined): boolean {
    if (!node) return false;
    if (node.type === 'CallExpression') {
      const callee = node['callee'] as AnyNode;
      const [first] = node['arguments'] as AnyNode[];
      if (callee.type === 'Identifier' && callee['name'] === 'require') return this.isStripeModule(first);
      // Compiled interop: __importDefault(require('stripe')) (tsc), __toESM(require('stripe'))
      // (esbuild), _interopRequireDefault(require('stripe')) (Babel) are the package too.
      return this.isRequireStripe(first);
    }
    if (node.type === 'MemberExpression') return this.isRequireStripe(node['object'] as AnyNode);
    return false;
  }

  /** Does this expression create a Stripe client? `new Stripe(key)`, `Stripe(key)`, `require('stripe')(key)`. */
  private createsClient(node: AnyNode | undefined): boolean {
    if (!node) return false;
    if (
      node.type === 'AwaitExpression' ||
      node.type === 'TSAsExpression' ||
      node.type === 'TSNonNullExpression' ||
      node.type === 'ParenthesizedExpression'
    ) {
      return this.createsClient(node['expression'] as AnyNode);
    }
    if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return false;
    let callee = node['callee'] as AnyNode;
    // (0, stripe_1.default)(key): how compiled code calls an import.
    if (callee.type === 'SequenceExpression') callee = (callee['expressions'] as AnyNode[]).at(-1) as AnyNode;
    if (callee.type === 'Identifier' && this.factories.has(callee['name'] as string)) return true;
    if (callee.type === 'Identifier') return this.constructors.has(callee['name'] as string);
    if (this.isRequireStripe(callee)) return true;
    const chain = memberChain(callee);
    return (
      !!chain &&
      chain.names.length === 2 &&
      this.constructors.has(chain.names[0]!) &&
      (chain.names[1] === 'Stripe' || chain.names[1] === 'default')
    );
  }

  private isStripeType(annotation: AnyNode | undefined): boolean {
    const type = annotation?.type === 'TSTypeAnnotation' ? (annotation['typeAnnotation'] as AnyNode) : annotation;
    if (type?.type !== 'TSTypeReference') return false;
    const name = type['typeName'] as AnyNode;
    return name.type === 'Identifier' && (this.constructors.has(name['name'] as string) || name['name'] === 'Stripe');
  }

  private collectBindings(node: AnyNode): void {
    switch (node.type) {
      case 'ImportDeclaration':
        if (this.isStripeModule(node['source'] as AnyNode)) {
          for (const spec of node['specifiers'] as AnyNode[]) {
            const imported = spec['imported'] as AnyNode | undefined;
            if (spec.type !== 'ImportSpecifier' || (imported?.['name'] ?? imported?.['value']) === 'Stripe')
              this.constructors.add((spec['local'] as AnyNode)['name'] as string);
          }
        }
        break;
      case 'VariableDeclarator': {
        const id = node['id'] as AnyNode;
        const init = node['init'] as AnyNode | undefined;
        if (id.type === 'Identifier' && this.isRequireStripe(init)) this.constructors.add(id['name'] as string);
        else if (id.type === 'ObjectPattern' && this.isRequireStripe(init)) {
          for (const prop of id['properties'] as AnyNode[]) {
            const value = prop['value'] as AnyNode | undefined;
            if (value?.type === 'Identifier') this.constructors.add(value['name'] as string);
          }
        } else if (
          id.type === 'Identifier' &&
          (this.isClient(init) || this.isStripeType(id['typeAnnotation'] as AnyNode))
        ) {
          this.clients.add(id['name'] as string);
        } else if (id.type === 'ObjectPattern') {
          // const { stripeClient } = options, where stripeClient is a key clients are handed over as.
          for (const prop of id['properties'] as AnyNode[]) {
            const key = prop['key'] as AnyNode | undefined;
            const value = prop['value'] as AnyNode | undefined;
            if (
              key?.type === 'Identifier' &&
              value?.type === 'Identifier' &&
              this.clientKeys.has(key['name'] as string)
            )
              this.clients.add(value['name'] as string);
          }
        }
        break;
      }
      case 'VariableDeclaration':
      case 'ClassProperty':
      case 'ExpressionStatement':
      case 'FunctionDeclaration':
      case 'ClassMethod':
        if (node.type === 'FunctionDeclaration') this.receivers(node);
        this.jsdocBindings(node);
        if (node.type === 'ClassProperty') this.classProperty(node);
        break;
      case 'NewExpression':
      case 'CallExpression':
        this.handOffs(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.receivers(node);
        this.classMembers(node);
        break;
      case 'AssignmentExpression': {
        const left = node['left'] as AnyNode;
        if (!this.isClient(node['right'] as AnyNode)) break;
        const chain = left.type === 'Identifier' ? { names: [left['name'] as string] } : memberChain(left);
        if (chain && !chain.computedAt) this.clients.add(chain.names.join('.'));
        break;
      }
      case 'Identifier':
        // A parameter typed as a Stripe client: `function sync(stripe: Stripe)`.
        if (this.isStripeType(node['typeAnnotation'] as AnyNode)) this.clients.add(node['name'] as string);
        break;
      case 'TSParameterProperty': {
        const param = node['parameter'] as AnyNode;
        if (param.type === 'Identifier' && this.isStripeType(param['typeAnnotation'] as AnyNode))
          this.clients.add(`this.${param['name'] as string}`);
        break;
      }
    }
  }

  /**
   * A class's members that are clients: a field made one (`#stripe = new Stripe()`, `this.#stripe =`
   * in the constructor) and a getter returning one (`get stripe() { return this.#stripe }`). Code
   * that reaches one through the class (`Shopkeeper.$instance.stripe`) calls a client.
   */
  private classMembers(node: AnyNode): void {
    const id = node['id'] as AnyNode | undefined;
    if (!id) return;
    const members = this.classClients.get(id['name'] as string) ?? new Set<string>();
    for (const member of (node['body'] as AnyNode)['body'] as AnyNode[]) {
      const key = member['key'] as AnyNode | undefined;
      const name =
        key?.type === 'Identifier'
          ? (key['name'] as string)
          : key?.type === 'PrivateName'
            ? `#${(key['id'] as AnyNode)['name'] as string}`
            : undefined;
      if (!name) continue;
      if (
        (member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty') &&
        this.isClient(member['value'] as AnyNode)
      ) {
        this.clients.add(`this.${name}`);
      }
      if (member.type === 'ClassMethod' && member['kind'] === 'get') {
        let returns = false;
        this.walk(member['body'], (n) => {
          if (n.type === 'ReturnStatement' && this.isClient(n['argument'] as AnyNode | undefined)) returns = true;
        });
        if (returns) this.clients.add(`this.${name}`);
      }
      if (this.clients.has(`this.${name}`) && !name.startsWith('#')) members.add(name);
    }
    if (members.size > 0) this.classClients.set(id['name'] as string, members);
  }

  private classProperty(node: AnyNode): void {
    const key = node['key'] as AnyNode;
    if (
      key.type === 'Identifier' &&
      (this.isClient(node['value'] as AnyNode) || this.isStripeType(node['typeAnnotation'] as AnyNode))
    ) {
      this.clients.add(`this.${key['name'] as string}`);
    }
  }

  /**
   * JSDoc types count like TypeScript's: `/** @type {import('stripe').Stripe} *\/` on a declaration,
   * a class field or an assignment, and `@param {Stripe} name` on a function or method.
   */
  private jsdocBindings(node: AnyNode): void {
    const comments = ((node['leadingComments'] as AnyNode[] | undefined) ?? []).map((c) => String(c['value']));
    const text = comments.join('\n');
    if (!/Stripe\b/.test(text)) return;
    const STRIPE_TYPE = String.raw`(?:import\(\s*['"]stripe['"]\s*\)\.)?(?:Stripe|default)`;
    if (new RegExp(String.raw`@type\s*\{\s*${STRIPE_TYPE}\s*\}`).test(text)) {
      if (node.type === 'VariableDeclaration') {
        for (const d of node['declarations'] as AnyNode[]) {
          const id = d['id'] as AnyNode;
          if (id.type === 'Identifier') this.clients.add(id['name'] as string);
        }
      } else if (node.type === 'ClassProperty' && (node['key'] as AnyNode).type === 'Identifier') {
        this.clients.add(`this.${(node['key'] as AnyNode)['name'] as string}`);
      } else if (node.type === 'ExpressionStatement') {
        const expression = node['expression'] as AnyNode;
        const chain =
          expression.type === 'AssignmentExpression' ? memberChain(expression['left'] as AnyNode) : undefined;
        if (chain && !chain.computedAt) this.clients.add(chain.names.join('.'));
      }
    }
    for (const m of text.matchAll(new RegExp(String.raw`@param\s*\{\s*${STRIPE_TYPE}\s*\}\s*\[?([\w$]+)`, 'g'))) {
      this.clients.add(m[1]!);
    }
  }

  /** Clients handed to a constructor or function in this file: by position, or as an options property. */
  private readonly handedAt = new Set<string>();
  /** Property names a client is handed over as: `new Service({ stripeClient: stripe })`. */
  private readonly clientKeys = new Set<string>();

  private handOffs(call: AnyNode): void {
    const callee = call['callee'] as AnyNode;
    const name = callee.type === 'Identifier' ? (callee['name'] as string) : undefined;
    (call['arguments'] as AnyNode[]).forEach((arg, i) => {
      if (name && this.isClient(arg)) this.handedAt.add(`${name}#${i}`);
      if (arg?.type === 'ObjectExpression') {
        for (const prop of arg['properties'] as AnyNode[]) {
          const key = prop['key'] as AnyNode | undefined;
          if (prop.type === 'ObjectProperty' && key?.type === 'Identifier' && this.isClient(prop['value'] as AnyNode))
            this.clientKeys.add(key['name'] as string);
        }
      }
    });
  }

  /** Classes and functions of this file that calls through a client handed to them are followed in. */
  private readonly followed = new Set<string>();

  /** A class or function of this file that is handed a client: its parameter at that place is one. */
  private receivers(node: AnyNode): void {
    const id = node['id'] as AnyNode | undefined;
    if (!id) return;
    const name = id['name'] as string;
    const params =
      node.type === 'FunctionDeclaration'
        ? (node['params'] as AnyNode[])
        : ((((node['body'] as AnyNode)['body'] as AnyNode[]).find(
            (m) => m.type === 'ClassMethod' && m['kind'] === 'constructor',
          )?.['params'] as AnyNode[] | undefined) ?? []);
    params.forEach((param, i) => {
      const p = param.type === 'TSParameterProperty' ? (param['parameter'] as AnyNode) : param;
      if (p.type !== 'Identifier' || !this.handedAt.has(`${name}#${i}`)) return;
      this.followed.add(name);
      this.clients.add(p['name'] as string);
      if (param.type === 'TSParameterProperty') this.clients.add(`this.${p['name'] as string}`);
    });
  }

  private collectUses(node: AnyNode): void {
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression' || node.type === 'NewExpression')
      this.clientPassedOn(node);
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') this.apiCall(node);
    else if (node.type === 'SwitchCase') this.eventLiteral(node['test'] as AnyNode | undefined);
    else if (
      node.type === 'ObjectProperty' &&
      !node['computed'] &&
      (node['key'] as AnyNode).type === 'StringLiteral' &&
      this.isHandlerMap(node)
    ) {
      // A handler map: { 'invoice.paid': onInvoicePaid }.
      this.eventLiteral(node['key'] as AnyNode);
    } else if (
      node.type === 'ObjectProperty' &&
      ['enabled_events', 'events'].includes(
        String((node['key'] as AnyNode)['name'] ?? (node['key'] as AnyNode)['value']),
      )
    ) {
      // A webhook endpoint's subscription: enabled_events: ['invoice.paid', …].
      const value = node['value'] as AnyNode;
      if (value.type === 'ArrayExpression')
        for (const element of value['elements'] as AnyNode[]) this.eventLiteral(element ?? undefined);
    } else if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(node['operator'] as string)) {
      const [left, right] = [node['left'] as AnyNode, node['right'] as AnyNode];
      if (this.mentionsType(left)) this.eventLiteral(right);
      if (this.mentionsType(right)) this.eventLiteral(left);
    }
  }

  /**
   * A client handed to another function (`get(stripe, path)`, `new Service(stripe)`): what is called
   * through it there is out of sight. Reported, since ignoring it would understate what the key
   * needs.
   */
  private clientPassedOn(call: AnyNode): void {
    const callee = call['callee'] as AnyNode;
    // Handed to a class or function of this file whose parameter is followed: nothing is out of sight.
    if (callee.type === 'Identifier' && this.followed.has(callee['name'] as string)) return;
    for (const arg of call['arguments'] as AnyNode[]) {
      const chain = arg.type === 'Identifier' || arg.type === 'MemberExpression' ? memberChain(arg) : undefined;
      if (!chain || chain.computedAt || !this.clients.has(chain.names.join('.'))) continue;
      const callee = memberChain(call['callee'] as AnyNode);
      const to = callee ? callee.names.join('.').replace(/\.\[…\]/g, '[…]') : 'a function';
      this.result.notUnderstood.push({
        ...this.at(arg),
        what: `${chain.names.join('.')} passed to ${to}${call.type === 'NewExpression' ? ' (new)' : '()'}`,
        why: 'calls made through it there cannot be followed from here',
      });
    }
  }

  /** An object property whose value is a function or a function's name: a handler keyed by event type. */
  private isHandlerMap(property: AnyNode): boolean {
    const value = property['value'] as AnyNode;
    return ['Identifier', 'ArrowFunctionExpression', 'FunctionExpression', 'MemberExpression'].includes(value.type);
  }

  /** `event.type`, `evt.type`, `type`: the side of a comparison an event type is compared with. */
  private mentionsType(node: AnyNode): boolean {
    const chain = memberChain(node);
    return !!chain && chain.names[chain.names.length - 1] === 'type';
  }

  private eventLiteral(node: AnyNode | undefined): void {
    if (node?.type !== 'StringLiteral') return;
    const type = node['value'] as string;
    if (!/^[a-z_]+(\.[a-z_]+)+$/.test(type)) return;
    const anyOf = permissionsForEvent(type);
    if (!anyOf) {
      this.result.notUnderstood.push({
        ...this.at(node),
        what: `event ${type}`,
        why: "Stripe's permission table does not list this event type, so the permission it needs is not known",
      });
      return;
    }
    this.result.needs.push({ ...this.at(node), what: `event ${type}`, anyOf });
    this.result.needs.push({ ...this.at(node), what: `event ${type}`, anyOf: ['event_read'] });
  }

  private apiCall(node: AnyNode): void {
    const callee = node['callee'] as AnyNode;
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return;
    const chain = memberChain(callee);
    if (!chain) return;
    const { names } = chain;
    // The client is the longest known prefix: `stripe`, or `this.stripe`.
    let clientLength = 0;
    for (let i = names.length - 2; i >= 1; i--) {
      if (this.clients.has(names.slice(0, i).join('.'))) {
        clientLength = i;
        break;
      }
    }
    if (clientLength === 0) {
      // A chain that looks like a Stripe call on something rak-app cannot tie to a client:
      // `deps.stripe.refunds.create()`. Reported, never guessed.
      for (let k = 1; k < names.length - 1; k++) {
        const resource = names.slice(k, -1).join('.');
        const holder = names.slice(0, k).join('.');
        if (resource in API_RESOURCES && /stripe/i.test(holder)) {
          this.result.notUnderstood.push({
            ...this.at(node),
            what: `${names.join('.')}()`,
            why: `${holder} is not a Stripe client rak-app can see being created or typed here`,
          });
          break;
        }
      }
      return;
    }
    const client = names.slice(0, clientLength).join('.');
    if (chain.computedAt) {
      this.result.notUnderstood.push({
        ...this.at(node),
        what: `${names.join('.').replace(/\.\[…\]/g, '[…]')}()`,
        why: 'the resource is chosen at run time',
      });
      return;
    }
    const rest = names.slice(clientLength);
    const method = rest[rest.length - 1]!;
    const resource = rest.slice(0, -1).join('.');
    const permissions = API_RESOURCES[resource];
    const special = METHOD_PERMISSIONS[`${resource}.${method}`];
    if (special) {
      this.result.needs.push({ ...this.at(node), what: `${client}.${rest.join('.')}`, anyOf: [special] });
      return;
    }
    if (!permissions) {
      // Helpers on the client itself (`stripe.webhooks.constructEvent`, `stripe.on()`) need no
      // permission; any other call is reported, never dropped.
      if (CLIENT_HELPERS.has(rest[0]!)) return;
      this.result.notUnderstood.push({
        ...this.at(node),
        what: `${client}.${rest.join('.')}()`,
        why: `rak-app does not know the resource "${resource}"`,
      });
      return;
    }
    const what = `${client}.${rest.join('.')}`;
    const permission = isReadMethod(method) ? permissions.read : permissions.write;
    if (permission) this.result.needs.push({ ...this.at(node), what, anyOf: [permission] });
    else
      this.result.notUnderstood.push({
        ...this.at(node),
        what: `${what}()`,
        why: 'no Stripe App permission covers this call',
      });
    this.expandOptions(node, what, resource);
  }

  /** `expand: ['customer', 'data.latest_invoice.payment_intent']`: each expanded object needs its own permission. */
  private expandOptions(call: AnyNode, what: string, resource: string): void {
    for (const arg of call['arguments'] as AnyNode[]) {
      if (arg.type !== 'ObjectExpression') continue;
      for (const prop of arg['properties'] as AnyNode[]) {
        const key = prop['key'] as AnyNode | undefined;
        if (prop.type !== 'ObjectProperty' || !key || (key['name'] ?? key['value']) !== 'expand') continue;
        const value = prop['value'] as AnyNode;
        if (value.type !== 'ArrayExpression') {
          this.result.notUnderstood.push({
            ...this.at(value),
            what: `${what}({ expand })`,
            why: 'the expand list is not written out',
          });
          continue;
        }
        for (const element of value['elements'] as AnyNode[]) {
          if (element?.type !== 'StringLiteral') {
            if (element)
              this.result.notUnderstood.push({
                ...this.at(element),
                what: `${what}({ expand })`,
                why: 'an expanded field is computed',
              });
            continue;
          }
          for (const segment of (element['value'] as string).split('.')) {
            const permission = EXPANDABLE_IN[resource]?.[segment] ?? EXPANDABLE[segment];
            if (permission)
              this.result.needs.push({
                ...this.at(element),
                what: `${what} expanding ${segment}`,
                anyOf: [permission],
              });
          }
        }
      }
    }
  }
}
