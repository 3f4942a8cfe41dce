/**
 * Where a view can appear (docs.stripe.com/stripe-apps/reference/viewports, plus viewports that
 * other Stripe pages or Stripe's schema document).
 */
export interface Viewport {
  name: string;
  /** The Stripe object the page shows, or null for list and overview pages. */
  object: string | null;
  /** Where Stripe documents it. */
  source: 'viewports reference' | 'other Stripe docs' | 'Stripe schema only';
}

const v = (name: string, object: string | null, source: Viewport['source'] = 'viewports reference'): Viewport => ({
  name,
  object,
  source,
});

export const SETTINGS_VIEWPORT = 'settings';

export const VIEWPORTS: readonly Viewport[] = [
  v('settings', null),
  v('onboarding', null, 'other Stripe docs'),
  v('stripe.dashboard.fullpage', null, 'other Stripe docs'),
  v('stripe.dashboard.drawer.default', null),
  v('stripe.dashboard.payment.list', null),
  v('stripe.dashboard.payment.detail', 'payment_intent'),
  v('stripe.dashboard.customer.list', null),
  v('stripe.dashboard.customer.detail', 'customer'),
  v('stripe.dashboard.customer.detail.page-module', 'customer', 'Stripe schema only'),
  v('stripe.dashboard.invoice.list', null),
  v('stripe.dashboard.invoice.detail', 'invoice'),
  v('stripe.dashboard.invoice.detail.page-module', 'invoice', 'Stripe schema only'),
  v('stripe.dashboard.product.list', null),
  v('stripe.dashboard.product.detail', 'product'),
  v('stripe.dashboard.subscription.list', null),
  v('stripe.dashboard.subscription.detail', 'subscription'),
  v('stripe.dashboard.payment-link.list', null),
  v('stripe.dashboard.payment-link.detail', 'payment_link'),
  v('stripe.dashboard.shipping-rates.list', null),
  v('stripe.dashboard.shipping-rates.detail', 'shipping_rate'),
  v('stripe.dashboard.home.overview', null),
  v('stripe.dashboard.balance.overview', null),
  v('stripe.dashboard.billing.overview', null),
  v('stripe.dashboard.report.overview', null),
  v('stripe.dashboard.revenue-recognition.overview', null),
  v('stripe.dashboard.tax-report.overview', null),
];

export const VIEWPORT_NAMES: readonly string[] = VIEWPORTS.map((x) => x.name);

/** Viewport names people invent, mapped to the one they meant. */
export const VIEWPORT_ALIASES: Readonly<Record<string, string>> = {
  'stripe.dashboard.drawer': 'stripe.dashboard.drawer.default',
  'stripe.dashboard.settings': 'settings',
  'stripe.dashboard.settings.page': 'settings',
  'settings.page': 'settings',
  'stripe.dashboard.onboarding': 'onboarding',
  'stripe.dashboard.home': 'stripe.dashboard.home.overview',
  'stripe.dashboard.customer.detail.main': 'stripe.dashboard.customer.detail',
  'stripe.dashboard.invoice.detail.main': 'stripe.dashboard.invoice.detail',
  'stripe.dashboard.subscription.detail.main': 'stripe.dashboard.subscription.detail',
};
