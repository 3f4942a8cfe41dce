/**
 * Where an event type is written, for events.ts and event-handlers.ts: a string read as an event
 * type Stripe has, or what stands there instead (a constant, read once every file is summarised, or
 * reported), and what a handler is.
 */
import type { ArrayExpression, Node, ObjectExpression } from '@babel/types';
import { permissionsForEvent } from '../catalog/api.js';
import { EVENT_TYPES } from '../catalog/expandable.generated.js';
import { intern } from './intern.js';
import { columnOf, lineOf } from './refs.js';
import { EVENT_READ } from './event-types.js';
import { type At, type EventSite, need, notUnderstood, type ScanResult } from './types.js';
import { unwrapped } from './expand-option.js';
import type { EventLists } from './event-names.js';

export const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;

const SENT = new Set(EVENT_TYPES);
/** An event type Stripe sends, as the installed stripe package lists them. */
export const isStripeEvent = (type: string): boolean => SENT.has(type);
/** The last words of the event types Stripe sends: `paid`, `updated`, `payment_failed`… */
const ACTIONS = new Set(EVENT_TYPES.map((type) => type.slice(type.lastIndexOf('.') + 1)));
/**
 * An event type Stripe sends, or one shaped as Stripe's: an object its permission table knows and
 * an action its events end in (`transfer.paid`, `invoiceitem.updated`, which older API versions
 * sent); not another's dotted names (`payout.confirmed`, `product.details.before`).
 */
const stripeLike = (type: string): boolean =>
  SENT.has(type) || (ACTIONS.has(type.slice(type.lastIndexOf('.') + 1)) && permissionsForEvent(type) !== undefined);

