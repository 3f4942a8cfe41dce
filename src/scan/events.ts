/**
 * Webhook event types the code handles: `case 'invoice.paid':`, `event.type === 'invoice.paid'`,
 * handler maps (`{ 'invoice.paid': onPaid }`, looked up by `handlers[event.type]`) and a webhook
 * endpoint's `enabled_events`. Found while summarising, since they need no resolution; what each
 * needs is decided in uses.ts.
 */
import type { CallExpression, MemberExpression, Node, OptionalMemberExpression } from '@babel/types';
import { permissionsForEvent } from '../catalog/api.js';
import { EVENT_TYPES } from '../catalog/expandable.generated.js';
import { intern } from './intern.js';
import { columnOf, lineOf } from './refs.js';
import type { EventSite } from './types.js';
import { unwrapped } from './expand-option.js';
import { EVENTISH, type EventLists, rootName } from './event-names.js';

export { eventListsOf } from './event-names.js';
import { eventTyping } from './event-types.js';

export const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;

const SENT = new Set(EVENT_TYPES);
/** An event type Stripe sends, as the installed stripe package lists them. */
export const isStripeEvent = (type: string): boolean => SENT.has(type);

/** The text of a string written out: `'invoice.paid'`, `` `invoice.paid` ``, `'invoice.paid' as const`. */
function stringOf(node: Node | null | undefined): string | undefined {
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
function eventLiteral(node: Node | null | undefined, found: EventSite[], taken: Taken = 'all', maker?: string): void {
  const value = stringOf(node);
  if (value === undefined || !EVENT_TYPE.test(value)) return;
  if (taken === 'known' && permissionsForEvent(value) === undefined) return;
  if (taken === 'sent' && !isStripeEvent(value)) return;
  const site: EventSite = { type: intern(value), line: lineOf(node!), column: columnOf(node!) };
  if (maker !== undefined) site.maker = maker;
  found.push(site);
}

/** The package (not stripe) whose function made the event an event's type is read from (`event.type`, `t`). */
function makerAt(lists: EventLists, side: Node): string | undefined {
  const root = rootName(unwrapped(side));
  return root === undefined ? undefined : lists.makerOf(root);
}

/** `event.type`, `evt.type`, `event['type']`, `type`: the side of a comparison an event type is compared with. */
function mentionsType(node: Node): boolean {
  if (node.type === 'Identifier') return node.name === 'type';
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return false;
  const { property } = node;
  return node.computed
    ? property.type === 'StringLiteral' && property.value === 'type'
    : property.type === 'Identifier' && property.name === 'type';
}

/** A member other than a type: `body.event_type`, `data.kind`. */
const otherMember = (node: Node): boolean =>
  (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !mentionsType(node);

/**
 * A call through a lookup by event type, in the source's words: `handlers[event.type]()` or
 * `handlers.get(event.type)`; undefined for any other call of a member.
 */
export function lookupByType(
  callee: MemberExpression | OptionalMemberExpression,
  first: Node | undefined,
  text: (node: Node) => string,
): string | undefined {
  // handlers[event.type as keyof typeof handlers]: the key behind TypeScript's wrappers.
  const key = unwrapped(callee.property);
  if (callee.computed) return mentionsType(key) ? `${text(callee.object)}[${text(key)}]()` : undefined;
  // `.get` is every map's: only a lookup by what is named as an event's type (`event.type`) counts.
  const isGet = callee.property.type === 'Identifier' && callee.property.name === 'get';
  const byEventType =
    first !== undefined &&
    (first.type === 'MemberExpression' || first.type === 'OptionalMemberExpression') &&
    mentionsType(first) &&
    EVENTISH.test(rootName(first.object) ?? '');
  return isGet && byEventType ? `${text(callee.object)}.get(${text(first)})` : undefined;
}

/** A string's methods that read a part of it: an event's type read by one is read by its prefix, or a pattern. */
const BY_PART = new Set([
  'startsWith',
  'endsWith',
  'includes',
  'match',
  'matchAll',
  'split',
  'search',
  'slice',
  'substring',
]);

const HANDLER_VALUES = new Set(['Identifier', 'ArrowFunctionExpression', 'FunctionExpression', 'MemberExpression']);
/**
 * A handler made by a call: bound (`this.onPaid.bind(this)`) or wrapped (`withRetry(onPaid)`, a
 * function handed over); a call of anything else (`t('Invoice paid')`, a label) is no handler.
 */
const bound = (value: Node): boolean =>
  value.type === 'CallExpression' &&
  ((value.callee.type === 'MemberExpression' &&
    value.callee.property.type === 'Identifier' &&
    value.callee.property.name === 'bind') ||
    (value.arguments[0] !== undefined && HANDLER_VALUES.has(value.arguments[0].type)));
const handlerValue = (value: Node): boolean => HANDLER_VALUES.has(value.type) || bound(value);

/** A key of a handler map: an event it handles, and a map whose keys are written out here. */
function keyOfMap(lists: EventLists, key: Node, knownOnly = false): void {
  const before = lists.found.length;
  eventLiteral(key, lists.found, knownOnly ? 'known' : 'all');
  if (lists.found.length > before) lists.keys.count++;
}

/**
 * Whether an expression is an event's type by its names: `event.type`, `evt.type` or a name given
 * one. What is set against it that is not written out is reported; `node.type`, `action.type` or a
 * parameter named `type` belong to other code, and are left alone.
 */
function eventTyped(lists: EventLists, side: Node): boolean {
  const inner = unwrapped(side);
  if (inner.type === 'Identifier') return lists.isEventTypeName(inner.name);
  if ((inner.type !== 'MemberExpression' && inner.type !== 'OptionalMemberExpression') || inner.computed) return false;
  if (inner.property.type !== 'Identifier' || inner.property.name !== 'type') return false;
  return lists.isEvent(rootName(inner.object) ?? '');
}

/** What a comparison sets against an event's type, in the source's words, when it is no string. */
function notWrittenOut(node: Node): string | undefined {
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
function setAgainst(node: Node): string | undefined {
  const inner = unwrapped(node);
  if (stringOf(inner) !== undefined || inner.type === 'NullLiteral') return undefined;
  if (inner.type === 'Identifier' && inner.name === 'undefined') return undefined;
  return notWrittenOut(inner) ?? (inner.type === 'TemplateLiteral' ? '`…`' : 'an expression');
}

/**
 * Whether an expression is an event's type: `event.type`, `type`, or a name given it; also behind
 * TypeScript's wrappers (`event.type as string`, the usual cast for an event newer than the types).
 */
const typedIn = (lists: EventLists, side: Node): boolean => {
  const inner = unwrapped(side);
  return mentionsType(inner) || (inner.type === 'Identifier' && lists.isTypeName(inner.name));
};
const unreadIn = (lists: EventLists, what: string, at: Node): void =>
  void lists.unread.push({ what, line: lineOf(at), column: columnOf(at) });

/**
 * What an event's type is set against that is not written out there: a name or a member (`PAID`,
 * `Events.Paid`) is kept with its Ref, to be read as a constant once every file is summarised
 * (uses.ts); anything else is reported.
 */
function readOrReport(lists: EventLists, other: Node, what: string, at: Node, quiet?: true, key?: true): void {
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
function eachElement(lists: EventLists, elements: readonly (Node | null)[], taken: Taken, quiet?: true): void {
  for (const element of elements) {
    if (!element) continue;
    const other = setAgainst(element);
    if (other === undefined) eventLiteral(element, lists.found, taken);
    else readOrReport(lists, element, other, element, quiet);
  }
}

const FUNCTION_VALUES = new Set(['ArrowFunctionExpression', 'FunctionExpression']);
const STRIPE_NAMED = /stripe/i;

/**
 * A handler registered for an event type Stripe sends, where something says it is Stripe's: a
 * decorator named for Stripe (`@StripeWebhookHandler('invoice.paid')`, @golevelup/nestjs-stripe's; a
 * list, or a constant read once every file is summarised), or a handler handed over with it to a
 * function or an object named for Stripe (`stripeEvents.on('payout.paid', fn)`,
 * `registerStripeHandler('charge.refunded', onRefund)`), or one whose event is typed Stripe's
 * (`bus.on('payout.paid', (event: Stripe.Event) => …)`). A dotted name Stripe also sends is
 * everywhere else (an event bus's, `@OnEvent('account.updated')`, `t('invoice.paid')`, a test's
 * title, a span's name): with nothing of Stripe's about it, it is not read.
 */
function registered(lists: EventLists, node: CallExpression, parent: Node | undefined): void {
  const [first, second] = node.arguments;
  if (!first) return;
  const callee = node.callee;
  const member = callee.type === 'MemberExpression';
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : member && callee.property.type === 'Identifier'
        ? callee.property.name
        : '';
  if (parent?.type === 'Decorator') {
    if (!STRIPE_NAMED.test(name)) return;
    if (first.type === 'ArrayExpression') eachElement(lists, first.elements, 'sent');
    else if (setAgainst(first) === undefined) eventLiteral(first, lists.found, 'sent');
    else readOrReport(lists, first, `@${name}(${setAgainst(first)})`, first);
    return;
  }
  if (!second) return;
  const holder = member ? (rootName(callee.object) ?? '') : '';
  const typed =
    FUNCTION_VALUES.has(second.type) &&
    'params' in second &&
    second.params[0]?.type === 'Identifier' &&
    eventTyping(second.params[0].typeAnnotation) === 'stripe';
  const named = (STRIPE_NAMED.test(name) || STRIPE_NAMED.test(holder)) && handlerValue(second);
  if (typed || named) eventLiteral(first, lists.found, 'sent');
}

export function collectEvents(node: Node, parent: Node | undefined, lists: EventLists): void {
  const { found } = lists;
  switch (node.type) {
    case 'Identifier':
      // (payload: Stripe.Event): an event, whatever it is called; (event: PointerEvent): none.
      if (eventTyping(node.typeAnnotation) === 'stripe') lists.typedEvents.add(node.name);
      else if (eventTyping(node.typeAnnotation) === 'other') lists.typedOtherwise.add(node.name);
      break;
    case 'SwitchCase': {
      // A switch on anything but a member other than a type: `switch (body.event_type)` is another
      // service's (Paddle names its events as Stripe does); `switch (eventType)`, a parameter typed
      // `Stripe.Event.Type`, is read.
      if (parent?.type === 'SwitchStatement' && !otherMember(unwrapped(parent.discriminant)))
        eventLiteral(
          node.test,
          found,
          eventTyped(lists, parent.discriminant) ? 'all' : 'sent',
          makerAt(lists, parent.discriminant),
        );
      // switch (event.type) { case Events.Paid: }: a constant or an enum member; anything else
      // (`${PREFIX}.paid`, a call) is reported.
      const name =
        node.test && parent?.type === 'SwitchStatement' && eventTyped(lists, parent.discriminant)
          ? setAgainst(node.test)
          : undefined;
      if (name && node.test) readOrReport(lists, node.test, `case ${name}`, node.test);
      break;
    }
    case 'ObjectMethod':
      // { 'invoice.paid'(event) { … } }: a handler map written with methods.
      if (!node.computed && node.key.type === 'StringLiteral') keyOfMap(lists, node.key);
      break;
    case 'ObjectProperty': {
      // { ['invoice.paid']: onPaid } is { 'invoice.paid': onPaid }.
      const key = node.key;
      const value = node.value;
      // { [StripeEvent.InvoicePaid]: onPaid }: a constant, read once every file is summarised.
      if (node.computed && (key.type === 'Identifier' || key.type === 'MemberExpression') && handlerValue(value)) {
        readOrReport(lists, key, `[${lists.text(key)}]`, key, true, true);
        break;
      }
      if (node.computed && key.type !== 'StringLiteral') break;
      // { 'invoice.paid': this.onPaid.bind(this) }: a bound handler, taken for an event type Stripe's
      // table knows.
      if (key.type === 'StringLiteral' && handlerValue(value)) {
        keyOfMap(lists, key, bound(value));
        break;
      }
      const name = key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : '';
      if ((name === 'enabled_events' || name === 'events') && node.value.type === 'ArrayExpression')
        for (const element of node.value.elements) {
          // enabled_events: ['*'], every event there is.
          if (name === 'enabled_events' && element && stringOf(element) === '*')
            unreadIn(lists, "enabled_events: ['*'], every event type", element);
          eventLiteral(element, found, name === 'enabled_events' ? 'all' : 'sent');
        }
      break;
    }
    case 'BinaryExpression':
      if (node.operator === '===' || node.operator === '==' || node.operator === '!==' || node.operator === '!=') {
        const left = node.left.type !== 'PrivateName' && typedIn(lists, node.left);
        const right = typedIn(lists, node.right);
        const eventLeft = node.left.type !== 'PrivateName' && eventTyped(lists, node.left);
        const eventRight = eventTyped(lists, node.right);
        if (left) eventLiteral(node.right, found, eventLeft ? 'all' : 'sent', makerAt(lists, node.left));
        if (right) eventLiteral(node.left, found, eventRight ? 'all' : 'sent', makerAt(lists, node.right));
        // event.type === PAID: a constant.
        const other = eventLeft
          ? setAgainst(node.right)
          : eventRight && node.left.type !== 'PrivateName'
            ? setAgainst(node.left)
            : undefined;
        if (other && !(left && right))
          readOrReport(lists, eventLeft ? node.right : (node.left as Node), `compared with ${other}`, node);
      }
      break;
    case 'CallExpression': {
      registered(lists, node, parent);
      // ['invoice.paid', 'invoice.payment_failed'].includes(event.type)
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') break;
      const method = callee.property.name;
      const [first] = node.arguments;
      // ['product.created', 'price.created'].indexOf(event.type) !== -1 reads as includes does.
      if ((method === 'includes' || method === 'indexOf') && first && typedIn(lists, first)) {
        // [EVENTS.PAID, 'invoice.voided'].includes(event.type): each element, a constant's too.
        if (callee.object.type === 'ArrayExpression') {
          const tied = eventTyped(lists, first);
          eachElement(lists, callee.object.elements, tied ? 'all' : 'sent', tied ? undefined : true);
        } else if (eventTyped(lists, first))
          unreadIn(
            lists,
            `${notWrittenOut(callee.object) ?? 'a list'}.${method}(${notWrittenOut(first) ?? 'type'})`,
            node,
          );
      }
      // event.type.startsWith('invoice.'), .split('.'), .match(…): types read by a part of them.
      if (BY_PART.has(method) && eventTyped(lists, callee.object))
        unreadIn(lists, `${notWrittenOut(callee.object) ?? 'type'}.${method}()`, node);
      // /^payout\./.test(event.type)
      if (method === 'test' && callee.object.type === 'RegExpLiteral' && first && eventTyped(lists, first))
        unreadIn(lists, `/${callee.object.pattern}/.test(${notWrittenOut(first) ?? 'type'})`, node);
      break;
    }
    case 'VariableDeclarator': {
      // const handler = handlers[event.type], called later (`handlers.get(event.type)` is a call of
      // its own, found as one).
      const init = node.init ? unwrapped(node.init) : undefined;
      const lookup =
        init?.type === 'MemberExpression' || init?.type === 'OptionalMemberExpression'
          ? lookupByType(init, undefined, lists.text)
          : undefined;
      if (lookup && init) lists.dispatches.push({ what: lookup, line: lineOf(init), column: columnOf(init) });
      break;
    }
    case 'NewExpression': {
      // new Set(['product.created', 'price.updated']), checked with relevantEvents.has(event.type):
      // taken when every element is an event type Stripe's table knows the prefix of.
      const [list] = node.arguments;
      // new Map([['invoice.paid', onPaid], …]), looked up with handlers.get(event.type): its keys.
      if (node.callee.type === 'Identifier' && node.callee.name === 'Map' && list?.type === 'ArrayExpression') {
        for (const pair of list.elements)
          if (pair?.type === 'ArrayExpression' && pair.elements[0]) keyOfMap(lists, pair.elements[0], true);
        break;
      }
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'Set' || list?.type !== 'ArrayExpression') break;
      // Every element an event type, one at least Stripe's table lists: each is read, and one the
      // table does not list is reported where it is found (uses.ts).
      const shaped = list.elements.every((e) => e?.type === 'StringLiteral' && EVENT_TYPE.test(e.value));
      const known = list.elements.some(
        (e) => e?.type === 'StringLiteral' && permissionsForEvent(e.value) !== undefined,
      );
      if (shaped && known) for (const element of list.elements) eventLiteral(element, found);
      // new Set([StripeEvents.Paid]): constants are read once every file is summarised, and count
      // only as the event types Stripe's table knows (a set of anything else is no concern here).
      else if (list.elements.some((e) => e?.type === 'Identifier' || e?.type === 'MemberExpression'))
        eachElement(lists, list.elements, 'known', true);
      break;
    }
  }
}
