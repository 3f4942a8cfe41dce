/**
 * Code run only for event types written out: a `case 'invoice.paid':` of a switch on an event's
 * type, an `if (event.type === 'invoice.paid')`. An event handed on there by its type is of those
 * types, already read, so the hand-on is no event handled elsewhere.
 */
import type { Node, Statement, SwitchCase } from '@babel/types';
import { rootName } from './event-names.js';
import type { EventLists } from './event-names.js';
import { unwrapped } from './expand-option.js';
import { enterTypeFunction } from './event-params.js';
import { columnOf, lineOf } from './refs.js';

/** A statement after which control does not go on to the next case. */
function ends(statement: Statement | undefined): boolean {
  if (!statement) return false;
  if (statement.type === 'BlockStatement') return ends(statement.body.at(-1));
  return /^(Break|Return|Throw|Continue)Statement$/.test(statement.type);
}

/**
 * A case whose body runs only for types written out: its test is one, and so is every case that
 * falls through into it (`default:` or `case type:` above it runs it for any type).
 */
function onlyWrittenTypes(cases: readonly SwitchCase[], at: SwitchCase): boolean {
  for (let i = cases.indexOf(at); i >= 0; i--) {
    if (cases[i]!.test?.type !== 'StringLiteral') return false;
    const before = cases[i - 1];
    if (!before || (before.consequent.length > 0 && ends(before.consequent.at(-1)))) return true;
  }
  return true;
}

/**
 * Marks a case's body (`case 'invoice.paid':` of `switch (event.type)`), or an `if`'s (`event.type ===
 * 'invoice.paid'`, the other side a string written out), as run only for those types of that event.
 */
export function narrowCase(
  lists: EventLists,
  node: SwitchCase,
  discriminant: Node,
  cases: readonly SwitchCase[],
): void {
  const root = rootName(unwrapped(discriminant));
  if (root !== undefined && node.end != null && onlyWrittenTypes(cases, node)) push(lists, node, node.end, root);
}
export function narrowIf(lists: EventLists, typeSide: Node, other: Node, body: Node): void {
  const root = rootName(unwrapped(typeSide));
  if (root !== undefined && body.end != null && unwrapped(other).type === 'StringLiteral')
    push(lists, body, body.end, root);
}

/**
 * A function written where the types are known runs later, maybe for other events
 * (`list.forEach((event) => emit(event.type, event))`): no narrowing holds inside it. Nor does one in
 * which the event's name is given another event (`event = await stripe.events.retrieve(…)`), before
 * the hand-on or after it (a loop runs it again); a range already ended keeps what it held.
 */
export function enterFunction(lists: EventLists, node: Node, parent?: Node, className?: string): void {
  if (lists.narrowedTo.length > 0 && node.end != null) push(lists, node, node.end, '');
  enterTypeFunction(lists, node, parent, className);
}
export function givenAnew(lists: EventLists, name: string, at: Node): void {
  const start = at.start ?? 0;
  for (const entry of lists.narrowedTo)
    if (entry[1] === name && entry[0] > start) {
      // Given anew in the range, even after a hand-on (in a loop, the next pass hands on the new one).
      entry[1] = '';
      if (entry[2]) lists.dispatches.push(...entry[2]);
      entry[2] = undefined;
    }
}

/** A range pushed, those ended before it dropped: the stack holds only ranges around the walk. */
function push(lists: EventLists, at: Node, end: number, root: string): void {
  const start = at.start ?? 0;
  const { narrowedTo } = lists;
  while (narrowedTo.length > 0 && (narrowedTo.at(-1)?.[0] ?? 0) <= start) narrowedTo.pop();
  narrowedTo.push([end, root]);
}

/**
 * Whether a hand-on is in code run only for written types of the event it hands on: the name its
 * type is read from (`event` of `queue.add(event.type, …)`, `type` of `queue.add(type, …)`) is the
 * one compared, with no function or new value between. Innermost first; ranges passed are skipped.
 */
function inNarrowed(lists: EventLists, node: Node, what: string): EventLists['narrowedTo'][number] | undefined {
  const start = node.start ?? 0;
  const about = /([\w$]+)\??\.type\b/.exec(what)?.[1] ?? /\(([\w$]+)\)$/.exec(what)?.[1];
  for (let i = lists.narrowedTo.length - 1; i >= 0; i--) {
    const entry = lists.narrowedTo[i]!;
    if (entry[0] <= start) continue;
    if (entry[1] === '') return undefined;
    if (entry[1] === about) return entry;
  }
  return undefined;
}

/** Keeps a lookup or a hand-on by event type where it is made; not a hand-on of types read (inNarrowed). */
export function noteDispatch(
  lists: EventLists,
  lookup: Omit<EventLists['dispatches'][number], 'line' | 'column'>,
  node: Node,
): void {
  const dispatch = { ...lookup, line: lineOf(node), column: columnOf(node) };
  // Held while the range lasts: the name may yet be given another event there (givenAnew).
  const range = lookup.forward ? inNarrowed(lists, node, lookup.what) : undefined;
  if (range) (range[2] ??= []).push(dispatch);
  else lists.dispatches.push(dispatch);
}
