/**
 * What says a name holds a Stripe event when its name does not: what it is given (stripe-node's
 * webhook helpers) or its type (`Stripe.Event`); and what says it holds another library's.
 */
import type { Node } from '@babel/types';

/** What stripe-node's webhook helpers return: an event. */
export const MAKES_EVENT = new Set(['constructEvent', 'constructEventAsync']);

/** Another library's event type (`PointerEvent`, `React.ChangeEvent<…>`, `H3Event`): not named for Stripe. */
function otherEventType(annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type?.type !== 'TSTypeReference') return false;
  const name =
    type.typeName.type === 'Identifier'
      ? type.typeName.name
      : `${type.typeName.left.type === 'Identifier' ? type.typeName.left.name : ''}.${type.typeName.right.name}`;
  return name.endsWith('Event') && !/stripe/i.test(name);
}

/** `Stripe.Event`, `Stripe.InvoicePaidEvent`: one of Stripe's event types. */
function typedAsEvent(annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'TSQualifiedName') return false;
  const { left, right } = type.typeName;
  return left.type === 'Identifier' && left.name === 'Stripe' && right.name.endsWith('Event');
}

/** Whether a type annotation is one of Stripe's event types, another library's, or neither. */
export function eventTyping(annotation: Node | null | undefined): 'stripe' | 'other' | undefined {
  return typedAsEvent(annotation) ? 'stripe' : otherEventType(annotation) ? 'other' : undefined;
}
