/**
 * One file, parsed and walked once, kept in a FileSummary: its bindings, imports, exports, classes,
 * calls and events. The syntax tree is dropped once the walk ends, so a large scan holds
 * summaries, not trees.
 */
import type { File, Node } from '@babel/types';
import { directRequests, onResource, optionsIndexOf, RawRequests, STRIPE_METHOD_NAMES } from './calls.js';
import { collectEvents, enterFunction, eventListsOf, lookupByType, noteDispatch, settledEvents } from './events.js';
import { settledFlow } from './event-params.js';
import {
  chainKey,
  columnOf,
  type FunctionRef,
  heldByKey,
  lineOf,
  memberName,
  paramNames,
  propertyName,
  patternTargets,
  RefMaker,
  thisKey,
  UNKNOWN,
} from './refs.js';
import { intern } from './intern.js';
import { resourceType, STRIPE_TYPE, stripeTypedKeys, stripeTypeParameters, typeNames } from './type-names.js';
import type { CallSite, ClassSummary, FileSummary, Ref } from './types.js';
import {
  ENTERED,
  EVENT_TYPES,
  FUNCTION_TYPES,
  LEAVES,
  LEFT,
  LOGICAL,
  mayHandOnClient,
  noteDouble,
  takenAsValue,
} from './node-types.js';
import { OwnFactoryArguments } from './own-factories.js';
import { functionOwner, importsOf, namedExports, noteLocalImports, PlacedNames } from './module-syntax.js';
import { jsdocBindings, stripeComments } from './parse.js';
import { walk } from './walk.js';
import {
  callSite,
  draftOf,
  isTestHelper,
  kept,
  methodTaken,
  NO_KEYS,
  RepeatedCalls,
  testHelperOf,
  trimmed,
} from './tables.js';
import { membersOf } from './expand-option.js';
import { NamedExpands } from './named-expands.js';

