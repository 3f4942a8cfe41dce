/**
 * Lookups and hand-ons by an event's type: `handlers.get(event.type)`, `handlers[event.type]()`,
 * `queue.add(event.type, event)`, `emit(\`stripe.${event.type}\`, event)`, and the maps a file writes
 * that such a lookup may be of.
 */
import type {
  ArrayExpression,
  CallExpression,
  Identifier,
  MemberExpression,
  Node,
  OptionalMemberExpression,
} from '@babel/types';
import { unwrapped } from './expand-option.js';
import { EVENTISH, type EventLists, rootName } from './event-names.js';
import type { FileSummary } from './types.js';

/** `event.type`, `evt.type`, `event['type']`, `type`: the side of a comparison an event type is compared with. */
export function mentionsType(node: Node): boolean {
  if (node.type === 'Identifier') return node.name === 'type';
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return false;
  const { property } = node;
  return node.computed
    ? property.type === 'StringLiteral' && property.value === 'type'
    : property.type === 'Identifier' && property.name === 'type';
}

/**
 * Whether an expression is an event's type by its names: `event.type`, `evt.type` or a name given
 * one. What is set against it that is not written out is reported; `node.type`, `action.type` or a
 * parameter named `type` belong to other code, and are left alone.
 */
export function eventTyped(lists: EventLists, side: Node): boolean {
  const inner = unwrapped(side);
  if (inner.type === 'Identifier') return lists.isEventTypeName(inner.name);
  if ((inner.type !== 'MemberExpression' && inner.type !== 'OptionalMemberExpression') || inner.computed) return false;
  if (inner.property.type !== 'Identifier' || inner.property.name !== 'type') return false;
  return lists.isEvent(rootName(inner.object) ?? '');
}

/**
 * Whether an expression is an event's type: `event.type`, `type`, or a name given it; also behind
 * TypeScript's wrappers (`event.type as string`, the usual cast for an event newer than the types).
 */
export const typedIn = (lists: EventLists, side: Node): boolean => {
  const inner = unwrapped(side);
  return mentionsType(inner) || (inner.type === 'Identifier' && lists.isTypeName(inner.name));
};

/**
 * An event's type as a lookup's key or a hand-on's name: `event.type` (behind TypeScript's wrappers
 * too), a name given it (`const { type } = event`), or it prefixed (`` `stripe.${event.type}` ``,
 * `'stripe:' + event.type`); not a message naming it (`` `Unhandled event ${event.type}` ``): the
 * text written beside it has no space. In the source's words, or undefined.
 */
