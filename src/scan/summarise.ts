/**
 * One file, parsed and walked once, kept in a FileSummary: its bindings, imports, exports, classes,
 * calls and events. The syntax tree is dropped once the walk ends, so a large scan holds
 * summaries, not trees.
 */
import { type ParserOptions, parse } from '@babel/parser';
import type { File, Node } from '@babel/types';
import { STRIPE_METHOD_NAMES } from './calls.js';
import { collectEvents } from './events.js';
import { at, chainKey, chainText, type FunctionRef, intern, RefMaker, typeNames, UNKNOWN } from './refs.js';
import {
  type CallSite,
  type ClassSummary,
  emptySummary,
  type ExpandOption,
  type FileSummary,
  type Ref,
} from './types.js';
import { walk } from './walk.js';

/** Parser options, shared with the scan bench's parse-only baseline. */
export function parserOptions(path: string): ParserOptions {
  const typescript = /\.(ts|tsx|mts|cts)$/.test(path);
  return {
    sourceType: 'unambiguous',
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    // Comments stay in the file's list, not on each node: only JSDoc types are read, by position.
    attachComment: false,
    plugins: typescript ? (path.endsWith('.tsx') ? ['typescript', 'jsx'] : ['typescript']) : ['jsx'],
  };
}

export function parseSource(path: string, text: string): File {
  return parse(text, parserOptions(path));
}

/**
 * The comments that may give a Stripe type (`/** @type {import('stripe').Stripe} *\/`), by the
 * offset of the code they stand before.
 */
function stripeComments(file: File, text: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const comment of file.comments ?? []) {
    if (!/stripe/i.test(comment.value) || comment.end == null) continue;
    let next = comment.end;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    found.set(next, `${found.get(next) ?? ''}\n${comment.value}`);
  }
  return found;
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'ClassPrivateMethod',
  'ObjectMethod',
]);
const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);
/** Arguments that may be a client handed on. */
const CHAINED = new Set(['Identifier', 'MemberExpression', 'OptionalMemberExpression', 'ThisExpression']);

const STRIPE_TYPE = String.raw`(?:import\(\s*['"]stripe['"]\s*\)\.)?(?:Stripe|default)`;
const JSDOC_TYPE = new RegExp(String.raw`@type\s*\{\s*${STRIPE_TYPE}\s*\}`);
const JSDOC_PARAM = new RegExp(String.raw`@param\s*\{\s*${STRIPE_TYPE}\s*\}\s*\[?([\w$]+)`, 'g');

