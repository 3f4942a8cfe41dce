/**
 * Webhook event handlers registered where something says they are Stripe's (a decorator named for
 * Stripe's handlers, a registry named for Stripe, a handler typed for Stripe's event): the event
 * types they are registered for.
 */
import type { CallExpression, ClassMethod, Node } from '@babel/types';
import { eventTyping } from './event-types.js';
import type { EventLists } from './event-names.js';
import { eachElement, eventLiteral, handlerValue, readOrReport, setAgainst } from './event-sites.js';
import { unwrapped } from './expand-option.js';

const FUNCTION_VALUES = new Set(['ArrowFunctionExpression', 'FunctionExpression']);
/**
 * What a function that registers a handler is called: `on`, `once`, `addListener`, `subscribe`,
 * `route`, `handle…`, `register…`; not a map's or a queue's `set`, `add`, `post`, nor a logger's.
 */
const REGISTERING = /^(on|once|addListener|prependListener|subscribe|listen|route|when|handle\w*|register\w*)$/;
const FOR_STRIPE = /stripe/i;
/** A decorator that marks a Stripe event's handler: `@StripeWebhookHandler`, not `@InjectStripeClient`. */
const STRIPE_HANDLER = /^(?=.*stripe).*(webhook|event|handler|listener)/i;

/** The names a member chain is written with: `this.stripeEvents.on` is `stripeEvents`, `on`. */
const namesOf = (node: Node): string[] =>
  node.type === 'Identifier'
    ? [node.name]
    : node.type === 'ThisExpression'
      ? ['this']
      : (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') &&
          !node.computed &&
          node.property.type === 'Identifier'
        ? [...namesOf(node.object), node.property.name]
        : [];

/** The last name of a callee (`on` of `this.stripeEvents.on`), as namesOf's last. */
const lastName = (node: Node): string =>
  node.type === 'Identifier'
    ? node.name
    : (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') &&
        !node.computed &&
        node.property.type === 'Identifier'
      ? node.property.name
      : '';

/** A handler written there whose event is typed Stripe's: `(event: Stripe.Event) => …`, `({ data }: Stripe.Event) => …`. */
const typedForStripe = (handler: Node | undefined): boolean =>
  handler !== undefined &&
  (FUNCTION_VALUES.has(handler.type) || handler.type === 'ClassMethod') &&
  'params' in handler &&
  handler.params[0] !== undefined &&
  'typeAnnotation' in handler.params[0] &&
  eventTyping(handler.params[0].typeAnnotation) === 'stripe';

/** Each event type a decorator's first argument gives (a list too); a constant, read once every file is summarised. */
function decoratorEvents(lists: EventLists, name: string, first: Node): void {
  const other = first.type === 'ArrayExpression' ? undefined : setAgainst(first);
  if (first.type === 'ArrayExpression') eachElement(lists, first.elements, 'sent');
  else if (other === undefined) eventLiteral(first, lists.found, 'sent');
  else readOrReport(lists, first, `@${name}(${other})`, first);
}

/**
 * A handler registered for an event type Stripe sends, where something says it is Stripe's: a
 * decorator named for Stripe's handlers (`@StripeWebhookHandler('invoice.paid')`,
 * @golevelup/nestjs-stripe's; a list, or a constant read once every file is summarised); a handler
 * registered with a registry named for Stripe (`this.stripeEvents.on('payout.paid', fn)`,
 * `stripeWebhooks.route(…)`, `registerStripeHandler('charge.refunded', onRefund)`); or one whose
 * event is typed Stripe's (`bus.on('payout.paid', (event: Stripe.Event) => …)`; a method so typed:
 * typedMethodEvents). A dotted name Stripe also sends is everywhere else (an event bus's own,
 * `@OnEvent('account.updated')`, `t('invoice.paid')`, `sendWebhook('invoice.paid', invoice)`, a
 * test's title): with nothing of Stripe's about it, it is not read.
 */
export function registered(lists: EventLists, node: CallExpression, parent: Node | undefined): void {
  const [first, second] = node.arguments;
  if (!first) return;
  if (parent?.type === 'Decorator') {
    const name = namesOf(node.callee).at(-1) ?? '';
    if (STRIPE_HANDLER.test(name)) decoratorEvents(lists, name, first);
    return;
  }
  // Most calls are passed here, before their names are listed: on call-heavy code, listing them was
  // most of what this cost.
  if (!second || !handlerValue(second)) return;
  // A registering method of a holder named for Stripe (`stripeWebhooks.route('invoice.paid', h)`), or
  // a registering function named for it (`registerStripeHandler(…)`). `webhooks.on(…)` alone says
  // nothing of whose webhooks: Razorpay's, Lago's and Paddle's share Stripe's names.
  const names = REGISTERING.test(lastName(node.callee)) ? namesOf(node.callee) : [];
  const registry = names.some((n) => FOR_STRIPE.test(n));
  if (!registry && !typedForStripe(second)) return;
  // stripeEvents.on(INVOICE_PAID, h), on(StripeEvents.Paid, h): a constant, read once every file is
  // summarised, and counted if it is an event type Stripe's table knows; quietly, since a holder named
  // for Stripe may be no registry (`stripeCache.set(CACHE_KEY, value)`). A name of another kind
  // (`stripeService.handle(req, res)`) is no event type.
  const given = unwrapped(first);
  const constant = namesOf(given);
  if (given.type === 'ArrayExpression') eachElement(lists, given.elements, 'sent', true);
  else if (constant.length > 0 && CONSTANT.test(constant[0]!))
    readOrReport(lists, given, `${namesOf(node.callee).join('.')}(${constant.join('.')}, …)`, first, true);
  else eventLiteral(first, lists.found, 'sent');
}

/** A constant's or an enum's name, as written: `INVOICE_PAID`, `StripeEvents` (of `StripeEvents.Paid`). */
const CONSTANT = /^(?:[A-Z][A-Z0-9_]*|[A-Z][A-Za-z0-9]*)$/;

/**
 * `@OnEvent('payout.paid') onPaid(event: Stripe.Event)`: a method typed for Stripe's event, by
 * whatever decorator registers it (one named for Stripe's handlers is read as a call, registered()).
 */
export function typedMethodEvents(lists: EventLists, node: ClassMethod): void {
  if (!node.decorators || !typedForStripe(node)) return;
  for (const { expression: d } of node.decorators) {
    const name = d.type === 'CallExpression' ? (namesOf(d.callee).at(-1) ?? '') : '';
    const [first] = d.type === 'CallExpression' && !STRIPE_HANDLER.test(name) ? d.arguments : [];
    // Only types written out: other decorators' arguments (`@HttpCode(200)`, `@UseGuards(Auth)`) are no events.
    if (first?.type === 'ArrayExpression') eachElement(lists, first.elements, 'sent', true);
    else if (first) eventLiteral(first, lists.found, 'sent');
  }
}