/** The text of a string written out: `'invoice.paid'`, `` `invoice.paid` ``, `'invoice.paid' as const`. */
export function stringOf(node: Node | null | undefined): string | undefined {
  const inner = node ? unwrapped(node) : undefined;
  if (inner?.type === 'StringLiteral') return inner.value;
  if (inner?.type === 'TemplateLiteral' && inner.expressions.length === 0)
    return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * Which event types are taken where: any (`all`), one Stripe's permission table lists (`known`), or
 * one Stripe sends (`sent`, the installed stripe package's list): what is set against something not
 * named or typed as an event (`switch (field)`, `message.type === …`) may be any dotted string.
 */
type Taken = 'all' | 'known' | 'sent';

/** An event type written at `node`, if it is one of those `taken`. */
export function eventLiteral(
  node: Node | null | undefined,
  found: EventSite[],
  taken: Taken = 'all',
  maker?: string,
): void {
  const value = stringOf(node);
  if (value === undefined || !EVENT_TYPE.test(value)) return;
  if (taken === 'known' && permissionsForEvent(value) === undefined) return;
  if (taken === 'sent' && !isStripeEvent(value)) return;
  const site: EventSite = { type: intern(value), line: lineOf(node!), column: columnOf(node!) };
  if (maker !== undefined) site.maker = maker;
  found.push(site);
}

const HANDLER_VALUES = new Set(['Identifier', 'ArrowFunctionExpression', 'FunctionExpression', 'MemberExpression']);
/**
 * A handler made by a call: bound (`this.onPaid.bind(this)`) or wrapped (`withRetry(onPaid)`, a
 * function handed over); a call of anything else (`t('Invoice paid')`, a label) is no handler.
 */
export const bound = (value: Node): boolean =>
  value.type === 'CallExpression' &&
  ((value.callee.type === 'MemberExpression' &&
    value.callee.property.type === 'Identifier' &&
    value.callee.property.name === 'bind') ||
    (value.arguments[0] !== undefined && HANDLER_VALUES.has(value.arguments[0].type)));
export const handlerValue = (value: Node): boolean => HANDLER_VALUES.has(value.type) || bound(value);

/** What a comparison sets against an event's type, in the source's words, when it is no string. */
export function notWrittenOut(node: Node): string | undefined {
  const inner = unwrapped(node);
  if (inner.type === 'StringLiteral' || (inner.type === 'TemplateLiteral' && inner.expressions.length === 0))
    return undefined;
  if (inner.type === 'Identifier') return inner.name === 'undefined' ? undefined : inner.name;
  if (inner.type === 'NullLiteral') return undefined;
  if ((inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') && !inner.computed)
    return inner.property.type === 'Identifier'
      ? `${notWrittenOut(inner.object) ?? '…'}.${inner.property.name}`
      : undefined;
  return undefined;
}

/**
 * What an event's type is set against, in the source's words, when it is not written out there; undefined
 * for a string, null or undefined (a string is read as it stands; the others are no event type).
 */
export function setAgainst(node: Node): string | undefined {
  const inner = unwrapped(node);
  if (stringOf(inner) !== undefined || inner.type === 'NullLiteral') return undefined;
  if (inner.type === 'Identifier' && inner.name === 'undefined') return undefined;
  return notWrittenOut(inner) ?? (inner.type === 'TemplateLiteral' ? '`…`' : 'an expression');
}

export const unreadIn = (lists: EventLists, what: string, at: Node): void =>
  void lists.unread.push({ what, line: lineOf(at), column: columnOf(at) });

/**
 * What an event's type is set against that is not written out there: a name or a member (`PAID`,
 * `Events.Paid`) is kept with its Ref, to be read as a constant once every file is summarised
 * (uses.ts); anything else is reported.
 */
export function readOrReport(lists: EventLists, other: Node, what: string, at: Node, quiet?: true, key?: true): void {
  const inner = unwrapped(other);
  const named = inner.type === 'Identifier' || inner.type === 'MemberExpression';
  lists.unread.push({
    what,
    line: lineOf(at),
    column: columnOf(at),
    ...(named ? { ref: lists.refOf(inner) } : {}),
    ...(quiet ? { quiet } : {}),
    ...(key ? { key } : {}),
  });
}

/**
 * Each element of a list of event types: a string is read (if one of those `taken`), anything else
 * as readOrReport does; with `quiet`, what is not read is not reported.
 */
export function eachElement(lists: EventLists, elements: readonly (Node | null)[], taken: Taken, quiet?: true): void {
  for (const element of elements) {
    if (!element) continue;
    const other = setAgainst(element);
    if (other === undefined) eventLiteral(element, lists.found, taken);
    else readOrReport(lists, element, other, element, quiet);
  }
}

/**
 * A list of event types (`new Set([…])`, `const SYNCED = […]`): every element written out one, one at
 * least an event Stripe sends or shaped as one (namesStripeEvent; a list of another's dotted names,
 * `['payout.confirmed']` or `['price.amount']`, is not, though Stripe's table knows those prefixes). Each is read, one the
 * table does not list reported where it is found (uses.ts), and a list spread into it
 * (`...refundEvents`) reported. Whether it is all written out.
 */
export function readTypeList(lists: EventLists, list: ArrayExpression, checked = false): boolean {
  const written = list.elements.filter((e) => e?.type !== 'SpreadElement');
  // Checked against an event's type (`NEWER.includes(event.type)`): event types, whatever Stripe sends.
  if (!eventShaped(list) || (!checked && !namesStripeEvent(list))) return false;
  for (const element of list.elements)
    if (element?.type === 'SpreadElement')
      unreadIn(lists, `...${notWrittenOut(element.argument) ?? 'a list'}`, element);
    else eventLiteral(element, lists.found);
  return written.length === list.elements.length;
}

/** A list of strings all shaped as event types (`'invoice.paid'`, `'partner.enrolled'`), spreads aside. */
export function eventShaped(list: ArrayExpression): boolean {
  const written = list.elements.filter((e) => e?.type !== 'SpreadElement');
  return written.length > 0 && written.every((e) => e?.type === 'StringLiteral' && EVENT_TYPE.test(e.value));
}

/** Whether a list holds an event type Stripe sends, or one shaped as Stripe's (stripeLike). */
export const namesStripeEvent = (list: ArrayExpression): boolean =>
  list.elements.some((e) => e?.type === 'StringLiteral' && stripeLike(e.value));

/** `{ card: 'Card', us_bank_account: 'ACH' }`: keys all written out, none an event type. */
export const isTable = (map: ObjectExpression): boolean =>
  map.properties.length > 0 &&
  map.properties.every(
    (p) =>
      p.type !== 'SpreadElement' &&
      !p.computed &&
      (p.key.type === 'Identifier' || (p.key.type === 'StringLiteral' && !EVENT_TYPE.test(p.key.value))),
  );

/**
 * An event type handled at a place: its object's permissions and `event_read` are needed there; one
 * Stripe's permission table does not list is reported; one Stripe does not send (`user.created`,
 * another provider's) is nothing.
 */
export function eventHandled(result: ScanResult, path: string, at: At, type: string): void {
  const anyOf = permissionsForEvent(type);
  if (!anyOf && !isStripeEvent(type)) return;
  const what = `event ${type}`;
  if (anyOf) result.needs.push(need(path, at, what, anyOf), need(path, at, what, EVENT_READ));
  else
    result.notUnderstood.push(
      notUnderstood(
        path,
        at,
        what,
        "Stripe's permission table does not list this event type, so the permission it needs is not known",
      ),
    );
}