export function summarise(path: string, file: File, text: string): FileSummary {
  const summary = emptySummary(path);
  const comments = stripeComments(file, text);
  const refs = new RefMaker();
  const functionStack: FunctionRef[] = [];
  const classStack: { name: string | undefined; summary: ClassSummary }[] = [];
  const bind = (key: string | undefined, ref: Ref): void => {
    if (key === undefined || ref.kind === 'unknown') return;
    const list = summary.bindings.get(key);
    if (list) list.push(ref);
    else summary.bindings.set(intern(key), [ref]);
  };
  // Only types that may be a client or hold one: Stripe's, an imported or local class's. Kept few,
  // since every typed parameter would otherwise stay in memory until the scan ends.
  const bindType = (key: string | undefined, annotation: Node | null | undefined): void => {
    for (const name of typeNames(annotation))
      if (name === 'Stripe' || summary.imports.has(name) || summary.classes.has(name))
        bind(key, { kind: 'type', name });
  };
  const params = (list: Node[]): string[][] =>
    list.map((p) => {
      if (p.type === 'Identifier') return [p.name];
      if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return [p.left.name];
      if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier')
        return [p.parameter.name, `this.${p.parameter.name}`];
      return [];
    });
  // `const { stripeClient } = options` and `({ stripeClient }) =>`: each name is that member.
  const destructure = (pattern: Node, from: Ref): void => {
    if (pattern.type !== 'ObjectPattern') return;
    for (const p of pattern.properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : '';
      const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      if (key && value.type === 'Identifier') bind(value.name, { kind: 'member', object: from, name: key });
      else if (key) destructure(value, { kind: 'member', object: from, name: key });
    }
  };
  const jsdoc = (node: Node, text: string): void => {
    const client: Ref = { kind: 'type', name: 'Stripe' };
    if (JSDOC_TYPE.test(text)) {
      if (node.type === 'VariableDeclaration')
        for (const d of node.declarations) if (d.id.type === 'Identifier') bind(d.id.name, client);
      if (node.type === 'ClassProperty' && node.key.type === 'Identifier') bind(`this.${node.key.name}`, client);
      if (node.type === 'ExpressionStatement' && node.expression.type === 'AssignmentExpression')
        bind(chainKey(refs.ref(node.expression.left)), client);
    }
    for (const m of text.matchAll(JSDOC_PARAM)) bind(m[1], client);
  };
  const expandOf = (args: Node[]): ExpandOption | undefined => {
    for (const arg of args) {
      if (arg.type !== 'ObjectExpression') continue;
      for (const p of arg.properties) {
        if (p.type !== 'ObjectProperty' || p.computed) continue;
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : '';
        if (key !== 'expand') continue;
        const option: ExpandOption = { fields: [], computed: [] };
        if (p.value.type !== 'ArrayExpression') option.computed.push({ at: at(p.value), whole: true });
        else
          for (const element of p.value.elements) {
            if (element?.type === 'StringLiteral') option.fields.push({ value: element.value, at: at(element) });
            else if (element) option.computed.push({ at: at(element), whole: false });
          }
        return option;
      }
    }
    return undefined;
  };

  const enter = (node: Node, parent: Node | undefined): void => {
    collectEvents(node, summary.events);
    if (comments.size > 0 && node.start != null) {
      const comment = comments.get(node.start);
      if (comment) jsdoc(node, comment);
    }
    if (FUNCTION_TYPES.has(node.type)) functionStack.push(refs.functionRef(node));
    switch (node.type) {
      case 'ImportDeclaration':
        for (const spec of node.specifiers) {
          const imported =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportNamespaceSpecifier'
                ? '*'
                : spec.imported.type === 'Identifier'
                  ? spec.imported.name
                  : spec.imported.value;
          summary.imports.set(spec.local.name, { specifier: node.source.value, imported });
        }
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') {
          if (node.init) bind(node.id.name, refs.ref(node.init));
          bindType(node.id.name, node.id.typeAnnotation);
        } else if (node.init) destructure(node.id, refs.ref(node.init));
        break;
      case 'AssignmentExpression': {
        if (node.operator !== '=') break;
        const right = refs.ref(node.right);
        const key = chainKey(refs.ref(node.left));
        bind(key, right);
        const owner = classStack.at(-1);
        if (owner && key?.startsWith('this.') && key.split('.').length === 2) owner.summary.members.push(key.slice(5));
        if (key === 'module.exports') summary.exports.set('module.exports', right);
        const named = key && /^(?:module\.)?exports\.([\w$]+)$/.exec(key);
        if (named) summary.exports.set(named[1]!, right);
        if (key === 'module.exports' && right.kind === 'object')
          for (const [name, value] of right.properties) summary.exports.set(name, value);
        break;
      }
      case 'Identifier':
        // A parameter typed with a Stripe client's type: `function sync(stripe: Stripe)`.
        if (node.typeAnnotation && parent?.type !== 'VariableDeclarator') bindType(node.name, node.typeAnnotation);
        break;
      case 'TSPropertySignature':
        if (node.key.type === 'Identifier' && typeNames(node.typeAnnotation).includes('Stripe'))
          summary.typedKeys.add(node.key.name);
        break;
      case 'FunctionDeclaration':
        if (node.id) {
          bind(node.id.name, refs.functionRef(node));
          summary.functions.set(node.id.name, params(node.params));
        }
        for (const p of node.params) if (p.type === 'ObjectPattern') destructure(p, UNKNOWN);
        break;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        for (const p of node.params) if (p.type === 'ObjectPattern') destructure(p, UNKNOWN);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const name = node.id?.name;
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
        const key =
          node.key.type === 'Identifier'
            ? node.key.name
            : node.key.type === 'PrivateName'
              ? `#${node.key.id.name}`
              : '';
        if (!key) break;
        classStack.at(-1)?.summary.members.push(key);
        if (node.value) bind(`this.${key}`, refs.ref(node.value));
        if ('typeAnnotation' in node) bindType(`this.${key}`, node.typeAnnotation);
        break;
      }
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        const key =
          node.key.type === 'Identifier'
            ? node.key.name
            : node.key.type === 'PrivateName'
              ? `#${node.key.id.name}`
              : '';
        const cls = classStack.at(-1);
        if (node.kind === 'constructor' && cls) {
          cls.summary.params = params(node.params);
          for (const p of node.params) {
            if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier') {
              bindType(`this.${p.parameter.name}`, p.parameter.typeAnnotation);
              bind(`this.${p.parameter.name}`, { kind: 'name', name: p.parameter.name });
              cls.summary.members.push(p.parameter.name);
            }
          }
        }
        for (const p of node.params) if (p.type === 'ObjectPattern') destructure(p, UNKNOWN);
        if (!key || node.kind === 'constructor') break;
        const fn = refs.functionRef(node);
        // A getter is read, not called: `this.stripe` is what it returns.
        const value: Ref = node.kind === 'get' ? { kind: 'call', callee: fn } : fn;
        bind(`this.${key}`, value);
        if (cls?.name) bind(`${cls.name}.${key}`, value);
        if (node.kind === 'get') cls?.summary.members.push(key);
        break;
      }
      case 'ReturnStatement':
        if (node.argument) functionStack.at(-1)?.returns.push(refs.ref(node.argument));
        break;
      case 'ExportNamedDeclaration': {
        const declaration = node.declaration;
        if (declaration?.type === 'VariableDeclaration') {
          for (const d of declaration.declarations)
            if (d.id.type === 'Identifier') summary.exports.set(d.id.name, { kind: 'name', name: d.id.name });
        } else if (
          (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') &&
          declaration.id
        ) {
          summary.exports.set(declaration.id.name, { kind: 'name', name: declaration.id.name });
        }
        const from: Ref | undefined = node.source ? { kind: 'require', specifier: node.source.value } : undefined;
        for (const spec of node.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
          if (spec.type === 'ExportNamespaceSpecifier') {
            if (from) summary.exports.set(exported, from);
          } else if (spec.type === 'ExportSpecifier') {
            const local = spec.local.name;
            summary.exports.set(
              exported,
              from ? { kind: 'member', object: from, name: local } : { kind: 'name', name: local },
            );
          }
        }
        break;
      }
      case 'ExportAllDeclaration':
        summary.reExports.push(node.source.value);
        break;
      case 'ExportDefaultDeclaration': {
        const declaration = node.declaration;
        if (declaration.type === 'FunctionDeclaration') summary.exports.set('default', refs.functionRef(declaration));
        else if (declaration.type === 'ClassDeclaration')
          summary.exports.set('default', declaration.id ? { kind: 'name', name: declaration.id.name } : UNKNOWN);
        else if (declaration.type !== 'TSDeclareFunction') summary.exports.set('default', refs.ref(declaration));
        break;
      }
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression': {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') break;
        const callee = node.callee;
        const isMember = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression';
        if (isMember && callee.computed) {
          const key = chainKey(refs.ref(callee.property));
          if (key === 'type' || key?.endsWith('.type'))
            summary.dispatches.push({ what: `${chainText(refs.ref(callee.object))}[${key}]()`, at: at(node) });
        }
        const call: CallSite = { callee: refs.ref(node.callee), isNew: node.type === 'NewExpression', at: at(node) };
        node.arguments.forEach((arg, index) => {
          if (CHAINED.has(arg.type)) (call.chained ??= []).push({ index, ref: refs.ref(arg), at: at(arg) });
          else if (arg.type === 'ObjectExpression') {
            const object = refs.ref(arg);
            if (object.kind === 'object')
              for (const [key, value] of object.properties)
                if (value.kind === 'name' || value.kind === 'member' || value.kind === 'call')
                  (call.keyed ??= []).push([key, value]);
          }
        });
        const expand = isMember ? expandOf(node.arguments) : undefined;
        if (expand) call.expand = expand;
        // A member call by a name no stripe-node method has is no API call: kept only if it hands
        // something on.
        const apiShaped =
          isMember && (callee.property.type !== 'Identifier' || STRIPE_METHOD_NAMES.has(callee.property.name));
        if (apiShaped || call.chained || call.keyed) summary.calls.push(call);
        break;
      }
    }
  };
  walk(file.program, {
    enter,
    wantsExit: (node) => FUNCTION_TYPES.has(node.type) || CLASS_TYPES.has(node.type),
    exit: (node) => {
      if (FUNCTION_TYPES.has(node.type)) functionStack.pop();
      else {
        classStack.pop();
        refs.className = classStack.at(-1)?.name;
      }
    },
  });
  return summary;
}
