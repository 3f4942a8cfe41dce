/**
 * An event's type handed to a function (`isSyncableEvent({ eventType: event.type })`,
 * `tableOf(event.type)`), and what a file's functions set their parameters against
 * (`eventType.startsWith('invoice.')`, `t === 'invoice.paid'`): found while summarising, read
 * together once every file is, since the function may be another file's.
 */
import type { CallExpression, Node, OptionalCallExpression } from '@babel/types';
import { unwrapped } from './expand-option.js';
import type { EventLists } from './event-names.js';
import { eventTyped, eventTypeKey, typedIn } from './event-lookups.js';
import { EVENT_TYPE, eventHandled, stringOf } from './event-sites.js';
import { eventTyping } from './event-types.js';
import { intern } from './intern.js';
import { functionOwner } from './module-syntax.js';
import { declares } from './option-params.js';
import { columnOf, lineOf } from './refs.js';
import { trimmed } from './tables.js';
import {
  type FileSummary,
  notUnderstood,
  type ParamCheck,
  type Ref,
  type ScanResult,
  type TypeFlow,
  type TypeHandOn,
} from './types.js';

const NO_FLOW: TypeFlow = { handOns: trimmed([]), checks: trimmed([]) };
/** What a summary keeps: lists just as long, or one shared by every file with none. */
export const settledFlow = (flow: TypeFlow): TypeFlow =>
  flow.handOns.length + flow.checks.length === 0
    ? NO_FLOW
    : { handOns: trimmed(flow.handOns), checks: trimmed(flow.checks) };

/**
 * A string's methods that read a part of it, given a part of an event's type (`'invoice.'`,
 * `'customer'`, `'failed'`), a pattern, or a value not written out (`startsWith(prefix)`): a type
 * read by one is read by a prefix or a pattern. `msg.split(':')` and `msg.includes(':')` are no such reads.
 */
const BY_PART = new Set(['startsWith', 'endsWith', 'includes', 'match', 'search']);
const TYPE_PART = /^[a-z_.]*[a-z][a-z_.]*$/;
const typePart = (method: string, node: Node | undefined): boolean =>
  node?.type === 'StringLiteral'
    ? TYPE_PART.test(node.value) && (method !== 'includes' || /[._]/.test(node.value))
    : node?.type === 'RegExpLiteral' || (method !== 'includes' && node !== undefined && node.type !== 'SpreadElement');
const EQUALS = new Set(['===', '==', '!==', '!=']);
/** What tests a string against a pattern: `/^x\./.test(t)`, `INVOICE.exec(t)`. */
export const PATTERNS = new Set(['test', 'exec']);
/** A pattern as written: `/^payout\./`, or its name. */
export const patternText = (lists: EventLists, pattern: Node): string =>
  pattern.type === 'RegExpLiteral' ? `/${pattern.pattern}/` : lists.text(pattern);

/**
 * Whether a name is typed as an event's type where it is read: a parameter of a function the walk
 * is in, typed `Stripe.Event.Type` there (another function's `t: string` is not), or any other name so typed.
 */
export function typedHere(lists: EventLists, node: Node): boolean {
  const inner = unwrapped(node);
  if (inner.type !== 'Identifier' || !lists.typedTypes.has(inner.name)) return false;
  const owner = innermostDeclaring(lists, inner.name, node.start ?? 0);
  const param = owner?.params.find((p) => declares(p, inner.name));
  const typed = param?.type === 'AssignmentPattern' ? param.left : param;
  return typed?.type !== 'Identifier' || eventTyping(typed.typeAnnotation) === 'type';
}

/** The innermost function the walk is in whose parameters declare a name. */
function innermostDeclaring(
  lists: EventLists,
  name: string,
  at: number,
): EventLists['typeFunctions'][number] | undefined {
  return endedDropped(lists, at).findLast((f) => f.params.some((p) => declares(p, name)));
}

/** The functions the walk is in at a place: those that ended before it dropped (they nest, so from the top). */
function endedDropped(lists: EventLists, at: number): EventLists['typeFunctions'] {
  const stack = lists.typeFunctions;
  while (stack.length > 0 && stack.at(-1)!.end <= at) stack.pop();
  return stack;
}

/**
 * `t` or `args.eventType`, where `t` and `args` are parameters of a function the walk is in, with
 * the innermost such function's name as summary.functions keys it (undefined if it has none).
 */
function paramPath(node: Node, lists: EventLists): [name: string, fn: string | undefined] | undefined {
  const inner = unwrapped(node);
  const member =
    inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier'
      ? inner.property.name
      : undefined;
  const root = member !== undefined && inner.type === 'MemberExpression' ? unwrapped(inner.object) : inner;
  if (root.type !== 'Identifier') return undefined;
  const owner = innermostDeclaring(lists, root.name, node.start ?? 0);
  if (!owner) return undefined;
  return [member !== undefined ? `${root.name}.${member}` : root.name, owner.key];
}

/**
 * A function entered while summarising: the checks made in it are kept under its name, as
 * summary.functions has it (`isPaid`, `const isPaid = …`, `Billing.isPaid`), and read only for
 * what is handed to it, not to another function of the file with a parameter of the same name.
 */
