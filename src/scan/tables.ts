import type { At, CallSite, Ref } from './types.js';

/**
 * What a summary keeps of its tables and lists once its file is walked. Most files import, export
 * or declare few kinds of things, and each empty table would otherwise take room of its own; a list
 * pushed to keeps room for sixteen, so what is kept is a copy just as long.
 */
const NO_ENTRIES: ReadonlyMap<never, never> = new Map<never, never>();
export const NO_KEYS: ReadonlySet<never> = new Set<never>();
export const kept = <K, V>(table: ReadonlyMap<K, V>): ReadonlyMap<K, V> => (table.size > 0 ? table : NO_ENTRIES);
// An empty list is one shared by every summary that has none: frozen, so that a push to it throws
// rather than fills every other summary's.
const NO_ITEMS = Object.freeze([]) as never[];
export const trimmed = <T>(list: T[]): T[] => (list.length > 0 ? list.slice() : NO_ITEMS);

/** A method taken as a value (`f(stripe.customers.list)`): a call with no arguments kept, as every call has the same fields. */
export const methodTaken = (callee: Ref, at: At): CallSite => ({
  callee,
  isNew: false,
  line: at.line,
  column: at.column,
  chained: undefined,
  keyed: undefined,
  expand: undefined,
  optionsNames: undefined,
});