export function summarise(path: string, file: File, text: string): FileSummary {
  const summary = draftOf(path);
  const comments = stripeComments(file, text);
  const refs = new RefMaker();
  const repeated = new RepeatedCalls();
  const typeParameters: ReadonlyMap<string, boolean>[] = []; // of each function and class walked in: whether Stripe
  const functionStack: FunctionRef[] = [];
  const classStack: { name: string | undefined; summary: ClassSummary }[] = [];
  const self = (): string => thisKey(classStack.at(-1)?.name);
  // A value not known is kept only where it is a name's second: a constant given another is none.
  const bind = (key: string | undefined, ref: Ref, again = false): void => {
    if (key === undefined || (ref.kind === 'unknown' && !again)) return;
    const list = summary.bindings.get(key);
    if (list) list.push(ref);
    else summary.bindings.set(intern(key), [ref]);
  };
  // Only types that may be a client or hold one (Stripe's, an imported or local class's): kept few, as all stay.
  const bindType = (key: string | undefined, annotation: Node | null | undefined): void => {
    const resource = resourceType(annotation); // `api: Stripe.CustomersResource`
    if (resource) bind(key, resource);
    for (const name of typeNames(annotation).map((t) => placed.typeOf(key, t, summary.imports)))
      if (name === 'Stripe' || typeParameters.findLast((names) => names.has(name))?.get(name)) bind(key, STRIPE_TYPE);
      else if (summary.imports.has(name) || summary.classes.has(name)) bind(key, { kind: 'type', name: intern(name) });
  };
  const at = (node: Node) => ({ line: lineOf(node), column: columnOf(node) });
  const handedOn = (a: Node, index: number) => ({ index, ref: refs.ref(a), line: lineOf(a), column: columnOf(a) });
  // Handed to what may be a test's helper (`expect(stripe.customers.del)`): kept till the file is read.
  const looked: [helper: string, call: CallSite][] = [];
  const takeMethod = (callee: Ref, where: Node, helper?: string): void => {
    const call = methodTaken(callee, at(where));
    if (helper) looked.push([helper, call]);
    else summary.calls.push(call);
  };
  // `function sync({ invoices })`: each name is a member of the parameter (`sync#0`); an anonymous one's, unknown.
  const destructureParams = (params: Node[], owner: string | undefined): void =>
    params.forEach((param, i) => {
      // `subs = stripe.subscriptions`, `private subs = …`: a value the parameter (its member) may have.
      const given = param.type === 'TSParameterProperty' ? param.parameter : param;
      if (given.type === 'AssignmentPattern' && given.left.type === 'Identifier')
        bind(param === given ? given.left.name : `${self()}.${given.left.name}`, refs.ref(given.right));
      const p = param.type === 'AssignmentPattern' ? param.left : param; // `{ payouts } = {}`
      const name = owner ? intern(`${owner}#${i}`) : undefined;
      if (name && p.type === 'ObjectPattern') bindType(name, p.typeAnnotation); // `{ customers }: Repos`
      destructure(p, name ? { kind: 'name', name } : UNKNOWN);
    });
  // `const { stripeClient } = options` and `({ stripeClient }) =>`: each name is that member.
  const destructure = (pattern: Node, from: Ref): void => {
    if (pattern.type !== 'ObjectPattern') return;
    for (const p of pattern.properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : '';
      const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      if (key && value.type === 'Identifier') {
        const member: Ref = { kind: 'member', object: from, name: intern(key) };
        bind(value.name, member);
        if (p.value.type === 'AssignmentPattern') bind(value.name, refs.ref(p.value.right)); // `{ subs = … }`
        // `const { del } = stripe.customers`: a method taken, as above.
        if (from.kind !== 'unknown' && STRIPE_METHOD_NAMES.has(key)) takeMethod(member, p);
      } else if (key) destructure(value, { kind: 'member', object: from, name: intern(key) });
    }
  };
  const reassigned = (pattern: Node): void =>
    patternTargets(pattern).forEach((target) => void bind(chainKey(refs.ref(target)), UNKNOWN, true));
  // Made here, not in the walk's closures: a closure naming the tree would keep it in their context.
  const rawRequests = new RawRequests(file.program.body);
  const namedExpands = new NamedExpands();
  const placed = new PlacedNames();
  const eventLists = eventListsOf(summary, (node) => refs.ref(node), text);
  const ownFactories = new OwnFactoryArguments(namedExpands.isParameter);

  const enter = (node: Node, parent: Node | undefined): void => {
    const type = node.type; // read once: each read is a look-up over Babel's many node shapes
    // Members are the most common node entered, and nearly all are passed at the first test.
    if (type === 'MemberExpression' || type === 'OptionalMemberExpression') {
      // A stripe-node method taken as a value (`f(stripe.customers.list)`, `….del.call(…)`) counts as a call.
      const name = propertyName(node);
      if (name !== undefined && STRIPE_METHOD_NAMES.has(name) && takenAsValue(node, parent))
        takeMethod(refs.ref(node), node, testHelperOf(parent));
      return;
    }
    if (EVENT_TYPES.has(type)) collectEvents(node, parent, eventLists);
    // `<T extends Stripe>`, a function's or a class's: in it, a name typed T is a client (read before its parameters).
    if (LEFT.has(type)) typeParameters.push(stripeTypeParameters(node));
    if (FUNCTION_TYPES.has(type)) {
      functionStack.push(refs.functionRef(node));
      namedExpands.enter(node, parent, refs.className);
      enterFunction(eventLists, node, parent, refs.className); // a callback written there runs later
    }
    namedExpands.changedBy(node); // `params.expand = […]`, `params.expand.push(…)`: the option it holds grows
    noteLocalImports(summary.localImports, node);
    switch (node.type) {
      case 'ImportDeclaration':
        for (const [local, imported] of importsOf(node)) summary.imports.set(local, imported);
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') {
          if (node.init) bind(node.id.name, refs.ref(node.init));
          namedExpands.declare(node.id.name, node.init);
          bindType(node.id.name, node.id.typeAnnotation);
        } else if (node.init) destructure(node.id, refs.ref(node.init));
        break;
      case 'AssignmentExpression': {
        // `stripe ??= new Stripe(key)` may give the right side; `PAID += '.x'`, what is not written out.
        const right = node.operator === '=' || LOGICAL.test(node.operator) ? refs.ref(node.right) : UNKNOWN;
        if (node.left.type === 'ObjectPattern' || node.left.type === 'ArrayPattern') {
          destructure(node.left, right);
          reassigned(node.left);
          break;
        }
        const key = chainKey(refs.ref(node.left));
        bind(key, right, true);
        const owner = classStack.at(-1);
        const own = owner && key?.startsWith(`${self()}.`) ? key.slice(self().length + 1) : undefined;
        if (owner && own && !own.includes('.')) owner.summary.members.push(intern(own));
        if (key === 'module.exports') summary.exports.set('module.exports', right);
        const named = key && /^(?:module\.)?exports\.([\w$]+)$/.exec(key);
        if (named) summary.exports.set(intern(named[1]!), right);
        if (key === 'module.exports' && right.kind === 'object')
          for (const [name, value] of right.properties) summary.exports.set(name, value);
        break;
      }
      case 'ArrayExpression':
        // [stripe.products, stripe.payouts]: what is called through a list's items is not followed.
        for (const item of membersOf(node.elements)) summary.listed.push({ ref: refs.ref(item), ...at(item) });
        break;
      case 'ForOfStatement':
      case 'ForInStatement':
        if (node.left.type !== 'VariableDeclaration') reassigned(node.left);
        break;
      case 'Identifier':
        // A parameter typed with a Stripe client's type: `function sync(stripe: Stripe)`.
        if (node.typeAnnotation && parent?.type !== 'VariableDeclarator') bindType(node.name, node.typeAnnotation);
        break;
      case 'TSPropertySignature':
        if (node.key.type === 'Identifier' && typeNames(node.typeAnnotation).includes('Stripe'))
          summary.typedKeys.add(intern(node.key.name));
        break;
      case 'FunctionDeclaration':
        if (node.id) {
          bind(node.id.name, refs.functionRef(node));
          summary.functions.set(intern(node.id.name), paramNames(node.params, node.id.name));
        }
        destructureParams(node.params, node.id?.name);
        break;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression': {
        // `const sync = (stripe) => …`: a function by name, as a declaration is, to hand clients into.
        const owner = functionOwner(parent, (id) => chainKey(refs.ref(id))); // or `exports.sync = …`
        if (owner) summary.functions.set(intern(owner), paramNames(node.params, owner));
        destructureParams(node.params, owner);
        placed.enter(node, parent, owner, (tx, method) => bind(tx, { kind: 'call', callee: refs.ref(method) }));
        break;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const name = node.id ? intern(node.id.name) : undefined;
        const cls: ClassSummary = { members: [], params: [] };
        if (node.superClass) cls.superClass = refs.ref(node.superClass);
        if (name) summary.classes.set(name, cls);
        classStack.push({ name, summary: cls });
        refs.className = name;
        break;
      }
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty': {
        const key = intern(memberName(node.key));
        if (!key) break;
        classStack.at(-1)?.summary.members.push(key);
        if (node.value) bind(`${self()}.${key}`, refs.ref(node.value));
        if ('typeAnnotation' in node) bindType(`${self()}.${key}`, node.typeAnnotation);
        break;
      }
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        const key = intern(memberName(node.key));
        const cls = classStack.at(-1);
        if (node.kind === 'constructor' && cls) {
          cls.summary.params = paramNames(node.params, cls.name);
          for (const p of node.params) {
            if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier') {
              bindType(`${self()}.${p.parameter.name}`, p.parameter.typeAnnotation);
              const name = intern(p.parameter.name);
              if (!p.parameter.typeAnnotation) bind(`${self()}.${name}`, { kind: 'name', name }); // typed: its type
              cls.summary.members.push(name);
            }
          }
        }
        destructureParams(node.params, node.kind === 'constructor' ? cls?.name : undefined);
        if (!key || node.kind === 'constructor') break;
        const fn = refs.functionRef(node);
        // A getter is read, not called: `this.stripe` is what it returns.
        const value: Ref = node.kind === 'get' ? { kind: 'call', callee: fn } : fn;
        bind(`${self()}.${key}`, value);
        if (cls?.name) bind(`${cls.name}.${key}`, value);
        // this.getSub(this.stripe): a client handed to the class's own method is followed into it (uses.ts).
        if (cls?.name && node.kind === 'method')
          summary.functions.set(intern(`${cls.name}.${key}`), paramNames(node.params));
        if (node.kind === 'get') cls?.summary.members.push(key);
        break;
      }
      case 'ReturnStatement':
        if (node.argument) functionStack.at(-1)?.returns.push(refs.ref(node.argument));
        break;
      case 'ExportNamedDeclaration':
        for (const [name, value] of namedExports(node, (n) => refs.ref(n))) summary.exports.set(name, value);
        break;
      case 'ExportAllDeclaration':
        summary.reExports.push(intern(node.source.value));
        break;
      case 'TSEnumDeclaration':
        // enum StripeEvents { Paid = 'invoice.paid' }: `StripeEvents.Paid` given its string (events).
        for (const { id, initializer: value } of node.members)
          if (value?.type === 'StringLiteral' || value?.type === 'TemplateLiteral')
            bind(`${node.id.name}.${id.type === 'Identifier' ? id.name : id.value}`, refs.ref(value));
        break;
      case 'TSImportEqualsDeclaration': // import Stripe = require('stripe')
        if (node.moduleReference.type === 'TSExternalModuleReference')
          bind(node.id.name, refs.ref(node.moduleReference));
        break;
      case 'ExportDefaultDeclaration': {
        const declaration = node.declaration;
        if (declaration.type === 'FunctionDeclaration') summary.exports.set('default', refs.functionRef(declaration));
        else if (declaration.type === 'ClassDeclaration')
          summary.exports.set(
            'default',
            declaration.id ? { kind: 'name', name: intern(declaration.id.name) } : UNKNOWN,
          );
        else if (declaration.type !== 'TSDeclareFunction') summary.exports.set('default', refs.ref(declaration));
        break;
      }
      case 'TSAsExpression': // `stripe.customers.create as jest.Mock`: a mock, not a method taken
      case 'TSTypeAssertion':
        noteDouble(node, summary.imports);
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression': {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') break;
        const callee = node.callee;
        const isMember = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression';
        const lookup =
          isMember || callee.type === 'Identifier' ? lookupByType(callee, node.arguments, eventLists) : undefined;
        if (lookup) noteDispatch(eventLists, lookup, node);
        let chained: CallSite['chained'];
        let keyed: CallSite['keyed'];
        let later = 0; // the arguments (bits by position) made by a function declared below
        const args = node.arguments;
        for (let index = 0; index < args.length; index++) {
          const arg = args[index]!;
          const makes = ownFactories.mayMake(arg, index, summary);
          // Made with its first item: a list pushed to from empty takes room for 17, on every call handed a name.
          if (makes === 'yes' || mayHandOnClient(arg))
            chained ? chained.push(handedOn(arg, index)) : (chained = [handedOn(arg, index)]);
          else if (makes === 'later') later |= 1 << index;
          else if (arg.type === 'ObjectExpression') keyed = heldByKey(refs.ref(arg), keyed);
          else if (arg.type === 'ArrayExpression') keyed = refs.heldInList(arg.elements, keyed); // plugin([stripeClient])
        }
        // A call by a name no stripe-node method has: kept only if it hands something on, or is on a resource's name.
        const apiShaped =
          isMember &&
          (callee.computed || callee.property.type !== 'Identifier' || STRIPE_METHOD_NAMES.has(callee.property.name));
        if (!apiShaped && !chained && !keyed && !(isMember && onResource(callee.object))) {
          if (later) ownFactories.wait(args, later, node, refs.className);
          break;
        }
        const key = keyed || later ? undefined : repeated.key(node, chained);
        if (key !== undefined && repeated.again(key, chained![0]!)) break;
        // Every call has the same fields; its lists are copies just as long as need be (a pushed one has room for 16).
        const call = callSite(
          refs.ref(callee),
          node.type === 'NewExpression',
          at(node),
          chained && chained.length > 1 ? chained.slice() : chained,
          keyed?.slice(),
        );
        if (isMember && propertyName(callee) === 'rawRequest') rawRequests.of(args, call, namedExpands.isParameter);
        if (isMember) namedExpands.of(args, call, apiShaped ? (optionsIndexOf(callee) ?? 'any') : undefined);
        if (later) ownFactories.wait(args, later, call, refs.className);
        summary.calls.push(call);
        if (key !== undefined) repeated.keep(key, call);
        break;
      }
    }
  };
  walk(file.program, {
    enters: ENTERED,
    enter,
    // A JSDoc comment applies to whatever node stands after it.
    each: comments.size
      ? (node) => {
          const comment = node.start == null ? undefined : comments.get(node.start);
          if (comment) for (const [key, ref] of jsdocBindings(node, comment, self(), refs)) bind(key, ref);
        }
      : undefined,
    // A name matters only in what holds it, unless typed or decorated; a node after a JSDoc comment is walked.
    inert: (node) =>
      (node.type === 'Identifier' ? node.typeAnnotation == null && node.decorators == null : LEAVES.has(node.type)) &&
      (comments.size === 0 || node.start == null || !comments.has(node.start)),
    exits: LEFT,
    exit: (node) => {
      typeParameters.pop();
      if (FUNCTION_TYPES.has(node.type)) {
        // No return is added once the function is left: keep its returns in a list just as long.
        const fn = functionStack.pop();
        namedExpands.leave();
        if (fn && fn.returns.length > 0) fn.returns = fn.returns.slice();
      } else {
        classStack.pop();
        refs.className = classStack.at(-1)?.name;
      }
    },
  });
  placed.settle(bind);
  const ownCalls = ownFactories.settle(summary, refs);
  rawRequests.settle(summary.bindings);
  refs.dropTree();
  return {
    path,
    bindings: summary.bindings,
    imports: kept(summary.imports),
    exports: kept(summary.exports),
    reExports: summary.reExports,
    functions: kept(summary.functions),
    classes: kept(summary.classes),
    typedKeys: stripeTypedKeys(summary.typedKeys, file.program.body, summary.imports),
    calls: trimmed([
      ...summary.calls,
      ...looked.flatMap(([h, call]) => (isTestHelper(summary, h) ? [] : [call])),
      ...ownCalls,
    ]),
    events: trimmed(settledEvents(eventLists)),
    dispatches: trimmed(summary.dispatches),
    unreadEvents: trimmed(summary.unreadEvents),
    listed: trimmed(summary.listed),
    localImports: trimmed(summary.localImports),
    directRequests: trimmed(directRequests(path, text, [...(file.comments ?? []), ...rawRequests.spans])),
    expandExports: namedExpands.settle(summary.exports, summary.imports),
    expandFree: namedExpands.expandFree.size > 0 ? namedExpands.expandFree : NO_KEYS,
    mapKeys: eventLists.keys.count,
    typeFlow: settledFlow(eventLists.typeFlow),
  };
}