export function enterTypeFunction(
  lists: EventLists,
  node: Node,
  parent: Node | undefined,
  className: string | undefined,
): void {
  if (!('params' in node) || node.end == null) return;
  const stack = endedDropped(lists, node.start ?? 0);
  let key: string | undefined;
  if (node.type === 'FunctionDeclaration') key = node.id?.name;
  else if (node.type === 'ClassMethod' && node.kind === 'method' && className && node.key.type === 'Identifier')
    key = `${className}.${node.key.name}`;
  else if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression')
    key = functionOwner(parent, (id) => (id.type === 'Identifier' ? id.name : undefined));
  stack.push({ key, end: node.end, params: node.params });
}

/** An event's type as it is, not changed or made into something else: `event.type`, `t`. */
const typeAsIs = (node: Node, lists: EventLists): boolean => {
  const inner = unwrapped(node);
  return (
    (inner.type === 'Identifier' || inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') &&
    eventTypeKey(inner, lists) !== undefined
  );
};

function checked(lists: EventLists, side: Node, literal: Node | null | undefined, at: Node): void {
  const type = stringOf(literal);
  if (type === undefined || !EVENT_TYPE.test(type) || typedIn(lists, side)) return;
  noteCheck(lists, side, at, (name) => name, type);
}

/** A check of a parameter of a named function, kept under that function's name (paramPath). */
function noteCheck(lists: EventLists, side: Node, at: Node, what: (name: string) => string, type?: string): void {
  const path = paramPath(side, lists);
  if (path?.[1] === undefined) return;
  lists.typeFlow.checks.push({
    name: intern(path[0]),
    fn: intern(path[1]),
    ...(type === undefined ? {} : { type: intern(type) }),
    what: what(path[0]),
    line: lineOf(at),
    column: columnOf(at),
  });
}

/** Entered while summarising: a hand-on of an event's type, or a parameter set against a string. */
export function noteTypeFlow(node: Node, parent: Node | undefined, lists: EventLists): void {
  if (node.type === 'BinaryExpression') {
    if (!EQUALS.has(node.operator) || node.left.type === 'PrivateName') return;
    checked(lists, node.left, node.right, node.right);
    checked(lists, node.right, node.left, node.left);
  } else if (node.type === 'SwitchCase') {
    // switch (t): a name's cases are read wherever it is (events.ts); a member's (`args.t`), here.
    if (parent?.type === 'SwitchStatement' && unwrapped(parent.discriminant).type === 'MemberExpression')
      checked(lists, parent.discriminant, node.test, node.test ?? node);
  } else if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') callChecks(node, lists);
  else if (node.type === 'ForOfStatement' || node.type === 'ForInStatement' || node.type === 'CatchClause') {
    // `for (const checks of list)`, `catch (checks)`: in there, `checks` is none of the file's other
    // values (a module, an instance), as a parameter is not; kept on the function stack, with no name.
    const declared =
      node.type === 'CatchClause'
        ? [node.param]
        : node.left.type === 'VariableDeclaration'
          ? node.left.declarations.map((d) => d.id)
          : [];
    const names = declared.filter((id): id is NonNullable<typeof id> => id != null);
    if (names.length > 0 && node.end != null)
      endedDropped(lists, node.start ?? 0).push({ key: undefined, end: node.end, params: names });
  }
}

type Call = CallExpression | OptionalCallExpression;

function callChecks(node: Call, lists: EventLists): void {
  // `action(payload)` of `const action = actions[type]` above: looked for only once there is one (most
  // files have none), since keeping every name a file calls cost 0.8% of the scan's instructions.
  if (lists.takenNames.size > 0 && node.callee.type === 'Identifier' && lists.takenNames.has(node.callee.name))
    lists.calledNames.add(node.callee.name);
  const callee = unwrapped(node.callee);
  const isMember = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression';
  const method =
    isMember && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (callee.type === 'MemberExpression' && method !== undefined) {
    // eventType.startsWith('invoice.'): a prefix; ['invoice.paid', …].includes(t): each written out.
    const object = unwrapped(callee.object);
    const [first] = node.arguments;
    // Not what events.ts reports itself: an event's `.type`, a name given it or typed as one.
    const reported = eventTyped(lists, object) || typedHere(lists, object);
    if (BY_PART.has(method) && typePart(method, first) && !reported)
      noteCheck(lists, object, node, (name) => `${name}.${method}()`);
    // /^customer\./.test(type), INVOICE.exec(type): a pattern.
    if (PATTERNS.has(method) && first && first.type !== 'SpreadElement')
      if (first.type !== 'ArgumentPlaceholder' && !eventTyped(lists, first) && !typedHere(lists, first))
        noteCheck(lists, first, node, (name) => `${patternText(lists, object)}.${method}(${name})`);
    if (method === 'includes' && object.type === 'ArrayExpression' && first && first.type !== 'SpreadElement')
      if (first.type !== 'ArgumentPlaceholder')
        for (const element of object.elements) if (element) checked(lists, first, element, element);
  }
  // Handed to a function by its name, to the class's own method (`this.isPaid(t)`), or to a member of
  // a name (`checks.isPaid(t)`, `Billing.isPaid(t)`): which of those is a module's or a class's
  // function is known once every file is read (functionHome); a logger's (`logger.info(t)`) is none.
  const held = isMember ? callee.object : undefined; // `this.billing` in `this.billing.isPaid(t)`: a service given
  const member =
    method !== undefined &&
    (held?.type === 'ThisExpression' ||
      held?.type === 'Identifier' ||
      (held?.type === 'MemberExpression' && held.object.type === 'ThisExpression' && !held.computed));
  if (callee.type !== 'Identifier' && !member) return;
  // A parameter named as a function or a module the file imports (`(db, isPaid) => isPaid(t)`) is another value.
  const root = callee.type === 'Identifier' ? callee : held;
  if (root?.type === 'Identifier' && innermostDeclaring(lists, root.name, node.start ?? 0)) return;
  node.arguments.forEach((arg, index) => {
    const handed = handedAs(arg, lists);
    const object = unwrapped(arg); // `{ eventType: event.type } as Args`
    if (handed) handedOn(lists, node, index, undefined, arg, handed);
    else if (object.type === 'ObjectExpression')
      for (const p of object.properties) {
        if (p.type !== 'ObjectProperty' || p.computed) continue;
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
        const held = key === undefined ? undefined : handedAs(p.value, lists);
        if (held) handedOn(lists, node, index, key, p.value, held);
      }
  });
}

/** What an argument hands on: an event's type as it is (`event.type`, `t`), or the event (`event`). */
function handedAs(node: Node, lists: EventLists): 'type' | 'event' | undefined {
  const inner = unwrapped(node);
  if (inner.type === 'Identifier' && lists.isEvent(inner.name) && !lists.isEventTypeName(inner.name)) return 'event';
  return typeAsIs(inner, lists) ? 'type' : undefined;
}

function handedOn(
  lists: EventLists,
  call: Call,
  index: number,
  key: string | undefined,
  value: Node,
  as: 'type' | 'event',
): void {
  const given = `${index > 0 ? '…, ' : ''}${key === undefined ? lists.text(value) : `{ ${key}: ${lists.text(value)} }`}`;
  lists.typeFlow.handOns.push({
    callee: lists.refOf(call.callee),
    index,
    ...(key === undefined ? {} : { key: intern(key) }),
    ...(as === 'event' ? { whole: true as const } : {}),
    what: `${lists.text(call.callee)}${call.optional ? '?.' : ''}(${given})`,
    line: lineOf(call),
    column: columnOf(call),
  });
}

/** Each check read once, however many hand-ons reach it: per scan. */
const reported = new WeakMap<ScanResult, Set<ParamCheck>>();

/**
 * Each event's type handed to a function the scan read: what that function sets the parameter
 * against is read there, an event type written out as a handled event, anything else reported.
 */
export function collectTypeHandOns(
  file: FileSummary,
  result: ScanResult,
  functionOf: (callee: Ref) => [FileSummary, string] | undefined,
): void {
  for (const handOn of file.typeFlow.handOns) {
    const [owner, name] = functionOf(handOn.callee) ?? [];
    const list = owner && name !== undefined ? owner.functions.get(name) : undefined;
    // `function f(this: void, t)`: TypeScript's `this` is no argument.
    const params = list?.[handOn.index + (list[0]?.[0] === 'this' ? 1 : 0)];
    if (!owner || !params) continue;
    const done = reported.get(result) ?? new Set<ParamCheck>();
    reported.set(result, done);
    const names = readNames(owner, params, handOn);
    for (const check of owner.typeFlow.checks) {
      if (check.fn !== name || done.has(check) || !names.includes(check.name)) continue;
      done.add(check);
      if (check.type === undefined)
        result.notUnderstood.push(
          notUnderstood(
            owner.path,
            check,
            check.what,
            `${handOn.whole ? 'the type of an event' : "an event's type"} handed in by ${file.path}:${handOn.line} ${handOn.what} is set against something not written out here (a prefix, a pattern), so which permissions the events need is not known`,
          ),
        );
      else eventHandled(result, owner.path, check, check.type);
    }
  }
}

/**
 * The names a parameter handed a type is read by there: the parameter itself (`t`), its member
 * under the key (`args.eventType`), or the name a pattern takes under the key (`{ eventType }`,
 * bound to a member of `<function>#<position>`); of an event handed whole, each one's `.type`.
 */
function readNames(owner: FileSummary, params: readonly string[], handOn: TypeHandOn): string[] {
  const { key } = handOn;
  const names = key === undefined ? [...params] : params.map((p) => `${p}.${key}`);
  if (
    key !== undefined &&
    (owner.bindings.get(key) ?? []).some(
      (ref) =>
        ref.kind === 'member' && ref.name === key && ref.object.kind === 'name' && params.includes(ref.object.name),
    )
  )
    names.push(key);
  return handOn.whole ? names.map((name) => `${name}.type`) : names;
}
