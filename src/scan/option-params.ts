/**
 * What a function's parameter passes on as a Stripe call's options: the name a pattern gives it, a
 * part of it read (`req.query`), and the copies made of it (`{ ...params }`, `Object.assign({}, p)`).
 */
import type { Node } from '@babel/types';
import { MAY_HOLD_OPTION, namesIn, unwrapped } from './expand-option.js';
import { patternTargets, propertyName } from './refs.js';

/** A type's name as written, for the few a parameter is told apart by: `Stripe.RequestOptions`. */
export function typeText(type: Node): string {
  if (type.type === 'TSTypeReference')
    return type.typeName.type === 'Identifier'
      ? type.typeName.name
      : type.typeName.type === 'TSQualifiedName'
        ? type.typeName.right.name
        : '';
  return '';
}

/** Whether a parameter declares `name`: `params`, `params = {}`, `...rest`, or destructured (`{ id, params }`). */
export const declares = (p: Node, name: string): boolean =>
  p.type === 'Identifier'
    ? p.name === name // most parameters: no list made
    : patternTargets(p).some((target) => target.type === 'Identifier' && target.name === name);

/**
 * The name a member reads its value from, and the member of it read when it is one deep: `req` and
 * `query` of `req.query`, `opts` of `opts.a.b`.
 */
function rootOf(node: Node): [root: string, member: string | undefined] | undefined {
  let inner = node;
  let member: string | undefined;
  for (let depth = 0; inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression'; depth++) {
    member = depth === 0 && !inner.computed ? propertyName(inner) : undefined;
    inner = unwrapped(inner.object);
  }
  return inner.type === 'Identifier' ? [inner.name, member] : undefined;
}

export type Copied = [name: string, part: string | null | undefined];

/**
 * The names a value may be a copy of, each with the part of it copied (undefined: all of it; null: a
 * part not named): `params` of `{ ...params }`, `{ ...(params ?? {}) }`, `Object.assign({}, params)`,
 * `structuredClone(params)`, `merge({}, DEFAULTS, params)`, `JSON.parse(JSON.stringify(params))`, or
 * `params` itself; `opts` and its part `params` of `opts.params` and `{ ...opts.params }`.
 */
export function copiedFrom(init: Node): Copied[] {
  const inner = unwrapped(init);
  if (inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') {
    const root = rootOf(inner);
    return root ? [[root[0], root[1] ?? null]] : [];
  }
  // `await req.json()`: a request's body, a part of a parameter.
  if (inner.type === 'AwaitExpression') {
    const body = unwrapped(inner.argument);
    const callee = body.type === 'CallExpression' ? body.callee : undefined;
    const root =
      callee?.type === 'MemberExpression' && propertyName(callee) === 'json' ? rootOf(callee.object) : undefined;
    return root ? [[root[0], null]] : [];
  }
  // `opts.params ?? {}`, `full ? opts.params : {}`: either side; of `a && b`, only b is an object.
  if (inner.type === 'LogicalExpression')
    return [...(inner.operator === '&&' ? [] : copiedFrom(inner.left)), ...copiedFrom(inner.right)];
  if (inner.type === 'ConditionalExpression') return [...copiedFrom(inner.consequent), ...copiedFrom(inner.alternate)];
  if (inner.type === 'ObjectExpression')
    return [
      ...namesIn(inner).map((n): Copied => [n, undefined]),
      ...inner.properties.flatMap((p) =>
        p.type === 'SpreadElement' ? copiedFrom(p.argument).filter(([, part]) => part !== undefined) : [],
      ),
    ];
  if (inner.type !== 'CallExpression')
    return MAY_HOLD_OPTION.has(inner.type) ? namesIn(inner).map((n): Copied => [n, undefined]) : [];
  const { callee } = inner;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression'
        ? propertyName(callee)
        : undefined;
  return name !== undefined && COPIES.has(name)
    ? inner.arguments.flatMap((a) =>
        a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder' ? [] : copiedFrom(a),
      )
    : [];
}

/** Functions that copy or merge objects: `Object.assign`, `structuredClone`, lodash's `merge`, `cloneDeep`. */
export const COPIES = new Set([
  'omit',
  'pick',
  'deepmerge',
  'defu',
  'parse',
  'stringify',
  'assign',
  'structuredClone',
  'merge',
  'clone',
  'cloneDeep',
  'defaults',
  'defaultsDeep',
  'extend',
]);
