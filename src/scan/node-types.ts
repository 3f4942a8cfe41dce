/**
 * The node types the summary's walk treats apart: those it enters (others it only walks through),
 * leaves, or passes over as leaves, and the arguments it keeps as a client that may be handed on.
 */
import type { Identifier, MemberExpression, Node } from '@babel/types';
import { unwrapped } from './expand-option.js';
import { TYPE_DECLARATIONS } from './option-types.js';
import { TEST_MODULES } from './tables.js';
import { qualifiedNames } from './type-names.js';
import type { FileSummary } from './types.js';
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
  'ClassMethod',
  'ObjectProperty',
  'BinaryExpression',
  'CallExpression',
  'OptionalCallExpression', // `checks.isPaid?.(event.type)`: an event's type handed on (event-params.ts)
  // A loop's or a catch's names, which hide a module's or an instance's of the same name (event-params.ts).
  'ForOfStatement',
  'ForInStatement',
  'CatchClause',
  'NewExpression',
  'VariableDeclarator',
  'Identifier',
  'ClassProperty',
  'AssignmentExpression',
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
  'TSAsExpression',
  'TSTypeAssertion',
  ...TYPE_DECLARATIONS,
]);
/** The node types left when walked out of: functions and classes, which keep a stack. */
export const LEFT = new Set([...FUNCTION_TYPES, ...CLASS_TYPES]);
/** Nodes with no children (literals, `this`, keyword types): entering one does nothing. */
export const LEAVES = new Set([...CHILDREN].filter(([, keys]) => keys.length === 0).map(([type]) => type));
const NAMED = new Set(['Identifier', 'MemberExpression', 'OptionalMemberExpression', 'ThisExpression']);
/** Classes of the language and the platform: `new Date()` handed on is never a client. */
const BUILT_IN = new Set(
  'Date Error TypeError RangeError Map Set WeakMap WeakSet URL URLSearchParams RegExp Promise Array Object Uint8Array ArrayBuffer Headers Request Response FormData Blob TextEncoder TextDecoder AbortController Number String Boolean Proxy'.split(
    ' ',
  ),
);
/** A factory's name that says it makes a client: `getStripe()`, `createClient()`, `billingApi()`. */
const MAKES_CLIENT = /stripe|client|sdk|api|billing|payment/i;

/** An argument behind `await` and TypeScript's wrappers (`!`, `as`, `satisfies`, `<T>x`). */
function awaited(arg: Node): Node {
  let inner = unwrapped(arg);
  while (inner.type === 'AwaitExpression') inner = unwrapped(inner.argument);
  return inner;
}

/**
 * Whether an argument may be a client (or one of its resources) handed on: a name or a member
 * (`sync(stripe)`, `fetchAll(stripe.customers)`), also behind `await`, `!` or `as`; or one made
 * where it is handed on (`sync(new Stripe(key))`, `sync(await getStripe())`). Of the calls, only
 * those named for a client are kept here: every `f(g(x))` kept would double what a large scan holds.
 * A call of the project's own function by any name waits for the file's end (calledFunction).
 */
export function mayHandOnClient(arg: Node): boolean {
  const inner = awaited(arg);
  if (NAMED.has(inner.type)) return true;
  if (inner.type === 'NewExpression') return inner.callee.type === 'Identifier' && !BUILT_IN.has(inner.callee.name);
  if (inner.type !== 'CallExpression' && inner.type !== 'OptionalCallExpression') return false;
  const callee = inner.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
          callee.property.type === 'Identifier'
        ? callee.property.name
        : '';
  return MAKES_CLIENT.test(name);
}

/**
 * The function an argument calls, by a plain name (`init` in `syncAll(init())`) or a name's member
 * (`factories.make`, `Factory.make`), which may be the project's own and return a client:
 * summarise() keeps the argument once its file shows whose it is.
 */
export function calledFunction(
  arg: Node,
): Identifier | (MemberExpression & { object: Identifier; property: Identifier }) | undefined {
  const inner = awaited(arg);
  if (inner.type !== 'CallExpression' && inner.type !== 'OptionalCallExpression') return undefined;
  const callee = inner.callee;
  if (callee.type === 'Identifier') return callee;
  return callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.object.type === 'Identifier' &&
    callee.property.type === 'Identifier'
    ? (callee as MemberExpression & { object: Identifier; property: Identifier })
    : undefined;
}

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
    // for (const sub of summary.subscriptions.list), [...x.list]: a list iterated, never a method.
    case 'ForOfStatement':
    case 'ForInStatement':
    case 'SpreadElement':
      return false;
    case 'TSAsExpression':
    case 'TSTypeAssertion':
    case 'TSSatisfiesExpression':
      return !doubles.has(node);
    default:
      return true;
  }
}

/** The logical assignments, which may give the right side: `stripe ??= new Stripe(key)`. */
export const LOGICAL = /^(\|\||&&|\?\?)=$/;

/** What is cast to a test double's type, behind any casts between: entered before what it casts. */
const doubles = new WeakSet<Node>();

/** A test library's maker of doubles, whose return type is one: `ReturnType<typeof vi.fn>`. */
const MAKES_DOUBLE = /^(vi|jest|sinon)\.(fn|spyOn|stub|spy|mock)$/;
/** A test library's namespace (`jest.Mock`, `vi.Mocked`, `sinon.SinonStub`, `jasmine.Spy`). */
const TEST_NAMESPACES = new Set(['jest', 'vi', 'sinon', 'jasmine']);

/**
 * `stripe.customers.create as jest.Mock`, `… as unknown as DeepMockProxy<…>` (imported from
 * jest-mock-extended), `<SinonStub>…` (from sinon), `… as ReturnType<typeof vi.fn>`: what is cast to
 * a test library's type is a mock, not a method taken. A type of the project's own, however it is
 * named (`Mock`, `PayStub`), takes the method.
 */
export function noteDouble(cast: Node, imports: FileSummary['imports']): void {
  if (cast.type !== 'TSAsExpression' && cast.type !== 'TSTypeAssertion') return;
  const type = cast.typeAnnotation;
  if (type.type !== 'TSTypeReference') return;
  const { typeName } = type;
  const [param] = type.typeParameters?.params ?? [];
  const returnsDouble =
    typeName.type === 'Identifier' &&
    typeName.name === 'ReturnType' &&
    param?.type === 'TSTypeQuery' &&
    MAKES_DOUBLE.test(qualifiedNames(param.exprName).join('.'));
  const root = qualifiedNames(typeName)[0] ?? '';
  const fromTests =
    (typeName.type === 'TSQualifiedName' && TEST_NAMESPACES.has(root)) ||
    TEST_MODULES.test(imports.get(root)?.specifier ?? '');
  if (returnsDouble || fromTests) doubles.add(unwrapped(cast.expression));
}

/** The name a function is declared with: `function build`, `const build = () => …`; undefined for others. */
export function declaredName(fn: Node, parent: Node | undefined): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  return parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier'
    ? parent.id.name
    : undefined;
}
