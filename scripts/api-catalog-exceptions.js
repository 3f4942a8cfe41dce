// The calls whose permission does not follow from their resource in src/catalog/api.ts and their HTTP
// verb, and the endpoints the installed stripe package no longer has a method for. Hand-written, read
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
];

/**
 * @typedef {object} LegacyMethod
 * @property {string} call
 * @property {'GET' | 'POST' | 'DELETE'} verb
 * @property {string} path
 * @property {string} permission
 * @property {string} source
 */

/**
 * Endpoints the installed stripe package has no method for, which older versions called and Stripe
 * still gives a permission: code written against those versions, a proxy and `permissions explain`
 * still need them mapped.
 * @type {readonly LegacyMethod[]}
 */
export const LEGACY_METHODS = [
  {
    call: 'subscriptionItems.createUsageRecord',
    verb: 'POST',
    path: '/v1/subscription_items/{subscription_item}/usage_records',
    permission: 'usage_record_write',
    source:
      "Stripe permission reference, Billing: \"`usage_record_read/write`\"; stripe-node 14.25.0 SubscriptionItems.js: `createUsageRecord: stripeMethod({ method: 'POST', fullPath: '/v1/subscription_items/{subscription_item}/usage_records' })` (gone from stripe 23).",
  },
  {
    call: 'subscriptionItems.listUsageRecordSummaries',
    verb: 'GET',
    path: '/v1/subscription_items/{subscription_item}/usage_record_summaries',
    permission: 'usage_record_read',
    source:
      "Stripe permission reference, Billing: \"`usage_record_read/write`\"; stripe-node 14.25.0 SubscriptionItems.js: `listUsageRecordSummaries: stripeMethod({ method: 'GET', fullPath: '/v1/subscription_items/{subscription_item}/usage_record_summaries' })` (gone from stripe 23).",
  },
];
