// permissions scan over the layouts ordinary backends use: a client made in one file and used in
// others, factories, re-exports, compiled CommonJS (tsc, esbuild), clients handed to classes.
import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/scan/index.js';

const scan = (files: Record<string, string>) =>
  scanSources(Object.entries(files).map(([path, text]) => ({ path, text })));
const needs = (files: Record<string, string>) =>
  scan(files)
    .needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)
    .sort();

describe('scan follows the module graph', () => {
  it('an ES-module client, imported with and without an extension, by name and as default', () => {
    const result = scan({
      'src/stripe.ts':
        "import Stripe from 'stripe';\nexport const stripe = new Stripe(process.env.KEY!);\nexport default stripe;\n",
      'src/routes/customers.ts':
        "import { stripe } from '../stripe.js';\nexport const list = () => stripe.customers.list();\n",
      'src/routes/invoices.ts': "import client from '../stripe';\nclient.invoices.retrieve('in_1');\n",
    });
    expect(result.needs.map((n) => `${n.file} ${n.anyOf}`)).toEqual([
      'src/routes/customers.ts customer_read',
      'src/routes/invoices.ts invoice_read',
    ]);
    expect(result.notUnderstood).toEqual([]);
  });

  it('CommonJS: module.exports, exports.x and destructured require, through an index file', () => {
    expect(
      needs({
        'lib/stripe.js':
          "const stripe = require('stripe')(process.env.KEY);\nmodule.exports = stripe;\nexports.billing = stripe;\n",
        'lib/index.js': "module.exports = { client: require('./stripe') };\n",
        'routes/a.js': "const stripe = require('../lib/stripe');\nstripe.subscriptions.list();\n",
        'routes/b.js':
          "const { billing } = require('../lib/stripe.js');\nbilling.refunds.create({ charge: 'ch_1' });\n",
      }),
    ).toEqual(['routes/a.js:2 subscription_read', 'routes/b.js:2 charge_write']);
  });

  it('factories, called where they are made and where they are imported; re-exports with export *', () => {
    expect(
      needs({
        'src/clients/stripe.ts':
          "import Stripe from 'stripe';\nexport function getStripe() {\n  return new Stripe(key);\n}\nexport const lazy = () => new Stripe(key);\n",
        'src/clients/index.ts': "export * from './stripe';\n",
        'src/jobs/sync.ts':
          "import { getStripe, lazy } from '../clients';\nconst s = getStripe();\ns.payouts.list();\ngetStripe().charges.retrieve('ch_1');\nlazy().products.list();\n",
      }),
    ).toEqual(['src/jobs/sync.ts:3 payout_read', 'src/jobs/sync.ts:4 charge_read', 'src/jobs/sync.ts:5 product_read']);
  });

  it('compiled TypeScript (tsc) and esbuild output: the interop helpers are the stripe package', () => {
    expect(
      needs({
        'dist/client.js':
          '"use strict";\nconst stripe_1 = __importDefault(require("stripe"));\nexports.client = new stripe_1.default(process.env.KEY);\n',
        'dist/sync.js': '"use strict";\nconst client_1 = require("./client");\nclient_1.client.invoices.list();\n',
        'dist/bundle.js':
          'var import_stripe = __toESM(require("stripe"));\nvar stripe = new import_stripe.default(key);\nstripe.customers.create({});\nconst other = (0, import_stripe.default)(key);\nother.coupons.list();\n',
      }),
    ).toEqual(['dist/bundle.js:3 customer_write', 'dist/bundle.js:5 coupon_read', 'dist/sync.js:3 invoice_read']);
  });

  it('clients handed to a class or function: by position, as options.stripeClient, into class fields', () => {
    const result = scan({
      'src/app.js': [
        "const Stripe = require('stripe');",
        'const stripe = new Stripe(key);',
        'class Billing {',
        '  constructor(client, options) { this.client = client; this.payments = options.stripeClient; }',
        '  sync() { return this.client.invoices.list(); }',
        "  refund() { return this.payments.refunds.create({ charge: 'ch_1' }); }",
        '}',
        'function report(s) { return s.balanceTransactions.list(); }',
        'new Billing(stripe, { stripeClient: stripe });',
        'report(stripe);',
      ].join('\n'),
    });
    expect(result.needs.map((n) => `${n.line} ${n.anyOf}`).sort()).toEqual([
      '5 invoice_read',
      '6 charge_write',
      '8 balance_transaction_source_read',
    ]);
    expect(result.notUnderstood).toEqual([]);
  });

  it('says each time it lets go of what it worked out in a round of hand-offs, and only then', () => {
    const sources = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
    let released = 0;
    const handedOn = scanSources(
      sources({
        'src/report.ts': 'export function report(s) {\n  return s.balanceTransactions.list();\n}\n',
        'src/main.ts':
          "import Stripe from 'stripe';\nimport { report } from './report';\nconst stripe = new Stripe(key);\nreport(stripe);\n",
      }),
      [],
      undefined,
      undefined,
      () => released++,
    );
    // One round learnt the hand-off (and let go of its values); the next learnt nothing.
    expect(handedOn.needs.map((n) => `${n.file} ${n.anyOf}`)).toEqual([
      'src/report.ts balance_transaction_source_read',
    ]);
    expect(released).toBe(1);
    released = 0;
    scanSources(
      sources({ 'src/a.js': "const stripe = require('stripe')(key);\nstripe.disputes.list();\n" }),
      [],
      undefined,
      undefined,
      () => released++,
    );
    expect(released).toBe(0);
  });

  it('JSDoc types count like TypeScript ones', () => {
    expect(
      needs({
        'src/a.js': [
          "/** @type {import('stripe').Stripe} */",
          'let client;',
          'client.disputes.list();',
          '/** @param {import("stripe").Stripe} s */',
          'function promos(s) { return s.promotionCodes.list(); }',
        ].join('\n'),
      }),
    ).toEqual(['src/a.js:3 dispute_read', 'src/a.js:5 promotion_code_read']);
  });

  it('one name for two things in one file (a parameter and a local): its member is read through the one that has it', () => {
    // saleor/apps: `stripeApiWrapper` is the constructor's parameter (a client) and, in a static
    // factory, a local holding a wrapper whose `nativeClient` is the client handed to the constructor.
    const result = scan({
      'src/client.ts': [
        "import Stripe from 'stripe';",
        'export class StripeClient {',
        '  readonly nativeClient: Stripe;',
        '  constructor(nativeClient: Stripe) { this.nativeClient = nativeClient; }',
        '  static fromKey(key: string) { return new StripeClient(new Stripe(key)); }',
        '}',
      ].join('\n'),
      'src/refunds.ts': [
        "import type Stripe from 'stripe';",
        "import { StripeClient } from './client';",
        'export class RefundsApi {',
        '  private stripeApiWrapper: Stripe;',
        '  private constructor(stripeApiWrapper: Stripe) { this.stripeApiWrapper = stripeApiWrapper; }',
        '  static fromKey(key: string) {',
        '    const stripeApiWrapper = StripeClient.fromKey(key);',
        '    return new RefundsApi(stripeApiWrapper.nativeClient);',
        '  }',
        '  refund(id: string) { return this.stripeApiWrapper.refunds.create({ payment_intent: id }); }',
        '}',
      ].join('\n'),
    });
    expect(result.needs.map((n) => `${n.file}:${n.line} ${n.anyOf}`)).toEqual(['src/refunds.ts:10 charge_write']);
    expect(result.notUnderstood).toEqual([]);
  });
});
