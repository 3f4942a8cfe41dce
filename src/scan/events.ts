/**
 * Webhook event types the code handles: `case 'invoice.paid':`, `event.type === 'invoice.paid'`,
 * handler maps (`{ 'invoice.paid': onPaid }`, looked up by `handlers[event.type]`) and a webhook
 * endpoint's `enabled_events`. Found while summarising, since they need no resolution; what each
 * needs is decided in uses.ts.
 */
import type { Node } from '@babel/types';
import { columnOf, lineOf, patternTargets } from './refs.js';
import { unwrapped } from './expand-option.js';
import { type EventLists, rootName } from './event-names.js';
import { eventTyped, eventTypeKey, heldType, lookupByType, mapOf, mentionsType, typedIn } from './event-lookups.js';
import { noteTypeFlow, PATTERNS, patternText, typedHere } from './event-params.js';
import { eventTyping } from './event-types.js';
import { givenAnew, narrowCase, narrowIf, noteDispatch } from './event-narrowing.js';
import { registered, typedMethodEvents } from './event-handlers.js';
import {
  bound,
  eachElement,
  eventLiteral,
  handlerValue,
  isStripeEvent,
  isTable,
  notWrittenOut,
  readOrReport,
  eventShaped,
  readTypeList,
  namesStripeEvent,
  setAgainst,
  stringOf,
  unreadIn,
} from './event-sites.js';

export { eventListsOf, settledEvents } from './event-names.js';
export { EVENT_TYPE, isStripeEvent } from './event-sites.js';
export { lookupByType } from './event-lookups.js';
export { enterFunction, noteDispatch } from './event-narrowing.js';

/** The package (not stripe) whose function made the event an event's type is read from (`event.type`, `t`). */
function makerAt(lists: EventLists, side: Node): string | undefined {
  const root = rootName(unwrapped(side));
  return root === undefined ? undefined : lists.makerOf(root);
}

/** A member other than a type: `body.event_type`, `data.kind`. */
const otherMember = (node: Node): boolean =>
  (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !mentionsType(node);

/**
 * A value `.set(type, …)` registers as a handler: a function written there, one named (`onPaid`), a
 * method (`this.onPaid`), bound or wrapped; not data read from elsewhere (`messages.en.invoicePaid`).
 */
const setHandler = (value: Node): boolean =>
  value.type === 'ArrowFunctionExpression' ||
  value.type === 'FunctionExpression' ||
  value.type === 'Identifier' ||
  (value.type === 'MemberExpression' && value.object.type === 'ThisExpression') ||
  bound(value);

/** What `.set(…)` is called on, through chained calls: `handlers` of `handlers.set(a, f).set(b, g)`. */
function setHolder(object: Node): Node {
  let holder = object;
  while (
    holder.type === 'CallExpression' &&
    holder.callee.type === 'MemberExpression' &&
    holder.callee.property.type === 'Identifier' &&
    holder.callee.property.name === 'set'
  )
    holder = holder.callee.object;
  return holder;
}

/** A list's or an object's methods that change it after it was written. */
const CHANGES = new Set(['push', 'unshift', 'splice', 'fill', 'add', 'set', 'delete']);
/** Checks of whether a list or a Set holds a value. */
const CHECKS = new Set(['includes', 'indexOf', 'has']);
/** A string's methods that read a part of it: an event's type read by one is read by its prefix, or a pattern. */
const BY_PART = new Set('startsWith endsWith includes match matchAll split search slice substring'.split(' '));

/** A key of a handler map (`map`): an event it handles, and a map whose keys are written out here, under its holder's name. */
function keyOfMap(lists: EventLists, key: Node, map: Node | undefined, knownOnly = false): void {
  const before = lists.found.length;
  eventLiteral(key, lists.found, knownOnly ? 'known' : 'all');
  if (lists.found.length === before) return;
  lists.keys.count++;
  const site = lists.found.at(-1)!;
  if (!isStripeEvent(site.type)) lists.unsentKeys.push(site);
  const holder = map && lists.mapHolders.get(map);
  if (holder !== undefined) lists.keyedHolders.add(holder);
}

/**
 * A holder given an object or a Map made here, or one made from others: the keys written in it are
 * the holder's. Its name is made only then (`holder`), since most values are neither.
 */
function holds(lists: EventLists, value: Node, holder: string | (() => string)): void {
  const map = mapOf(value);
  const sources = mapSources(value, 0);
  if (!map && sources.length === 0) return;
  const name = typeof holder === 'string' ? holder : holder();
  if (map) lists.mapHolders.set(map, name);
  if (map?.type === 'ObjectExpression' && isTable(map)) lists.tables.add(name);
  for (const source of sources) lists.mapSources.push([name, source]);
}

/**
 * The names a map is made from (`HANDLERS` of `this.table = HANDLERS`, each of `{ ...a, ...b }`,
 * `Object.assign({}, a, b)`, `new Map(Object.entries({ ...a }))`): keyed, they key it.
 */
function mapSources(value: Node, depth: number): Node[] {
  const inner = unwrapped(value);
  if (inner.type === 'Identifier' || inner.type === 'MemberExpression') return [inner];
  if (depth > 3) return [];
  if (inner.type === 'ObjectExpression')
    return inner.properties.flatMap((p) => (p.type === 'SpreadElement' ? mapSources(p.argument, depth + 1) : []));
  // Only what merges or wraps maps: any other call's arguments (`f(a, b)`) are no map it makes.
  const callee = inner.type === 'CallExpression' || inner.type === 'NewExpression' ? inner.callee : undefined;
  const merges =
    callee?.type === 'Identifier'
      ? callee.name === 'Map'
      : callee?.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'Object' &&
        callee.property.type === 'Identifier' &&
        MERGES.has(callee.property.name);
  if (!merges || (inner.type !== 'CallExpression' && inner.type !== 'NewExpression')) return [];
  return inner.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : mapSources(a, depth + 1)));
}
const MERGES = new Set(['assign', 'entries', 'fromEntries', 'freeze']);

