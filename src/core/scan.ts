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
    new FileScanner(source.path, result).scan(ast);
  }
  return result;
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
    else return undefined;
    current = current['object'] as AnyNode;
  }
  if (current.type === 'Identifier') names.unshift(current['name'] as string);
  else if (current.type === 'ThisExpression') names.unshift('this');
  else return undefined;
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

  scan(ast: Node): void {
    // Two passes: bindings first (a client may be created below where it is used), then calls.
    this.walk(ast, (node) => this.collectBindings(node));
    this.walk(ast, (node) => this.collectUses(node));
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
      return (
        callee.type === 'Identifier' &&
        callee['name'] === 'require' &&
        this.isStripeModule((node['arguments'] as AnyNode[])[0])
      );
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
    const callee = node['callee'] as AnyNode;
    if (callee.type === 'Identifier') return this.constructors.has(callee['name'] as string);
    if (this.isRequireStripe(callee)) return true;
    const chain = memberChain(callee);
    return !!chain && chain.names.length === 2 && this.constructors.has(chain.names[0]!) && chain.names[1] === 'Stripe';
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
          (this.createsClient(init) || this.isStripeType(id['typeAnnotation'] as AnyNode))
        ) {
          this.clients.add(id['name'] as string);
        }
        break;
      }
      case 'AssignmentExpression': {
        const left = node['left'] as AnyNode;
        if (!this.createsClient(node['right'] as AnyNode)) break;
        const chain = left.type === 'Identifier' ? { names: [left['name'] as string] } : memberChain(left);
        if (chain && !chain.computedAt) this.clients.add(chain.names.join('.'));
        break;
      }
      case 'ClassProperty': {
        const key = node['key'] as AnyNode;
        if (
          key.type === 'Identifier' &&
          (this.createsClient(node['value'] as AnyNode) || this.isStripeType(node['typeAnnotation'] as AnyNode))
        ) {
          this.clients.add(`this.${key['name'] as string}`);
        }
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
