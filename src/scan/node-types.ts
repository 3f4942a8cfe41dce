/**
 * The node types the summary's walk treats apart: those it enters (others it only walks through),
 * leaves, or passes over as leaves, and the arguments it keeps as a client that may be handed on.
 */
import type { Node } from '@babel/types';
import { CHILDREN } from './walk.js';

export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'ClassPrivateMethod',
  'ObjectMethod',
]);
export const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);
/** Where collectEvents may find an event type. */
export const EVENT_TYPES = new Set([
  'SwitchCase',
  'ObjectMethod',
  'ObjectProperty',
  'BinaryExpression',
  'CallExpression',
  'NewExpression',
  'VariableDeclarator',
  'Identifier',
]);
/** The node types summarise() enters: those its switch, collectEvents or the function stack read. */
export const ENTERED = new Set([
  ...EVENT_TYPES,
  ...FUNCTION_TYPES,
  ...CLASS_TYPES,
  'ImportDeclaration',
  'TSImportEqualsDeclaration',
  'VariableDeclarator',
  'AssignmentExpression',
  'ForOfStatement',
  'ForInStatement',
  'ArrayExpression',
  'Identifier',
  'TSPropertySignature',
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'ReturnStatement',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ExportDefaultDeclaration',
  'TSEnumDeclaration',
  'OptionalCallExpression',
  'MemberExpression',
  'OptionalMemberExpression',
]);
/** The node types left when walked out of: functions and classes, which keep a stack. */
export const LEFT = new Set([...FUNCTION_TYPES, ...CLASS_TYPES]);
/** Nodes with no children (literals, `this`, keyword types): entering one does nothing. */
export const LEAVES = new Set([...CHILDREN].filter(([, keys]) => keys.length === 0).map(([type]) => type));
/** Arguments that may be a client handed on. */
export const CHAINED = new Set([
  'Identifier',
  'MemberExpression',
  'OptionalMemberExpression',
  'ThisExpression',
  // A client made where it is handed on: `sync(new Stripe(key))`, `sync(getStripe())`.
  'NewExpression',
  'CallExpression',
]);

/**
 * Whether a member expression is a value taken rather than a call made, or a place assigned to:
 * `stripe.customers.list` in `f(stripe.customers.list)`, not in `stripe.customers.list()` or
 * `x.list = …`. `.call`, `.apply` and `.bind` on it call it.
 */
export function takenAsValue(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return (
        parent.object === node &&
        !parent.computed &&
        parent.property.type === 'Identifier' &&
        ['call', 'apply', 'bind'].includes(parent.property.name)
      );
    case 'AssignmentExpression':
      return parent.left !== node;
    case 'UpdateExpression':
    case 'UnaryExpression':
      return false;
    default:
      return true;
  }
}
