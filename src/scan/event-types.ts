/**
 * What says a name holds a Stripe event when its name does not: what it is given (stripe-node's
 * webhook helpers) or its type (`Stripe.Event`); and what says it holds another library's.
 */
import type { Node } from '@babel/types';

/** What stripe-node's webhook helpers return: an event. */
export const MAKES_EVENT = new Set(['constructEvent', 'constructEventAsync']);
/** What receiving any event needs, beside its own permission (Stripe sends none without it). */
export const EVENT_READ: readonly string[] = ['event_read'];

/**
 * The DOM's and React's event types (`PointerEvent`, `React.ChangeEvent<…>`), and a few servers':
 * another library's event. Only these: a project's own alias (`type WebhookEvent = Stripe.Event`)
 * may well be Stripe's.
 */
const OTHER_EVENTS = new Set([
  'Event',
  'UIEvent',
  'MouseEvent',
  'PointerEvent',
  'KeyboardEvent',
  'TouchEvent',
  'FocusEvent',
  'InputEvent',
  'WheelEvent',
  'DragEvent',
  'ClipboardEvent',
  'CompositionEvent',
  'CustomEvent',
  'MessageEvent',
  'ErrorEvent',
  'ProgressEvent',
  'AnimationEvent',
  'TransitionEvent',
  'SubmitEvent',
  'StorageEvent',
  'PopStateEvent',
  'HashChangeEvent',
  'PageTransitionEvent',
  'BeforeUnloadEvent',
  'SyntheticEvent',
  'BaseSyntheticEvent',
  'ChangeEvent',
  'FormEvent',
  'H3Event',
]);

function otherEventType(annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type?.type !== 'TSTypeReference') return false;
  const name = type.typeName.type === 'Identifier' ? type.typeName.name : type.typeName.right.name;
  return OTHER_EVENTS.has(name);
}

/** `Stripe.Event`, `Stripe.InvoicePaidEvent`: one of Stripe's event types. */
function typedAsEvent(annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'TSQualifiedName') return false;
  const { left, right } = type.typeName;
  return left.type === 'Identifier' && left.name === 'Stripe' && right.name.endsWith('Event');
}

/** `Stripe.Event.Type`: what an event's type is typed. */
function typedAsEventType(annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'TSQualifiedName') return false;
  const { left, right } = type.typeName;
  return right.name === 'Type' && left.type === 'TSQualifiedName' && typedAsEvent({ ...type, typeName: left });
}

/** Whether a type annotation is one of Stripe's event types, their type, another library's event type, or none. */
export function eventTyping(annotation: Node | null | undefined): 'stripe' | 'type' | 'other' | undefined {
  if (typedAsEvent(annotation)) return 'stripe';
  return typedAsEventType(annotation) ? 'type' : otherEventType(annotation) ? 'other' : undefined;
}