export function eventTypeKey(node: Node, lists: KeyNames): string | undefined {
  const inner = unwrapped(node);
  switch (inner.type) {
    case 'Identifier':
      return lists.isEventTypeName(inner.name) || lists.heldTypes.has(inner.name) ? inner.name : undefined;
    case 'CallExpression': {
      const callee = unwrapped(inner.callee);
      if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
        // ['stripe', event.type].join('.'): the type among the parts joined.
        const parts = unwrapped(callee.object);
        if (parts.type === 'ArrayExpression' && callee.property.name === 'join') return joinedKey(parts, inner, lists);
        // event.type.replace(/\./g, ':'), event.type.toLowerCase(): the type, changed.
        const changed = eventTypeKey(callee.object, lists);
        if (changed !== undefined) return `${changed}.${callee.property.name}(…)`;
      }
      // toTopic(event.type), names.topicOf(event.type): the type made into a name by a function.
      for (const arg of inner.arguments) {
        const key = eventTypeKey(arg, lists);
        if (key !== undefined) return `${lists.text(callee)}(${key})`;
      }
      return undefined;
    }
    case 'NewExpression': {
      // sqs.send(new SendMessageCommand({ MessageBody: JSON.stringify(event), … })): what the command sends.
      const [first] = inner.arguments;
      const key = first?.type === 'ObjectExpression' ? eventTypeKey(first, lists) : undefined;
      return key === undefined ? undefined : `new ${lists.text(inner.callee)}(${key})`;
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const root = rootName(inner.object) ?? '';
      return mentionsType(inner) && (EVENTISH.test(root) || lists.isEvent(root)) ? lists.text(inner) : undefined;
    }
    case 'TemplateLiteral': {
      if (inner.quasis.some((q) => /\s/.test(q.value.raw))) return undefined;
      const parts = inner.expressions.map((e) => eventTypeKey(e, lists) ?? lists.text(e));
      if (!inner.expressions.some((e) => eventTypeKey(e, lists) !== undefined)) return undefined;
      return `\`${inner.quasis.map((q, i) => q.value.raw + (i < parts.length ? `\${${parts[i]}}` : '')).join('')}\``;
    }
    case 'BinaryExpression': {
      if (inner.operator !== '+' || inner.left.type === 'PrivateName') return undefined;
      const sides = [inner.left, inner.right];
      if (sides.some((side) => side.type === 'StringLiteral' && /\s/.test(side.value))) return undefined;
      const keys = sides.map((side) => eventTypeKey(side, lists));
      if (keys.every((k) => k === undefined)) return undefined;
      const shown = sides.map((side, i) =>
        side.type === 'StringLiteral' ? `'${side.value}'` : (keys[i] ?? lists.text(side)),
      );
      return shown.join(' + ');
    }
    case 'ObjectExpression': {
      // inngest.send({ name: `stripe/${event.type}`, data: event.data }): the hand-on's name, beside
      // the event or its data; not a response or a message that shows the type (`{ type: event.type }`).
      const sent = { named: undefined, carries: false };
      readSent(inner, lists, sent, 0);
      return sent.carries ? sent.named : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The object or Map a value makes here (`{ … }`, `new Map(…)`, the object of `Object.freeze({ … })`):
 * a map whose keys, if it has event types for keys, are its holder's.
 */
export function mapOf(value: Node): Node | undefined {
  const inner = unwrapped(value);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type === 'NewExpression')
    return inner.callee.type === 'Identifier' && inner.callee.name === 'Map' ? inner : undefined;
  const first = inner.type === 'CallExpression' ? inner.arguments[0] : undefined;
  return first?.type === 'ObjectExpression' ? first : undefined;
}

type KeyNames = Pick<
  EventLists,
  'text' | 'isEvent' | 'isEventTypeName' | 'heldTypes' | 'calledTypes' | 'holdsEventData'
>;

/** The keys an object handed on names its event under: Inngest's `name`, others' `event`, `topic`, `type`. */
const HAND_ON_NAMES = new Set(['name', 'event', 'eventName', 'topic', 'type']);
/** How deep in what is sent its name and the event are looked for: SQS's `MessageAttributes.type.StringValue`. */
const SENT_DEPTH = 3;

/**
 * The name an object sent gives its event, and whether it carries the event, its data or them made
 * into a text. At its top the name is under one of HAND_ON_NAMES; deeper, under any key
 * (EventBridge's `Entries: [{ DetailType: event.type, Detail: JSON.stringify(event) }]`).
 */
function readSent(
  node: Node,
  lists: KeyNames,
  sent: { named: string | undefined; carries: boolean },
  depth: number,
): void {
  const items =
    node.type === 'ObjectExpression' ? node.properties : node.type === 'ArrayExpression' ? node.elements : [];
  for (const item of items) {
    if (!item) continue;
    let value: Node = item;
    let key: string | undefined;
    if (node.type === 'ObjectExpression') {
      if (item.type !== 'ObjectProperty' || item.computed || item.key.type !== 'Identifier') continue;
      value = item.value;
      key = item.key.name;
    }
    const inner = unwrapped(value);
    if ((inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression') && depth < SENT_DEPTH) {
      readSent(inner, lists, sent, depth + 1);
      continue;
    }
    const named = key !== undefined && (depth > 0 || HAND_ON_NAMES.has(key)) ? eventTypeKey(value, lists) : undefined;
    if (named !== undefined) sent.named ??= `{ ${key}: ${named} }`;
    else sent.carries ||= carriesEvent(value, lists);
  }
}

/** `['stripe', event.type].join('.')`: the type among parts joined, not words of a message (a space in one). */
function joinedKey(parts: ArrayExpression, join: CallExpression, lists: KeyNames): string | undefined {
  const [separator] = join.arguments;
  const spaced = (node: Node | null | undefined): boolean => node?.type === 'StringLiteral' && /\s/.test(node.value);
  if (spaced(separator) || parts.elements.some(spaced)) return undefined;
  const keys = parts.elements.map((part) => (part ? eventTypeKey(part, lists) : undefined));
  if (keys.every((key) => key === undefined)) return undefined;
  const shown = parts.elements.map((part, i) =>
    !part ? '' : part.type === 'StringLiteral' ? `'${part.value}'` : (keys[i] ?? lists.text(part)),
  );
  return `[${shown.join(', ')}].join(…)`;
}

const isSerialiser = (callee: Node): boolean =>
  callee.type === 'MemberExpression' &&
  callee.object.type === 'Identifier' &&
  callee.property.type === 'Identifier' &&
  ((callee.object.name === 'JSON' && callee.property.name === 'stringify') ||
    (callee.object.name === 'Buffer' && callee.property.name === 'from'));

/** The event itself or its data (`event`, `event.data`, `event.data.object`); not `event.id` or `event.created`. */
function carriesEvent(value: Node, lists: KeyNames): boolean {
  const path: string[] = [];
  let inner = unwrapped(value);
  // JSON.stringify(event), Buffer.from(JSON.stringify(event)): the event made into what is sent.
  if (inner.type === 'CallExpression' && inner.arguments[0] && isSerialiser(inner.callee))
    return carriesEvent(inner.arguments[0], lists);
  while ((inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') && !inner.computed) {
    if (inner.property.type !== 'Identifier') return false;
    path.unshift(inner.property.name);
    inner = unwrapped(inner.object);
  }
  if (inner.type === 'Identifier' && path.length === 0 && lists.holdsEventData(inner.name)) return true;
  if (inner.type !== 'Identifier' || !(EVENTISH.test(inner.name) || lists.isEvent(inner.name))) return false;
  return (
    path.length === 0 || (path[0] === 'data' && (path.length === 1 || (path.length === 2 && path[1] === 'object')))
  );
}

/**
 * A call through a lookup by event type, in the source's words: `handlers[event.type]()` or
 * `handlers.get(event.type)`, or an event handed on by its type (handsOn); undefined for any other
 * call.
 */
export function lookupByType(
  callee: MemberExpression | OptionalMemberExpression | Identifier,
  args: readonly Node[],
  lists: KeyNames,
  /** The lookup's value is taken, not called: the name it is given (`const handler = handlers[type]`), '' for a pattern. */
  taken?: string,
): Dispatch | undefined {
  // emit(`stripe.${event.type}`, event): a function of the project's that hands it on.
  if (callee.type === 'Identifier') {
    const [first] = args;
    const byType = first && FORWARDS.has(callee.name) ? eventTypeKey(first, lists) : undefined;
    return byType !== undefined &&
      handsOn(callee.name, args) &&
      (!madeByCall(first!, lists) || besideEvent(args, 1, lists))
      ? { what: `${callee.name}(${byType})`, forward: true }
      : undefined;
  }
  // handlers[event.type as keyof typeof handlers]: the key behind TypeScript's wrappers.
  // Every call of a member comes here: the holder's words are made only for a lookup.
  const key = unwrapped(callee.property);
  if (callee.computed) {
    if (!mentionsType(key)) return undefined;
    const holder = lists.text(callee.object);
    // STRIPE_PAYMENT_METHODS[pm.type]: by another object's type, a lookup of events only in handlers,
    // or in a file that uses Stripe (settledEvents).
    // A plain name called by (`actions[type](…)`) may be an event's type handed in from anywhere:
    // never loose. A value taken by one (`const { label } = BADGES[type]`, a UI's labels) is, unless
    // its holder is named for handlers.
    const loose =
      (key.type !== 'Identifier' || taken !== undefined) &&
      eventTypeKey(key, lists) === undefined &&
      !HANDLERS.test(holder);
    // …and kept if the name it is given is called (settledEvents).
    const takenAs = loose && key.type === 'Identifier' && taken ? { takenAs: taken } : {};
    return { what: `${holder}[${lists.text(key)}]()`, holder, ...(loose ? LOOSE : {}), ...takenAs };
  }
  // `.get` is every map's: only a lookup by what is named as an event's type (`event.type`) counts;
  // so with an event handed on by its type to listeners (`this.events.emit(event.type, event)`, NestJS's).
  const method = callee.property.type === 'Identifier' ? callee.property.name : '';
  if (method !== 'get' && !FORWARDS.has(method)) return undefined;
  const [first, second] = args;
  // queue.add('stripe-event', { type: event.type, object: event.data.object }): a job named apart;
  // channel.publish('stripe-events', event.type, body): an exchange, then the type as the route.
  const inData =
    method !== 'get' && second && (second.type === 'ObjectExpression' || first?.type === 'StringLiteral')
      ? eventTypeKey(second, lists)
      : undefined;
  const byType = inData === undefined ? first && eventTypeKey(first, lists) : `…, ${inData}`;
  if (byType === undefined)
    return method === 'get'
      ? undefined
      : (namedBefore(callee, method, args, lists) ?? queuedWhole(callee, method, args, lists));
  if (method !== 'get' && inData === undefined && !handsOn(method, args)) return undefined;
  const named = inData === undefined ? first : second;
  if (method !== 'get' && named && madeByCall(named, lists) && !besideEvent(args, inData === undefined ? 1 : 2, lists))
    return undefined;
  const holder = lists.text(callee.object);
  const what = `${holder}.${method}(${byType})`;
  return method === 'get' ? { what, holder } : { what, forward: true };
}

/**
 * The type made into something else by a function (`toTopic(event.type)`, or a name given that): a
 * hand-on's name only beside the event it names, since a label or a metric is made so too
 * (`dispatch(trackInteraction(event.type))`). Not the type changed or joined (`event.type.replace(…)`).
 */
function madeByCall(node: Node, lists: KeyNames): boolean {
  const inner = unwrapped(node);
  if (inner.type === 'Identifier') return lists.calledTypes.has(inner.name);
  if (inner.type !== 'CallExpression') return false;
  const callee = unwrapped(inner.callee);
  return !(
    callee.type === 'MemberExpression' &&
    (unwrapped(callee.object).type === 'ArrayExpression' || eventTypeKey(callee.object, lists) !== undefined)
  );
}
/** A name given the event's type, prefixed, changed or made into something else (`toTopic(event.type)`). */
export function heldType(lists: KeyNames, name: string, value: Node): void {
  lists.heldTypes.add(name);
  if (madeByCall(value, lists)) lists.calledTypes.add(name);
}
/**
 * Whether what follows the name may be the event: the event or its data, or anything held in a name
 * or read by a member (`payload`, `req.body`); not a value written out (`1`, `'toast'`) or none.
 */
const besideEvent = (args: readonly Node[], from: number, lists: KeyNames): boolean =>
  args.slice(from).some((arg) => {
    const inner = unwrapped(arg);
    return carried(inner, lists) || inner.type === 'Identifier' || inner.type === 'MemberExpression';
  });

const LOOSE = { loose: true } as const;

/** What a map of handlers is named: `handlers`, `this.listeners`, `routes`, `eventMap`, `registry`. */
const HANDLERS = /handler|listener|route|dispatch|event|hook|registr|subscri|processor|callback|job|task|queue/i;

type Dispatch = Pick<FileSummary['dispatches'][number], 'what' | 'forward' | 'holder' | 'loose' | 'takenAs'>;

/**
 * `pubsub.topic(\`stripe-${event.type}\`).publishMessage({ json: event })`: the event sent to what a
 * call named by its type gave.
 */
function namedBefore(
  callee: MemberExpression | OptionalMemberExpression,
  method: string,
  args: readonly Node[],
  lists: KeyNames,
): Dispatch | undefined {
  const before = unwrapped(callee.object);
  if (before.type !== 'CallExpression' || !before.arguments[0]) return undefined;
  const key = eventTypeKey(before.arguments[0], lists);
  if (key === undefined || !args.some((arg) => carried(arg, lists))) return undefined;
  return { what: `${lists.text(before.callee)}(${key}).${method}()`, forward: true };
}

/**
 * `billingQueue.add('stripe-webhook', event)`: the whole event queued under a name of the queue's, to
 * a worker that reads its type elsewhere. A queue's methods only: an emitter's listener (`emit('x',
 * event)`) is in-process code, read where it is written.
 */
function queuedWhole(
  callee: MemberExpression | OptionalMemberExpression,
  method: string,
  args: readonly Node[],
  lists: KeyNames,
): Dispatch | undefined {
  const [first, second] = args;
  if (!QUEUES.has(method) || first?.type !== 'StringLiteral' || !second) return undefined;
  const inner = unwrapped(second);
  if (inner.type === 'ObjectExpression' || !carriesEvent(inner, lists)) return undefined;
  return { what: `${lists.text(callee.object)}.${method}('${first.value}', …)`, forward: true };
}
const QUEUES = new Set(['add', 'send', 'enqueue', 'publish', 'publishMessage', 'trigger']);

/** The event, its data or them as a text, itself or in an object sent. */
function carried(node: Node, lists: KeyNames): boolean {
  const inner = unwrapped(node);
  if (inner.type !== 'ObjectExpression') return carriesEvent(inner, lists);
  const sent = { named: undefined, carries: false };
  readSent(inner, lists, sent, 0);
  return sent.carries;
}

/**
 * Whether a call by one of FORWARDS hands the event on: a queue's `add` or `send` takes the event as
 * well (`queue.add(event.type, event)`, or one object holding both), so a set's `add(event.type)` or a
 * response's `send(event.type)` hands nothing on; nor does a metric counted by the type
 * (`metrics.publish(\`webhook.${event.type}\`, 1)`).
 */
function handsOn(method: string, args: readonly Node[]): boolean {
  const second = args[1] && unwrapped(args[1]);
  if (second && (/^(Numeric|Boolean|String|Null)Literal$/.test(second.type) || isArithmetic(second))) return false;
  const first = args[0] && unwrapped(args[0]);
  // sqs.send(new SendMessageCommand({ … })): the command's object holds the event, as the object sent would.
  const sentObject =
    first?.type === 'ObjectExpression' ||
    (first?.type === 'NewExpression' && first.arguments[0]?.type === 'ObjectExpression');
  return !NEEDS_DATA.has(method) || args.length >= 2 || sentObject;
}

/** A number worked out (`-1`, `Date.now() - start`): a metric's value, not an event. */
const isArithmetic = (node: Node): boolean =>
  (node.type === 'UnaryExpression' && (node.operator === '-' || node.operator === '+')) ||
  (node.type === 'BinaryExpression' && ['-', '*', '/', '%'].includes(node.operator));

/** An emitter's or a queue's methods that hand an event on, by its type, to code that handles it elsewhere. */
const FORWARDS = new Set([
  'emit',
  'emitAsync',
  'dispatch',
  'publish',
  'publishMessage',
  'putEvents',
  'add',
  'send',
  'enqueue',
  'trigger',
]);
const NEEDS_DATA = new Set(['add', 'send']);
