// The calls whose permission does not follow from their resource in src/catalog/api.ts and their HTTP
// verb, and the older stripe-node releases whose methods are mapped too. Hand-written, read
// by scripts/build-api-catalog.js; each entry quotes its source: Stripe's permission reference (as
// noted in the project's research on Stripe Apps, §3) or stripe-node's own code.

/**
 * @typedef {object} CallException
 * @property {string} call        the method as stripe-node names it
 * @property {string | null} permission
 * @property {string} [reason]    why there is none, when permission is null
 * @property {string} source      where the mapping comes from, quoted
 */

/** @type {readonly CallException[]} */
export const CALL_EXCEPTIONS = [
  {
    call: 'accounts.createLoginLink',
    permission: 'edit_link_write',
    source:
      'Stripe permission reference, Connect: "`edit_link_write` (login links)"; stripe-node has no loginLinks resource, a login link is POST /v1/accounts/{account}/login_links.',
  },
  {
    call: 'oauth.token',
    permission: null,
    reason:
      'Connect OAuth on connect.stripe.com: the platform authenticates with its secret key, and no app permission covers it.',
    source: "stripe-node OAuth.js: `_makeRequest('POST', '/oauth/token', …, { apiBase: 'connect' })`.",
  },
  {
    call: 'oauth.deauthorize',
    permission: null,
    reason:
      'Connect OAuth on connect.stripe.com: the platform authenticates with its secret key, and no app permission covers it.',
    source: "stripe-node OAuth.js: `_makeRequest('POST', '/oauth/deauthorize', …, { apiBase: 'connect' })`.",
  },
  {
    call: 'subscriptionItems.createUsageRecord',
    permission: 'usage_record_write',
    source:
      "Stripe permission reference, Billing: \"`usage_record_read/write`\"; stripe-node 17.7.0 SubscriptionItems.js: `createUsageRecord: stripeMethod({ method: 'POST', fullPath: '/v1/subscription_items/{subscription_item}/usage_records' })`.",
  },
  {
    call: 'subscriptionItems.listUsageRecordSummaries',
    permission: 'usage_record_read',
    source:
      "Stripe permission reference, Billing: \"`usage_record_read/write`\"; stripe-node 17.7.0 SubscriptionItems.js: `listUsageRecordSummaries: stripeMethod({ method: 'GET', fullPath: '/v1/subscription_items/{subscription_item}/usage_record_summaries' })`.",
  },
];

/**
 * Older majors of stripe-node, each the last release before a major that dropped methods code still
 * calls: their methods the installed package no longer has are mapped too (code written against an
 * older version, a proxy and `permissions explain` need them), each with the version that last had it.
 * The package names are devDependencies aliased to the pinned releases.
 */
export const LEGACY_PACKAGES = [
  // Before 18 (API version 2025-03-31.basil): invoices.retrieveUpcoming and listUpcomingLines,
  // subscriptionItems.createUsageRecord and listUsageRecordSummaries.
  'stripe-17',
  // Before 12: subscriptions.del (12 named it subscriptions.cancel).
  'stripe-11',
  // Before 11: the Orders API of 10 (orders.submit, cancel, reopen, listLineItems) and SKUs.
  'stripe-10',
  // Before 9: the older orders' pay and returnOrder, order returns and issuer fraud records.
  'stripe-8',
];
