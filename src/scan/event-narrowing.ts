/**
 * Code run only for event types written out: a `case 'invoice.paid':` of a switch on an event's
 * type, an `if (event.type === 'invoice.paid')`. An event handed on there by its type is of those
 * types, already read, so the hand-on is no event handled elsewhere.
 */
import type { Node, Statement, SwitchCase } from '@babel/types';
import { rootName } from './event-names.js';
import type { EventLists } from './event-names.js';
import { unwrapped } from './expand-option.js';
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
  if (root !== undefined && node.end != null && onlyWrittenTypes(cases, node)) lists.narrowedTo.push([node.end, root]);
}
export function narrowIf(lists: EventLists, typeSide: Node, other: Node, body: Node): void {
  const root = rootName(unwrapped(typeSide));
  if (root !== undefined && body.end != null && unwrapped(other).type === 'StringLiteral')
    lists.narrowedTo.push([body.end, root]);
}

/**
 * Whether a hand-on is in code run only for written types of the event it hands on (its words name
 * the event compared). The walk goes in source order, so the ranges passed are dropped as it goes.
 */
function inNarrowed(lists: EventLists, node: Node, what: string): boolean {
  const { narrowedTo } = lists;
  const start = node.start ?? 0;
  while (narrowedTo.length > 0 && (narrowedTo.at(-1)?.[0] ?? 0) <= start) narrowedTo.pop();
  if (narrowedTo.length === 0) return false;
  const words = what.split(/[^\w$]+/);
  return narrowedTo.some(([, root]) => words.includes(root));
}

/** Keeps a lookup or a hand-on by event type where it is made; not a hand-on of types read (inNarrowed). */
export function noteDispatch(
  lists: EventLists,
  lookup: Omit<EventLists['dispatches'][number], 'line' | 'column'>,
  node: Node,
): void {
  if (!(lookup.forward && inNarrowed(lists, node, lookup.what)))
    lists.dispatches.push({ ...lookup, line: lineOf(node), column: columnOf(node) });
}