/** What prefixes or changes a value: `` `stripe.${t}` ``, `'stripe:' + t`, `t.replace(…)`. */
const CHANGED = new Set(['TemplateLiteral', 'BinaryExpression', 'CallExpression']);

export function collectEvents(node: Node, parent: Node | undefined, lists: EventLists): void {
  const { found } = lists;
  noteTypeFlow(node, parent, lists);
  switch (node.type) {
    case 'Identifier':
      // (payload: Stripe.Event): an event, whatever it is called; (event: PointerEvent): none.
      if (eventTyping(node.typeAnnotation) === 'stripe') lists.typedEvents.add(node.name);
      else if (eventTyping(node.typeAnnotation) === 'other') lists.typedOtherwise.add(node.name);
      // (eventType: Stripe.Event.Type): compared as an event's type is.
      else if (eventTyping(node.typeAnnotation) === 'type') lists.typedTypes.add(node.name);
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
      // What runs in the case is for the types its tests name: an event handed on there is of those.
      if (node.test && parent?.type === 'SwitchStatement' && eventTyped(lists, parent.discriminant))
        narrowCase(lists, node, parent.discriminant, parent.cases);
      break;
    }
    case 'ClassMethod':
      typedMethodEvents(lists, node);
      break;
    case 'ObjectMethod':
      // { 'invoice.paid'(event) { … } }: a handler map written with methods.
      if (!node.computed && node.key.type === 'StringLiteral') keyOfMap(lists, node.key, parent);
      break;
    case 'ObjectProperty': {
      // { ['invoice.paid']: onPaid } is { 'invoice.paid': onPaid }.
      const key = node.key;
      const value = node.value;
      // const config = { handlers: { … } }: config.handlers holds the inner map.
      const outer = parent && lists.mapHolders.get(parent);
      if (outer !== undefined && !node.computed && key.type === 'Identifier')
        holds(lists, value, () => `${outer}.${key.name}`);
      // { [StripeEvent.InvoicePaid]: onPaid }: a constant, read once every file is summarised.
      if (node.computed && (key.type === 'Identifier' || key.type === 'MemberExpression') && handlerValue(value)) {
        readOrReport(lists, key, `[${lists.text(key)}]`, key, true, true);
        break;
      }
      if (node.computed && key.type !== 'StringLiteral') break;
      // { 'invoice.paid': this.onPaid.bind(this) }: a bound handler, taken for an event type Stripe's
      // table knows.
      if (key.type === 'StringLiteral' && handlerValue(value)) {
        keyOfMap(lists, key, parent, bound(value));
        break;
      }
      const name = key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : '';
      const list = unwrapped(value);
      // { enabled_events: events } written, not taken apart (`const { enabled_events } = endpoint`).
      if (name === 'enabled_events' && list.type !== 'ArrayExpression' && parent?.type === 'ObjectExpression')
        lists.enabledNames.push({
          name: list.type === 'Identifier' ? list.name : '',
          what: `enabled_events: ${lists.text(value)}`,
          line: lineOf(value),
          column: columnOf(value),
        });
      else if ((name === 'enabled_events' || name === 'events') && list.type === 'ArrayExpression')
        for (const element of list.elements) {
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
        // if (event.type === 'customer.created') { … }: what runs there is for that type.
        if (
          (eventLeft || eventRight) &&
          node.operator[0] === '=' &&
          parent?.type === 'IfStatement' &&
          parent.test === node
        )
          narrowIf(lists, eventLeft ? node.left : node.right, eventLeft ? node.right : node.left, parent.consequent);
      }
      break;
    case 'CallExpression': {
      registered(lists, node, parent);
      // Handed to a call (Object.assign(handlers, extra), push.apply(SYNCED, …)): it may be changed there.
      for (const arg of node.arguments) if (arg.type === 'Identifier') lists.changed.add(arg.name);
      // ['invoice.paid', 'invoice.payment_failed'].includes(event.type)
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') break;
      const method = callee.property.name;
      const [first] = node.arguments;
      // SYNCED.push('invoice.paid'): changed after it was written.
      if (CHANGES.has(method) && callee.object.type === 'Identifier') lists.changed.add(callee.object.name);
      if (method === 'add' && first && callee.object.type === 'Identifier' && lists.typeSets.has(callee.object.name))
        eventLiteral(first, found, 'known');
      // const NEWER = ['invoice.newer_type'] or a Set of them, NEWER.includes(event.type): dotted names
      // none of which Stripe sends, event types after all once checked against one.
      const dotted =
        callee.object.type === 'Identifier' && first && CHECKS.has(method) && eventTyped(lists, first)
          ? lists.dottedLists.get(callee.object.name)
          : undefined;
      if (dotted && callee.object.type === 'Identifier') {
        lists.dottedLists.delete(callee.object.name);
        if (readTypeList(lists, dotted, true))
          (method === 'has' ? lists.typeSets : lists.typeLists).add(callee.object.name);
      }
      // handlers.set('invoice.paid', onPaid), also chained (`.set(…).set(…)`): kept, and read if
      // handlers is looked up by event type here. A label set so (`labels.set('invoice.paid', 'Paid')`) is no handler.
      // Under a constant (`handlers.set(Events.Paid, onPaid)`), read as a map's computed key is.
      const handler = node.arguments[1];
      const key = first && unwrapped(first);
      if (method === 'set' && key && handler && setHandler(handler)) {
        const holder = lists.text(setHolder(callee.object));
        const at = { line: lineOf(key), column: columnOf(key) };
        if (key.type === 'StringLiteral') {
          if (isStripeEvent(key.value)) lists.setKeys.push({ holder, type: key.value, ...at });
        } else if (key.type === 'Identifier' || key.type === 'MemberExpression')
          lists.setKeys.push({ holder, what: lists.text(key), ref: lists.refOf(key), ...at });
        // `${PREFIX}.paid`, PREFIX + '.paid': not read, so reported.
        else lists.setKeys.push({ holder, what: `${holder}.set(…)`, ...at });
      }
      // ['product.created', 'price.created'].indexOf(event.type) !== -1 reads as includes does.
      if ((method === 'includes' || method === 'indexOf') && first && typedIn(lists, first)) {
        // [EVENTS.PAID, 'invoice.voided'].includes(event.type): each element, a constant's too.
        if (callee.object.type === 'ArrayExpression') {
          const tied = eventTyped(lists, first);
          eachElement(lists, callee.object.elements, tied ? 'all' : 'sent', tied ? undefined : true);
        } else if (
          eventTyped(lists, first) &&
          callee.object.type === 'Identifier' &&
          lists.typeLists.has(callee.object.name)
        )
          // Read where it was written, unless it is changed or given another list (settledEvents).
          lists.listChecks.push({
            name: callee.object.name,
            what: `${callee.object.name}.${method}(${notWrittenOut(first) ?? 'type'})`,
            line: lineOf(node),
            column: columnOf(node),
          });
        else if (eventTyped(lists, first))
          unreadIn(
            lists,
            `${notWrittenOut(callee.object) ?? 'a list'}.${method}(${notWrittenOut(first) ?? 'type'})`,
            node,
          );
      }
      // event.type.startsWith('invoice.'), .split('.'), .match(…), or a name typed as an event's type
      // where it is read (`t: Stripe.Event.Type`, not another function's `t: string`): types read by a part.
      if (BY_PART.has(method) && (eventTyped(lists, callee.object) || typedHere(lists, callee.object)))
        unreadIn(lists, `${notWrittenOut(callee.object) ?? 'type'}.${method}()`, node);
      // /^payout\./.test(event.type), INVOICE.test(type), PATTERN.exec(event.type)
      if (PATTERNS.has(method) && first && (eventTyped(lists, first) || typedHere(lists, first)))
        unreadIn(lists, `${patternText(lists, callee.object)}.${method}(${notWrittenOut(first) ?? 'type'})`, node);
      break;
    }
    case 'ClassProperty':
      // private local = { 'customer.deleted': … }: this class's map.
      if (node.key.type === 'Identifier' && node.value && !node.static)
        holds(lists, node.value, `this.${node.key.name}`);
      break;
    case 'AssignmentExpression':
      holds(lists, node.right, () => lists.text(node.left));
      if (node.left.type === 'Identifier') givenAnew(lists, node.left.name, node);
      // handlers['invoice.paid'] = onPaid: a table or a list filled in here is not as it was written.
      if (node.left.type === 'MemberExpression' && node.left.object.type === 'Identifier')
        lists.changed.add(node.left.object.name);
      // topic += event.type, later = `stripe/${event.type}`: a name for the type built in steps.
      if (
        node.left.type === 'Identifier' &&
        (node.operator === '+=' || CHANGED.has(node.right.type)) &&
        eventTypeKey(node.right, lists) !== undefined
      )
        heldType(lists, node.left.name, node.right);
      break;
    case 'VariableDeclarator': {
      // const event = await stripe.events.retrieve(id), for (const event of …): another event by that name.
      for (const target of patternTargets(node.id))
        if (target.type === 'Identifier') givenAnew(lists, target.name, node);
      // const SYNCED: Stripe.Event.Type[] = ['invoice.paid', …], checked with SYNCED.includes(event.type).
      const list = node.init && unwrapped(node.init);
      if (node.id.type === 'Identifier' && list?.type === 'ArrayExpression')
        lists.literals.set(node.id.name, (lists.literals.get(node.id.name) ?? 0) + 1);
      if (node.id.type === 'Identifier' && list?.type === 'ArrayExpression' && eventShaped(list))
        if (!namesStripeEvent(list)) lists.dottedLists.set(node.id.name, list);
        else if (readTypeList(lists, list)) lists.typeLists.add(node.id.name);
      if (node.id.type === 'Identifier' && node.init) holds(lists, node.init, node.id.name);
      // const { routes } = config: routes is config.routes.
      else if (node.id.type === 'ObjectPattern' && node.init)
        for (const p of node.id.properties)
          if (
            p.type === 'ObjectProperty' &&
            !p.computed &&
            p.key.type === 'Identifier' &&
            p.value.type === 'Identifier'
          )
            lists.mapSources.push([p.value.name, node.init, p.key.name]);
      // const handler = handlers[event.type], called later (`handlers.get(event.type)` is a call of
      // its own, found as one).
      const init = node.init ? unwrapped(node.init) : undefined;
      const lookup =
        init?.type === 'MemberExpression' || init?.type === 'OptionalMemberExpression'
          ? lookupByType(init, [], lists, node.id.type === 'Identifier' ? node.id.name : '')
          : undefined;
      // Shown as the code writes it: no call is made here.
      if (lookup && init) noteDispatch(lists, { ...lookup, what: lookup.what.replace(/\(\)$/, '') }, init);
      if (lookup?.takenAs) lists.takenNames.add(lookup.takenAs);
      // const topic = `stripe.${event.type}`: a name for the type, prefixed or changed, handed on later
      // (a name given `event.type` itself is read from its binding: isEventTypeName).
      if (init && node.id.type === 'Identifier' && CHANGED.has(init.type) && eventTypeKey(init, lists) !== undefined)
        heldType(lists, node.id.name, init);
      break;
    }
    case 'NewExpression': {
      // new Set(['product.created', 'price.updated']), checked with relevantEvents.has(event.type):
      // taken when every element is shaped as an event type, one at least an event Stripe sends.
      const [list] = node.arguments;
      // new Map([['invoice.paid', onPaid], …]), looked up with handlers.get(event.type): its keys.
      if (node.callee.type === 'Identifier' && node.callee.name === 'Map' && list?.type === 'ArrayExpression') {
        for (const pair of list.elements)
          if (pair?.type === 'ArrayExpression' && pair.elements[0]) keyOfMap(lists, pair.elements[0], node, true);
        break;
      }
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'Set' || list?.type !== 'ArrayExpression') break;
      const named =
        parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
      if (named && eventShaped(list) && !namesStripeEvent(list)) {
        lists.dottedLists.set(named, list); // read if checked against an event's type (`.has(event.type)`)
        break;
      }
      // new Set([StripeEvents.Paid]): constants are read once every file is summarised, and count
      // only as the event types Stripe's table knows (a set of anything else is no concern here).
      const read = readTypeList(lists, list);
      if (!read && list.elements.some((e) => e?.type === 'Identifier' || e?.type === 'MemberExpression'))
        eachElement(lists, list.elements, 'known', true);
      // const HANDLED = new Set([…]), HANDLED.add('…') later: what is added is read as the rest is.
      if (read && parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier')
        lists.typeSets.add(parent.id.name);
      break;
    }
  }
}
