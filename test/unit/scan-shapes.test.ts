// permissions scan on the shapes real backends write: TypeScript wrappers, destructured and aliased
// resources, subclasses and factory methods, clients handed over in options across files, import
// aliases (tsconfig paths, package.json imports), types beside compiled JavaScript; and never
// silent on a Stripe-shaped call it cannot tie to a client, whatever the receiver is called.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { type ScanResult, scanSources } from '../../src/scan/index.js';

type Files = Record<string, string>;
// As if every package the files import were installed, none of them depending on stripe (what
// each package.json says is tested through the command, in test/cli/permissions.test.ts).
const scan = (files: Files, configs: Files = {}) =>
  scanSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    Object.entries(configs).map(([path, text]) => ({ path, text })),
    () => false,
  );
const needs = (files: Files, configs: Files = {}) =>
  scan(files, configs)
    .needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)
    .sort();
const unresolved = (files: Files, configs: Files = {}) =>
  scan(files, configs).notUnderstood.map((n) => `${n.file}:${n.line}:${n.column} ${n.what}: ${n.why}`);

const CLIENT = "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\n";
/** The expansions a scan charged, as `line what`. */
const expansionsIn = (found: ScanResult) =>
  found.needs.filter((n) => n.what.includes('expanding')).map((n) => `${n.line} ${n.what}`);
/** What a scan could not resolve, as `line what: why`. */
const unresolvedIn = (found: ScanResult) => found.notUnderstood.map((n) => `${n.line} ${n.what}: ${n.why}`);
/** Why a Stripe call whose options come from a parameter of the function around it is reported. */
const parameterWhy = (name: string) =>
  `its options come from ${name}, a parameter: an expand passed in them is not seen`;
/** Why a client made by a function of a module the scan did not read, and handed on, is reported. */
const unreadWhy = (name: string, from: string) =>
  `${name} comes from '${from}', which this scan did not read, and calls made through it there cannot be followed from here`;

describe('TypeScript wrappers around a client are the client', () => {
  it('as, !, satisfies, <T>x and parentheses', () => {
    expect(
      needs({
        'a.ts': `${CLIENT}(stripe as any).payouts.list();\nstripe.refunds!.create({});\n(stripe satisfies object).prices.list();\n((stripe)).coupons.list();\n`,
        'b.mts': `${CLIENT}(<any>stripe).disputes.list();\n`,
      }),
    ).toEqual([
      'a.ts:3 payout_read',
      'a.ts:4 charge_write',
      'a.ts:5 plan_read',
      'a.ts:6 coupon_read',
      'b.mts:3 dispute_read',
    ]);
  });
});

describe("Stripe's webhook verifier, whatever holds it", () => {
  it('x.webhooks.constructEvent(…) on a holder not tied to a client still receives events: event_read', () => {
    const files = {
      'webhook.ts': [
        'export function handle(deps: any, body: string, sig: string) {',
        "  return deps.stripe.webhooks.constructEvent(body, sig, 'whsec_x');",
        '}',
        'export const verify = (ctx: any, b: string, s: string) => ctx.billing.webhooks.constructEventAsync(b, s, "w");',
        // Not the verifier's shape: a webhooks list of one's own, another method.
        'export const list = (repo: any) => repo.webhooks.findMany();',
        // Taken apart first: the same verifier.
        "export const taken = (deps: any, b: string, s: string) => { const { webhooks } = deps.stripe; return webhooks.constructEvent(b, s, 'w'); };",
      ].join('\n'),
      // Another library's object of that name is not.
      'octo.ts': [
        "import { makeWebhooks } from './hooks';",
        'export const octo = (b: string, s: string) => { const webhooks = makeWebhooks(); return webhooks.constructEvent(b, s); };',
      ].join('\n'),
    };
    expect(scan(files).needs.map((n) => `${n.line}:${n.column} ${n.what} ${n.anyOf}`)).toEqual([
      '2:10 deps.stripe.webhooks.constructEvent() event_read',
      '4:59 ctx.billing.webhooks.constructEventAsync() event_read',
      '6:102 webhooks.constructEvent() event_read',
    ]);
    expect(unresolved(files)).toEqual([]);
  });
});

describe('the events a webhook endpoint is made for', () => {
  it('enabled_events given a parameter is reported; a list written in the file, or behind TypeScript, is read', () => {
    const files = {
      'hooks.ts': [
        "import Stripe from 'stripe';",
        "import { SUPPORTED } from './events';",
        "const stripe = new Stripe('sk_test_x');",
        "const EVENTS = ['invoice.paid', 'customer.created'];",
        'export const createWebhook = (url: string, events: any) => stripe.webhookEndpoints.create({ url, enabled_events: events });',
        'export const fixed = (url: string) => stripe.webhookEndpoints.create({ url, enabled_events: EVENTS });',
        "export const typed = (url: string) => stripe.webhookEndpoints.create({ url, enabled_events: ['payout.paid'] as const });",
        'export const shared = (url: string) => stripe.webhookEndpoints.create({ url, enabled_events: SUPPORTED });',
        // Taken apart, not written: no endpoint is made here.
        'export const read = ({ enabled_events: list }: any) => list;',
        // A member, a call, a name given a parameter: the endpoint's events are not read here.
        'export const fromOptions = (opts: any) => stripe.webhookEndpoints.create({ url: "u", enabled_events: opts.events });',
        'export const fromCall = () => stripe.webhookEndpoints.create({ url: "u", enabled_events: listEvents() as any });',
        'export const aliased = (events: any) => { const ev = events; return stripe.webhookEndpoints.update("we", { enabled_events: ev }); };',
      ].join('\n'),
      'events.ts': "export const SUPPORTED = ['charge.refunded'] as const;\n",
      // Not a file that uses Stripe: another table's column.
      'db.ts': 'export const save = (db: any, events: string[]) => db.hooks.insert({ enabled_events: events });\n',
    };
    expect(scan(files).notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'hooks.ts:5 enabled_events: events',
      'hooks.ts:10 enabled_events: opts.events',
      'hooks.ts:11 enabled_events: listEvents()',
      'hooks.ts:12 enabled_events: ev',
    ]);
    expect(needs(files).filter((n) => !n.endsWith('webhook_write'))).toEqual([
      'events.ts:1 charge_read',
      'events.ts:1 event_read',
      'hooks.ts:4 customer_read',
      'hooks.ts:4 event_read',
      'hooks.ts:4 event_read',
      'hooks.ts:4 invoice_read|credit_note_read|quote_read',
      'hooks.ts:7 event_read',
      'hooks.ts:7 payout_read|transfer_read|balance_transaction_source_read',
    ]);
  });
});

describe('a client kept, not handed on', () => {
  it('in a Set or WeakSet made here, or merged into by Object.assign (which gives back the client)', () => {
    const files = {
      'keep.ts': [
        CLIENT.trimEnd(),
        'const seen = new WeakSet<object>();',
        'if (!seen.has(stripe)) seen.add(stripe);',
        'const mocked = Object.assign(stripe, { extra: 1 });',
        'mocked.payouts.list();',
        // A registry of the project's own may call through what it is given; a Map gives it back
        // (get); a Set exported is read elsewhere; Object.create and a copy hand it on: reported.
        'registry.add(stripe);',
        'const cache = new Map<string, Stripe>();',
        "cache.set('k', stripe);",
        'export const shared = new Set<object>();',
        'shared.add(stripe);',
        'const derived = Object.create(stripe);',
        'const copy = Object.assign({}, stripe);',
      ].join('\n'),
    };
    expect(scan(files).notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '7 stripe passed to registry.add()',
      '9 stripe passed to cache.set()',
      '11 stripe passed to shared.add()',
      '12 stripe passed to Object.create()',
      '13 stripe passed to Object.assign()',
    ]);
    expect(needs(files)).toEqual(['keep.ts:6 payout_read']);
  });
});

describe('a Stripe key handed to something else', () => {
  it('is reported where it is handed over (a sync engine calls Stripe with it); a publishable key is not', () => {
    const files = {
      'sync.ts': [
        "import { StripeSync } from '@supabase/stripe-sync-engine';",
        'import Stripe from "stripe";',
        'const engine = new StripeSync({ stripeSecretKey: process.env.STRIPE_SECRET_KEY!, databaseUrl: process.env.DB! });',
        'export const onEvent = (event: Stripe.Event) => engine.processEvent(event);',
        'export const page = () => render({ stripePublishableKey: process.env.PK });',
        'export const client = new Stripe(process.env.KEY!, { apiVersion: config.stripeApiKey });',
        // An environment's schema or mapping, or a function of the project's (read by the scan): not reported.
        "import { z } from 'zod';",
        "import { createEnv } from '@t3-oss/env-nextjs';",
        'export const env = createEnv({ server: { STRIPE_API_KEY: z.string() }, runtimeEnv: { STRIPE_API_KEY: process.env.STRIPE_API_KEY } });',
        'export const body = z.object({ stripe_test_key: z.string() });',
        'const connect = ({ stripeKey }: { stripeKey: string }) => new Stripe(stripeKey);',
        'export const c = connect({ stripeKey: process.env.K! });',
        // A function's argument (a row, a log's context, a job), or an idempotency key: not reported.
        "import { db } from '@acme/db';",
        'export const save = (sk: string) => db.user.update({ data: { stripeKey: sk } });',
        'export const job = (idem: string) => addJob({ stripeIdempotencyKey: idem });',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      'sync.ts:3:16 a Stripe key passed to StripeSync (new) as stripeSecretKey: what is called on Stripe with it there cannot be followed from here: scan that code too, or list its calls',
    ]);
  });

  it("is reported when a call reads it (config.get(…), await vault.read(…)); a schema's field typed String or z.string() is not", () => {
    const files = {
      'sync.ts': [
        "import { StripeSync } from '@supabase/stripe-sync-engine';",
        "import config from 'config';",
        "export const a = new StripeSync({ stripeSecretKey: config.get('stripe.secret') });",
        "export const b = new StripeSync({ stripeSecretKey: await vault.read('stripe') });",
        "import { Schema } from 'mongoose';",
        "import { z } from 'zod';",
        "import Joi from 'joi';",
        'export const c = new Schema({ stripeApiKey: String });',
        'export const d = new Schema({ stripeApiKey: { type: String, required: true } });',
        'export const e = new Form({ stripeSecretKey: z.string().min(1) });',
        'export const f = new Form({ stripeSecretKey: Joi.string().required() });',
        // Wrapped, or built of other calls of a validation package: a schema too.
        "import { Type } from '@sinclair/typebox';",
        "import * as v from 'valibot';",
        'export const g = new Form({ stripeSecretKey: Type.Optional(Type.String()) });',
        'export const h = new Form({ stripeSecretKey: v.pipe(v.string(), v.minLength(1)) });',
        'export const i = new Form({ stripeSecretKey: z.optional(z.string()) });',
        'export const j = new Form({ stripeSecretKey: Joi.alternatives().try(Joi.string(), Joi.number()) });',
        // What a schema parses, or a getter of another package named string, is the key itself.
        "import getenv from 'getenv';",
        'export const k = new StripeSync({ stripeSecretKey: z.string().min(1).parse(process.env.STRIPE_KEY) });',
        "export const l = new StripeSync({ stripeSecretKey: getenv.string('STRIPE_KEY') });",
        "import { parse, string } from 'valibot';",
        "import { Redacted } from 'effect';",
        'export const m = new StripeSync({ stripeSecretKey: parse(string(), process.env.STRIPE_KEY) });',
        'export const n = new StripeSync({ stripeSecretKey: Redacted.value(secret) });',
        // A type by its member, an ORM's or a schema library's; a builder of a package not listed.
        "import { DataTypes } from 'sequelize';",
        "import { t } from 'elysia';",
        'export const o = new Schema({ stripeSecretKey: Schema.Types.String, stripeApiKey: DataTypes.STRING });',
        'export const p = new Form({ stripeSecretKey: t.String({ minLength: 1 }) });',
      ].join('\n'),
    };
    expect(unresolved(files).map((u) => u.split(':').slice(0, 3).join(':'))).toEqual([
      'sync.ts:3:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
      'sync.ts:4:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
      'sync.ts:19:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
      'sync.ts:20:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
      'sync.ts:23:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
      'sync.ts:24:18 a Stripe key passed to StripeSync (new) as stripeSecretKey',
    ]);
  });
});

describe('a Proxy around a client is the client', () => {
  it('new Proxy(client, handler), as made or returned by a generic wrapper', () => {
    const files = {
      'proxy.ts': [
        "import Stripe from 'stripe';",
        'function traced<T extends object>(target: T): T {',
        '  return new Proxy(target, { get: (t, p) => Reflect.get(t, p) }) as T;',
        '}',
        "const stripe = traced(new Stripe('sk_test_x'));",
        'stripe.customers.list();',
        "const direct = new Proxy(new Stripe('sk_test_x'), {});",
        'direct.payouts.list();',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['proxy.ts:6 customer_read', 'proxy.ts:8 payout_read']);
  });

  it("a class of the file's or a package's named Proxy is not the language's", () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "import { Proxy } from 'http-proxy-thing';",
        'const p = new Proxy(stripe, {});',
        'p.customers.list();',
      ].join('\n'),
    });
    // (Here every package is taken as installed and free of stripe: p is that package's.)
    expect(found.needs).toEqual([]);
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual(['4 stripe passed to Proxy (new)']);
  });
});

describe('resources taken from a client', () => {
  it('destructured (const { payouts } = stripe) and aliased (const coupons = stripe.coupons)', () => {
    expect(
      needs({
        'a.js': `${CLIENT}const { payouts, checkout: { sessions } } = stripe;\npayouts.list();\nsessions.create({});\nconst coupons = stripe.coupons;\ncoupons.del('c');\n`,
      }),
    ).toEqual(['a.js:4 payout_read', 'a.js:5 checkout_session_write', 'a.js:7 coupon_write']);
  });

  it("typed with a resource's type (Stripe.CustomersResource, Stripe.Checkout.SessionsResource, Stripe['products']), or by JSDoc", () => {
    const files = {
      'repo.ts': [
        "import Stripe from 'stripe';",
        'export class CustomerRepo {',
        '  constructor(private readonly api: Stripe.CustomersResource) {}',
        '  create(email: string) { return this.api.create({ email }); }',
        '}',
        'export const open = (sessions: Stripe.Checkout.SessionsResource | undefined) => sessions?.create({});',
        "export const listAll = (products: Stripe['products']) => products.list();",
        'export const pay = (invoices: Stripe.InvoiceResource, id: string) => invoices.pay(id);',
        'export const expire = (open: Stripe.Checkout.SessionResource, id: string) => open.expire(id);',
        'export const nothing = (events: Stripe.Event) => events.data;',
      ].join('\n'),
      'repo.js': [
        "/** @param {import('stripe').Stripe.SubscriptionsResource} subs */",
        'export function cancel(subs, id) { return subs.cancel(id); }',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([
      'repo.js:2 subscription_write',
      'repo.ts:4 customer_write',
      'repo.ts:6 checkout_session_write',
      'repo.ts:7 product_read',
      'repo.ts:8 invoice_write',
      'repo.ts:9 checkout_session_write',
    ]);
  });
});

describe('a default value', () => {
  it('of a parameter, a parameter property or a destructured name is a value it may have', () => {
    const files = {
      'a.ts': [
        CLIENT.trimEnd(),
        'export const cancel = async (id: string, subs = stripe.subscriptions) => subs.cancel(id);',
        'export class Subs { constructor(private readonly subs = stripe.subscriptions) {} pause(id: string) { return this.subs.update(id, {}); } }',
        'export async function f(id: string, { coupons = stripe.coupons } = {}) { return coupons.del(id); }',
      ].join('\n'),
      'b.js': [
        "const stripe = require('stripe')(process.env.KEY);",
        'class Svc { constructor(api = stripe.invoices) { this.api = api; } pay(id) { return this.api.pay(id); } }',
        'module.exports = Svc;',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([
      'a.ts:3 subscription_write',
      'a.ts:4 subscription_write',
      'a.ts:5 coupon_write',
      'b.js:2 invoice_write',
    ]);
  });
});

describe('resources exported', () => {
  it('destructured where they are exported (export const { customers, products } = stripe), and imported', () => {
    const files = {
      'lib.ts': `${CLIENT}export const { customers, checkout: { sessions }, ...rest } = stripe;\n`,
      'a.ts':
        "import { customers, sessions } from './lib';\nexport const f = () => customers.create({});\nexport const g = () => sessions.list();\n",
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['a.ts:2 customer_write', 'a.ts:3 checkout_session_read']);
  });
});

describe('subclasses and factory methods', () => {
  it('a subclass reads what its base class, imported from another file, gives its members (a resource, a client)', () => {
    const files = {
      'base.ts': [
        "import Stripe from 'stripe';",
        'export abstract class StripeRepo {',
        '  protected readonly stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);',
        '  protected readonly subs = this.stripe.subscriptions;',
        '  protected repo: any;',
        '  constructor() { this.repo = this.stripe.customers; }',
        '}',
        'export default class Base extends StripeRepo {}',
      ].join('\n'),
      'billing.ts': [
        "import Base, { StripeRepo } from './base';",
        'export class BillingRepo extends StripeRepo {',
        '  cancel(id: string) { return this.subs.cancel(id); }',
        '  add() { return this.repo.create({}); }',
        '}',
        'export class Deeper extends Base { list() { return this.subs.list(); } }',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([
      'billing.ts:3 subscription_write',
      'billing.ts:4 customer_write',
      'billing.ts:6 subscription_read',
    ]);
  });

  it('class X extends Stripe: its instances and its own this are clients, in compiled code too', () => {
    expect(
      needs({
        'src/client.ts': [
          "import Stripe from 'stripe';",
          'export class VendureStripeClient extends Stripe {',
          '  constructor(key: string) { super(key); }',
          '  sync() { return this.customers.list(); }',
          '}',
        ].join('\n'),
        'src/use.ts':
          "import { VendureStripeClient } from './client';\nconst c = new VendureStripeClient(key);\nc.paymentIntents.create({});\n",
        'dist/client.js': [
          '"use strict";',
          'const stripe_1 = __importDefault(require("stripe"));',
          'class Wrapped extends stripe_1.default {}',
          'exports.Wrapped = Wrapped;',
        ].join('\n'),
        'dist/use.js': 'const client_1 = require("./client");\nnew client_1.Wrapped(key).invoices.list();\n',
      }),
    ).toEqual(['dist/use.js:2 invoice_read', 'src/client.ts:4 customer_read', 'src/use.ts:3 payment_intent_write']);
  });

  it('a factory that is a class method: await this.getStripeClient(ctx)', () => {
    expect(
      needs({
        'service.ts': [
          "import Stripe from 'stripe';",
          'export class StripeService {',
          '  private async getStripeClient(ctx: unknown) { return new Stripe(await keyFor(ctx)); }',
          '  async refund(ctx: unknown) {',
          '    const stripe = await this.getStripeClient(ctx);',
          "    return stripe.refunds.create({ payment_intent: 'pi_1' });",
          '  }',
          '  async hooks(ctx: unknown) {',
          '    return (await this.getStripeClient(ctx)).webhookEndpoints.list();',
          '  }',
          '}',
        ].join('\n'),
      }),
    ).toEqual(['service.ts:6 charge_write', 'service.ts:9 webhook_read']);
  });
});

describe('a client handed over in options, into a class of another file', () => {
  it('new Foo({ stripeClient }) in one file, the class taking { stripeClient } in another', () => {
    const result = scan({
      'src/webhooks.ts': [
        'export class WebhookManager {',
        '  private client;',
        '  constructor({ stripeClient }: { stripeClient: unknown }) { this.client = stripeClient; }',
        '  list() { return this.client.webhookEndpoints.list(); }',
        '}',
        'export function options(opts: { stripeClient: unknown }) {',
        '  const client = opts.stripeClient;',
        "  return client.customers.search({ query: 'x' });",
        '}',
      ].join('\n'),
      'src/app.ts': `${CLIENT}import { WebhookManager } from './webhooks';\nconst stripeClient = stripe;\nnew WebhookManager({ stripeClient });\n`,
    });
    expect(result.needs.map((n) => `${n.file}:${n.line} ${n.anyOf}`).sort()).toEqual([
      'src/webhooks.ts:4 webhook_read',
      'src/webhooks.ts:8 customer_read',
    ]);
    expect(result.notUnderstood).toEqual([]);
  });

  it("a member named as clients are handed over, on a holder of no known value: Stripe's calls are charged, other names and hand-ons of another package's value are not reported", () => {
    const result = scan({
      'session.ts': [
        "import Stripe from 'stripe';",
        'type Args = { stripe: Stripe; sessionId: string };',
        'export const retrieveSession = (args: Args) => args.stripe.checkout.sessions.retrieve(args.sessionId);',
      ].join('\n'),
      // A tRPC router the app named "stripe", and a Prisma enum's member: no client's.
      'usage.tsx': [
        "import { trpc } from '@/lib/trpc/client';",
        "import { DiscountProvider } from '@prisma/client';",
        'export function Usage(provider?: DiscountProvider) {',
        '  const info = trpc.stripe.getBillingInfo.useQuery(undefined, { staleTime: 30_000 });',
        '  trpc.stripe.customers.useQuery();',
        '  const chosen = provider ?? DiscountProvider.stripe;',
        '  useForm({ defaultValues: { provider: chosen } });',
        '  return <p>{info.data?.plan}</p>;',
        '}',
        'export const load = (deps: { api: unknown }) => deps.api.stripe.refunds.list();',
        'export const pass = (ctx) => sync(ctx.stripe);',
      ].join('\n'),
    });
    expect(result.needs.map((n) => `${n.file}:${n.line} ${n.anyOf}`)).toEqual([
      'session.ts:3 checkout_session_read',
      'usage.tsx:10 charge_read',
    ]);
    expect(result.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'usage.tsx:11 ctx.stripe passed to sync()',
    ]);
  });

  it("a React hook's dependency list hands the client on to nothing; another function's list does", () => {
    const found = scan({
      'use-workspace.ts': [
        "import Stripe from 'stripe';",
        "import { useCallback, useEffect } from 'react';",
        'export const useWorkspace = (stripe: Stripe) => {',
        '  const load = useCallback(async () => stripe.customers.list({ limit: 1 }), [stripe]);',
        '  React.useMemo(() => stripe.products.list(), [stripe, load]);',
        '  useEffect(() => {}, [stripe]);',
        '  register([stripe.customers]);',
        '  return load;',
        '};',
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.anyOf}`)).toEqual(['4 customer_read', '5 product_read']);
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual(['7 stripe.customers kept in a list']);
  });

  it("a client taken by its member's name still reports what stripe-node does not have on its resources, and unknown resources called with its methods", () => {
    const result = scan({
      'ctx.ts': [
        "import Stripe from 'stripe';",
        'export interface Ctx { stripe: Stripe }',
        'export async function preview(ctx: Ctx, customer: string) {',
        '  await ctx.stripe.invoices.retrieveUpcoming({ customer });',
        "  await ctx.stripe.subscriptions.del('sub_1');",
        '  await ctx.stripe.privacy.redactionJobs.list();',
        '  await ctx.stripe.getBillingInfo.useQuery();',
        '  await ctx.stripe.customers.useMutation();',
        '}',
      ].join('\n'),
    });
    // retrieveUpcoming (stripe-node 17) and subscriptions.del (11): older releases' methods, read.
    expect(result.needs.map((n) => `${n.line} ${n.what} ${n.anyOf}`)).toEqual([
      '4 ctx.stripe.invoices.retrieveUpcoming invoice_read',
      '5 ctx.stripe.subscriptions.del subscription_write',
    ]);
    expect(result.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '6 ctx.stripe.privacy.redactionJobs.list()',
    ]);
  });

  it("a client handed to a method of the class's own (this.getSub(this.stripe)) is followed into it, as to a function of the file's", () => {
    const found = scan({
      'billing.ts': [
        "import Stripe from 'stripe';",
        'export class Billing {',
        '  constructor(private stripe: Stripe) {}',
        '  private async getSub(client: Stripe, id: string) { return client.subscriptions.retrieve(id); }',
        '  private async refund(api, id: string) { return api.refunds.create({ charge: id }); }',
        '  async current(id: string) { await this.refund(this.stripe, id); return this.getSub(this.stripe, id); }',
        '}',
      ].join('\n'),
    });
    expect(found.notUnderstood).toEqual([]);
    expect(found.needs.map((n) => `${n.line} ${n.anyOf}`)).toEqual(['4 subscription_read', '5 charge_write']);
  });

  it('a type parameter constrained to Stripe (<T extends Stripe>) types a client', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        'export async function f<T extends Stripe>(c: T) { return c.customers.list(); }',
        'export class Svc<S extends Stripe = Stripe> { constructor(private s: S) {} run() { return this.s.payouts.list(); } }',
        'export const g = <C extends Pick<Stripe, "refunds">>(c: C) => c.refunds.list();',
        'export function h<T extends { id: string }>(t: T) { return t.customers.list(); }',
        'export class Outer<T extends Stripe> { other<T>(db: T) { return db.refunds.list(); } }',
      ].join('\n'),
    };
    expect(needs(files)).toEqual(['a.ts:2 customer_read', 'a.ts:3 payout_read', 'a.ts:4 charge_read']);
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:5:60 t.customers.list()',
      'a.ts:6:65 db.refunds.list()',
    ]);
  });

  it('types beside compiled JavaScript: stripeClient: Stripe in a .d.ts or .d.mts', () => {
    expect(
      needs({
        'dist/plugin.js':
          'class Plugin {\n  constructor(options) { this.options = options; }\n  go() { return this.options.stripeClient.balance.retrieve(); }\n}\nexports.Plugin = Plugin;\n',
        'dist/plugin.d.ts': "import Stripe from 'stripe';\nexport interface PluginOptions { stripeClient: Stripe }\n",
        'esm/service.mjs':
          'export class Service {\n  constructor(client) { this.client = client; }\n  run() { return this.client.transfers.list(); }\n}\n',
        'esm/service.d.mts':
          "import type Stripe from 'stripe';\nexport declare class Service {\n  client: Stripe;\n}\n",
      }),
    ).toEqual(['dist/plugin.js:3 balance_read', 'esm/service.mjs:3 transfer_read']);
  });
});

describe('decorators', () => {
  it('a NestJS service: decorated class, injected constructor parameter, accessor field', () => {
    const found = scan({
      'billing.service.ts': [
        "import Stripe from 'stripe';",
        "import { Inject, Injectable } from '@nestjs/common';",
        '@Injectable()',
        'export class BillingService {',
        "  constructor(@Inject('STRIPE') private readonly stripe: Stripe) {}",
        '  accessor count = 0;',
        '  @Log() refund(charge: string) { return this.stripe.refunds.create({ charge }); }',
        '}',
      ].join('\n'),
      'legacy.js':
        "@dec export class A { @field stripe = require('stripe')(k); list() { return this.stripe.payouts.list(); } }\n",
    });
    expect(found.unparsable).toEqual([]);
    expect(found.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual([
      'billing.service.ts:7 charge_write',
      'legacy.js:1 payout_read',
    ]);
  });
});

describe('event handlers registered by a decorator or with a handler', () => {
  it("@StripeWebhookHandler('…') (@golevelup/nestjs-stripe), and a handler registered with something named for Stripe or typed as its event", () => {
    const files = {
      'handlers.ts': [
        "import { Injectable } from '@nestjs/common';",
        "import { StripeWebhookHandler } from '@golevelup/nestjs-stripe';",
        "import Stripe from 'stripe';",
        "const PAID = 'invoice.paid';",
        '@Injectable()',
        'export class SubscriptionHandlers {',
        "  @StripeWebhookHandler('customer.subscription.updated')",
        '  async onUpdated(evt: Stripe.Event) { console.log(evt.id); }',
        "  @StripeWebhookHandler(['invoice.payment_failed', 'payout.paid'])",
        '  async onFailed(evt: Stripe.Event) { console.log(evt.id); }',
        '  @StripeWebhookHandler(PAID)',
        '  async onPaid(evt: Stripe.Event) { console.log(evt.id); }',
        '}',
        "bus.on('invoice.voided', (event: Stripe.Event) => notify(event));",
        "bus.on('quote.accepted', async ({ data }: Stripe.Event) => notify(data));",
        'export class Events {',
        '  constructor(private readonly stripeEvents: Emitter) {}',
        "  wire() { this.stripeEvents.on('payout.failed', (e) => notify(e)); }",
        // NestJS: emitted after constructEvent, handled by a method typed for Stripe's event.
        "  @OnEvent('payout.canceled') @HttpCode(200) @UseGuards(Auth) onCanceled(event: Stripe.Event) {}",
        '}',
      ].join('\n'),
      'bus.js': [
        "registerStripeHandler('checkout.session.completed', onCompleted);",
        "stripeEvents.on('refund.created', async (event) => notify(event));",
        "stripeWebhooks.route('charge.captured', handleCaptured);",
        "const PAYOUT_FAILED = 'payout.failed';",
        'stripeEvents.on(PAYOUT_FAILED, onFailed);',
        'stripeService.handle(req, res);',
        "const CACHE_KEY = 'customers-v2';",
        'stripeCache.set(CACHE_KEY, value);',
        "stripeEvents.on(['invoice.finalized'], onFinalized);",
        "const Events = { Voided: 'invoice.voided' };",
        'stripeEvents.on((Events.Voided), onVoided);',
      ].join('\n'),
      // Dotted names Stripe also sends, with nothing of Stripe's about them.
      'other.ts': [
        "bus.on('payout.failed', async (p) => notify(p));",
        "i18n.t('invoice.created', () => 'Invoice created');",
        "tracer.startActiveSpan('invoice.finalized', async (span) => span.end());",
        "sendWebhook('invoice.paid', invoice);",
        "paddleWebhooks.on('customer.created', (e) => sync(e));",
        // Whose webhooks, a name alone does not say: Razorpay's and Lago's events share Stripe's names.
        "webhooks.on('invoice.paid', markPaid); razorpayWebhooks.on('refund.created', (p) => log(p));",
        "stripeLogger.info('invoice.paid', data);",
        // A map's, a queue's, a router's: named for Stripe, registering nothing.
        "stripeConfig.set('invoice.paid', x); stripeQueue.add('charge.refunded', data);",
        "stripeRouter.post('customer.subscription.deleted', handler); stripeLogger.fatal('charge.dispute.created', err);",
        "it('invoice.voided', async () => {}); describe.each([[1]])('quote.accepted', () => {});",
        "class A { @OnEvent('account.updated') onAccount() {} @EventPattern('charge.refunded') onRefund() {} }",
        // A decorator named for Stripe that registers no handler, given a constant.
        "const CONNECTION = 'platform';",
        'class B { constructor(@InjectStripeClient(CONNECTION) private readonly stripe: Stripe) {} }',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    const events = scan(files)
      .needs.filter((n) => n.what.startsWith('event '))
      .map((n) => `${n.file}:${n.line} ${n.what}`);
    expect([...new Set(events)]).toEqual([
      'handlers.ts:7 event customer.subscription.updated',
      'handlers.ts:9 event invoice.payment_failed',
      'handlers.ts:9 event payout.paid',
      'handlers.ts:14 event invoice.voided',
      'handlers.ts:15 event quote.accepted',
      'handlers.ts:18 event payout.failed',
      'handlers.ts:19 event payout.canceled',
      'handlers.ts:11 event invoice.paid',
      'bus.js:1 event checkout.session.completed',
      'bus.js:2 event refund.created',
      'bus.js:3 event charge.captured',
      'bus.js:9 event invoice.finalized',
      'bus.js:5 event payout.failed',
      'bus.js:11 event invoice.voided',
    ]);
  });

  it('a decorator named for Stripe given a name it cannot read is reported, never dropped', () => {
    expect(
      unresolved({
        'h.ts': "import { TYPE } from 'elsewhere';\nclass H { @StripeWebhookHandler(TYPE) on() {} }\n",
      }),
    ).toEqual([
      "h.ts:2:33 @StripeWebhookHandler(TYPE): an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
    ]);
  });
});

describe('barrels (export *)', () => {
  it('a name found through barrels that re-export each other, asked for from either, in any order', () => {
    const files = {
      'lib/index.ts': "export * from './b';\nexport * from './c';\n",
      'lib/b.ts': "export * from './index';\n",
      'lib/c.ts': "import Stripe from 'stripe';\nexport const billing = new Stripe(process.env.K!);\n",
      'u1.ts': "import { billing } from './lib/index';\nexport const a = () => billing.customers.list();\n",
      'u2.ts': "import { billing } from './lib/b';\nexport const r = () => billing.balanceTransactions.list();\n",
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['u1.ts:2 customer_read', 'u2.ts:2 balance_transaction_source_read']);
  });
});

describe('import aliases', () => {
  const files = {
    'src/utils/stripe/config.ts': "import Stripe from 'stripe';\nexport const stripe = new Stripe(key);\n",
    'src/app/actions.ts':
      "import { stripe } from '@/utils/stripe/config';\nstripe.billingPortal.sessions.create({});\n",
    'src/lib/other.ts': "import { stripe } from 'utils/stripe/config';\nstripe.products.list();\n",
    'src/jobs/hash.ts': "import { stripe } from '#lib/stripe';\nstripe.invoices.list();\n",
  };

  it('tsconfig paths and baseUrl, through extends; package.json imports', () => {
    expect(
      needs(files, {
        'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }',
        // Comments and trailing commas, as tsconfig files have them.
        'tsconfig.base.json':
          '{\n  // aliases\n  "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["./*"], }, },\n}',
        'package.json': '{ "imports": { "#lib/*": { "types": "./src/utils/*/config.ts", "default": "./dist/*.js" } } }',
      }),
    ).toEqual([
      'src/app/actions.ts:2 customer_portal_write',
      'src/jobs/hash.ts:2 invoice_read',
      'src/lib/other.ts:2 product_read',
    ]);
  });

  it('a namespace or a class imported through an alias, handing on the client its function makes, is reported', () => {
    expect(
      unresolved(
        {
          'src/lib/stripe.ts':
            "import Stripe from 'stripe';\nexport const init = () => new Stripe(key);\nexport class Factory { static make() { return new Stripe(key); } }\n",
          'src/app/route.ts':
            "import * as made from '@/lib/stripe';\nimport { Factory } from '@/lib/stripe';\nimport { syncAll } from 'sync-lib';\nsyncAll(made.init());\nsyncAll(Factory.make());\n",
        },
        { 'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }' },
      ).map((line) => line.split(': ')[0]),
    ).toEqual([
      'src/app/route.ts:4:9 made.init() passed to syncAll()',
      'src/app/route.ts:5:9 Factory.make() passed to syncAll()',
    ]);
  });

  it('without the configuration the same calls are warnings, never silence', () => {
    expect(unresolved(files).map((u) => u.replace(/: .*/, ''))).toEqual([
      'src/app/actions.ts:2:1 stripe.billingPortal.sessions.create()',
      'src/lib/other.ts:2:1 stripe.products.list()',
      'src/jobs/hash.ts:2:1 stripe.invoices.list()',
    ]);
  });
});

describe("a monorepo's own packages", () => {
  const files = {
    'packages/billing/src/index.ts': "import Stripe from 'stripe';\nexport class BillingClient extends Stripe {}\n",
    'packages/billing/src/client.ts': "import Stripe from 'stripe';\nexport const stripe = new Stripe(key);\n",
    'packages/ledger/lib/main.ts': "import Stripe from 'stripe';\nexport const ledger = new Stripe(key);\n",
    'apps/api/src/server.ts': [
      "import { BillingClient } from '@acme/billing';",
      "import { stripe } from '@acme/billing/client';",
      "import { ledger } from '@acme/ledger';",
      'new BillingClient(key).refunds.create({});',
      'stripe.payouts.list();',
      'ledger.balance.retrieve();',
    ].join('\n'),
  };

  it('are imported by the name their package.json gives: its entry, built output skipped for its source, or a path in it', () => {
    expect(
      needs(files, {
        // npm's workspaces name the folder; pnpm's importing package names the dependency workspace:*.
        'package.json': '{ "private": true, "workspaces": ["packages/billing"] }',
        'apps/api/package.json': '{ "name": "api", "dependencies": { "@acme/ledger": "workspace:*" } }',
        'packages/billing/package.json': '{ "name": "@acme/billing", "main": "dist/index.js" }',
        'packages/ledger/package.json': '{ "name": "@acme/ledger", "exports": { ".": { "import": "./lib/main.ts" } } }',
      }),
    ).toEqual([
      'apps/api/src/server.ts:4 charge_write',
      'apps/api/src/server.ts:5 payout_read',
      'apps/api/src/server.ts:6 balance_read',
    ]);
  });

  it("another package.json of a dependency's name (a fixture's) is not that dependency", () => {
    expect(
      unresolved(
        {
          'test/fixtures/openai/index.ts': "import Stripe from 'stripe';\nexport default class extends Stripe {}\n",
          'src/ai.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nopenai.files.create({});\n",
        },
        {
          'package.json': '{ "name": "app", "dependencies": { "openai": "^4.0.0" } }',
          'test/fixtures/openai/package.json': '{ "name": "openai", "main": "index.js" }',
        },
      ),
    ).toEqual([]);
  });

  it('an exports subpath or pattern, a condition for the source, and a build entry beside its source', () => {
    expect(
      needs(
        {
          'packages/a/lib/server.ts': "import Stripe from 'stripe';\nexport const s = new Stripe(k);\n",
          'packages/a/src/modules/pay.ts': "import Stripe from 'stripe';\nexport const p = new Stripe(k);\n",
          'packages/b/src/main.ts': "import Stripe from 'stripe';\nexport class B extends Stripe {}\n",
          'app.ts': [
            "import { s } from '@acme/a/server';",
            "import { p } from '@acme/a/pay';",
            "import { B } from '@acme/b';",
            's.payouts.list();',
            'p.refunds.list();',
            'new B(k).customers.list();',
          ].join('\n'),
        },
        {
          'package.json': '{ "workspaces": ["packages/*"] }',
          'packages/a/package.json':
            '{ "name": "@acme/a", "exports": { "./server": { "development": "./lib/server.ts", "default": "./dist/server.js" }, "./*": "./src/modules/*.ts" } }',
          'packages/b/package.json': '{ "name": "@acme/b", "main": "build/main.js" }',
        },
      ),
    ).toEqual(['app.ts:4 payout_read', 'app.ts:5 charge_read', 'app.ts:6 customer_read']);
  });

  it("named with a version by a package beside it (npm's or pnpm's workspace, scanned from the member)", () => {
    expect(
      needs(
        {
          'packages/billing/src/index.ts': 'export async function listCustomers(s) { return s.customers.list(); }\n',
          'apps/api/src/main.ts':
            "import Stripe from 'stripe';\nimport { listCustomers } from '@acme/billing';\nlistCustomers(new Stripe(k));\n",
        },
        {
          'apps/api/package.json': '{ "name": "api", "dependencies": { "@acme/billing": "^1.0.0" } }',
          'packages/billing/package.json': '{ "name": "@acme/billing", "version": "1.0.0", "main": "dist/index.js" }',
        },
      ),
    ).toEqual(['packages/billing/src/index.ts:1 customer_read']);
  });

  it("a workspaces glob with braces or ? covers the package's folder (npm's and yarn's syntax)", () => {
    for (const glob of ['{apps,packages}/*', 'packages/bil?ing', 'packages/**']) {
      expect(
        needs(
          {
            'packages/billing/src/index.ts': "import Stripe from 'stripe';\nexport class B extends Stripe {}\n",
            'apps/api/main.ts': "import { B } from '@acme/billing';\nnew B(k).customers.list();\n",
          },
          {
            'package.json': JSON.stringify({ private: true, workspaces: [glob] }),
            'packages/billing/package.json': '{ "name": "@acme/billing", "main": "dist/index.js" }',
          },
        ),
        glob,
      ).toEqual(['apps/api/main.ts:2 customer_read']);
    }
  });

  it('without their package.json the same calls are warnings, never silence', () => {
    expect(unresolved(files).map((u) => u.replace(/: .*/, ''))).toEqual([
      'apps/api/src/server.ts:4:1 new BillingClient().refunds.create()',
      'apps/api/src/server.ts:5:1 stripe.payouts.list()',
      'apps/api/src/server.ts:6:1 ledger.balance.retrieve()',
    ]);
  });
});

describe('never silent', () => {
  it("a project's own SDK object with Stripe-shaped members is reported: per-file names cannot prove nothing makes it Stripe's", () => {
    const found = scan({
      'sdk.ts': 'export class ApiClient {\n  customers = { create: async (body: object) => body };\n}',
      'scenario.ts': [
        "import { ApiClient } from './sdk';",
        'export async function initScenario() {',
        '  const api = new ApiClient();',
        '  return { api };',
        '}',
      ].join('\n'),
      'a.test.ts': [
        "import { ApiClient } from './sdk';",
        "import { initScenario } from './scenario';",
        'const direct = new ApiClient();',
        'await direct.customers.create({});',
        'const { api } = await initScenario();',
        'await api.customers.create({});',
      ].join('\n'),
      // Another file may make it Stripe's, however its class reads.
      'setup.ts': [
        "import Stripe from 'stripe';",
        "import { initScenario } from './scenario';",
        "const stripe = new Stripe('k');",
        'const s: any = await initScenario();',
        's.api.customers = stripe.customers;',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'a.test.ts:4 direct.customers.create()',
      'a.test.ts:6 api.customers.create()',
    ]);
  });

  it('a Stripe-shaped call through a receiver it cannot tie to a client is reported, whatever its name', () => {
    expect(
      unresolved({
        'a.ts': [
          'client.nativeClient.webhookEndpoints.create({ url });',
          'const client2 = options.paymentsApi;',
          "client2.customers.search({ query: 'x' });",
          'deps.api.checkout.sessions.create({});',
          'this.gateway.quotes.pdf(id);',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:1:1 client.nativeClient.webhookEndpoints.create(): client.nativeClient is not a Stripe client rak-app can see being created or typed here',
      'a.ts:3:1 client2.customers.search(): client2 is not a Stripe client rak-app can see being created or typed here',
      'a.ts:4:1 deps.api.checkout.sessions.create(): deps.api is not a Stripe client rak-app can see being created or typed here',
      'a.ts:5:1 this.gateway.quotes.pdf(): this.gateway is not a Stripe client rak-app can see being created or typed here',
    ]);
  });

  it('a method stripe-node has since dropped (code for an older version) on a holder named as a client is reported', () => {
    // subscriptions.del became cancel (stripe-node 11); invoices.retrieveUpcoming went in stripe-node 18.
    expect(
      unresolved({
        'svc.js': [
          'class Billing {',
          '  constructor(stripe) { this.stripe = stripe; }',
          '  cancel(id) { return this.stripe.subscriptions.del(id); }',
          '  upcoming(c) { return this.stripe.invoices.retrieveUpcoming({ customer: c }); }',
          '  lines(ctx, c) { return ctx.stripe.invoices.listUpcomingLineItems({ customer: c }); }',
          '}',
          // Another holder, another method name: no Stripe shape, nothing to say; nor the language's own methods.
          // Nor a method only an older stripe-node had (subscriptions.del) on a holder not named as a client.
          'db.invoices.findMany();',
          'repo.subscriptions.remove(id);',
          'repo.subscriptions.del(id);',
          'cache.invoices.listUpcomingLines();',
          'repo.issuing.cards.retrieveDetails(id);',
          // A resource it dropped whole is Stripe's on any holder (reported), as before older methods were mapped.
          'db.orders.pay(id);',
          // …with a method it had: a collection's `find` (a method of stripe-node's secrets) is none of the orders'.
          "db.orders.find({ status: 'paid' });",
          'state.stripe.products.map((p) => p.id);',
          'state.stripe.products.find((p) => p.id === id);',
          'this.stripe.customers.set(id, c);',
          'module.exports = Billing;',
        ].join('\n'),
      }),
    ).toEqual([
      'svc.js:3:23 this.stripe.subscriptions.del(): this.stripe is not a Stripe client rak-app can see being created or typed here',
      'svc.js:4:24 this.stripe.invoices.retrieveUpcoming(): this.stripe is not a Stripe client rak-app can see being created or typed here',
      'svc.js:5:26 ctx.stripe.invoices.listUpcomingLineItems(): ctx.stripe is not a Stripe client rak-app can see being created or typed here',
      'svc.js:12:1 db.orders.pay(): db is not a Stripe client rak-app can see being created or typed here',
    ]);
  });

  it("a request to Stripe's API made without stripe-node (fetch, axios) is reported where its URL is written", () => {
    expect(
      unresolved({
        'raw.ts': [
          '// https://api.stripe.com/v1/customers in a comment is no request',
          "const r = await fetch('https://api.stripe.com/v1/customers?limit=3', { headers });",
          'await axios.post(`https://api.stripe.com/v1/refunds`, body);',
          "const CSP = ['https://api.stripe.com'];",
          '/* await fetch("https://api.stripe.com/v1/payouts") */',
          "const api = axios.create({ baseURL: 'https://api.stripe.com/v1' });",
          "await fetch('https://files.stripe.com/v1/files', { method: 'POST', body });",
        ].join('\n'),
        // A test's mock or assertion stands for a request the code makes: it is not one.
        'raw.test.ts': "http.get('https://api.stripe.com/v1/products', () => ok);\n",
        '__mocks__/stripe.ts': "export const base = 'https://api.stripe.com/v1/charges';\n",
        'test/app.e2e-spec.ts': "nock('https://api.stripe.com/v1').get('/customers').reply(200, {});\n",
        'cypress/e2e/pay.cy.ts': "cy.intercept('https://api.stripe.com/v1/payment_intents');\n",
        // Lines ended by a carriage return alone, as Babel counts them.
        'old-mac.ts': "const a = 1;\rawait fetch('https://api.stripe.com/v1/coupons');\r",
        // No test by its name: an A/B test's code, and a project in a folder named mocks.
        'src/ab-test.ts': "await fetch('https://api.stripe.com/v1/prices');\n",
        'mocks/proj/pay.ts': "await fetch('https://api.stripe.com/v1/refunds');\n",
        // A project in a folder named test is a project.
        'test/app/src/pay.ts': "await fetch('https://api.stripe.com/v1/payouts');\n",
      }),
    ).toEqual([
      "raw.ts:2:24 https://api.stripe.com/v1/customers: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "raw.ts:3:19 https://api.stripe.com/v1/refunds: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "raw.ts:6:38 https://api.stripe.com/v1: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "raw.ts:7:14 https://files.stripe.com/v1/files: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "old-mac.ts:2:14 https://api.stripe.com/v1/coupons: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "src/ab-test.ts:1:14 https://api.stripe.com/v1/prices: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "mocks/proj/pay.ts:1:14 https://api.stripe.com/v1/refunds: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
      "test/app/src/pay.ts:1:14 https://api.stripe.com/v1/payouts: a request to Stripe's API not made through stripe-node: which permission it needs is not read",
    ]);
  });

  it("Stripe's host alone as an HTTP client's base or a name for it is a request's base; in a list or a text it is none", () => {
    expect(
      unresolved({
        'v2.ts': [
          'export const stripeV2Fetch = createFetch({',
          '  baseURL: "https://api.stripe.com",',
          '});',
          "const STRIPE_API_BASE = 'https://api.stripe.com/';",
          'const client = got.extend({ prefixUrl: `https://api.stripe.com` });',
          "const helmetCsp = { connectSrc: [\"'self'\", 'https://api.stripe.com'] };",
          'const header = "connect-src \'self\' https://api.stripe.com";',
          "const STRIPE_ORIGIN = 'https://api.stripe.com';",
          "const preconnectUrls = { stripeApi: 'https://api.stripe.com' };",
          "const checks = [{ name: 'Stripe API', url: 'https://api.stripe.com' }];",
          'const ALLOWED_HOSTS = "https://api.stripe.com";',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'v2.ts:2:13 https://api.stripe.com',
      'v2.ts:4:26 https://api.stripe.com/',
      'v2.ts:5:41 https://api.stripe.com',
    ]);
  });

  it("Stripe's host joined to a path where a request is made (a template, +, new URL's base, a request's hostname) is reported", () => {
    expect(
      unresolved({
        'raw.mjs': [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'const a = await fetch(`https://api.stripe.com${path}`);',
          "const b = await fetch('https://api.stripe.com' + path);",
          "const c = new URL(path, 'https://api.stripe.com');",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'const d = await fetch(`https://api.stripe.com/${path}`);',
          "https.request({ hostname: 'api.stripe.com', path, method: 'GET' });",
          // Not requests: a text naming the host, an origin allowed.
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'log(`calling https://api.stripe.com ${path}`);',
          "const csp = ['https://api.stripe.com', other];",
          "const images = { remotePatterns: [{ protocol: 'https', hostname: 'files.stripe.com' }] };",
          // A name given the host alone, then joined to a path where a request is made.
          "const STRIPE_API_URL = 'https://api.stripe.com';",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'const e = await fetch(`${STRIPE_API_URL}/v1/customers/${id}`);',
          "const config = { stripeHost: 'https://api.stripe.com' };",
          "const f = new URL('v1/refunds', config.stripeHost);",
          "const STRIPE_ORIGIN = 'https://api.stripe.com';",
          'const g = helmet({ connectSrc: [STRIPE_ORIGIN] });',
          "const STRIPE_API = 'https://api.stripe.com';",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'const h = await fetch(`${STRIPE_API}${path}`);',
          "const STRIPE_HOST = 'https://api.stripe.com';",
          'const client = axios.create({ baseURL: STRIPE_HOST });',
          // Found two ways (a base's name, and joined by +): reported once.
          "const STRIPE_BASE = 'https://api.stripe.com' + '/v1';",
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'raw.mjs:1:24 https://api.stripe.com',
      'raw.mjs:2:24 https://api.stripe.com',
      'raw.mjs:3:26 https://api.stripe.com',
      'raw.mjs:4:24 https://api.stripe.com/',
      'raw.mjs:5:28 api.stripe.com',
      'raw.mjs:9:25 https://api.stripe.com',
      'raw.mjs:11:31 https://api.stripe.com',
      'raw.mjs:15:21 https://api.stripe.com',
      'raw.mjs:17:22 https://api.stripe.com',
      'raw.mjs:19:22 https://api.stripe.com',
    ]);
  });

  it("Stripe's host in a bundle with a long word and many names given it: each name joined to a path is reported", () => {
    const word = 'A'.repeat(200_000);
    const pairs = Array.from(
      { length: 2000 },
      (_, i) => `var a${i}='https://api.stripe.com';var b${i}=\`x\${a${i}}y\`;`,
    );
    // The shape a bundle has: a name read back at every place in a long word made the read quadratic
    // (minutes for this file), and so did a search of the rest of the text for each name.
    const found = scan({
      'bundle.js': `var S='https://api.stripe.com';var D="data:${word}";${pairs.join('')}fetch(\`\${S}/v1/customers\`);`,
    });
    expect(found.notUnderstood.map((n) => n.what)).toEqual(['https://api.stripe.com']);
  });

  it('thousands of aliases or factories deep: no stack overflow, the call past the depth is reported', () => {
    // Hundreds deep still resolve (generated code): 700 aliases.
    const many = Array.from({ length: 700 }, (_, i) => `const b${i + 1} = b${i};`).join('\n');
    expect(
      needs({
        'many.js': `const Stripe = require('stripe');\nconst b0 = new Stripe(k);\n${many}\nb700.invoices.list();\n`,
      }),
    ).toEqual(['many.js:703 invoice_read']);
    const aliases = Array.from({ length: 3000 }, (_, i) => `const a${i + 1} = a${i};`).join('\n');
    const factories = Array.from({ length: 1500 }, (_, i) => `function g${i + 1}() { return g${i}(); }`).join('\n');
    const found = scan({
      'alias.js': `const Stripe = require('stripe');\nconst a0 = new Stripe(k);\n${aliases}\na3000.customers.list();\na100.invoices.list();\n`,
      'fns.js': `const Stripe = require('stripe');\nfunction g0() { return new Stripe(k); }\n${factories}\ng1500().payouts.list();\ng10().refunds.list();\n`,
    });
    expect(found.needs.map((n) => `${n.file} ${n.what}`)).toEqual([
      'alias.js a100.invoices.list',
      'fns.js g10().refunds.list',
    ]);
    expect(found.notUnderstood.map((n) => `${n.file} ${n.what}`)).toEqual([
      'alias.js a3000.customers.list()',
      'fns.js g1500().payouts.list()',
    ]);
  });

  it('a method taken as a value is counted as called: aliased, destructured, passed, in a sequence, by .call', () => {
    expect(
      needs({
        'a.ts': [
          CLIENT.trimEnd(),
          'const list = stripe.customers.list;',
          'const { customers: { del } } = stripe;',
          'const { retrieve } = stripe.invoices;',
          'Reflect.apply(stripe.products.list, stripe.products, []);',
          '(0, stripe.payouts.list)();',
          'const ops = { del: stripe.coupons.del };',
          "stripe.refunds.create.call(stripe.refunds, { charge: 'ch_1' });",
          'stripe.customers.list();',
          'stripe.customers.list = wrapped;',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:10 customer_read',
      'a.ts:3 customer_read',
      'a.ts:4 customer_write',
      'a.ts:5 invoice_read',
      'a.ts:6 product_read',
      'a.ts:7 payout_read',
      'a.ts:8 coupon_write',
      'a.ts:9 charge_write',
    ]);
  });

  it("a method named by a string written out: stripe.invoices['list'] taken, stripe.reviews[`list`]() called", () => {
    expect(needs({ 'a.ts': `${CLIENT}const e = stripe.invoices['list'];\nstripe.reviews[\`list\`]();\n` })).toEqual([
      'a.ts:3 invoice_read',
      'a.ts:4 review_read',
    ]);
  });

  it('a method chosen at run time, an instance of a local class, a bare imported resource: reported', () => {
    expect(
      unresolved({
        'a.ts': [
          CLIENT.trimEnd(),
          "import { customers } from '@acme/stripe-client';",
          'stripe.refunds[method]({});',
          'const c = stripe.customers;',
          "c[method]('x');",
          'class Helper {}',
          'new Helper().customers.del();',
          'customers.list();',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:4:1 stripe.refunds[…](): the method is chosen at run time',
      'a.ts:6:1 c[…](): the method is chosen at run time',
      'a.ts:8:1 new Helper().customers.del(): new Helper() is not a Stripe client rak-app can see being created or typed here',
      'a.ts:9:1 customers.list(): customers is imported, and rak-app cannot see that it is taken from a Stripe client',
    ]);
  });

  it('on a receiver named for Stripe that the scan cannot see made: a method chosen at run time, a resource handed on', () => {
    expect(
      unresolved({
        'a.ts': [
          'export async function run(ctx: Context, method: string) {',
          '  await ctx.stripe.customers[method]({});',
          '  await listAll(ctx.stripe.customers);',
          '  await listAll(ctx.stripeClient.checkout.sessions);',
          "  await (ctx.stripe as any).subscriptions[method as 'cancel']('sub_1');",
          '}',
          'export function more(ctx: Context, utils: Utils, client: any) {',
          '  utils.listAll(ctx.stripe.customers);',
          '  const stripe = { customers: client.customers };',
          '  listAll(stripe.customers);',
          '}',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:2:9 ctx.stripe.customers[…](): the method is chosen at run time, and ctx.stripe is not a Stripe client rak-app can see being created or typed here',
      'a.ts:3:17 ctx.stripe.customers passed to listAll(): ctx.stripe is not a Stripe client rak-app can see being created or typed here, and calls made through it there cannot be followed from here',
      'a.ts:4:17 ctx.stripeClient.checkout.sessions passed to listAll(): ctx.stripeClient is not a Stripe client rak-app can see being created or typed here, and calls made through it there cannot be followed from here',
      'a.ts:5:9 ctx.stripe.subscriptions[…](): the method is chosen at run time, and ctx.stripe is not a Stripe client rak-app can see being created or typed here',
      'a.ts:8:17 ctx.stripe.customers passed to utils.listAll(): ctx.stripe is not a Stripe client rak-app can see being created or typed here, and calls made through it there cannot be followed from here',
      // An object written out, but what it holds there may be a resource.
      'a.ts:10:11 stripe.customers passed to listAll(): stripe is not a Stripe client rak-app can see being created or typed here, and calls made through it there cannot be followed from here',
    ]);
  });

  it('the same shapes on a receiver not named for Stripe are left alone: a table of a database, a list of records', () => {
    expect(
      unresolved({
        'a.ts': [
          'export async function run(db: Db, op: string) {',
          '  await db.customers[op]({});',
          '  await listAll(db.customers);',
          '  render(stripeRows.invoices);',
          '  render(stripe.customers);',
          '  await db.select().from(schema.stripe.invoices);',
          '}',
          'const stripe = { customers: [] as string[] };',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it("a test's look at a mocked method or resource (expect, vi.mocked, vi.spyOn, jest, sinon) calls nothing", () => {
    const found = scan({
      'billing.test.ts': [
        CLIENT.trimEnd(),
        'expect(stripe.customers.del).not.toHaveBeenCalled();',
        "vi.mocked(stripe.refunds.create).mockResolvedValue({ id: 're_1' } as any);",
        "vi.spyOn(stripe.customers, 'create');",
        "jest.spyOn(stripe.invoices, 'list');",
        'sinon.assert.calledOnce(stripe.payouts.list);',
        'await stripe.products.list();',
        // vitest's own name for vi (stripe-sync-engine's tests).
        "import { vitest } from 'vitest';",
        "vitest.spyOn(sync, 'stripe', 'get').mockReturnValue(stripe);",
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual(['8 stripe.products.list']);
    expect(found.notUnderstood).toEqual([]);
    // The project's own function by that name (or one imported from elsewhere) calls what it is handed.
    const own = scan({
      'app.ts': [
        CLIENT.trimEnd(),
        "import { mocked } from './helpers';",
        "function expect(f: any) { return f('cus_1'); }",
        'expect(stripe.customers.del);',
        "mocked(stripe.refunds.create)({ charge: 'ch_1' });",
        'vi(stripe.invoices);',
        'const vi = (r: any) => r.list();',
      ].join('\n'),
      'helpers.ts': 'export const mocked = (f: any) => f;\n',
    });
    expect(own.needs.map((n) => `${n.line} ${n.what}`)).toEqual(['5 stripe.customers.del', '6 stripe.refunds.create']);
    // Test libraries however imported (ts-jest, expect, Playwright, a require) are test helpers; a
    // parameter named expect is whatever its caller hands over.
    const libraries = scan({
      'a.test.ts': `${CLIENT}import { mocked } from 'ts-jest/utils';\nmocked(stripe.customers.del);\n`,
      'b.test.ts': `${CLIENT}import expect from 'expect';\nexpect(stripe.invoices.voidInvoice);\n`,
      'c.spec.ts': `${CLIENT}import { expect } from '@playwright/test';\nexpect(stripe.refunds.create);\n`,
      'd.test.js': `${CLIENT}const { vi } = require('vitest');\nvi.mocked(stripe.payouts.create);\n`,
      'e.ts': `${CLIENT}export function run(expect: (f: Function) => void) { expect(stripe.customers.del); }\n`,
    });
    expect(libraries.needs.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual(['e.ts:3 stripe.customers.del']);
    expect(own.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual(['7 stripe.invoices passed to vi()']);
  });

  it("a sinon sandbox's stubs and spies look at a resource and call nothing; a name given anything else is the file's own", () => {
    const found = scan({
      'tiers.test.js': [
        CLIENT.trimEnd(),
        "import sinon from 'sinon';",
        'let sandbox;',
        'beforeEach(() => { sandbox = sinon.createSandbox(); });',
        "sandbox.stub(stripe.tokens, 'create').callsFake(() => Promise.resolve({ id: 'tok_1' }));",
        "sandbox.stub(stripe.customers, 'retrieve').resolves({ id: 'cus_1' });",
        'const box = sinon.sandbox.create();',
        'box.spy(stripe.paymentMethods.attach);',
      ].join('\n'),
      'named.test.js': [
        CLIENT.trimEnd(),
        "import { createSandbox } from 'sinon';",
        'const sandbox = createSandbox();',
        "sandbox.stub(stripe.refunds, 'create');",
        "export function stubBalance(sandbox) { sandbox.stub(stripe.balanceTransactions, 'list'); }",
      ].join('\n'),
      'own.test.js': [
        CLIENT.trimEnd(),
        "import sinon from 'sinon';",
        "import { makeSandbox } from './helpers';",
        'const sandbox = makeSandbox();',
        "sandbox.stub(stripe.tokens, 'create');",
      ].join('\n'),
    });
    expect(found.needs).toEqual([]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      // Names are the file's: where a function takes `sandbox` as a parameter, no `sandbox` there is trusted.
      'named.test.js:5 stripe.refunds passed to sandbox.stub()',
      'named.test.js:6 stripe.balanceTransactions passed to sandbox.stub()',
      'own.test.js:6 stripe.tokens passed to sandbox.stub()',
    ]);
  });

  it("a method cast to a test double's type (as jest.Mock, as unknown as Mock, <SinonStub>) is a mock, not a call", () => {
    const found = scan({
      'billing.test.ts': [
        "import type { Mock, MockedFunction } from 'vitest'; import type { SinonStub } from 'sinon';",
        "import type { DeepMockProxy } from 'jest-mock-extended'; import type { MockInstance } from '@vitest/spy';",
        CLIENT.trimEnd(),
        "(stripe.customers.create as jest.Mock).mockResolvedValue({ id: 'cus_1' });",
        'const mockCreate = stripe.payouts.create as unknown as Mock;',
        'const typed = stripe.refunds.create as MockedFunction<typeof stripe.refunds.create>;',
        'const stub = <SinonStub>stripe.invoices.list;',
        'const list = stripe.products.list as typeof stripe.products.list;',
        '(stripe.coupons.list as any)({ limit: 1 });',
        'const stubborn = stripe.prices.list as StubbornFn;',
        'const proxy = stripe.payouts.list as unknown as DeepMockProxy<typeof stripe.payouts.list>;',
        'const fn = stripe.refunds.list as unknown as ReturnType<typeof vi.fn>;',
        'const spy = stripe.disputes.list as unknown as MockInstance;',
        'export const create = () => (stripe.customers.del as unknown as Create)({});',
      ].join('\n'),
    });
    // A cast through `unknown` to anything else, or to a type only named like a double, takes the method.
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual([
      '9 stripe.products.list',
      '10 stripe.coupons.list',
      '11 stripe.prices.list',
      '15 stripe.customers.del',
    ]);
    // A cast to a type only named like a double takes the method.
    const production = scan({
      'src/testing/pay.ts': [
        CLIENT.trimEnd(),
        'type PayStub = (p: object) => Promise<unknown>;',
        'export const pay = () => (stripe.invoices.create as unknown as PayStub)({});',
        'export const list = stripe.prices.list as unknown as CompetitorSpy;',
        'type Mock = (p: object) => Promise<unknown>;',
        'export const own = () => (stripe.customers.create as unknown as Mock)({});',
      ].join('\n'),
    });
    expect(production.needs.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 stripe.invoices.create',
      '5 stripe.prices.list',
      '7 stripe.customers.create',
    ]);
    // A test's helpers, fixtures and setup are a test's files too.
    const double = `${CLIENT}export const create = stripe.customers.create as unknown as jest.Mock;\n`;
    const helpers = [
      'src/test-utils.ts',
      'src/testing/stripe.ts',
      'cypress/e2e/pay.cy.ts',
      'vitest.setup.ts',
      'src/mocks/stripe.ts',
    ];
    expect(scan(Object.fromEntries(helpers.map((path) => [path, double]))).needs).toEqual([]);
  });

  it("a type imported through an alias the scan cannot resolve ($lib, ~/, @/, #lib) is no other package's: reported", () => {
    expect(
      unresolved({
        'src/routes/api/+server.ts': [
          "import { type Payments } from '$lib/server/payments';",
          "import type { Billing } from '~/billing';",
          "import type { Ledger } from '#lib/ledger';",
          'export async function archive(p: Payments, b: Billing, l: Ledger, id: string) {',
          '  await p.products.update(id, { active: false });',
          '  await b.invoices.list();',
          '  await l.payouts.list();',
          '}',
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['src/routes/api/+server.ts:5:9', 'src/routes/api/+server.ts:6:9', 'src/routes/api/+server.ts:7:9']);
  });

  it("another package's client made with new (Prisma, OpenAI, Square) is left alone; Stripe's is not", () => {
    expect(
      unresolved({
        'a.ts': [
          "import { PrismaClient } from '@prisma/client';",
          "import OpenAI from 'openai';",
          "import { StripeClient } from '@acme/stripe-wrapper';",
          'const prisma = new PrismaClient();',
          'const openai = new OpenAI();',
          'const acme = new StripeClient();',
          'class Repo { db = new PrismaClient(); find() { return this.db.customers.findFirst(); } }',
          'export async function f() {',
          '  await prisma.customers.create({ data: {} });',
          '  await openai.files.list();',
          '  await acme.refunds.create({});',
          '  await new Repo().find();',
          '}',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:11:9 acme.refunds.create(): acme is not a Stripe client rak-app can see being created or typed here',
    ]);
    // A class named for Stripe, or the name given something else too (another function's parameter):
    // not taken for another package's.
    expect(
      unresolved({
        'b.ts': [
          "import { StripeService } from '@acme/payments';",
          "import OpenAI from 'openai';",
          'const stripe = new StripeService(k);',
          "stripe.refunds.create({ charge: 'ch_1' });",
          'function a() { const client = new OpenAI(); return client; }',
          "export function refund(client: any) { return client.refunds.create({ charge: 'ch_1' }); }",
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['b.ts:4:1', 'b.ts:6:46']);
  });

  it("another package's client made by a factory (a singleton, a local function) or by its own method is that package's; Stripe's is not", () => {
    expect(
      unresolved({
        'db.ts': [
          "import { PrismaClient } from '@prisma/client';",
          "import Stripe from 'stripe';",
          'const remember = <T>(name: string, build: () => T): T => build();',
          'const replicas = (o: object) => o;',
          "const base = remember('prisma', () => new PrismaClient());",
          'function make() { return new PrismaClient(); }',
          'const made = make();',
          "const extended = remember('x', () => (process.env.X ? base : base.$extends(replicas({}))));",
          "const stripe = remember('stripe', () => new Stripe('sk_test_x'));",
          'function either(x: boolean) { return x ? new PrismaClient() : globalThis.client; }',
          'const mixed = either(true);',
          'export async function f() {',
          '  await base.account.create({});',
          '  await made.account.create({});',
          '  await extended.account.create({});',
          '  await stripe.customers.create({});',
          '  await mixed.account.create({});',
          '}',
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['db.ts:17:9']);
  });

  it("a transaction's callback is handed the transaction of the client it is opened on: another package's there, not known elsewhere", () => {
    expect(
      unresolved({
        'db.ts': [
          "import { PrismaClient } from '@prisma/client';",
          'const prisma = new PrismaClient();',
          'export const link = () => prisma.$transaction(async (tx) => tx.account.create({ data: {} }));',
          'export const other = (client: any) => client.transaction(async (trx) => trx.refunds.create({}));',
          'export const plain = () => prisma.$transaction(function (tx) { return tx.account.update({}); });',
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['db.ts:4:73']);
    // Names are the file's: another anonymous function taking the name may be handed anything, a
    // Stripe client too; so may a parameter named as a factory, or a factory's name given another value.
    expect(
      unresolved({
        'a.ts': [
          "import { Prisma, PrismaClient } from '@prisma/client';",
          'const prisma = new PrismaClient();',
          "import { withStripe } from './pay';",
          'export const link = () => prisma.$transaction(async (client) => client.account.create({ data: {} }));',
          'export const pay = () => withStripe(async (client) => { await client.customers.create({}); });',
          'export async function save(tx: Prisma.TransactionClient) { await tx.account.create({}); }',
          'export const on = (h: any) => h.on(async (tx) => { await tx.customers.create({}); });',
          'let make = () => new PrismaClient();',
          'export function setMaker(m: any) { make = m; }',
          'export async function viaMaker() { const c = make(); await c.customers.create({}); }',
          'function build() { return new PrismaClient(); }',
          'export async function run(build: any) { const d = build(); await d.customers.create({}); }',
        ].join('\n'),
        'pay.ts':
          "import Stripe from 'stripe';\nexport const withStripe = (f: (s: Stripe) => unknown) => f(new Stripe('sk_test_x'));",
      })
        .map((line) => line.split(' ')[0])
        .filter((place) => place?.startsWith('a.ts')),
    ).toEqual(['a.ts:4:65', 'a.ts:5:63', 'a.ts:6:66', 'a.ts:7:58', 'a.ts:10:60', 'a.ts:12:66']);
  });

  it("a name placed as another package's is none where the file gives it anything else; a client extended at once is the package's; factories that lead to each other end", () => {
    const found = unresolved({
      'a.ts': [
        "import { Prisma, PrismaClient } from '@prisma/client';",
        "import { getStripe } from '@acme/payments';",
        'export async function link(client: Prisma.TransactionClient) { await client.account.create({}); }',
        'export async function charge() { const client = getStripe(); await client.customers.create({}); }',
        'const db = new PrismaClient().$extends(accelerate());',
        'export const run = () => db.$transaction(async (tx) => tx.account.create({ data: {} }));',
        'export const pay = (f: any) => f(async (client: any) => client.customers.create({}));',
        'function accelerate() { return {}; }',
      ].join('\n'),
    }).map((line) => line.split(' ')[0]);
    expect(found).toEqual(['a.ts:3:70', 'a.ts:4:68', 'a.ts:7:57']);
    // Factories that lead to one another, many levels deep, are each worked out once.
    const levels = 12;
    const lines = ["import { PrismaClient } from '@prisma/client';", 'const n0 = new PrismaClient();'];
    for (let i = 1; i <= levels; i++)
      for (const k of ['a', 'b', 'c', 'd'])
        lines.push(`function ${k}${i}() { if (x) return n${i - 1}.$extends({}); return n${i - 1}.$extends({}); }`);
    for (let i = 1; i <= levels; i++) lines.push(`const n${i} = a${i}() ?? b${i}() ?? c${i}() ?? d${i}();`);
    lines.push(`export const f = () => n${levels}.account.create({});`);
    expect(unresolved({ 'deep.ts': lines.join('\n') })).toHaveLength(1);
  });

  it("a name typed by a member of another package's namespace (Prisma.TransactionClient) is that package's; Stripe's namespace types are no client", () => {
    expect(
      unresolved({
        'link.ts': [
          "import { Prisma, PrismaClient } from '@prisma/client';",
          "import type Stripe from 'stripe';",
          'export const link = (db: PrismaClient) =>',
          '  db.$transaction(async (tx: Prisma.TransactionClient) => tx.account.create({ data: {} }));',
          'export function onEvent(e: Stripe.Event, api: Stripe.Account) { return api.account.create({}); }',
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['link.ts:5:72']);
    // Stripe's namespace re-exported by a module of the project's (documenso): its types are still no client.
    const files = {
      'lib/stripe.ts':
        "import Stripe from 'stripe';\nexport { Stripe };\nexport const stripe = new Stripe('sk_test_x');",
      'claims.ts': [
        "import { type Stripe, stripe } from './lib/stripe';",
        'export const claimOf = async (price: Stripe.Price) => {',
        "  const productId = typeof price.product === 'string' ? price.product : price.product.id;",
        '  return (await stripe.products.retrieve(productId)).metadata;',
        '};',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['claims.ts:4 product_read']);
  });

  it("a name typed by another package in one function is no other package's in another function of the file", () => {
    expect(
      unresolved({
        'jobs.ts': [
          "import type { PrismaClient } from '@prisma/client';",
          'export async function countUsers(client: PrismaClient) { return client.customers.count(); }',
          'export const remove = async ({ client, id }: { client: any; id: string }) => client.customers.del(id);',
          'export async function refund(client: any) { return client.refunds.create({}); }',
        ].join('\n'),
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['jobs.ts:3:78', 'jobs.ts:4:52']);
    // Typed alike in each function: another package's in each.
    expect(
      unresolved({
        'paddle.ts': [
          "import { Paddle } from '@paddle/paddle-node-sdk';",
          'export async function create(paddle: Paddle, email: string) { return paddle.customers.create({ email }); }',
          'export async function cancel(paddle: Paddle, id: string) { return paddle.subscriptions.cancel(id, {}); }',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it("a holder named for Stripe but typed or made by another package's class (@Inject('STRIPE') stripe: BillingClient): reported", () => {
    expect(
      unresolved({
        'billing.service.ts': [
          "import { Injectable, Inject } from '@nestjs/common';",
          "import type { BillingClient } from '@acme/billing-sdk';",
          "import { PaymentsClient } from '@acme/payments';",
          '@Injectable()',
          'export class BillingService {',
          "  constructor(@Inject('STRIPE') private readonly stripe: BillingClient) {}",
          '  cancel(id: string) { return this.stripe.subscriptions.cancel(id); }',
          '}',
          'export function create(stripeClient: BillingClient) { return stripeClient.customers.create({}); }',
          'const stripeApi = new PaymentsClient(key);',
          'export const pay = () => stripeApi.checkout.sessions.create({});',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'billing.service.ts:7:31 this.stripe.subscriptions.cancel()',
      'billing.service.ts:9:62 stripeClient.customers.create()',
      'billing.service.ts:11:26 stripeApi.checkout.sessions.create()',
    ]);
  });

  it('a method no stripe-node release rak-app maps has, whatever its arguments: reported', () => {
    expect(
      unresolved({
        'a.ts': [
          CLIENT.trimEnd(),
          "stripe.invoices.retrieveNext({ customer: 'cus_123' });",
          'stripe.balance.listTransactions({ limit: 10 });',
          'stripe.invoices.retrieveNext();',
          'prisma.customers.findMany({ where: {} });',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:3:1 stripe.invoices.retrieveNext(): stripe-node has no method "retrieveNext" on "invoices"',
      'a.ts:4:1 stripe.balance.listTransactions(): stripe-node has no method "listTransactions" on "balance"',
      'a.ts:5:1 stripe.invoices.retrieveNext(): stripe-node has no method "retrieveNext" on "invoices"',
    ]);
  });

  it("code for an older stripe-node: a method the installed one dropped needs what its release's endpoint needs", () => {
    // stripe-node 11.18.0 Subscriptions.js: `del: stripeMethod({ method: 'DELETE', fullPath:
    // '/v1/subscriptions/{subscription_exposed_id}' })`; 17.7.0 Invoices.js: `retrieveUpcoming:
    // stripeMethod({ method: 'GET', fullPath: '/v1/invoices/upcoming' })`, `listUpcomingLines` (GET
    // /v1/invoices/upcoming/lines); 8.222.0 Orders.js: `pay: stripeMethod({ method: 'POST', path: '/{id}/pay' })`.
    const found = scan({
      'billing.ts': [
        CLIENT.trimEnd(),
        "await stripe.subscriptions.del('sub_1');",
        "await stripe.invoices.retrieveUpcoming({ customer: 'cus_1' });",
        "await stripe.invoices.listUpcomingLines({ customer: 'cus_1' });",
        "await stripe.orders.pay('or_1');",
        'await stripe.issuerFraudRecords.list();',
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.what} ${n.anyOf}`)).toEqual([
      '3 stripe.subscriptions.del subscription_write',
      '4 stripe.invoices.retrieveUpcoming invoice_read',
      '5 stripe.invoices.listUpcomingLines invoice_read',
      '6 stripe.orders.pay order_write',
    ]);
    // 8.222.0 had issuer fraud records; Stripe's permission reference names no permission for them.
    expect(unresolvedIn(found)).toEqual([
      '7 stripe.issuerFraudRecords.list(): no Stripe App permission covers this call',
    ]);
  });

  it('expand behind TypeScript wrappers, under a quoted key, or in an object named before the call', () => {
    expect(
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          "stripe.invoices.retrieve('in_1', { expand: ['customer'] } as any);",
          "stripe.invoices.retrieve({ id: 'in_1', expand: ['subscription'] } as Stripe.InvoiceRetrieveParams);",
          "const params = { expand: ['payment_intent'] };",
          "stripe.invoices.retrieve('in_1', params);",
          "stripe.invoices.retrieve('in_1', { ['expand']: ['charge'] });",
        ].join('\n'),
      })
        .needs.filter((n) => n.what.includes('expanding'))
        .map((n) => `${n.line} ${n.what}: ${n.anyOf.join('|')}`),
    ).toEqual([
      '3 stripe.invoices.retrieve expanding customer: customer_read',
      '4 stripe.invoices.retrieve expanding subscription: subscription_read',
      // Where the named object writes it.
      '5 stripe.invoices.retrieve expanding payment_intent: payment_intent_read',
      '7 stripe.invoices.retrieve expanding charge: charge_read',
    ]);
  });

  it('expand in an options object imported from another file is read where that file writes it', () => {
    const found = scan({
      'params.ts':
        "export const SESSION_PARAMS = { expand: ['subscription'] };\nconst local = { expand: ['customer'] };\nexport { local as RENAMED };\n",
      'a.ts': `${CLIENT}import { SESSION_PARAMS, RENAMED } from './params';\nexport const b = (id: string) => stripe.checkout.sessions.retrieve(id, SESSION_PARAMS);\nexport const c = (id: string) => stripe.invoices.retrieve(id, RENAMED);\n`,
    });
    expect(
      found.needs
        .filter((n) => n.what.includes('expanding'))
        .map((n) => `${n.file}:${n.line} ${n.what}: ${n.anyOf.join('|')}`),
    ).toEqual([
      'params.ts:1 stripe.checkout.sessions.retrieve expanding subscription: subscription_read',
      'params.ts:2 stripe.invoices.retrieve expanding customer: customer_read',
    ]);
  });

  it('options imported behind a condition (full ? DETAILED : BRIEF): each branch is charged', () => {
    const found = scan({
      'params.ts':
        "export const DETAILED = { expand: ['default_source'] };\nexport const BRIEF = { expand: ['test_clock'] };\n",
      'a.ts': `${CLIENT}import { DETAILED, BRIEF } from './params';\nexport const f = (id: string, full: boolean) => stripe.customers.retrieve(id, full ? DETAILED : BRIEF);\n`,
    });
    expect(found.needs.filter((n) => n.what.includes('expanding')).map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual(
      [
        'params.ts:1 stripe.customers.retrieve expanding default_source',
        'params.ts:2 stripe.customers.retrieve expanding test_clock',
      ],
    );
  });

  it('an options object two calls share: its expansion is said once, where it is written', () => {
    const found = scan({
      'a.ts': `${CLIENT}const base = { expand: ['customer'] };\nstripe.invoices.retrieve('a', base);\nstripe.invoices.retrieve('b', base);\n`,
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 stripe.invoices.retrieve',
      '3 stripe.invoices.retrieve expanding customer',
      '5 stripe.invoices.retrieve',
    ]);
  });

  it('expand in an object named after the call, spread into the options, or a plain template string', () => {
    expect(
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          "const base = { expand: ['latest_charge'] };",
          'export const a = (id: string) => stripe.invoices.retrieve(id, INVOICE_PARAMS);',
          'export const c = (id: string) => stripe.paymentIntents.retrieve(id, { ...base, limit: 1 });',
          'export const d = (id: string) => stripe.invoices.retrieve(id, { expand: [`subscription`] });',
          "const INVOICE_PARAMS = { expand: ['customer'] };",
        ].join('\n'),
      })
        .needs.filter((n) => n.what.includes('expanding'))
        .map((n) => `${n.line} ${n.what}: ${n.anyOf.join('|')}`),
    ).toEqual([
      '7 stripe.invoices.retrieve expanding customer: customer_read',
      '3 stripe.paymentIntents.retrieve expanding latest_charge: charge_read',
      '6 stripe.invoices.retrieve expanding subscription: subscription_read',
    ]);
  });

  it('expand behind a condition: spread (...(full ? A : {})), passed (full ? A : B), or named; each branch is charged', () => {
    expect(
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          "const DETAILED = { expand: ['customer'] };",
          "const BRIEF = { expand: ['subscription'] };",
          "stripe.invoices.list({ limit: 3, ...(full ? { expand: ['data.payment_intent'] } : {}) });",
          'stripe.invoices.retrieve(id, full ? DETAILED : BRIEF);',
          'stripe.invoices.retrieve(id, { ...(full && LATER) });',
          "const params = full ? { expand: ['latest_charge'] } : undefined;",
          'stripe.paymentIntents.retrieve(id, params);',
          "const LATER = { expand: ['charge'] };",
        ].join('\n'),
      })
        .needs.filter((n) => n.what.includes('expanding'))
        .map((n) => `${n.line} ${n.what}: ${n.anyOf.join('|')}`),
    ).toEqual([
      '5 stripe.invoices.list expanding payment_intent: payment_intent_read',
      '3 stripe.invoices.retrieve expanding customer: customer_read',
      '4 stripe.invoices.retrieve expanding subscription: subscription_read',
      '10 stripe.invoices.retrieve expanding charge: charge_read',
      '8 stripe.paymentIntents.retrieve expanding latest_charge: charge_read',
    ]);
  });

  it('expand set on a named object after it is made (params.expand = […], params.expand!.push(…)) is charged; a computed one is reported', () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        'const params: Stripe.SubscriptionRetrieveParams = {};',
        "if (withCustomer) params.expand = ['customer'];",
        'stripe.subscriptions.retrieve(id, params);',
        'const p = { expand: [] as string[] };',
        "p.expand!.push('payment_intent', 'subscription');",
        'stripe.invoices.retrieve(id, p);',
        'const q: any = {};',
        'q.expand = [field];',
        'stripe.invoices.retrieve(id, q);',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '4 stripe.subscriptions.retrieve expanding customer',
      '7 stripe.invoices.retrieve expanding payment_intent',
      '7 stripe.invoices.retrieve expanding subscription',
    ]);
    expect(unresolvedIn(found)).toEqual(['10 stripe.invoices.retrieve({ expand }): an expanded field is computed']);
  });

  it("a name is each function's own: one function's options object is not another's of the same name", () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        'async function invoices() { const params = { limit: 10 }; return stripe.invoices.list(params); }',
        "async function sub(id) { const params = { expand: ['latest_invoice'] }; return stripe.subscriptions.retrieve(id, params); }",
        'async function customer(id, params) { return stripe.customers.retrieve(id, params); }',
        "async function charge(id) { const params: any = {}; params.expand = ['customer']; return stripe.charges.retrieve(id, params); }",
        "async function refund(id) { const params = {}; [1].forEach(() => { params.expand = ['charge']; }); return stripe.refunds.retrieve(id, params); }",
        'export const later = (id) => stripe.payouts.retrieve(id, OPTIONS);',
        "const OPTIONS = { expand: ['destination'] };",
        "export async function nine(id, live) { const q = { expand: ['customer'] }; if (live) { const q = {}; return stripe.paymentIntents.retrieve(id, q); } return stripe.setupIntents.retrieve(id, q); }",
        "export async function ten(id, OPTIONS = { expand: ['payment_method'] }) { return stripe.mandates.retrieve(id, OPTIONS); }",
        "export async function eleven(id, kind) { switch (kind) { case 'one': { const p = { expand: ['payment_intent'] }; return stripe.invoices.retrieve(id, p); } case 'many': { const p = { expand: ['data.customer'] }; return stripe.invoices.list(p); } } }",
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '4 stripe.subscriptions.retrieve expanding latest_invoice',
      '6 stripe.charges.retrieve expanding customer',
      '7 stripe.refunds.retrieve expanding charge',
      '9 stripe.payouts.retrieve expanding destination',
      '10 stripe.paymentIntents.retrieve expanding customer',
      '10 stripe.setupIntents.retrieve expanding customer',
      '11 stripe.mandates.retrieve expanding payment_method',
      '12 stripe.invoices.retrieve expanding payment_intent',
      '12 stripe.invoices.list expanding customer',
    ]);
    // Line 5's params is its own parameter, not line 4's object: what its callers pass is not seen.
    // Line 11's default is the call's only when the caller passes none: what they pass is not seen.
    expect(unresolvedIn(found)).toEqual([
      '5 stripe.customers.retrieve({ expand }): its options come from params, a parameter: an expand passed in them is not seen',
      '11 stripe.mandates.retrieve({ expand }): its options come from OPTIONS, a parameter: an expand passed in them is not seen',
    ]);
  });

  it('expand given by ??=, ||=, Object.assign, or pushed to the list ??= gives: charged too', () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        'const a: any = {};',
        "(a.expand ??= []).push('customer');",
        'stripe.invoices.retrieve(id, a);',
        'const b: any = {};',
        "b.expand ||= ['subscription'];",
        'stripe.invoices.retrieve(id, b);',
        'const c = {};',
        "Object.assign(c, { limit: 3 }, { expand: ['data.payment_intent'] });",
        'stripe.invoices.list(c);',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '4 stripe.invoices.retrieve expanding customer',
      '7 stripe.invoices.retrieve expanding subscription',
      '10 stripe.invoices.list expanding payment_intent',
    ]);
  });

  it('an option passed on through forty conditions is read once, at once', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `const A${i + 1} = flag() ? A${i} : A${i};`);
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "const A0 = { expand: ['default_source'] };",
        ...chain,
        "stripe.customers.retrieve('cus_1', A40);",
      ].join('\n'),
    });
    expect(found.needs.filter((n) => n.what.includes('expanding')).map((n) => n.what)).toEqual([
      'stripe.customers.retrieve expanding default_source',
    ]);
  });

  it('a resource handed to a helper is reported; a client handed to .call or Reflect.apply is not', () => {
    expect(
      unresolved({
        'a.ts': [
          CLIENT.trimEnd(),
          'async function fetchAll(resource: any) { return (await resource.list()).data; }',
          'fetchAll(stripe.customers);',
          'const r = stripe.invoices;',
          'fetchAll(r);',
          'Reflect.apply(stripe.products.list, stripe, []);',
          'stripe.refunds.create.call(stripe, {});',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:4:10 stripe.customers passed to fetchAll(): calls made through it there cannot be followed from here',
      'a.ts:6:10 r passed to fetchAll(): calls made through it there cannot be followed from here',
    ]);
  });

  it("a subclass's own field handed on is no resource: @vendure/payments-plugin's webhookSecret", () => {
    expect(
      unresolved({
        'a.ts': [
          "import Stripe from 'stripe';",
          'class VendureStripeClient extends Stripe {',
          '  constructor(key: string, public webhookSecret: string) { super(key); }',
          '}',
          "const stripe = new VendureStripeClient('k', 's');",
          'stripe.webhooks.constructEvent(payload, signature, stripe.webhookSecret);',
          'fetchAll(stripe.customers);',
        ].join('\n'),
      }),
    ).toEqual([
      'a.ts:7:10 stripe.customers passed to fetchAll(): calls made through it there cannot be followed from here',
    ]);
  });

  it("a subclass's field that holds a client, handed on, is still reported", () => {
    expect(
      unresolved({
        'a.ts': [
          "import Stripe from 'stripe';",
          "class MyStripe extends Stripe { platform = new Stripe('sk_platform'); }",
          "const stripe = new MyStripe('sk');",
          'drain(stripe.platform);',
        ].join('\n'),
      }),
    ).toEqual(['a.ts:4:7 stripe.platform passed to drain(): calls made through it there cannot be followed from here']);
  });

  it("a bare resource-named call on a module the scan read is that module's, not a warning", () => {
    expect(
      unresolved({
        'invoices.ts': 'export function list() { return []; }\n',
        'customers.ts': 'export default { del(id: string) { return id; } };\n',
        'main.ts':
          "import * as invoices from './invoices';\nimport customers from './customers';\ninvoices.list();\ncustomers.del('x');\n",
      }),
    ).toEqual([]);
  });

  it('a receiver typed from a Stripe-named module or a scanned file is still reported', () => {
    expect(
      unresolved({
        'a.ts':
          "import { Payments } from '@acme/stripe-wrapper';\nexport const f = (p: Payments) => p.refunds.create({});\n",
      }),
    ).toEqual(['a.ts:2:35 p.refunds.create(): p is not a Stripe client rak-app can see being created or typed here']);
  });

  it('a call that is no stripe-node method is not reported', () => {
    expect(unresolved({ 'a.ts': 'db.customers.findMany();\nres.json(items.list);\nthis.cache.get(key);\n' })).toEqual(
      [],
    );
  });

  it('webhook dispatch through a lookup of event.type: read when the map is written out, else a warning', () => {
    const found = scan({
      'map.ts':
        "const webhooks = {\n  'invoice.paid': onPaid,\n};\nexport const handle = (event) => webhooks[event.type]?.(event);\n",
      'dynamic.ts': 'export const handle = (event) => registry[event.type](event);\n',
    });
    expect(found.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual([
      'map.ts:2 invoice_read|credit_note_read|quote_read',
      'map.ts:2 event_read',
    ]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line}:${n.column} ${n.what}`)).toEqual([
      'dynamic.ts:1:34 registry[event.type]()',
    ]);
    // The same with a Map: its keys when written out, else a warning.
    const maps = scan({
      'map.ts':
        "const handlers = new Map([['payout.paid', onPaid]]);\nexport const handle = (event) => handlers.get(event.type)?.(event);\n",
      'dynamic.ts': 'export const handle = (event) => registry.get(event.type)(event);\n',
      // Handed on by its type to an emitter's listeners (NestJS's EventEmitter2), which are not followed.
      'forward.ts': 'export class Hooks { receive(event) { this.events.emit(event.type, event); } }\n',
      // Or queued by its type, to be handled where the worker is (not scanned here).
      'queue.ts':
        'export const receive = (event) => queue.add(event.type, event);\nexport const send = (event) => bus.send(event.type, event);\n',
      // A set's add and a response's send hand nothing on.
      'seen.ts': 'export const note = (event, res) => { seen.add(event.type); res.send(event.type); };\n',
    });
    expect(maps.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual([
      'map.ts:1 payout_read|transfer_read|balance_transaction_source_read',
      'map.ts:1 event_read',
    ]);
    expect(maps.notUnderstood.map((n) => `${n.file}:${n.line}:${n.column} ${n.what}`)).toEqual([
      'dynamic.ts:1:34 registry.get(event.type)',
      'forward.ts:1:39 this.events.emit(event.type)',
      'queue.ts:1:35 queue.add(event.type)',
      'queue.ts:2:32 bus.send(event.type)',
    ]);
  });

  it("a lookup or a hand-on by an event's type behind a cast, in a name, or prefixed is reported as the plain one; a message naming it is not", () => {
    const found = scan({
      'registry.ts': "export const registry = new Map();\nregistry.set('invoice.paid', async () => {});\n",
      'hook.ts': [
        CLIENT.trimEnd(),
        "import { registry } from './registry';",
        'export async function hook(body: string, sig: string, res: Response) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  await registry.get(event.type as string)?.(event);',
        '  const { type } = event;',
        '  await registry.get(type)?.(event);',
        '  const t = event.type;',
        '  queue.add(t, event);',
        '  emitter.emit(event.type as Stripe.Event.Type, event);',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  await emitter.emitAsync(`stripe.${event.type}`, event);',
        "  emitter.emit('stripe:' + event.type, event);",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  await inngest.send({ name: `stripe/${event.type}`, data: event.data.object });',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  emit(`stripe.${event.type}`, event);',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  const topic = `stripe.${event.type}`;',
        '  emitter.emit(topic, event);',
        "  emitter.emit(event.type.replace(/\\./g, ':'), event);",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  res.send(`Unhandled event type ${event.type}`);',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        "  logger.emit('log', `got ${event.type}`);",
        // A response or a mail naming the type hands no event on.
        '  res.send({ received: true, type: event.type });',
        '  auditLog.add({ type: event.type, eventId: event.id, created: event.created });',
        "  sgMail.send({ subject: event.type, text: 'x' });",
        "  await queue.add('stripe-event', { type: event.type, object: event.data.object });",
        '  const object = event.data.object;',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  await inngest.send({ name: `stripe/${event.type}`, data: object });',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  metrics.publish(`stripe.${event.type}.latency`, Date.now() - start);',
        "  channel.publish('stripe-events', event.type, Buffer.from(JSON.stringify(event)));",
        // A function of this file's is read here: no hand-on to code elsewhere.
        '  await dispatch(event.type, event);',
        '}',
        "async function dispatch(type: string, e: unknown) { switch (type) { case 'invoice.paid': break; } }",
        // Names are kept by file: a helper's parameter of the same name may be handed the type (notify(type, event)).
        'function notify(type: string, payload: unknown) { bus.emit(type, payload); }',
        'function notify2(topic: string, payload: unknown) { bus.emit(topic, payload); }',
        // A metric counted by the type hands nothing on.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        'export const count = (event: any) => metrics.publish(`webhook.${event.type}`, 1);',
      ].join('\n'),
      // A handler map's keys written out say nothing of what an emitter's listeners handle.
      'both.ts':
        "const map = { 'invoice.paid': onPaid };\nexport const h = (event) => { map[event.type]?.(event); bus.emit(event.type, event); };\n",
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'hook.ts:6 registry.get(event.type)',
      'hook.ts:8 registry.get(type)',
      'hook.ts:10 queue.add(t)',
      'hook.ts:11 emitter.emit(event.type)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template as the source writes it
      'hook.ts:12 emitter.emitAsync(`stripe.${event.type}`)',
      "hook.ts:13 emitter.emit('stripe:' + event.type)",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template as the source writes it
      'hook.ts:14 inngest.send({ name: `stripe/${event.type}` })',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template as the source writes it
      'hook.ts:15 emit(`stripe.${event.type}`)',
      'hook.ts:17 emitter.emit(topic)',
      'hook.ts:18 emitter.emit(event.type.replace(…))',
      'hook.ts:24 queue.add(…, { type: event.type })',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template as the source writes it
      'hook.ts:26 inngest.send({ name: `stripe/${event.type}` })',
      'hook.ts:28 channel.publish(…, event.type)',
      'hook.ts:32 bus.emit(type)',
      'hook.ts:33 bus.emit(topic)',
      'both.ts:2 bus.emit(event.type)',
    ]);
    expect(found.notUnderstood.find((n) => n.file === 'both.ts')?.why).toBe(
      'the event is handed on by its type (queued or emitted) to code that handles it elsewhere, so which events are handled, and which permissions they need, is not known',
    );
  });

  it("a hand-on whose name is built from the event's type in more steps, or nested in what is sent, is reported", () => {
    const found = scan({
      'hook.ts': [
        CLIENT.trimEnd(),
        'export async function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  await pubsub.topic(`stripe-${event.type}`).publishMessage({ json: event });',
        "  let topic = 'stripe.';",
        '  topic += event.type;',
        '  bus.emit(topic, event);',
        "  bus.emit(['stripe', event.type].join('.'), event);",
        '  bus.emit(toTopic(event.type), event);',
        '  const name = events.toTopic(event.type);',
        '  bus.emit(name, event);',
        "  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(event), MessageAttributes: { type: { DataType: 'String', StringValue: event.type } } }));",
        '  await eventBridge.putEvents({ Entries: [{ DetailType: event.type, Detail: JSON.stringify(event) }] });',
        '  await producer.send({ topic: "stripe", messages: [{ key: event.type, value: JSON.stringify(event) }] });',
        '  let later: string;',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '  later = `stripe/${event.type}`;',
        '  bus.emit(later, event.data.object);',
        // Not hand-ons: the type in a message or a response, a metric, a record of it without the event.
        "  bus.emit('log', ['got', event.type].join(' '));",
        '  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: event.type }));',
        "  await eventBridge.putEvents({ Entries: [{ DetailType: event.type, Detail: '{}' }] });",
        '  metrics.publish(toMetric(event.type), 1);',
        '  dispatch(trackInteraction(event.type));',
        "  await billingQueue.add('stripe-webhook', event);",
        "  await sqsQueue.send('stripe-events', JSON.stringify(event));",
        "  emitter.emit('stripe-event', event);",
        "  await audit.add('received', { id: event.id });",
        '  const payload = { stripeEvent: event, receivedAt: Date.now() };',
        '  await queue.add(jobName(event.type), payload);',
        '  await queue.add(jobName(event.type), req.body);',
        "  io.emit('toast', humanize(event.type));",
        '}',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template as the source writes it
      'hook.ts:5 pubsub.topic(`stripe-${event.type}`).publishMessage()',
      'hook.ts:8 bus.emit(topic)',
      "hook.ts:9 bus.emit(['stripe', event.type].join(…))",
      'hook.ts:10 bus.emit(toTopic(event.type))',
      'hook.ts:12 bus.emit(name)',
      'hook.ts:13 sqs.send(new SendMessageCommand({ StringValue: event.type }))',
      'hook.ts:14 eventBridge.putEvents({ DetailType: event.type })',
      'hook.ts:15 producer.send({ key: event.type })',
      'hook.ts:18 bus.emit(later)',
      "hook.ts:24 billingQueue.add('stripe-webhook', …)",
      "hook.ts:25 sqsQueue.send('stripe-events', …)",
      'hook.ts:29 queue.add(jobName(event.type))',
      'hook.ts:30 queue.add(jobName(event.type))',
    ]);
  });

  it('options a function of the file returns are read: its expand is charged, a parameter it hands back is reported', () => {
    const found = scan({
      'build.ts': [
        CLIENT.trimEnd(),
        "function withCustomer() { return { expand: ['customer'] }; }",
        'const normalize = (x: any) => ({ ...x });',
        'function copy(x: any) { const out = { ...x, metadata: {} }; return out; }',
        'export const a = (id: string) => stripe.paymentIntents.retrieve(id, withCustomer());',
        'export const b = (data: any) => stripe.paymentIntents.create({ ...normalize(data) });',
        'export const c = (data: any) => stripe.paymentIntents.create(copy(data));',
        'export const d = (id: string) => stripe.charges.retrieve(id, later(true));',
        "function later(full: boolean) { return full ? { expand: ['invoice'] } : {}; }",
        'export const e = (data: any) => stripe.customers.create(toCustomer(data));',
        'function toCustomer(u: any) { return { email: u.email }; }',
        "export const f = (id: string) => { const base = { expand: ['balance_transaction'] }; return stripe.refunds.retrieve(id, normalize(base)); };",
        'export const g = (id: string, data: any) => stripe.customers.update(id, cond ? copy(data) : {});',
        'const paramsOf = (o: any) => o.params;',
        'export const h = (data: any) => stripe.customers.create(paramsOf(data));',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      // Each at the expand the user would edit: written in the function.
      '3 stripe.paymentIntents.retrieve expanding customer',
      '10 stripe.charges.retrieve expanding invoice',
      '13 stripe.refunds.retrieve expanding balance_transaction',
    ]);
    // toCustomer's object is its own (a field read from its parameter is no copy of it): no options passed on.
    expect(unresolvedIn(found)).toEqual([
      '7 stripe.paymentIntents.create({ expand }): its options come from data, a parameter: an expand passed in them is not seen',
      '8 stripe.paymentIntents.create({ expand }): its options come from data, a parameter: an expand passed in them is not seen',
      '14 stripe.customers.update({ expand }): its options come from data, a parameter: an expand passed in them is not seen',
      '16 stripe.customers.create({ expand }): its options come from data, a parameter: an expand passed in them is not seen',
    ]);
  });

  it('options a function returns are read beside an expand written at the call, from a literal it hands back, and from a part of a parameter', () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "function withCustomer() { return { expand: ['customer'] }; }",
        'const normalize = (x: any) => ({ ...x });',
        "export const a = (id: string) => stripe.invoices.retrieve(id, { expand: ['subscription'], ...withCustomer() });",
        "export const b = (id: string) => stripe.charges.retrieve(id, normalize({ expand: ['invoice'] }));",
        'export const c = (data: any) => stripe.customers.create(normalize(data.params));',
        "export const d = (id: string, full: boolean) => stripe.refunds.retrieve(id, normalize(full ? { expand: ['charge'] } : {}));",
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '5 stripe.invoices.retrieve expanding subscription',
      '3 stripe.invoices.retrieve expanding customer',
      '6 stripe.charges.retrieve expanding invoice',
      // Behind a condition, as an expand written at the call would be.
      '8 stripe.refunds.retrieve expanding charge',
    ]);
    expect(unresolvedIn(found)).toEqual([
      '7 stripe.customers.create({ expand }): its options come from data, a parameter: an expand passed in them is not seen',
    ]);
  });

  it('a parameter handed through a function the scan does not read is reported: what it returns may be what it was given', () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "import snakecaseKeys from 'snakecase-keys';",
        "import { toStripe } from './mapping';",
        'const own = (x: any) => ({ email: x.email });',
        'export const a = (opts: any) => stripe.customers.create(snakecaseKeys(opts));',
        'export const b = (user: any) => stripe.customers.create(toStripe(user));',
        'export const c = (user: any) => stripe.customers.create(own(user));',
        'export const d = (id: string) => stripe.customers.retrieve(id, snakecaseKeys({ limit: 1 }));',
      ].join('\n'),
      'mapping.ts': 'export const toStripe = (u: any) => ({ email: u.email });\n',
    });
    // own() is read: its object is its own. toStripe is another file's, and what it hands back is not read.
    expect(unresolvedIn(found)).toEqual([
      '6 stripe.customers.create({ expand }): its options come from opts, a parameter: an expand passed in them is not seen',
      '7 stripe.customers.create({ expand }): its options come from user, a parameter: an expand passed in them is not seen',
    ]);
  });

  it("options returned by calling another function, or by a method of the file's class, are read through the calls", () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "function withCustomer() { return { expand: ['customer'] }; }",
        'function detailed() { return withCustomer(); }',
        'const normalize = (x: any) => ({ ...x });',
        'function viaNormalize(p: any) { return normalize(p); }',
        'export const a = (id: string) => stripe.paymentIntents.retrieve(id, detailed());',
        "export const b = (id: string) => stripe.charges.retrieve(id, viaNormalize({ expand: ['invoice'] }));",
        'export const c = (data: any) => stripe.customers.create(viaNormalize(data));',
        'export class Repo {',
        "  params() { return { expand: ['latest_invoice'] }; }",
        '  get(id: string) { return stripe.subscriptions.retrieve(id, this.params()); }',
        '  pass(p: any) { return { ...p }; }',
        '  update(id: string, data: any) { return stripe.subscriptions.update(id, this.pass(data)); }',
        '  inherited(data: any) { return stripe.customers.create(this.fromBase(data)); }',
        "  #own = () => ({ expand: ['default_payment_method'] });",
        '  own(id: string) { return stripe.subscriptions.retrieve(id, { ...this.#own() }); }',
        '}',
        'function loop(): any { return loop(); }',
        'function ping(p: any): any { return pong(p); }',
        'function pong(p: any): any { return ping(p); }',
        'export const d = (id: string) => stripe.refunds.retrieve(id, loop());',
        'export const e = (data: any) => stripe.refunds.create(ping(data));',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '3 stripe.paymentIntents.retrieve expanding customer',
      '8 stripe.charges.retrieve expanding invoice',
      '11 stripe.subscriptions.retrieve expanding latest_invoice',
      '16 stripe.subscriptions.retrieve expanding default_payment_method',
    ]);
    expect(unresolvedIn(found)).toEqual([
      `9 stripe.customers.create({ expand }): ${parameterWhy('data')}`,
      `14 stripe.subscriptions.update({ expand }): ${parameterWhy('data')}`,
      // A method the file's class does not declare (inherited) is not read, as another file's function is not.
      `15 stripe.customers.create({ expand }): ${parameterWhy('data')}`,
      // ping and pong only call each other: the scan follows each once and finds nothing handed back.
    ]);
  });

  it("a method is its own class's: this.params() in one class is not another's, nor an object's or a plain function's", () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        'export class A {',
        "  params() { return { expand: ['customer'] }; }",
        '  get(id: string) { return stripe.paymentIntents.retrieve(id, this.params()); }',
        '}',
        'export class B {',
        "  params() { return { expand: ['invoice'] }; }",
        "  static params() { return { expand: ['balance_transaction'] }; }",
        '  get(id: string) { return stripe.charges.retrieve(id, this.params()); }',
        '  static get(id: string) { return stripe.refunds.retrieve(id, this.params()); }',
        '  later(data: any) { return [1].map(function () { return stripe.customers.create(this.params(data)); }); }',
        '}',
        'export const o = {',
        '  params(p: any) { return { ...p }; },',
        '  get(id: string, data: any) { return stripe.customers.update(id, this.params(data)); },',
        '};',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      '4 stripe.paymentIntents.retrieve expanding customer',
      '8 stripe.charges.retrieve expanding invoice',
      '9 stripe.refunds.retrieve expanding balance_transaction',
    ]);
    // A plain function's `this`, and an object's, are not the class's: what they call is not read.
    expect(unresolvedIn(found)).toEqual([
      `12 stripe.customers.create({ expand }): ${parameterWhy('data')}`,
      `16 stripe.customers.update({ expand }): ${parameterWhy('data')}`,
    ]);
  });

  it('calls returned through many functions are followed once for each set of arguments: a deep chain ends, a recursive call with new arguments is read', () => {
    const depth = 40;
    const chain = Array.from(
      { length: depth },
      (_, i) => `function f${i}(p: any, c: boolean): any { return c ? f${i + 1}(p, c) : f${i + 1}(p, !c); }`,
    );
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        ...chain,
        `function f${depth}(p: any, c: boolean): any { return { ...p, expand: ['customer'] }; }`,
        'export const a = (id: string, data: any) => stripe.paymentIntents.update(id, f0(data, true));',
        'function build(p: any, extra?: any): any { return extra ? build({ ...p, ...extra }) : { ...p }; }',
        "export const b = (id: string) => stripe.charges.retrieve(id, build({}, { expand: ['invoice'] }));",
        'function swap(a: any, b?: any): any { return b ? swap(b, undefined) : { ...a }; }',
        'export const c = (data: any) => stripe.refunds.create(swap({}, data));',
      ].join('\n'),
    });
    expect(expansionsIn(found)).toEqual([
      `${depth + 3} stripe.paymentIntents.update expanding customer`,
      `${depth + 6} stripe.charges.retrieve expanding invoice`,
    ]);
    expect(unresolvedIn(found)).toEqual([
      `${depth + 4} stripe.paymentIntents.update({ expand }): ${parameterWhy('data')}`,
      `${depth + 8} stripe.refunds.create({ expand }): ${parameterWhy('data')}`,
    ]);
  });

  it('what reaches a parameter is carried once: a merger calling itself, two calls of one function with other options, a maze of calls', () => {
    const maze = 300;
    const names = Array.from({ length: maze }, (_, i) => `m${i}`);
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        'function withDefaults(p: any): any { return p.parent ? withDefaults({ ...p.parent, ...p }) : { ...p }; }',
        "export const a = (id: string) => stripe.invoices.retrieve(id, withDefaults({ expand: ['customer'] }));",
        'function f(a: any, b: any): any { return f({ ...a, ...b }, { ...a, ...b }); }',
        "export const b = (id: string) => stripe.charges.retrieve(id, f({ expand: ['invoice'] }, {}));",
        'function build(p: any) { return { ...p }; }',
        "function pick(full: boolean) { return full ? build({ expand: ['customer'] }) : build({ expand: ['subscription'] }); }",
        'export const c = (id: string) => stripe.paymentIntents.retrieve(id, pick(true));',
      ].join('\n'),
      'maze.ts': [
        CLIENT.trimEnd(),
        ...names.map((n) => `function ${n}(p: any): any { return { ${names.map((m) => `...${m}(p)`).join(', ')} }; }`),
        ...names.map((n) => `export const c${n} = (data: any) => stripe.refunds.create(${n}(data));`),
      ].join('\n'),
    });
    expect(
      found.needs.filter((n) => n.file === 'a.ts' && n.what.includes('expanding')).map((n) => `${n.line} ${n.what}`),
    ).toEqual([
      '4 stripe.invoices.retrieve expanding customer',
      // f only ever returns a call of itself: it hands nothing back, and its run ends without a word.
      '8 stripe.paymentIntents.retrieve expanding customer',
      '8 stripe.paymentIntents.retrieve expanding subscription',
    ]);
    expect(found.unparsable).toEqual([]);
    // Nothing in the maze hands its parameter back: no call of it is charged or reported for its options.
    expect(found.notUnderstood.filter((n) => n.file === 'maze.ts')).toEqual([]);
  });

  it("a parameter named as a function of the file is the caller's, not that function", () => {
    const found = scan({
      'a.ts': [
        CLIENT.trimEnd(),
        "function withCustomer() { return { expand: ['customer'] }; }",
        'export function f(id: string, withCustomer: () => any) { return stripe.paymentIntents.retrieve(id, withCustomer()); }',
      ].join('\n'),
    });
    expect(found.needs.map((n) => n.what)).toEqual(['stripe.paymentIntents.retrieve']);
  });

  it('options an imported function returns are read in its own file: its expand is charged there', () => {
    const found = scan({
      'params.ts': [
        "export function withCustomer() { return { expand: ['customer'] }; }",
        "export const base = () => ({ expand: ['invoice'] });",
        "const local = () => ({ expand: ['balance_transaction'] });",
        'export { local as renamed };',
        'export const full = () => withCustomer();',
      ].join('\n'),
      'a.ts': [
        CLIENT.trimEnd(),
        "import { withCustomer, base, renamed, full } from './params';",
        'export const a = (id: string) => stripe.paymentIntents.retrieve(id, withCustomer());',
        'export const b = (id: string) => stripe.charges.retrieve(id, { ...base() });',
        'export const c = (id: string) => stripe.refunds.retrieve(id, renamed());',
        'export const d = (id: string) => stripe.invoices.retrieve(id, full());',
      ].join('\n'),
    });
    expect(found.needs.filter((n) => n.what.includes('expanding')).map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual(
      [
        'params.ts:1 stripe.paymentIntents.retrieve expanding customer',
        'params.ts:2 stripe.charges.retrieve expanding invoice',
        'params.ts:3 stripe.refunds.retrieve expanding balance_transaction',
        'params.ts:1 stripe.invoices.retrieve expanding customer',
      ],
    );
    expect(found.notUnderstood).toEqual([]);
  });

  it("options spread from a condition's object (...(status && { status })) come from the object, not the condition", () => {
    const found = scan({
      'invoices.ts': [
        CLIENT.trimEnd(),
        "export async function list(customer: string, { status }: { status?: 'open' } = {}) {",
        '  return stripe.invoices.list({ customer, ...(status && { status }) });',
        '}',
        'export async function portal(req: { body: any }) {',
        '  const { type, itemId, up, add } = req.body;',
        "  return stripe.billingPortal.sessions.create({ customer: 'c', ...(type === 'm' && (up || add) && itemId && { locale: 'en' }) });",
        '}',
        'export const more = (extra: object, full: boolean) => stripe.customers.list({ ...(full && extra) });',
        'export const twice = (req: { body: any }) => { const { a, b } = req.body; return stripe.prices.list({ ...(a ?? b) }); };',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}: ${n.why}`)).toEqual([
      'invoices.ts:10 stripe.customers.list({ expand }): its options come from extra, a parameter: an expand passed in them is not seen',
      'invoices.ts:11 stripe.prices.list({ expand }): its options come from req, a parameter: an expand passed in them is not seen',
    ]);
  });

  it("a lookup by a type not named an event's, in a file that uses Stripe, is reported whatever the map is called", () => {
    const found = scan({
      'replay.ts': [
        "import { stripe } from './stripe';",
        "import { actions } from './actions';",
        'export async function replay() {',
        '  for await (const item of stripe.events.list({ delivery_success: false })) await actions[item.type]?.(item);',
        '  const notification = await stripe.events.retrieve(id);',
        '  const run = actions[notification.type];',
        '}',
      ].join('\n'),
      'blocks.tsx': [
        '// Payment icons from https://stripe.com/docs/payments',
        "import { COMPONENTS } from './components';",
        'export const Blocks = ({ items }) => items.map((item) => { const c = COMPONENTS[item.type]; return c(item); });',
      ].join('\n'),
      // A plain name may be an event's type handed in (route(event.type, event)): still a lookup.
      'route.ts': [
        'const actions: Record<string, (o: unknown) => Promise<void>> = {};',
        'export function register(t: string, f: any) { actions[t] = f; }',
        'export async function route(type: string, payload: unknown) { await actions[type]?.(payload); }',
      ].join('\n'),
    });
    // The client is imported from a file not given: its calls are reported too.
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'replay.ts:4 actions[item.type]()',
      'replay.ts:6 actions[notification.type]',
      'replay.ts:4 stripe.events.list()',
      'replay.ts:5 stripe.events.retrieve()',
      'route.ts:3 actions[type]()',
    ]);
  });

  it("a lookup by another object's type is no dispatch of events, unless what is looked in is named for handlers", () => {
    const found = scan({
      'sheet.tsx': [
        "import { STRIPE_PAYMENT_METHODS } from './constants';",
        "import { handlers, routes, icons } from './map';",
        'export const methods = (list: { type: string }[]) => list.map((pm) => { const m = STRIPE_PAYMENT_METHODS[pm.type]; return m; });',
        'export const icon = (item: { type: string }) => icons[item.type]?.();',
        'export const run = (payload: { type: string }) => handlers[payload.type](payload);',
        'export const go = (msg: { type: string }) => routes[msg.type](msg);',
        'export const ev = (event: { type: string }) => icons[event.type](event);',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '5 handlers[payload.type]()',
      '6 routes[msg.type]()',
      '7 icons[event.type]()',
    ]);
  });

  // A hostile audit's find in dub's UI code: `const { label } = CAMPAIGN_TYPE_BADGES[type]`, warned.
  it('a value taken by a plain name from what is not named for handlers is no dispatch, in a file that does not use Stripe', () => {
    const lines = [
      "import { ACTIONS, BADGES, handlers, STRATEGIES } from './tables';",
      'export function badge({ type }: { type: keyof typeof BADGES }) { const { label } = BADGES[type]; return label; }',
      'export function icon(type: keyof typeof BADGES) { const found = BADGES[type]; return found.label; }',
      'export function route(type: string, payload: unknown) { const handler = handlers[type]; return handler(payload); }',
      // A second review's find: a registry's action taken by its type, then called.
      'export async function run(type: string, payload: unknown) { const action = ACTIONS[type]; if (action) await action(payload); }',
      'export function go(type: string, payload: unknown) { const s = STRATEGIES[type]; return s?.(payload); }',
    ];
    const quiet = scan({ 'badge.ts': lines.join('\n') });
    expect(quiet.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 handlers[type]',
      '5 ACTIONS[type]',
      '6 STRATEGIES[type]',
    ]);
    // In a file that uses Stripe, any such lookup may be of events: reported.
    const stripe = scan({ 'badge.ts': [CLIENT.trimEnd(), ...lines].join('\n') });
    expect(stripe.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 BADGES[type]',
      '5 BADGES[type]',
      '6 handlers[type]',
      '7 ACTIONS[type]',
      '8 STRATEGIES[type]',
    ]);
  });

  it('a type added to a Set of event types after it is made is read too', () => {
    const found = scan({
      'hook.ts': [
        CLIENT.trimEnd(),
        "const HANDLED = new Set(['customer.created']);",
        "HANDLED.add('customer.subscription.deleted');",
        'export const h = (event: Stripe.Event) => HANDLED.has(event.type);',
        'const seen = new Set();',
        "seen.add('invoice.paid');",
      ].join('\n'),
    });
    expect([
      ...new Set(found.needs.filter((n) => n.what.startsWith('event ')).map((n) => `${n.line} ${n.what}`)),
    ]).toEqual(['3 event customer.created', '4 event customer.subscription.deleted']);
  });

  it('a list of event types kept in a name and checked with includes is read, as a Set of them is', () => {
    const found = scan({
      'hook.ts': [
        CLIENT.trimEnd(),
        "const SYNCED: Stripe.Event.Type[] = ['customer.subscription.updated', 'invoice.payment_failed'];",
        "const MORE = ['checkout.session.completed'] as const;",
        "const LABELS = ['invoice.paid', 'Paid'];",
        'export function handle(payload: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(payload, sig, 'whsec');",
        "  if (!SYNCED.includes(event.type)) return 'ignored';",
        '  if (MORE.includes(event.type as any)) return;',
        '  if (LATER.includes(event.type)) return;',
        '}',
        "const LATER = ['payout.paid'];",
      ].join('\n'),
    });
    expect([
      ...new Set(found.needs.filter((n) => n.what.startsWith('event ')).map((n) => `${n.line} ${n.what}`)),
    ]).toEqual([
      '3 event customer.subscription.updated',
      '3 event invoice.payment_failed',
      '4 event checkout.session.completed',
      '12 event payout.paid',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual(['10 LATER.includes(event.type)']);
  });

  // dub's own outgoing webhooks (`payout.confirmed`) and a table's dotted column names: neither is a
  // list of Stripe's event types, though each item starts as one of Stripe's objects does.
  it("a list kept in a name is of event types only with one Stripe sends: another's dotted names are nothing", () => {
    const found = scan({
      'triggers.ts': [
        "export const PROGRAM_TRIGGERS = ['partner.enrolled', 'payout.confirmed'] as const;",
        "export const COLUMNS = ['price.amount', 'product.title'];",
        "export const SEEN = new Set(['customer.tier', 'invoice.row']);",
        // One Stripe sends makes it a list of them: the rest are read as event types too.
        "export const SYNCED = ['invoice.paid', 'invoice.paid_late'];",
        // Shaped as Stripe's (its object, one of its events' actions): an older API's events.
        "export const LEGACY = new Set(['transfer.paid', 'transfer.failed']);",
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 event invoice.paid',
      '4 event invoice.paid',
      '4 event invoice.paid_late',
      '4 event invoice.paid_late',
      '5 event transfer.paid',
      '5 event transfer.paid',
      '5 event transfer.failed',
      '5 event transfer.failed',
    ]);
    // Checked against an event's type, dotted names none of which Stripe sends are event types all the same.
    const checked = scan({
      'hook.ts': [
        CLIENT.trimEnd(),
        "const NEWER = ['invoice.newer_type'];",
        "const LATEST = new Set(['payout.newer_type']);",
        'export function handle(payload: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(payload, sig, 'whsec');",
        '  return NEWER.includes(event.type) || LATEST.has(event.type);',
        '}',
      ].join('\n'),
    });
    expect(
      checked.needs.filter((n) => n.what.startsWith('event ')).map((n) => `${n.line} ${n.anyOf.join('|')}`),
    ).toEqual([
      '3 invoice_read|credit_note_read|quote_read',
      '3 event_read',
      '4 payout_read|transfer_read|balance_transaction_source_read',
      '4 event_read',
    ]);
    expect(checked.notUnderstood).toEqual([]);
  });

  it('a Set of event types with a list spread in is read, the spread reported; a parameter typed Stripe.Event.Type is compared as the type', () => {
    const found = scan({
      'handler.ts': [
        "import type Stripe from 'stripe';",
        "import { refundEvents } from './refunds';",
        "const paymentEvents = new Set<Stripe.Event.Type>(['invoice.paid', 'invoice.payment_failed', ...refundEvents]);",
        'export function handle(event: Stripe.Event) {',
        '  if (!paymentEvents.has(event.type)) return null;',
        '  return event.data.object;',
        '}',
      ].join('\n'),
      'refunds.ts': [
        "import type Stripe from 'stripe';",
        "export const refundEvents = ['refund.created'];",
        'export function isRefundEvent(eventType: Stripe.Event.Type) {',
        "  return eventType === 'refund.created' || eventType === 'refund.failed';",
        '}',
      ].join('\n'),
    });
    expect([
      ...new Set(found.needs.filter((n) => n.what.startsWith('event ')).map((n) => `${n.file}:${n.line} ${n.what}`)),
    ]).toEqual([
      'handler.ts:3 event invoice.paid',
      'handler.ts:3 event invoice.payment_failed',
      'refunds.ts:2 event refund.created',
      'refunds.ts:4 event refund.created',
      'refunds.ts:4 event refund.failed',
    ]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual(['handler.ts:3 ...refundEvents']);
  });

  it("a list iterated or spread by a method's name (for … of x.subscriptions.list) is no method taken", () => {
    const found = scan({
      'summary.ts': [
        'type Summary = { subscriptions: { total: number; list: { id: string }[] } };',
        'export function toText(summary: Summary) {',
        '  for (const sub of summary.subscriptions.list) log(sub.id);',
        '  for (const key in summary.subscriptions.list) log(key);',
        '  return [...summary.subscriptions.list];',
        '}',
        `${CLIENT}export const taken = () => run(stripe.subscriptions.list);`,
      ].join('\n'),
    });
    expect(found.notUnderstood).toEqual([]);
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual(['9 stripe.subscriptions.list']);
  });

  it('a lookup in a table written out here whose keys are no event types is no dispatch of events', () => {
    const found = scan({
      'labels.ts': [
        "const LABELS = { card: 'Card', us_bank_account: 'ACH' };",
        "export function label(item: { type: 'card' | 'us_bank_account' }) { const text = LABELS[item.type]; return text; }",
        "const ICONS = { 'card': 1, 'sepa_debit': 2 };",
        'export const icon = (event: { type: string }) => ICONS[event.type];',
        // Filled elsewhere or keyed by event types: still lookups of handlers.
        'const handlers: Record<string, (e: unknown) => void> = {};',
        'export const run = (event: { type: string }) => handlers[event.type]?.(event);',
        'export const other = (event: { type: string }) => registry[event.type](event);',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'labels.ts:6 handlers[event.type]()',
      'labels.ts:7 registry[event.type]()',
    ]);
  });

  it('a hand-on where the event type is known (a case written out, an if comparing it) hands on those types: not reported', () => {
    const found = scan({
      'hook.ts': [
        CLIENT.trimEnd(),
        'export async function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  switch (event.type) {',
        "    case 'invoice.paid':",
        "    case 'invoice.payment_failed':",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        '      await inngest.send({ name: `stripe/${event.type}`, data: event.data.object });',
        '      break;',
        '    default:',
        '      bus.emit(event.type, event);',
        '  }',
        "  if (event.type === 'customer.created') { bus.emit(event.type, event); } else { queue.add(event.type, event); }",
        "  if ('payout.paid' === event.type) bus.emit(event.type, event);",
        '  bus.emit(event.type, event);',
        "  if (event.type !== 'charge.refunded') bus.emit(event.type, event);",
        '}',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'hook.ts:11 bus.emit(event.type)',
      'hook.ts:13 queue.add(event.type)',
      'hook.ts:15 bus.emit(event.type)',
      'hook.ts:16 bus.emit(event.type)',
    ]);
    expect([...new Set(found.needs.filter((n) => n.what.startsWith('event ')).map((n) => n.what))]).toEqual([
      'event invoice.paid',
      'event invoice.payment_failed',
      'event customer.created',
      'event payout.paid',
      'event charge.refunded',
    ]);
  });

  it('a hand-on is known to be of the types written only for that event, compared with a string, reached from no other case', () => {
    const hook = (body: string[]) =>
      [
        CLIENT.trimEnd(),
        'export async function hook(body: string, sig: string, type: string, subs: any[], pending: any[]) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        ...body,
        '}',
      ].join('\n');
    const warned = (body: string[]) => scan({ 'hook.ts': hook(body) }).notUnderstood.map((n) => `${n.line} ${n.what}`);
    // Compared with something not written out: whatever it holds is handed on.
    expect(warned(['  if (event.type == type) { await queue.add(event.type, event); }'])).toEqual([
      '5 queue.add(event.type)',
    ]);
    expect(
      warned(['  for (const sub of subs) if (sub.type === event.type) await queue.add(event.type, event);']),
    ).toEqual(['5 queue.add(event.type)']);
    // Another event handed on where this one's type is known.
    expect(
      warned([
        "  if (event.type === 'customer.created') { for (const evt of pending) await queue.add(evt.type, evt); }",
      ]),
    ).toEqual(['5 queue.add(evt.type)']);
    // A case reached from default, or from a case not written out, is of any type.
    expect(
      warned([
        '  switch (event.type) {',
        '    default:',
        "    case 'customer.created':",
        '      await queue.add(event.type, event);',
        '  }',
      ]),
    ).toEqual(['8 queue.add(event.type)']);
    expect(
      warned([
        '  switch (event.type) {',
        '    case type:',
        '      log(event);',
        "    case 'customer.created':",
        '      await queue.add(event.type, event);',
        '  }',
      ]),
    ).toEqual(['9 queue.add(event.type)', '6 case type']);
    // Falling through from a case written out keeps the types known.
    expect(
      warned([
        '  switch (event.type) {',
        "    case 'invoice.paid':",
        '      log(event);',
        "    case 'customer.created':",
        '      await queue.add(event.type, event);',
        '      break;',
        '  }',
      ]),
    ).toEqual([]);
  });

  it('a hand-on where the type is known is of that event only: not another named alike, nor one in a callback or given anew', () => {
    const warned = (body: string[]) =>
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          'export async function h(req: any) {',
          "  let event = stripe.webhooks.constructEvent(req.body, req.sig, 's');",
          ...body,
          '}',
        ].join('\n'),
      }).notUnderstood.map((n) => n.what);
    expect(
      warned([
        '  const { type } = event;',
        "  switch (type) { case 'invoice.paid': for (const missedEvent of list) await queue.add(missedEvent.type, missedEvent); }",
      ]),
    ).toEqual(['queue.add(missedEvent.type)']);
    expect(
      warned(["  if (event.type === 'invoice.paid') { list.forEach((event) => emitter.emit(event.type, event)); }"]),
    ).toEqual(['emitter.emit(event.type)']);
    expect(
      warned([
        "  if (event.type === 'invoice.paid') { event = await stripe.events.retrieve(req.body.related); await queue.add(event.type, event); }",
      ]),
    ).toEqual(['queue.add(event.type)']);
    // Another event declared by that name in the range, or given it after the hand-on in a loop.
    expect(
      warned([
        "  if (event.type === 'invoice.paid') { for await (const event of stripe.events.list({})) await queue.add(event.type, event); }",
      ]),
    ).toEqual(['queue.add(event.type)']);
    expect(
      warned([
        "  switch (event.type) { case 'invoice.paid': { const event = await stripe.events.retrieve('evt'); await queue.add(event.type, event); } }",
      ]),
    ).toEqual(['queue.add(event.type)']);
    expect(
      warned([
        "  if (event.type === 'invoice.paid') { for (let i = 0; i < 3; i++) { await queue.add(event.type, event); event = await stripe.events.retrieve('evt'); } }",
      ]),
    ).toEqual(['queue.add(event.type)']);
    // A range ended earlier does not hold for a later hand-on.
    expect(
      warned([
        "  if (event.type === 'invoice.paid') { log(event); }",
        "  switch (req.type) { case 'x': await queue.add(event.type, event); }",
      ]),
    ).toEqual(['queue.add(event.type)']);
    expect(warned(["  if (event.type === 'invoice.paid') { await queue.add(event.type, event); }"])).toEqual([]);
    // Given another event after the range has ended: the hand-on in it was of the types written.
    expect(
      warned([
        "  if (event.type === 'invoice.paid') { await queue.add(event.type, event); }",
        "  event = await stripe.events.retrieve('evt');",
      ]),
    ).toEqual([]);
  });

  it('a table is one only if its name is given it alone and never filled in; a list of types, if never changed', () => {
    const warned = (files: Files) => scan(files).notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`);
    const hook = (lines: string[]) => ({
      'hook.ts': [
        CLIENT.trimEnd(),
        ...lines.slice(0, -1),
        'export async function hook(body: string, sig: string, extra: string[]) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        lines.at(-1)!,
        '}',
      ].join('\n'),
    });
    expect(
      warned(
        hook([
          'const handlers = { ping: async () => {} };',
          "handlers['invoice.paid'] = onPaid;",
          '  await handlers[event.type]?.(event);',
        ]),
      ),
    ).toEqual(['hook.ts:7 handlers[event.type]()']);
    expect(
      warned(
        hook([
          'const handlers = { ping: async () => {} };',
          'Object.assign(handlers, extra);',
          '  await handlers[event.type]?.(event);',
        ]),
      ),
    ).toEqual(['hook.ts:7 handlers[event.type]()']);
    expect(
      warned(
        hook([
          "export function label(item: { type: string }) { const map = { card: 'Card' }; return map[item.type]; }",
          '  const map = buildHandlers(); await map[event.type](event);',
        ]),
      ),
    ).toEqual(['hook.ts:6 map[event.type]()']);
    expect(
      warned(
        hook([
          "const SYNCED: string[] = ['customer.created'];",
          "SYNCED.push('invoice.paid');",
          '  if (SYNCED.includes(event.type)) await sync(event);',
        ]),
      ),
    ).toEqual(['hook.ts:7 SYNCED.includes(event.type)']);
    expect(
      warned(
        hook([
          "let SYNCED: string[] = ['customer.created'];",
          'export function configure(types: string[]) { SYNCED = types; }',
          '  if (SYNCED.includes(event.type)) await sync(event);',
        ]),
      ),
    ).toEqual(['hook.ts:7 SYNCED.includes(event.type)']);
    expect(
      warned(
        hook([
          "export function defaults() { const TYPES = ['customer.created']; return TYPES; }",
          "  const TYPES = [...extra, 'customer.updated']; if (TYPES.includes(event.type)) await sync(event);",
        ]),
      ),
    ).toEqual(['hook.ts:6 ...extra', 'hook.ts:6 TYPES.includes(event.type)']);
  });

  it('a table or a list aliased, exported, handed to a call, reassigned or shadowed by a parameter is not as written', () => {
    const warned = (lines: string[], more: Files = {}) =>
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          ...lines.slice(0, -1),
          'export async function h(req: any) {',
          "  const event = stripe.webhooks.constructEvent(req.body, req.sig, 's');",
          lines.at(-1)!,
          '}',
        ].join('\n'),
        ...more,
      }).notUnderstood.map((n) => n.what);
    const list = '  if (SYNCED.includes(event.type)) await sync(event);';
    const lookup = '  await handlers[event.type]?.(event);';
    expect(
      warned(["const SYNCED = ['invoice.paid'];", 'const other = SYNCED;', "other.push('charge.refunded');", list]),
    ).toEqual(['SYNCED.includes(event.type)']);
    expect(
      warned(["export const SYNCED = ['invoice.paid'];", list], {
        'b.ts': "import { SYNCED } from './a';\nSYNCED.push('charge.refunded');\n",
      }),
    ).toEqual(['SYNCED.includes(event.type)']);
    expect(
      warned(["const SYNCED = ['invoice.paid'];", "Array.prototype.push.apply(SYNCED, ['charge.refunded']);", list]),
    ).toEqual(['SYNCED.includes(event.type)']);
    expect(
      warned([
        "const SYNCED = ['invoice.paid'];",
        'const groups = { SYNCED };',
        "groups.SYNCED.push('charge.refunded');",
        list,
      ]),
    ).toEqual(['SYNCED.includes(event.type)']);
    expect(warned(["const SYNCED = ['invoice.paid'];", 'export { SYNCED as LIST };', list])).toEqual([
      'SYNCED.includes(event.type)',
    ]);
    expect(warned(["const SYNCED = ['invoice.paid'];", 'export default SYNCED;', list])).toEqual([
      'SYNCED.includes(event.type)',
    ]);
    expect(
      warned([
        'const handlers = { ping: onPing };',
        "Object.defineProperty(handlers, 'invoice.paid', { value: onPaid });",
        lookup,
      ]),
    ).toEqual(['handlers[event.type]()']);
    expect(
      warned([
        'const handlers = { ping: onPing };',
        'const registry = handlers;',
        "registry['invoice.paid'] = onPaid;",
        lookup,
      ]),
    ).toEqual(['handlers[event.type]()']);
    expect(
      warned([
        'let handlers = { ping: onPing };',
        'export function use(more) { handlers = { ...handlers, ...more }; }',
        lookup,
      ]),
    ).toEqual(['handlers[event.type]()']);
    expect(
      scan({
        'a.ts': [
          CLIENT.trimEnd(),
          "const SYNCED = ['invoice.paid'];",
          'export async function h(event: Stripe.Event, SYNCED: string[]) { if (SYNCED.includes(event.type)) await sync(event); }',
        ].join('\n'),
      }).notUnderstood.map((n) => n.what),
    ).toEqual(['SYNCED.includes(event.type)']);
  });

  it("an event's type behind TypeScript's wrappers: as, <T>, !, satisfies, in a comparison and in a list's includes", () => {
    const files = {
      'hook.ts': [
        "import Stripe from 'stripe';",
        'const stripe = new Stripe(key);',
        'export async function POST(req: Request) {',
        '  const event = stripe.webhooks.constructEvent(await req.text(), sig, secret);',
        "  if ((event.type as string) === 'product.created') {}",
        "  if (event.type as Stripe.Event.Type === 'coupon.created') {}",
        "  if (<string>event.type === 'price.created') {}",
        "  if (event.type! === 'payout.paid') {}",
        "  if ((event.type satisfies string) === 'quote.accepted') {}",
        "  if ('invoice.paid' === (event.type as string)) {}",
        "  if (['charge.refunded'].includes(event.type as string)) {}",
        '}',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    const events = scan(files)
      .needs.filter((n) => n.what.startsWith('event '))
      .map((n) => `${n.line} ${n.what}`);
    expect([...new Set(events)]).toEqual([
      '5 event product.created',
      '6 event coupon.created',
      '7 event price.created',
      '8 event payout.paid',
      '9 event quote.accepted',
      '10 event invoice.paid',
      '11 event charge.refunded',
    ]);
  });

  it('event types as template literals, behind as const, and compared through a name given event.type', () => {
    const events = scan({
      'a.ts': [
        'switch (event.type) {',
        '  case `invoice.paid`: break;',
        '}',
        "if (event.type === ('charge.refunded' as const)) {}",
        'const t = event.type;',
        "if (t === 'payout.paid') {}",
        "if (key === 'config.name') {}",
        // Not an event's type: another field, and a name given another field.
        "if (e.name === 'customer.created') {}",
        'const n = e.name;',
        "if (n !== 'file.created') {}",
      ].join('\n'),
    })
      .needs.filter((n) => n.what.startsWith('event '))
      .map((n) => `${n.line} ${n.what}`);
    expect([...new Set(events)]).toEqual(['2 event invoice.paid', '4 event charge.refunded', '6 event payout.paid']);
  });

  it('an event type set against a constant, an enum member, a list or a prefix is reported, never dropped', () => {
    expect(
      unresolved({
        'wh.ts': [
          "const HANDLED: string[] = JSON.parse(process.env.EVENTS ?? '[]');",
          "enum E { Refunded = 'charge.refunded' }",
          "const T = 'coupon.deleted';",
          'export function handle(event: { type: string }) {',
          '  if (HANDLED.includes(event.type)) {}',
          '  switch (event.type) { case E.Refunded: break; }',
          '  if (event.type === T) {}',
          "  if (event.type.startsWith('subscription_schedule.')) {}",
          "  if (event.type === 'payout.paid') {}",
          '}',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual(['wh.ts:5:7 HANDLED.includes(event.type)', 'wh.ts:8:7 event.type.startsWith()']);
  });

  it("an event's type handed to a function is read where that function sets it against something: a type written out is handled, a prefix reported; a type only logged is not", () => {
    const hook = [
      "import Stripe from 'stripe';",
      "import { isSyncable, isPaid, kind, listed, viaArgs, log, onEvent } from '@acme/sync';",
      "const stripe = new Stripe('sk_test_x');",
      'export function hook(body: string, sig: string) {',
      "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
      '  if (!isSyncable({ eventType: event.type })) return;',
      '  if (isPaid(event.type) || kind({ t: event.type }) || listed(event.type) || viaArgs({ t: event.type })) log(event.type);',
      '  onEvent(event);',
      '  return local(event.type);',
      '}',
      "const local = (t: Stripe.Event.Type) => t.endsWith('.deleted');",
      'export class Hooks {',
      '  handle(event: Stripe.Event) { return this.kind(event.type); }',
      "  kind(t: string) { return t === 'refund.created'; }",
      '}',
    ].join('\n');
    const files = {
      'hook.ts': hook,
      // A workspace package's index re-exports its functions.
      'packages/sync/index.ts':
        "export * from './prefixes';\nexport { isPaid, kind, listed, viaArgs, log, onEvent } from './checks';\n",
      'packages/sync/prefixes.ts': [
        "const PREFIXES = ['invoice.', 'customer.'];",
        'export const isSyncable = ({ eventType }: { eventType: string }) =>',
        '  PREFIXES.some((prefix) => eventType.startsWith(prefix));',
      ].join('\n'),
      'packages/sync/checks.ts': [
        "export function isPaid(t: string) { return t === 'invoice.paid'; }",
        "export function kind(args: { t: string }) { switch (args.t) { case 'charge.refunded': return 1; } }",
        "export function listed(x: string) { return ['payout.paid', 'user.created'].includes(x); }",
        "export function viaArgs(args: { t: string }) { return args.t === 'customer.created'; }",
        "export function log(message: string) { console.log(message.split(':'), message.includes(':')); }",
        // The event handed on whole: its type read by a prefix there.
        "export function onEvent(e: { type: string }) { if (e.type.endsWith('.updated')) return 1; }",
      ].join('\n'),
    };
    const configs = {
      'package.json': '{ "workspaces": ["packages/*"] }',
      'packages/sync/package.json': '{ "name": "@acme/sync", "main": "index.ts" }',
    };
    expect(unresolved(files, configs).map((line) => line.split(' is set against')[0])).toEqual([
      "hook.ts:11:41 t.endsWith(): an event's type",
      "packages/sync/prefixes.ts:3:29 eventType.startsWith(): an event's type handed in by hook.ts:6 isSyncable({ eventType: event.type })",
      'packages/sync/checks.ts:6:52 e.type.endsWith(): the type of an event handed in by hook.ts:8 onEvent(event)',
    ]);
    expect(needs(files, configs).filter((n) => !n.endsWith('event_read'))).toEqual([
      'hook.ts:14 charge_read',
      'packages/sync/checks.ts:1 invoice_read|credit_note_read|quote_read',
      'packages/sync/checks.ts:2 charge_read',
      'packages/sync/checks.ts:3 payout_read|transfer_read|balance_transaction_source_read',
      'packages/sync/checks.ts:4 customer_read',
    ]);
  });

  it("what a function sets its parameter against is read only for the function handed the event's type, not another of the file with a parameter of the same name", () => {
    const files = {
      'hook.ts': [
        "import Stripe from 'stripe';",
        "import { isInvoicePaid, isInvoiceEvent, syncable, viaArgs, withThis } from './utils';",
        "import isRefund from './refund';",
        "const stripe = new Stripe('sk_test_x');",
        'export function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  if (isInvoicePaid(event.type) || isInvoiceEvent(event.type)) return 1;',
        '  if (syncable({ type: event.type }) || viaArgs({ type: event.type } as any) || withThis(event.type)) return 2;',
        '  return isRefund(event.type);',
        '}',
      ].join('\n'),
      // A default export, by the name it is declared with.
      'refund.ts': "export default function isRefund(t: string) { return t === 'charge.refunded'; }",
      'utils.ts': [
        "export function isInvoicePaid(eventType: string) { return eventType === 'invoice.paid'; }",
        // Never handed a webhook's event type: nothing read here.
        "export function isPayoutLabel(eventType: string) { return eventType === 'payout.failed'; }",
        'export function metricName(eventType: string, prefix: string) { return eventType.startsWith(prefix); }',
        // A parameter named type, read by a prefix or a pattern.
        "export function isInvoiceEvent(type: string) { return type.startsWith('invoice.'); }",
        'export const syncable = ({ type }: { type: string }) => /^customer\\./.test(type);',
        "export function viaArgs(args: { type: string }) { return args.type.endsWith('.deleted'); }",
        // TypeScript's this parameter is no argument.
        "export function withThis(this: void, t: string) { return t.startsWith('payout.'); }",
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'utils.ts:4:55 type.startsWith()',
      'utils.ts:5:57 /^customer\\./.test(type)',
      'utils.ts:6:58 args.type.endsWith()',
      'utils.ts:7:58 t.startsWith()',
    ]);
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual([
      'refund.ts:1 charge_read',
      'utils.ts:1 invoice_read|credit_note_read|quote_read',
    ]);
  });

  it("an event's type handed through a namespace import, a required module, a class's static method or an optional call is read there", () => {
    const files = {
      'hook.ts': [
        "import Stripe from 'stripe';",
        "import * as checks from './checks';",
        "import { Plans } from './plans';",
        "const req = require('./req');",
        "const { isPayout } = require('./req');",
        "const stripe = new Stripe('sk_test_x');",
        'class Billing {',
        "  static isCustomer(t: string) { return t === 'customer.created'; }",
        '}',
        "const logger = { info(t: string) { return t.startsWith('x.'); } };",
        'export function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  if (checks.isPaid(event.type) || checks.isInvoice?.(event.type)) return 1;',
        '  if (req.isRefund(event.type) || isPayout(event.type)) return 2;',
        '  if (Billing.isCustomer(event.type) || Plans.isProduct(event.type)) return 3;',
        '  logger.info(event.type);',
        '}',
      ].join('\n'),
      'checks.ts': [
        "export function isPaid(t: string) { return t === 'invoice.paid'; }",
        "export function isInvoice(t: string) { return t.startsWith('invoice.'); }",
      ].join('\n'),
      'req.js': [
        "function isRefund(t) { return t === 'charge.refunded'; }",
        "function isPayout(t) { return t.startsWith('payout.'); }",
        'module.exports = { isRefund, isPayout };',
      ].join('\n'),
      'plans.ts': "export class Plans { static isProduct(t: string) { return t === 'product.created'; } }",
    };
    expect(unresolved(files).map((line) => line.split(' is set against')[0])).toEqual([
      "checks.ts:2:47 t.startsWith(): an event's type handed in by hook.ts:13 checks.isInvoice?.(event.type)",
      "req.js:2:31 t.startsWith(): an event's type handed in by hook.ts:14 isPayout(event.type)",
    ]);
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual([
      'checks.ts:1 invoice_read|credit_note_read|quote_read',
      'hook.ts:8 customer_read',
      'plans.ts:1 product_read|checkout_session_read|payment_intent_read|payment_links_read|quote_read',
      'req.js:1 charge_read',
    ]);
  });

  it("an event's type handed to a function CommonJS exports as it is written, or through an optional member, is read there", () => {
    const files = {
      'hook.js': [
        "const stripe = require('stripe')(process.env.STRIPE_KEY);",
        "const checks = require('./checks');",
        "const { isCustomer } = require('./checks');",
        'exports.hook = async (req) => {',
        "  const event = stripe.webhooks.constructEvent(req.body, req.sig, 'whsec');",
        '  return checks.isPaid(event.type) || isCustomer(event.type) || checks?.isPayout(event.type);',
        '};',
      ].join('\n'),
      'checks.js': [
        "exports.isPaid = function (t) { return t === 'invoice.paid'; };",
        "module.exports.isCustomer = (t) => t === 'customer.created';",
        "exports.isPayout = async function isPayout(t) { return t.startsWith('payout.'); };",
      ].join('\n'),
    };
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual([
      'checks.js:1 invoice_read|credit_note_read|quote_read',
      'checks.js:2 customer_read',
    ]);
    expect(unresolved(files).map((line) => line.split(' is set against')[0])).toEqual([
      "checks.js:3:56 t.startsWith(): an event's type handed in by hook.js:6 checks.isPayout(event.type)",
    ]);
  });

  it('an event or its type handed to a method of a service the class is given (NestJS) or a name made by new is read there', () => {
    const files = {
      'webhook.controller.ts': [
        "import Stripe from 'stripe';",
        "import { BillingService } from './billing.service';",
        'export class WebhookController {',
        '  constructor(private readonly billing: BillingService, private readonly stripe: Stripe) {}',
        '  async handle(body: string, sig: string) {',
        "    const event = this.stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '    await this.billing.process(event);',
        '    const local = new BillingService();',
        '    return this.billing.isCustomer(event.type) || local.isRefund(event.type);',
        '  }',
        '}',
      ].join('\n'),
      'billing.service.ts': [
        'export class BillingService {',
        '  async process(e: { type: string }) {',
        "    if (e.type.startsWith('payout.')) return 1;",
        '  }',
        "  isCustomer(t: string) { return t.startsWith('customer.'); }",
        "  isRefund(t: string) { return t === 'charge.refunded'; }",
        '}',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(' is set against')[0])).toEqual([
      'billing.service.ts:3:9 e.type.startsWith(): the type of an event handed in by webhook.controller.ts:7 this.billing.process(event)',
      "billing.service.ts:5:34 t.startsWith(): an event's type handed in by webhook.controller.ts:9 this.billing.isCustomer(event.type)",
    ]);
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual(['billing.service.ts:6 charge_read']);
  });

  it("an event's type handed to a loop's or a catch's name is not read in the module or class an outer name of it holds", () => {
    const files = {
      'server.ts': [
        "import Stripe from 'stripe';",
        "const checks = require('./checks');",
        "class Billing { accepts(t: string) { return t === 'charge.refunded'; } }",
        'const handler = new Billing();',
        "const stripe = new Stripe('sk_test_x');",
        'export function route(body: string, list: any[]) {',
        "  const event = stripe.webhooks.constructEvent(body, 's', 'w');",
        '  for (const checks of list) checks.isPaid(event.type);',
        '  for (const handler of list) if (handler.accepts(event.type)) return handler;',
        '  try { return 1; } catch (checks) { return checks.isPaid(event.type); }',
        '}',
        'export const made = () => handler;',
      ].join('\n'),
      'checks.js': "exports.isPaid = (t) => t === 'invoice.paid';",
    };
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual([]);
  });

  it("an event's type handed to a module's function is not read there when the name is a parameter, a local, or two modules' in one file", () => {
    const files = {
      'index.js': [
        "const stripe = require('stripe')(process.env.STRIPE_KEY);",
        'exports.invoiceHook = async (req) => {',
        "  const handler = require('./invoices');",
        "  const event = stripe.webhooks.constructEvent(req.body, req.sig, 'whsec');",
        '  if (handler.accepts(event.type)) return 1;',
        '};',
        'exports.customerHook = async (req) => {',
        "  const handler = require('./customers');",
        "  const event = stripe.webhooks.constructEvent(req.body, req.sig, 'whsec');",
        '  if (handler.accepts(event.type)) return 1;',
        '};',
        // A parameter named as a module or a function this file imports is another value.
        "const db = require('./invoices');",
        "const { accepts } = require('./customers');",
        'exports.saved = async (req, db, accepts) => {',
        "  const event = stripe.webhooks.constructEvent(req.body, req.sig, 'whsec');",
        '  return db.accepts(event.type) || accepts(event.type);',
        '};',
      ].join('\n'),
      'hook.ts': [
        "import Stripe from 'stripe';",
        "import * as checks from './checks';",
        "import { isPaid } from './checks';",
        "const stripe = new Stripe('sk_test_x');",
        'export function hook(body: string, sig: string, isPaid: (t: string) => boolean) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  return isPaid(event.type);',
        '}',
        'export function local(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        "  const checks = { isPaid: (t: string) => t === 'x' };",
        '  return checks.isPaid(event.type);',
        '}',
      ].join('\n'),
      'checks.ts': "export function isPaid(t: string) { return t === 'charge.refunded'; }",
      'invoices.js': "function accepts(t) { return t === 'invoice.paid'; }\nmodule.exports = { accepts };",
      'customers.js': "function accepts(t) { return t === 'customer.created'; }\nmodule.exports = { accepts };",
    };
    expect(needs(files).filter((n) => !n.endsWith('event_read'))).toEqual([]);
    expect(unresolved(files)).toEqual([]);
  });

  it('a name typed Stripe.Event.Type is read by a part of a type, not another parameter of the same name split as any string; barrels that re-export each other end', () => {
    expect(
      unresolved({
        'a.ts': [
          "import Stripe from 'stripe';",
          "export function isPaid(t: Stripe.Event.Type) { return t === 'invoice.paid' || t.startsWith('payout.'); }",
          "export function slug(t: string) { return t.split('-').join('_'); }",
          "export function area(t: Stripe.Event.Type) { return t.split('.')[0] === 'invoice' || t.endsWith('failed'); }",
          'const INVOICE = /^invoice\\./;',
          'export const isInvoice = (t: Stripe.Event.Type) => INVOICE.test(t);',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'a.ts:2:79 t.startsWith()',
      'a.ts:4:53 t.split()',
      'a.ts:4:86 t.endsWith()',
      'a.ts:6:52 INVOICE.test(t)',
    ]);
    // Ten barrels, each re-exporting every other: a name none exports is looked for in each once.
    const barrels = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `b${i}.ts`,
        Array.from({ length: 10 }, (_, j) => (j === i ? '' : `export * from './b${j}';`)).join('\n'),
      ]),
    );
    const hook = [
      "import Stripe from 'stripe';",
      "import { missing } from './b0';",
      "const stripe = new Stripe('sk_test_x');",
      'export function hook(b: string, s: string) {',
      "  const event = stripe.webhooks.constructEvent(b, s, 'w');",
      '  return missing(event.type);',
      '}',
    ].join('\n');
    expect(unresolved({ ...barrels, 'hook.ts': hook })).toEqual([]);
    // A name renamed behind export * (export { paidCheck as isPaid }) is looked for anew in a file seen.
    const renamed = {
      'lib/a.ts': "export function paidCheck(t: string) { return t === 'invoice.paid' || t.startsWith('customer'); }",
      'lib/c.ts': "export { paidCheck as isPaid } from './a';",
      'lib/index.ts': "export * from './a';\nexport * from './c';",
      'hook.ts': hook.replace("import { missing } from './b0';", "import { isPaid as missing } from './lib';"),
    };
    expect(unresolved(renamed).map((line) => line.split(': ')[0])).toEqual(['lib/a.ts:1:71 t.startsWith()']);
    expect(needs(renamed)).toContain('lib/a.ts:1 invoice_read|credit_note_read|quote_read');
  });

  it('options a wrapper takes as a parameter are reported at the Stripe call (an expand passed in them is not seen); an id taken as one is not', () => {
    const files = {
      'billing.ts': [
        CLIENT.trimEnd(),
        'export function getCustomer(id: string, params?: object) {',
        '  return stripe.customers.retrieve(id, params);',
        '}',
        'export const getSub = (id: string, opts: object) => stripe.subscriptions.retrieve(id, { ...opts });',
        'export const list = (...rest: any[]) => stripe.invoices.list(...rest);',
        'export const plain = (id: string) => stripe.customers.retrieve(id);',
        'export function withDefault(id: string, params: any = { expand: ["default_source"] }) {',
        '  return stripe.customers.retrieve(id, params);',
        '}',
        'export function grown(id: string, params: any) {',
        "  params.expand = ['latest_invoice'];",
        '  return stripe.subscriptions.retrieve(id, params);',
        '}',
        'export const other = (id: string, params: object) => db.customers.retrieve(id, params);',
        // A local name hides the parameter; request options hold no expand.
        'export function router(params: object) { return async () => { const params = { limit: 3 }; return stripe.customers.list(params); }; }',
        'export const get = (id: string, requestOptions?: Stripe.RequestOptions) => stripe.customers.retrieve(id, requestOptions);',
        // A union with the method's params, or a type of one's own, may hold an expand.
        'export const either = (id: string, p: Stripe.CustomerRetrieveParams | Stripe.RequestOptions) => stripe.customers.retrieve(id, p);',
        // Through a resource kept in a name: which method it is is known only once resolved.
        'const subs = stripe.subscriptions;',
        'export const sub = (id: string, q: object) => subs.retrieve(id, q);',
        'export const subOnly = (id: string) => subs.retrieve(id);',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      'billing.ts:4:40 stripe.customers.retrieve({ expand }): its options come from params, a parameter: an expand passed in them is not seen',
      'billing.ts:6:87 stripe.subscriptions.retrieve({ expand }): its options come from opts, a parameter: an expand passed in them is not seen',
      'billing.ts:7:62 stripe.invoices.list({ expand }): its options come from rest, a parameter: an expand passed in them is not seen',
      'billing.ts:10:40 stripe.customers.retrieve({ expand }): its options come from params, a parameter: an expand passed in them is not seen',
      'billing.ts:14:44 stripe.subscriptions.retrieve({ expand }): its options come from params, a parameter: an expand passed in them is not seen',
      'billing.ts:16:54 db.customers.retrieve(): db is not a Stripe client rak-app can see being created or typed here',
      'billing.ts:19:127 stripe.customers.retrieve({ expand }): its options come from p, a parameter: an expand passed in them is not seen',
      'billing.ts:21:65 subs.retrieve({ expand }): its options come from q, a parameter: an expand passed in them is not seen',
    ]);
    expect(needs(files)).toEqual(expect.arrayContaining(['billing.ts:9 source_read', 'billing.ts:13 invoice_read']));
  });

  it('a parameter declared with a type that holds no expand is no options: an object type, Pick, an interface or class here or imported', () => {
    const files = {
      'dto.ts': [
        'export class CreateCustomerDto { email!: string; name?: string; }',
        'export interface Loose { [key: string]: unknown }',
        "export interface IntentArgs { intentParams: Pick<Stripe.PaymentIntentCreateParams, 'confirm'>; open: Stripe.PaymentIntentCreateParams }",
      ].join('\n'),
      'a.ts': [
        CLIENT.trimEnd(),
        "import { CreateCustomerDto, IntentArgs, Loose } from './dto';",
        'interface NewCustomer { email: string; name?: string }',
        'export const a = (input: NewCustomer) => stripe.customers.create(input);',
        "export const b = (id: string, body: Pick<Stripe.CustomerUpdateParams, 'name'>) => stripe.customers.update(id, body);",
        'export const c = (dto: CreateCustomerDto) => stripe.customers.create(dto);',
        'export const d = (opts: { email: string }) => stripe.customers.create(opts);',
        'export const e = (p: Stripe.CustomerCreateParams) => stripe.customers.create(p);',
        'export const f = (p: Loose) => stripe.customers.create(p);',
        'export const g = (p: Later) => stripe.customers.create(p);',
        'type Later = { email: string };',
        'export const h = (p: WithExpand) => stripe.customers.create(p);',
        'interface WithExpand { expand?: string[] }',
        'export const i = (p: Partial<NewCustomer>) => stripe.customers.create({ ...p });',
        // A member passed whose type, in the parameter's type, holds no expand.
        'export const j = (args: IntentArgs) => stripe.paymentIntents.create({ ...args.intentParams, amount: 1 });',
        'export const k = (args: IntentArgs) => stripe.paymentIntents.create({ ...args.open, amount: 1 });',
        'export const l = (args: { p: { email: string } }) => stripe.customers.create(args.p);',
        // Declarations merged, one with an expand; a class that implements Stripe's params.
        'interface Merged { limit?: number }',
        'interface Merged { expand?: string[] }',
        'export const m = (p: Merged) => stripe.customers.list(p);',
        'class Impl implements Stripe.CustomerUpdateParams { name?: string }',
        'export const n = (id: string, p: Impl) => stripe.customers.update(id, p);',
        // A copy of a part the parameter's type declares with no expand.
        "interface ListArgs { pagination?: Pick<Stripe.PaginationParams, 'starting_after'> }",
        'export const o = (a: ListArgs) => { const p = { limit: 10, ...a.pagination }; return stripe.customers.list(p); };',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.replace(/\(\{ expand \}\).*$/, ''))).toEqual([
      'a.ts:9:78 stripe.customers.create',
      'a.ts:10:56 stripe.customers.create',
      'a.ts:13:61 stripe.customers.create',
      'a.ts:17:69 stripe.paymentIntents.create',
      'a.ts:21:55 stripe.customers.list',
      'a.ts:23:71 stripe.customers.update',
    ]);
  });

  it('options reach a Stripe call from a parameter destructured, copied, aliased or read by a member: each is reported', () => {
    const files = {
      'wrap.ts': [
        CLIENT.trimEnd(),
        'export function a({ id, params }: { id: string; params?: object }) { return stripe.subscriptions.retrieve(id, params); }',
        'export function b(id: string, params?: object) { const options = { ...params }; return stripe.invoices.retrieve(id, options); }',
        'export function c(id: string, opts: { stripe?: object }) { return stripe.charges.retrieve(id, opts.stripe); }',
        'export const d = async (req: any, res: any) => res.json(await stripe.subscriptions.list(req.query));',
        'export function e(id: string, params?: object) { const p = params; return stripe.refunds.retrieve(id, p); }',
        'export function f(id: string, params?: object) { const q = Object.assign({}, params); return stripe.payouts.retrieve(id, q); }',
        'export function g(id: string, params?: object) { const r = { ...(params ?? {}) }; return stripe.quotes.retrieve(id, r); }',
        // An id read from a parameter's member is no options: retrieve takes the id first.
        'export const h = (req: any) => stripe.customers.retrieve(req.params.id);',
        // Copied where it is passed, or spread from a part of one.
        'export const j = (id: string, p?: object) => stripe.paymentIntents.retrieve(id, Object.assign({}, p));',
        'export const k = (id: string, p?: object) => stripe.setupIntents.retrieve(id, structuredClone(p));',
        'export const l = (req: any) => stripe.charges.list({ ...req.query });',
        'export const m = (opts: any) => stripe.invoices.list({ limit: 3, ...opts.params });',
        'export function n(p: object) { const { limit, ...rest } = p as any; return stripe.transfers.list({ limit, ...rest }); }',
        'export const o = (id: string, p?: object) => stripe.mandates.retrieve(id, merge({}, DEFAULTS, p));',
        // An expand added to (??=, push) keeps the caller's; one set (=) may stand behind a condition.
        "export function q(params: any) { (params.expand ??= []).push('data.customer'); return stripe.invoices.list(params); }",
        "export function r(params: any) { params.expand ??= ['data.customer']; return stripe.invoices.list(params); }",
        "export function s(params: any) { if (!params.expand) params.expand = ['data.customer']; return stripe.invoices.list(params); }",
        // Copies of a part of one, and copies made by other means.
        'export function t(opts: any) { const p = { ...opts.params }; return stripe.charges.list(p); }',
        'export function u(opts: any) { return stripe.charges.list(Object.assign({}, opts.params)); }',
        'export function v(opts: any) { const { tenant, ...rest } = opts.params; return stripe.charges.list(rest); }',
        'export function w(p: any) { return stripe.charges.list(JSON.parse(JSON.stringify(p))); }',
        "export function x(p: any) { return stripe.charges.list(omit(p, ['tenant'])); }",
        'export const y = async (req: Request) => stripe.customers.create(await req.json());',
        // accounts.retrieve takes its options first when the account is left out (the platform's own).
        'export const z1 = (params?: Stripe.AccountRetrieveParams) => stripe.accounts.retrieve(params);',
        'export const z2 = (accountId: string) => stripe.accounts.retrieve(accountId);',
        'export const z3 = (acctId) => stripe.accounts.retrieve(acctId);',
        // An id read from a parameter, or one named as an account, is the id.
        'export const z4 = (event: any, account: string | undefined, stripeAccount) => [stripe.accounts.retrieve(event.account), stripe.accounts.retrieve(account), stripe.accounts.retrieve(stripeAccount)];',
        'export const z5 = (req: any) => stripe.accounts.retrieve(req.params.accountId);',
        // A request's body kept or spread, and parts through a condition or a pattern.
        'export async function b1(req: Request) { const body = await req.json(); return stripe.checkout.sessions.create(body); }',
        "export const b2 = async (req: Request) => stripe.checkout.sessions.create({ mode: 'payment', ...(await req.json()) });",
        'export const b3 = (opts: any) => stripe.invoices.list(opts.params ?? {});',
        'export function b4(opts: any) { const { params } = opts; return stripe.invoices.list(params); }',
        // A condition before && is no object spread: only what it gives is.
        'export const b5 = (opts: any) => stripe.products.list({ limit: 10, ...(opts?.after && { starting_after: opts.after }) });',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.replace(/: an expand passed in them is not seen$/, ''))).toEqual([
      'wrap.ts:3:111 stripe.subscriptions.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:4:117 stripe.invoices.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:5:95 stripe.charges.retrieve({ expand }): its options come from opts, a parameter',
      'wrap.ts:6:89 stripe.subscriptions.list({ expand }): its options come from req, a parameter',
      'wrap.ts:7:103 stripe.refunds.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:8:122 stripe.payouts.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:9:117 stripe.quotes.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:11:81 stripe.paymentIntents.retrieve({ expand }): its options come from p, a parameter',
      'wrap.ts:12:79 stripe.setupIntents.retrieve({ expand }): its options come from p, a parameter',
      'wrap.ts:13:52 stripe.charges.list({ expand }): its options come from req, a parameter',
      'wrap.ts:14:54 stripe.invoices.list({ expand }): its options come from opts, a parameter',
      'wrap.ts:15:98 stripe.transfers.list({ expand }): its options come from p, a parameter',
      'wrap.ts:16:75 stripe.mandates.retrieve({ expand }): its options come from p, a parameter',
      'wrap.ts:17:108 stripe.invoices.list({ expand }): its options come from params, a parameter',
      'wrap.ts:18:99 stripe.invoices.list({ expand }): its options come from params, a parameter',
      'wrap.ts:19:117 stripe.invoices.list({ expand }): its options come from params, a parameter',
      'wrap.ts:20:89 stripe.charges.list({ expand }): its options come from opts, a parameter',
      'wrap.ts:21:59 stripe.charges.list({ expand }): its options come from opts, a parameter',
      'wrap.ts:22:100 stripe.charges.list({ expand }): its options come from opts, a parameter',
      'wrap.ts:23:56 stripe.charges.list({ expand }): its options come from p, a parameter',
      'wrap.ts:24:56 stripe.charges.list({ expand }): its options come from p, a parameter',
      'wrap.ts:25:66 stripe.customers.create({ expand }): its options come from req, a parameter',
      'wrap.ts:26:87 stripe.accounts.retrieve({ expand }): its options come from params, a parameter',
      'wrap.ts:31:112 stripe.checkout.sessions.create({ expand }): its options come from req, a parameter',
      'wrap.ts:32:75 stripe.checkout.sessions.create({ expand }): its options come from req, a parameter',
      'wrap.ts:33:55 stripe.invoices.list({ expand }): its options come from opts, a parameter',
      'wrap.ts:34:86 stripe.invoices.list({ expand }): its options come from opts, a parameter',
    ]);
  });

  it('handlers registered with .set() on a map looked up by event type are its keys, whatever other maps the file writes', () => {
    const files = {
      'hooks.ts': [
        CLIENT.trimEnd(),
        'const handlers = new Map<string, (e: Stripe.Event) => Promise<void>>();',
        "handlers.set('invoice.paid', async () => {});",
        "handlers.set('payout.failed', async () => {});",
        "const other = { 'customer.created': async () => {} };",
        "cache.set('charge.refunded', 1);",
        "handlers.set('payout.paid', onPayout).set('payout.canceled', onPayout);",
        "const labels = new Map(); labels.set('charge.refunded', 'Refunded').set('payment_intent.created', messages.en.created);",
        'export async function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  console.log(labels.get(event.type));',
        '  await handlers.get(event.type)?.(event);',
        '}',
      ].join('\n'),
    };
    // Each event needs its own permission and event_read. The object `other` keyed by an event type is
    // taken as a handler map too (a lookup in this file may be of it): charged, never dropped.
    const events = scan(files)
      .needs.filter((n) => n.what.startsWith('event '))
      .map((n) => `${n.line} ${n.what}`);
    expect([...new Set(events)].sort()).toEqual([
      '4 event invoice.paid',
      '5 event payout.failed',
      '6 event customer.created',
      '8 event payout.canceled',
      '8 event payout.paid',
    ]);
  });

  it("a lookup of a map imported from another file is reported, whatever map this file writes: its keys are not this file's", () => {
    const found = scan({
      'registry.ts': "export const handlers = new Map();\nhandlers.set('payout.paid', async () => {});\n",
      'webhook.ts': [
        "import { handlers } from './registry';",
        "const core = { 'invoice.paid': async (e: unknown) => {} };",
        'export const h = (event: any) => (core[event.type] ?? handlers.get(event.type))?.(event);',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line}:${n.column} ${n.what}`)).toEqual([
      'webhook.ts:3:55 handlers.get(event.type)',
    ]);
  });

  it("a lookup of a map the file does not write is reported beside one of a map it writes: each map's keys are its own", () => {
    const found = scan({
      'service.ts': [
        'export class WebhookService {',
        '  constructor(private readonly handlers: Registry) {}',
        "  private local = { 'customer.deleted': () => {} };",
        '  async handle(event: any) {',
        '    await this.handlers.get(event.type)?.(event);',
        '    this.local[event.type]?.();',
        '    config.handlers[event.type]?.();',
        '  }',
        '}',
        "const config = { handlers: { 'invoice.paid': () => {} } };",
      ].join('\n'),
      // An object without event types for keys is no map of them: the lookup is of the map returned.
      'router.ts': [
        "const headers = { 'content-type': 'application/json' };",
        "function buildHandlers() { return { 'invoice.paid': () => {} }; }",
        'const handlers = buildHandlers();',
        'export const route = (event: any) => handlers[event.type]?.(event);',
      ].join('\n'),
      // Maps merged, aliased or destructured from keyed maps are keyed too.
      'merged.ts': [
        "const invoiceHandlers = { 'invoice.paid': () => {} };",
        "const customerHandlers = { 'customer.created': () => {} };",
        'const handlers = { ...invoiceHandlers, ...customerHandlers };',
        'const assigned = Object.assign({}, invoiceHandlers, customerHandlers);',
        'const entries = new Map(Object.entries({ ...invoiceHandlers }));',
        "const config = { routes: { 'payout.paid': () => {} } };",
        'const { routes } = config;',
        'export class Hooks {',
        '  private readonly table = customerHandlers;',
        '  handle(event: any) {',
        '    handlers[event.type]?.(); assigned[event.type]?.(); entries.get(event.type)?.();',
        '    routes[event.type]?.(); this.table[event.type]?.();',
        '  }',
        '}',
      ].join('\n'),
      // An empty object filled by type elsewhere is no map whose keys are written here.
      'registry.ts': [
        'export class Registry {',
        '  private handlers: Record<string, () => void> = {};',
        "  private builtin = { 'customer.deleted': () => {} };",
        '  on(type: string, fn: () => void) { this.handlers[type] = fn; }',
        '  handle(event: any) { this.builtin[event.type]?.(); this.handlers[event.type]?.(); }',
        '}',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'service.ts:5 this.handlers.get(event.type)',
      'registry.ts:5 this.handlers[event.type]()',
    ]);
  });

  it('handlers registered with .set() under a constant are read from it, in this file or another; one not read is reported', () => {
    const files = {
      'events.ts': "export const Events = { Paid: 'invoice.paid' } as const;\n",
      'hooks.ts': [
        CLIENT.trimEnd(),
        "import { Events } from './events';",
        "const FAILED = 'payout.failed';",
        'const handlers = new Map<string, (e: Stripe.Event) => Promise<void>>();',
        'handlers.set(FAILED, onFailed);',
        'handlers.set(Events.Paid, onPaid);',
        'handlers.set(config.extra, onExtra);',
        'cache.set(FAILED, 1);',
        'export function on(type: string, h: () => void) { handlers.set(type, h); }',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        "handlers.set(`${PREFIX}.paid`, onPaid); handlers.set(PREFIX + '.finalized', onPaid);",
        'export async function hook(body: string, sig: string) {',
        "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        '  await handlers.get(event.type)?.(event);',
        '}',
      ].join('\n'),
    };
    const events = scan(files)
      .needs.filter((n) => n.what.startsWith('event '))
      .map((n) => `${n.file}:${n.line} ${n.what}`);
    expect([...new Set(events)].sort()).toEqual(['hooks.ts:6 event payout.failed', 'hooks.ts:7 event invoice.paid']);
    expect(unresolved(files)).toEqual([
      "hooks.ts:8:14 config.extra: an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
      "hooks.ts:10:64 type: an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
      "hooks.ts:11:14 handlers.set(…): an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
      "hooks.ts:11:54 handlers.set(…): an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
    ]);
  });

  it("a raw request's expansions written in its query are charged, as its method's own expand would be", () => {
    expect(
      needs({
        'raw.ts': [
          CLIENT.trimEnd(),
          "await stripe.rawRequest('GET', '/v1/customers/cus_123?expand[]=default_source');",
          "await stripe.rawRequest('GET', '/v1/charges?limit=3&expand%5B0%5D=data.customer');",
        ].join('\n'),
      }),
    ).toEqual(['raw.ts:3 customer_read', 'raw.ts:3 source_read', 'raw.ts:4 charge_read', 'raw.ts:4 customer_read']);
  });

  it('a webhook event verified with constructEvent needs event_read at that call, whatever is done with it next', () => {
    expect(
      needs({
        'hook.ts': [
          CLIENT.trimEnd(),
          'export async function hook(body: string, sig: string, queue: { add(t: string, e: unknown): void }) {',
          "  const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
          '  queue.add(event.type, event);',
          '}',
          'export const later = (b: string, s: string) => stripe.webhooks.constructEventAsync(b, s, "whsec");',
          'export const header = () => stripe.webhooks.generateTestHeaderString({ payload: "{}", secret: "whsec" });',
        ].join('\n'),
      }),
    ).toEqual(['hook.ts:4 event_read', 'hook.ts:7 event_read']);
  });

  it("the static Stripe.webhooks.constructEvent needs event_read as the client's does, imported or required", () => {
    expect(
      needs({
        'a.ts': [
          "import Stripe from 'stripe';",
          "export const hook = (b: string, s: string) => Stripe.webhooks.constructEvent(b, s, 'whsec');",
          'export const header = () => Stripe.webhooks.generateTestHeaderString({ payload: "{}", secret: "w" });',
        ].join('\n'),
        'b.js':
          "const Stripe = require('stripe');\nexports.hook = (b, s) => Stripe.webhooks.constructEventAsync(b, s, 'w');\n",
      }),
    ).toEqual(['a.ts:2 event_read', 'b.js:2 event_read']);
  });

  it("Stripe's v2 event notifications (parseThinEvent, parseEventNotification, a notification handler) are reported: their permissions are not known", () => {
    const found = scan({
      'v2.ts': [
        CLIENT.trimEnd(),
        'export async function POST(req: Request) {',
        "  const event = stripe.parseThinEvent(await req.text(), 'sig', 'whsec');",
        "  const note = await stripe.parseEventNotificationAsync(await req.text(), 'sig', 'whsec');",
        "  const handler = stripe.notificationHandler('whsec');",
        "  stripe.setAppInfo({ name: 'x' });",
        '}',
      ].join('\n'),
    });
    expect(found.needs).toEqual([]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}: ${n.why}`)).toEqual(
      ['parseThinEvent', 'parseEventNotificationAsync', 'notificationHandler'].map(
        (method, i) =>
          `v2.ts:${4 + i} stripe.${method}(): it reads Stripe's v2 event notifications, and which permissions their events need is not known to rak-app`,
      ),
    );
  });

  it("an event by any name: given what constructEvent returns, or typed Stripe.Event or one of Stripe's event types", () => {
    const found = scan({
      'wh.ts': [
        CLIENT.trimEnd(),
        "const INVOICE_PAID = 'invoice.paid';",
        "const EVENTS = { DONE: 'checkout.session.completed' } as const;",
        'export async function a(body: string, sig: string) {',
        "  const e = await stripe.webhooks.constructEventAsync(body, sig, 'whsec');",
        '  if (e.type === INVOICE_PAID) return;',
        "  if (e.type.startsWith('customer.subscription.')) return;",
        '}',
        'export function b(payload: Stripe.Event, p2: Stripe.PayoutPaidEvent) {',
        '  switch (payload.type) { case EVENTS.DONE: break; }',
        '  if (HANDLED.includes(p2.type)) return;',
        '}',
        'export function c(node: { type: string }) {',
        '  if (node.type === INVOICE_PAID) return;',
        '}',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '8 e.type.startsWith()',
      '12 HANDLED.includes(p2.type)',
    ]);
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '7 event invoice.paid',
      '11 event checkout.session.completed',
      '6 stripe.webhooks.constructEventAsync()',
    ]);
  });

  it('a handler map of bound methods or keyed by constants is read; its lookup is reported whatever else the file compares', () => {
    const found = scan({
      'wh.ts': [
        CLIENT.trimEnd(),
        "enum StripeEvent { InvoicePaid = 'invoice.paid' }",
        'export class Hooks {',
        '  private readonly handlers = {',
        "    'customer.subscription.deleted': this.onDeleted.bind(this),",
        '    [StripeEvent.InvoicePaid]: this.onPaid,',
        '  };',
        '  private readonly other = { [StripeEvent.InvoicePaid]: 1 };',
        '  async handle(body: string, sig: string) {',
        "    const event = stripe.webhooks.constructEvent(body, sig, 'whsec');",
        "    if (event.type === 'checkout.session.completed') return;",
        '    await (this as any).handlers[event.type]?.(event);',
        '  }',
        '}',
      ].join('\n'),
      // Handlers wrapped in a call that is handed them: read.
      'wrapped.ts':
        "export const handlers = { 'payout.paid': withRetry(onPaid), 'payout.failed': withRetry(() => 1) };\n",
      // A map of labels keyed by event type (calls, but no handlers): no event handled.
      'labels.ts':
        "import { t } from './i18n';\nexport const LABELS = { 'invoice.paid': t('Invoice paid'), 'charge.refunded': t('Refunded') };\n",
      // A map keyed by a constant that cannot be read: its lookup stays reported.
      'unread.ts':
        "import { K } from 'elsewhere';\nconst m = { [K]: onX };\nexport const f = (event: Stripe.Event) => m[event.type]?.(event);\n",
      // A map imported: its keys are not written out here, whatever this file compares.
      'route.ts': [
        "import { handlers } from './map';",
        'export async function route(event: Stripe.Event) {',
        "  if (event.type === 'invoice.voided') return;",
        '  await handlers[event.type]?.(event);',
        '}',
      ].join('\n'),
    });
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '6 event customer.subscription.deleted',
      '12 event checkout.session.completed',
      '7 event invoice.paid',
      '11 stripe.webhooks.constructEvent()',
      '1 event payout.paid',
      '1 event payout.failed',
      '3 event invoice.voided',
    ]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'unread.ts:3 m[event.type]()',
      'route.ts:4 handlers[event.type]()',
    ]);
  });

  it('event types read by indexOf, by a part (split, match, includes), by a pattern, or every one of them', () => {
    const found = scan({
      'wh.js': [
        CLIENT.trimEnd(),
        'export async function handle(event, url) {',
        "  if (['product.created', 'price.created'].indexOf(event.type) !== -1) return;",
        '  if (/^payout\\./.test(event.type)) return;',
        "  const [resource] = event.type.split('.');",
        "  if (event.type.match(/^invoice/) || event.type.includes('dispute')) return;",
        "  await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });",
        "  if (node.type.includes('x')) return;",
        '}',
      ].join('\n'),
    });
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '4 event product.created',
      '4 event price.created',
      '8 stripe.webhookEndpoints.create',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '5 /^payout\\./.test(event.type)',
      '6 event.type.split()',
      '7 event.type.match()',
      '7 event.type.includes()',
      "8 enabled_events: ['*'], every event type",
    ]);
  });

  it("another library's event (event: PointerEvent, React.ChangeEvent) is no Stripe event, whatever it is called", () => {
    expect(
      unresolved({
        'ui.ts': [
          "const KIND = 'pointer.down';",
          'export function onPointer(event: PointerEvent, ev: React.ChangeEvent<HTMLInputElement>) {',
          "  if (event.type.includes('touch') || /^mouse/.test(event.type)) return;",
          '  if (ev.type.slice(0, 3) === KIND) return;',
          '}',
        ].join('\n'),
      }),
    ).toEqual([]);
    // The project's own alias of Stripe's type is no other library's.
    expect(
      unresolved({
        'wh.ts': [
          'type WebhookEvent = Stripe.Event;',
          "export function handle(event: WebhookEvent) { if (event.type.startsWith('customer.subscription.')) return; }",
        ].join('\n'),
      }).map((line) => line.split(' ').slice(0, 2).join(' ')),
    ).toEqual(['wh.ts:2:51 event.type.startsWith():']);
  });

  it('enum members and constants given an event type are read, in this file or imported from another', () => {
    const found = scan({
      'events.ts': [
        "export enum StripeEvents { Paid = 'invoice.paid', Deleted = `customer.deleted` }",
        "export const EVENTS = { REFUNDED: 'charge.refunded' } as const;",
        "export const PAYOUT = 'payout.paid';",
        "export const LOOSE: Record<string, string> = { CREATED: 'product.created' };",
      ].join('\n'),
      'wh.ts': [
        "import { StripeEvents, EVENTS, PAYOUT as P } from './events';",
        "import * as all from './events';",
        "enum Local { Updated = 'price.updated' }",
        'export function handle(event: { type: string }) {',
        '  switch (event.type) {',
        '    case StripeEvents.Paid: case StripeEvents.Deleted: case EVENTS.REFUNDED: case P:',
        '    case all.LOOSE.CREATED: case Local.Updated: case Later.Done: break;',
        '  }',
        '}',
        "enum Later { Done = 'file.created' }",
      ].join('\n'),
    });
    expect(found.notUnderstood).toEqual([]);
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '6 event invoice.paid',
      '6 event customer.deleted',
      '6 event charge.refunded',
      '6 event payout.paid',
      '7 event product.created',
      '7 event price.updated',
      '7 event file.created',
    ]);
  });

  it('event constants in lists and sets are read; computed cases are reported; a map keyed by them is read', () => {
    const found = scan({
      'wh.ts': [
        "const EVENTS = { PAID: 'invoice.paid', DELETED: 'customer.subscription.deleted' } as const;",
        "enum StripeEvents { Refunded = 'charge.refunded' }",
        'const relevant = new Set([StripeEvents.Refunded]);',
        "const PREFIX = 'payout';",
        'const onPaid = () => {};',
        'const handlers = { [EVENTS.PAID]: onPaid };',
        'export function handle(event: { type: string }) {',
        '  if ([EVENTS.PAID, EVENTS.DELETED].includes(event.type)) {}',
        '  if (relevant.has(event.type)) {}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
        "  switch (event.type) { case `${PREFIX}.paid`: case PREFIX + '.failed': case EVENTS['PAID']: break; }",
        '  handlers[event.type]?.(event);',
        '}',
      ].join('\n'),
    });
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '3 event charge.refunded',
      // The map's key, a constant: read, and its lookup taken to be of it.
      '6 event invoice.paid',
      '8 event invoice.paid',
      '8 event customer.subscription.deleted',
      '10 event invoice.paid',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line}:${n.column} ${n.what}`)).toEqual([
      '10:30 case `…`',
      '10:53 case an expression',
    ]);
  });

  it('a constant is read only where it has one value: shadowed, spread over, a parameter, an enum sibling', () => {
    expect(
      unresolved({
        'events.ts': "export const EVENTS = { PAID: 'invoice.paid' } as const;\n",
        'wh.ts': [
          "import { EVENTS } from './events';",
          "const BASE = { HANDLED: 'customer.subscription.deleted' };",
          "const MERGED = { HANDLED: 'invoice.paid', ...BASE };",
          "const TWICE = { HANDLED: 'invoice.paid', HANDLED: 'customer.created' };",
          "const Paid = 'customer.created';",
          "enum Ev { Paid = 'invoice.paid', Default = Paid }",
          'export function a(event: { type: string }) { return event.type === EVENTS.PAID; }',
          "export function b(event: { type: string }) { const EVENTS = { PAID: 'charge.succeeded' }; return event.type === EVENTS.PAID; }",
          'export function c(event: { type: string }) { return event.type === MERGED.HANDLED || event.type === Ev.Default; }',
          'export function d(event: { type: string }, Paid: string) { return event.type === Paid; }',
          'export function e(event: { type: string }) { return event.type === TWICE.HANDLED; }',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'wh.ts:7:53 compared with EVENTS.PAID',
      'wh.ts:8:98 compared with EVENTS.PAID',
      'wh.ts:9:53 compared with MERGED.HANDLED',
      'wh.ts:9:86 compared with Ev.Default',
      'wh.ts:10:67 compared with Paid',
    ]);
  });

  it('a resource returned by a function, held in an object, or kept in a list: followed or reported', () => {
    const found = scan({
      'a.ts': `${CLIENT}const api = { c: stripe.customers };\nconst subs = () => stripe.subscriptions;\nexport async function f() {\n  for (const r of [stripe.products, stripe.payouts]) await r.list();\n  await api.c.list();\n  await subs().cancel('sub_1');\n}\n`,
    });
    expect(found.needs.map((n) => `${n.line} ${n.anyOf.join('|')}`)).toEqual([
      '7 customer_read',
      '8 subscription_write',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line}:${n.column} ${n.what}`)).toEqual([
      '6:20 stripe.products kept in a list',
      '6:37 stripe.payouts kept in a list',
    ]);
  });

  it('a resource held in a nested object, or in one another file exports (named, default, CommonJS, a namespace)', () => {
    expect(
      needs({
        'stripe.ts': "import Stripe from 'stripe';\nexport const stripe = new Stripe(key);\n",
        'billing.ts': [
          "import { stripe } from './stripe';",
          'export const billing = { subs: stripe.subscriptions, nested: { c: stripe.customers } };',
          'export default { p: stripe.products };',
          'const local = { deep: { r: stripe.refunds } };',
          'local.deep.r.create({});',
        ].join('\n'),
        'cjs.js': "const { stripe } = require('./stripe');\nmodule.exports = { payouts: stripe.payouts };\n",
        'use.ts': [
          "import api, { billing } from './billing';",
          "import * as all from './billing';",
          "const cjs = require('./cjs');",
          "billing.subs.cancel('s');",
          'billing.nested.c.list();',
          'api.p.list();',
          "all.billing.nested.c.del('c');",
          'cjs.payouts.list();',
        ].join('\n'),
      }),
    ).toEqual([
      'billing.ts:5 charge_write',
      'use.ts:4 subscription_write',
      'use.ts:5 customer_read',
      'use.ts:6 product_read',
      'use.ts:7 customer_write',
      'use.ts:8 payout_read',
    ]);
  });

  it('a resource destructured from what rak-app cannot tie to a client is reported where it is called', () => {
    expect(
      unresolved({
        'a.ts':
          "export async function handler(ctx: any) {\n  const { customers } = ctx.stripe;\n  await customers.del('cus_1');\n}\n",
      }),
    ).toEqual([
      'a.ts:3:9 customers.del(): customers is taken from ctx.stripe, which is not a Stripe client rak-app can see being created or typed here',
    ]);
  });

  it("a key typed Stripe in one file does not make another package's typed member a client", () => {
    const found = scan({
      'types.ts': "import type Stripe from 'stripe';\nexport interface StripeDeps { client: Stripe }\n",
      'paddle.ts':
        "import { Paddle } from '@paddle/paddle-node-sdk';\nexport class PaddleBilling {\n  constructor(private readonly client: Paddle) {}\n  cancel(id: string) { return this.client.subscriptions.cancel(id); }\n}\n",
      'billing.ts': "export const cancel = (deps: { client: unknown }) => deps.client.subscriptions.cancel('sub_1');\n",
      // Another package's type further up the chain says nothing of what its `stripe` holds.
      'deps.ts':
        "import { Deps } from '@acme/deps';\nexport class S {\n  constructor(private readonly deps: Deps) {}\n  f() { return this.deps.stripe.customers.list(); }\n}\n",
    });
    // The untyped holder still takes the key's type; Paddle's member is Paddle's.
    expect(found.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual([
      'billing.ts:1 subscription_write',
    ]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'deps.ts:4 this.deps.stripe.customers.list()',
    ]);
  });

  it("a key typed with a Stripe of the file's own, or Stripe.js's, makes no member of that name a client", () => {
    const app = [
      'type Result = { stripe: { invoice: { total: number } } };',
      'const toAmount = (o: { amount: number }) => o.amount / 100;',
      'export const total = (result: Result) => toAmount({ amount: result.stripe.invoice.total });',
      'export const list = (deps: any) => deps.client.customers.list();',
    ].join('\n');
    const found = scan({
      // A generated SDK's model (Speakeasy's): `Stripe` there is its own type, not stripe-node's.
      'sdk.ts': 'export type Stripe = { id: string };\nexport type Processors = { stripe?: Stripe };\n',
      'browser.ts': "import type { Stripe } from '@stripe/stripe-js';\nexport interface Checkout { client: Stripe }\n",
      'app.ts': app,
    });
    // Nothing charged; a call shaped like Stripe's is still reported, as through any unknown receiver.
    expect(found.needs).toEqual([]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`)).toEqual([
      'app.ts:4 deps.client.customers.list()',
    ]);
    // stripe-node's own type still does, and so does a Stripe of the file's that is stripe-node's.
    for (const types of [
      "import type Stripe from 'stripe';\nexport interface Deps { stripe: Stripe; client: Stripe }\n",
      "export type Stripe = import('stripe').Stripe;\nexport interface Deps { client: Stripe }\n",
      "import StripeNode from 'stripe';\nexport type Stripe = StripeNode;\nexport interface Deps { client: Stripe }\n",
      "import _Stripe from 'stripe';\nexport class Stripe extends _Stripe {}\nexport interface Deps { client: Stripe }\n",
    ]) {
      const node = scan({ 'types.ts': types, 'app.ts': app });
      expect(
        node.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`),
        types,
      ).toEqual(['app.ts:4 customer_read']);
    }
    // A default export is the file's own too.
    const own = scan({
      'sdk.ts': 'export default class Stripe {}\nexport type P = { client: Stripe };\n',
      'app.ts': app,
    });
    expect(own.needs).toEqual([]);
  });

  it('a client handed to a function that destructures its parameter, in another file: its resources are followed', () => {
    const files = {
      'main.ts': `import Stripe from 'stripe';\nimport { sync, find, Sync } from './lib';\nconst stripe = new Stripe(key);\nexport const main = async () => {\n  await find(stripe);\n  await new Sync(stripe).run();\n  await sync({ invoices: stripe.invoices });\n};\n`,
      'lib.ts': `export async function find({ customers }) { return customers.search({ query: "email:'a'" }); }\nexport class Sync {\n  constructor({ prices }) { this.prices = prices; }\n  run() { return this.prices.list(); }\n}\nexport async function sync({ invoices }) { return invoices.list(); }\n`,
    };
    const found = scan(files);
    expect(found.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual([
      'lib.ts:1 customer_read',
      'lib.ts:4 plan_read',
    ]);
    // A resource handed over inside an options object is not followed there: reported where it is handed.
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}: ${n.why}`).sort()).toEqual([
      "lib.ts:6 invoices.list(): invoices is taken from sync()'s parameter 1, which is not a Stripe client rak-app can see being created or typed here",
      'main.ts:7 stripe.invoices passed to sync() in an object: calls made through it there cannot be followed from here',
    ]);
  });

  it("a client of the module import('stripe') loads: default taken, destructured, or a local module's export", () => {
    expect(
      needs({
        'a.mjs':
          "export async function f(key) {\n  const Stripe = (await import('stripe')).default;\n  const { default: S2 } = await import('stripe');\n  const { client } = await import('./client.mjs');\n  return [new Stripe(key).customers.list(), new S2(key).invoices.list(), client.prices.list()];\n}\n",
        'client.mjs': "import Stripe from 'stripe';\nexport const client = new Stripe(process.env.K);\n",
      }),
    ).toEqual(['a.mjs:5 customer_read', 'a.mjs:5 invoice_read', 'a.mjs:5 plan_read']);
  });

  it("two classes of one file each with a `client`: one's Stripe, the other's another package's", () => {
    const found = scan({
      'providers.ts': [
        "import Stripe from 'stripe';",
        "import { Paddle } from '@paddle/paddle-node-sdk';",
        'export class StripeProvider {',
        '  constructor(private client: Stripe) {}',
        '  list() { return this.client.customers.list(); }',
        '}',
        'export class PaddleProvider {',
        '  constructor(private client: Paddle) {}',
        "  cancel() { return this.client.subscriptions.cancel('sub_1'); }",
        '}',
        // A subclass reads what its base class, in the same file, holds.
        'export class Billing {',
        '  protected stripe = new Stripe(process.env.K!);',
        '}',
        'export class Invoices extends Billing {',
        '  list() { return this.stripe.invoices.list(); }',
        '}',
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.anyOf.join('|')}`)).toEqual(['5 customer_read', '15 invoice_read']);
    expect(found.notUnderstood).toEqual([]);
  });

  it('a name that holds one resource or another: each is charged, never only the first', () => {
    expect(
      needs({
        'either.ts': `${CLIENT}export const f = (kind: string) => {\n  const res = kind === 'a' ? stripe.charges : stripe.coupons;\n  return res.list();\n};\n`,
        // Names are kept by file, not by scope: one name in two functions is either resource.
        'reused.ts': `${CLIENT}export const a = () => { const api = stripe.customers; return api.list(); };\nexport const b = (customer: string) => { const api = stripe.invoices; return api.create({ customer }); };\n`,
      }),
    ).toEqual([
      'either.ts:5 charge_read',
      'either.ts:5 coupon_read',
      'reused.ts:3 customer_read',
      'reused.ts:3 invoice_read',
      'reused.ts:4 customer_write',
      'reused.ts:4 invoice_write',
    ]);
  });

  it('wrapped items in a list, a parameter destructured with a default or typed by another package', () => {
    const found = scan({
      'a.ts': `${CLIENT}import { findDefault, findRepos } from './b';\nexport async function f() {\n  for (const r of [stripe.products as any, stripe?.payouts, stripe.coupons!]) await r.list();\n  await findDefault(stripe);\n}\n`,
      'b.ts':
        "import type { Repos } from '@acme/db';\nexport async function findDefault({ payouts } = {} as any) { return payouts.list(); }\nexport async function findRepos({ customers }: Repos) { return customers.del('x'); }\n",
    });
    expect(found.needs.map((n) => `${n.file}:${n.line} ${n.anyOf.join('|')}`)).toEqual(['b.ts:2 payout_read']);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line}:${n.column} ${n.what}`)).toEqual([
      'a.ts:5:20 stripe.products kept in a list',
      'a.ts:5:44 stripe.payouts kept in a list',
      'a.ts:5:61 stripe.coupons kept in a list',
    ]);
  });

  it('expand spread from an object declared below; a lookup by event type behind `as`', () => {
    const found = scan({
      'a.ts': `${CLIENT}export const c = () => stripe.charges.retrieve('ch_1', { ...base2 });\nexport async function h(event: Stripe.Event) {\n  const handler = handlers[event.type as keyof typeof handlers];\n  await handler(event);\n}\nconst base2 = { expand: ['payment_intent'] };\n`,
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toContain(
      '8 stripe.charges.retrieve expanding payment_intent',
    );
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual(['5 handlers[event.type]']);
  });

  it("a switch on a name that holds an event's type is read, however it got it", () => {
    const found = scan({
      'a.ts':
        "import type Stripe from 'stripe';\nexport function status(eventType: Stripe.Event.Type) {\n  switch (eventType) { case 'payment_intent.succeeded': return 1; }\n  switch (String(eventType)) { case 'coupon.created': return 2; }\n}\n",
    });
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual([
      '3 event payment_intent.succeeded',
      '4 event coupon.created',
    ]);
  });

  it("a switch on another field than a type is not Stripe's: Paddle names its events as Stripe does", () => {
    const found = scan({
      'paddle.js':
        "export function h(body, event) {\n  switch (body.event_type) { case 'customer.created': break; }\n  switch (event.type) { case 'invoice.paid': break; }\n  switch (event['type']) { case 'charge.refunded': break; }\n}\n",
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual([
      '3 event invoice.paid',
      '3 event invoice.paid',
      '4 event charge.refunded',
      '4 event charge.refunded',
    ]);
    expect(found.notUnderstood).toEqual([]);
  });

  it('a set of event types with one Stripe does not list: the others read, that one reported', () => {
    const found = scan({
      'wh.ts': `${CLIENT}const relevant = new Set(['price.updated', 'invoice_payment.paid']);\nexport const h = (event: Stripe.Event) => relevant.has(event.type);\n`,
    });
    expect([...new Set(found.needs.map((n) => `${n.line} ${n.what}`))]).toEqual(['3 event price.updated']);
    expect(found.notUnderstood.map((n) => `${n.line}:${n.column} ${n.what}`)).toEqual([
      '3:44 event invoice_payment.paid',
    ]);
  });

  it('a lookup by event type kept in a name before the call is reported; a computed string key is read', () => {
    expect(
      unresolved({
        'route.ts':
          "import { handlers } from './map';\nexport async function handle(event) {\n  const handler = handlers[event.type];\n  const other = routes.get(event.type);\n  if (handler) await handler(event);\n}\n",
      }).map((line) => line.split(': ')[0]),
    ).toEqual(['route.ts:3:19 handlers[event.type]', 'route.ts:4:17 routes.get(event.type)']);
    const written = scan({
      'route.ts':
        "const onPaid = async () => {};\nconst handlers = { ['invoice.paid']: onPaid };\nexport async function handle(event) {\n  const handler = handlers[event.type];\n  if (handler) await handler(event);\n}\n",
    });
    expect(written.notUnderstood).toEqual([]);
    expect([...new Set(written.needs.map((n) => `${n.line} ${n.what}`))]).toEqual(['2 event invoice.paid']);
  });

  it('a constant given another value by destructuring, a loop, += or a literal is no constant', () => {
    const handle = 'export const h = (event) => { switch (event.type) { case PAID: break; } };';
    const reassigned = {
      'object.ts': '({ PAID } = other);',
      'array.ts': '[, PAID] = list;',
      'rest.ts': '[...PAID] = list;',
      'nested.ts': '({ all: [PAID = "x"] } = other);',
      'loop.ts': 'for (PAID of list) {}',
      'keys.ts': 'for (PAID in table) {}',
      'added.ts': "PAID += '.x';",
      'number.ts': 'PAID = 5;',
    };
    const found = scan(
      Object.fromEntries(
        Object.entries(reassigned).map(([path, line]) => [path, `let PAID = 'invoice.paid';\n${line}\n${handle}\n`]),
      ),
    );
    expect(found.needs).toEqual([]);
    expect(found.notUnderstood.map((n) => `${n.file}:${n.line} ${n.what}`).sort()).toEqual(
      Object.keys(reassigned)
        .map((path) => `${path}:3 case PAID`)
        .sort(),
    );
  });

  it('a client given by ??=, ||= or &&= is a client', () => {
    expect(
      needs({
        'lazy.ts': `import Stripe from 'stripe';\nlet stripe: Stripe | undefined;\nlet other = null;\nexport function f() {\n  stripe ??= new Stripe(key);\n  other ||= new Stripe(key);\n  let third = ready;\n  third &&= new Stripe(key);\n  return [stripe.customers.list(), other.invoices.list(), third.prices.list()];\n}\n`,
      }),
    ).toEqual(['lazy.ts:9 customer_read', 'lazy.ts:9 invoice_read', 'lazy.ts:9 plan_read']);
  });

  it('a name set against an event type that is not a string constant stays reported', () => {
    expect(
      unresolved({
        'c.ts': "export let MAYBE = 'invoice.paid';\nMAYBE = 'invoice.voided';\nexport enum N { One = 1 }\n",
        'wh.ts': [
          "import { MAYBE, N } from './c';",
          "import { FROM_PACKAGE } from '@acme/events';",
          'export const handle = (event: { type: string }) => {',
          '  if (event.type === MAYBE || event.type === N.One || event.type === FROM_PACKAGE) {}',
          '};',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'wh.ts:4:7 compared with MAYBE',
      'wh.ts:4:31 compared with N.One',
      'wh.ts:4:55 compared with FROM_PACKAGE',
    ]);
  });

  it('a constant of the same file given an event type is read where it is compared', () => {
    const found = scan({
      'wh.ts':
        "const PAID = 'invoice.paid';\nexport const handle = (event) => {\n  switch (event.type) { case PAID: break; }\n};\n",
    });
    expect(found.notUnderstood).toEqual([]);
    expect(found.needs.map((n) => `${n.line} ${n.what}`)).toEqual(['3 event invoice.paid', '3 event invoice.paid']);
  });

  it('an expansion is charged only where the field is expandable; one it cannot place is a warning', () => {
    const found = scan({
      'a.ts': `${CLIENT}stripe.subscriptions.retrieve('sub_1', { expand: ['items.data.price.product'] });\nstripe.products.list({ expand: ['data.default_price', 'data.mystery'] });\n`,
    });
    // A subscription item's price is an object already: only product is expanded.
    expect(found.needs.map((n) => `${n.line} ${n.what}: ${n.anyOf.join('|')}`)).toEqual([
      '3 stripe.subscriptions.retrieve: subscription_read',
      '3 stripe.subscriptions.retrieve expanding product: product_read',
      '4 stripe.products.list: product_read',
      '4 stripe.products.list expanding default_price: plan_read',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line}:${n.column} ${n.what}: ${n.why}`)).toEqual([
      '4:55 stripe.products.list expanding data.mystery: "mystery" is no expandable field of Product that rak-app knows',
    ]);
  });
  it("an older API version's fields are walked as that version shaped them: a line item's price was an object, never an expansion", () => {
    // docs.stripe.com/changelog/basil/2025-03-31/invoice-pricing-configurations: "price and plan fields are
    // no longer available on Invoice Items and Invoice Line Items"; before it, each was the object itself.
    const found = scan({
      'a.ts': `${CLIENT}stripe.invoices.retrieve('in_1', { expand: ['lines.data.price.product', 'lines.data.plan.product'] });\nstripe.invoiceItems.list({ expand: ['data.price.product'] });\n`,
    });
    expect(found.needs.map((n) => `${n.line} ${n.what}: ${n.anyOf.join('|')}`)).toEqual([
      '3 stripe.invoices.retrieve: invoice_read',
      '3 stripe.invoices.retrieve expanding product: product_read',
      '3 stripe.invoices.retrieve expanding product: product_read',
      '4 stripe.invoiceItems.list: invoice_read',
      '4 stripe.invoiceItems.list expanding product: product_read',
    ]);
    expect(found.notUnderstood).toEqual([]);
  });
});

describe('a name given more than one value in a file (names are kept by file, not by function)', () => {
  it('a resource taken from an unknown holder in each of two functions, or from either of two: reported at each call', () => {
    const files = {
      'routes.js': [
        "router.get('/a', async (req, res) => { const { invoices } = req.app.get('stripe'); res.json(await invoices.list()); });",
        "router.post('/b', async (req, res) => { const { invoices } = req.app.get('stripe'); res.json(await invoices.pay(req.params.id)); });",
      ].join('\n'),
      'reused.ts': [
        'export async function sync(ctx) { const invoices = ctx.stripe.invoices; return invoices.list({ limit: 10 }); }',
        'export async function page(db) { const invoices = await db.invoice.findMany(); return invoices.length; }',
      ].join('\n'),
      'either.ts': [
        'export function f(ctx, live: boolean) { const customers = live ? ctx.stripeLive.customers : ctx.stripeTest.customers; return customers.create({}); }',
        'export function g(deps) { const coupons = deps.stripe?.coupons ?? deps.fallback.coupons; return coupons.create({}); }',
      ].join('\n'),
      'unread.ts': [
        "import { getStripe } from '@acme/payments';",
        'export async function a() { const customers = getStripe().customers; return customers.list(); }',
        'export async function b() { const customers = getStripe().customers; return customers.create({}); }',
      ].join('\n'),
      'orm.ts': [
        "import { PrismaClient } from '@prisma/client';",
        'const prisma = new PrismaClient();',
        'export async function a() { const { customers } = prisma as any; return customers.count(); }',
        "export async function b(req: any) { const { customers } = req.app.get('stripe'); return customers.create({}); }",
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'routes.js:1:99 invoices.list()',
      'routes.js:2:100 invoices.pay()',
      'reused.ts:1:80 invoices.list()',
      'either.ts:1:126 customers.create()',
      'either.ts:2:97 coupons.create()',
      'unread.ts:2:77 customers.list()',
      'unread.ts:3:77 customers.create()',
      'orm.ts:4:89 customers.create()',
    ]);
  });

  it('a name given a client in one function and a resource in another: a method only the resource has is charged on it', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "const stripe = new Stripe('sk');",
        'export async function a() { const api = stripe; return api.customers.list(); }',
        'export async function b(id: string) { const api = stripe.invoices; return api.voidInvoice(id); }',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['a.ts:3 customer_read', 'a.ts:4 invoice_write']);
  });
});

describe('the method-level catalog decides each call', () => {
  it('quotes.pdf and creditNotes.preview are reads; usage records have their own permissions', () => {
    expect(
      needs({
        'a.ts': `${CLIENT}stripe.quotes.pdf('qt_1');\nstripe.creditNotes.preview({ invoice: 'in_1' });\nstripe.subscriptionItems.createUsageRecord('si_1', { quantity: 1 });\nstripe.subscriptionItems.listUsageRecordSummaries('si_1');\n`,
      }),
    ).toEqual([
      'a.ts:3 quote_read',
      'a.ts:4 credit_note_read',
      'a.ts:5 usage_record_write',
      'a.ts:6 usage_record_read',
    ]);
  });
});

describe("event types: Stripe's, as the installed stripe package lists them", () => {
  it('a switch or comparison on anything not named or typed as an event counts only the event types Stripe has', () => {
    const files = {
      'labels.ts':
        "export function columnLabel(field: string) { switch (field) { case 'customer.email': return 'Email'; case 'invoice.amount_due': return 'Due'; } }\n",
      'queue.ts': [
        'export async function onMessage(record: { body: string }) {',
        '  const message = JSON.parse(record.body);',
        "  switch (message.type) { case 'invoice.generated': break; case 'customer.signup': break; }",
        "  if (message.type === 'product.creation') return;",
        '}',
        "export function route(kind: string) { switch (kind) { case 'invoice.paid': return 1; } }",
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['queue.ts:6 event_read', 'queue.ts:6 invoice_read|credit_note_read|quote_read']);
  });

  it("a map's dotted keys Stripe sends no such event for, in a file that does not use Stripe, are no events", () => {
    const files = {
      'schemas.ts': [
        "const receiptSchema = { required: ['amount'] };",
        'const SCHEMAS: Record<string, object> = {',
        "  'customer.payment.receipt': receiptSchema,",
        "  'customer.subscription.upgraded': receiptSchema,",
        "  'invoice.paid': receiptSchema,",
        '};',
        'export const schemaFor = (type: string) => SCHEMAS[type];',
      ].join('\n'),
      // The same keys where the file does use Stripe: a handler map, taken by their family.
      'webhook.ts': [
        "import Stripe from 'stripe';",
        'const onPaid = (e: Stripe.Event) => e;',
        "const handlers = { 'customer.payment.receipt': onPaid, 'invoice.paid': onPaid };",
        'export const handle = (event: Stripe.Event) => handlers[event.type as keyof typeof handlers]?.(event);',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([
      'schemas.ts:5 event_read',
      'schemas.ts:5 invoice_read|credit_note_read|quote_read',
      'webhook.ts:3 customer_read',
      'webhook.ts:3 event_read',
      'webhook.ts:3 event_read',
      'webhook.ts:3 invoice_read|credit_note_read|quote_read',
    ]);
  });

  it("an event's type Stripe has no such object for (another provider's: user.created, email.bounced) is not reported", () => {
    const files = {
      'clerk.ts': [
        "import { Webhook } from 'svix';",
        'export async function POST(req: Request) {',
        '  const evt = new Webhook(secret).verify(await req.text(), {}) as any;',
        "  if (evt.type === 'user.created') return 1;",
        "  switch (evt.type) { case 'email.bounced': case 'contact.user.created': return 2; }",
        '}',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([]);
  });
});

describe('ordinary code stays quiet', () => {
  it('a key is learnt from a client handed under it, not from a value that is a client only by the key it is read from', () => {
    const files = {
      'deps.ts': [
        "import Stripe from 'stripe';",
        "const client = new Stripe('sk_test_x');",
        // Learnt: stripe is a key clients are handed over under.
        'export const deps = makeDeps({ stripe: client });',
        'export const list = (ctx: any) => ctx.stripe.payouts.list();',
      ].join('\n'),
      // plan.stripe is a client only by its key: what it is handed under (result) is no client's key,
      // and the hand-off is reported, as where it goes is out of sight.
      'plans.ts': 'export const save = (plan: any) => store({ result: plan.stripe });',
      'report.ts': [
        'export const show = (res: any) => log(res.result);',
        'export const each = (list: any[]) => list.map((entry) => format(entry.result));',
      ].join('\n'),
      // A key typed Stripe is known by its name too: handed on under another key, it is reported there.
      'types.ts': "import type Stripe from 'stripe';\nexport interface AppContext { stripeClient: Stripe }",
      'billing.ts': [
        "import type { AppContext } from './types';",
        'export const wire = (ctx: AppContext) => new Billing({ gateway: ctx.stripeClient });',
        "class Billing { constructor(private opts: any) {} a() { return this.opts.gateway.rawRequest('get', '/v1/balance'); } }",
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      'plans.ts:1:36 plan.stripe passed to store() in an object: calls made through it there cannot be followed from here',
      'billing.ts:2:42 ctx.stripeClient passed to Billing (new) in an object: calls made through it there cannot be followed from here',
    ]);
    expect(needs(files)).toEqual(['deps.ts:4 payout_read']);
  });

  it("another package's client made in one scanned file and imported in another, or kept in a global first", () => {
    const files = {
      'lib/openai.ts': "import OpenAI from 'openai';\nexport const openai = new OpenAI();\n",
      'lib/db.ts': [
        "import { PrismaClient } from '@prisma/client';",
        'const g = globalThis as unknown as { prisma?: PrismaClient };',
        'export const prisma = g.prisma ?? new PrismaClient();',
        'export default prisma;',
      ].join('\n'),
      'jobs/batch.ts': [
        "import { openai } from '../lib/openai';",
        "import db, { prisma } from '../lib/db';",
        "export const upload = (file: File) => openai.files.create({ file, purpose: 'batch' });",
        'export const list = () => openai.files.list();',
        'export const rename = (id: string) => prisma.products.update({ where: { id }, data: {} });',
        'export const drop = (id: string) => db.customers.delete({ where: { id } });',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([]);
    // A name given another package's client in one function and something unknown in another may be either.
    const mixed = {
      'a.ts': [
        "import OpenAI from 'openai';",
        'export const one = (ctx: any) => { const client = ctx.stripe; return client.customers.list(); };',
        'export const two = () => { const client = new OpenAI(); return client.files.list(); };',
      ].join('\n'),
    };
    expect(unresolved(mixed).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:2:70 client.customers.list()',
      'a.ts:3:64 client.files.list()',
    ]);
  });

  it("another object's type, a parameter named type, a logged resource, an ORM's products: no warning", () => {
    expect(
      unresolved({
        'ast.js': "const KIND = 'Identifier';\nexport const isId = (node) => node.type === KIND;\n",
        'check.js': 'export function check(type) { if (type === undefined) throw new Error(); return m.get(type); }\n',
        'reducer.js':
          'export const reduce = (state, action) => { switch (action.type) { case kinds.A: return state; } };\n',
        'lexer.ts': 'export const isPrefix = (type: string, p: string) => type.startsWith(p);\n',
        'log.ts': `${CLIENT}console.log(stripe.customers);\nJSON.stringify(stripe);\n`,
        'orm.ts': "import { products } from 'my-orm';\nproducts.create({});\n",
        'service.ts': [
          "import { Repository } from 'typeorm';",
          'export class CustomerService {',
          '  constructor(private readonly customers: Repository<Customer>) {}',
          '  add(dto: object) { return this.customers.create(dto); }',
          '}',
        ].join('\n'),
      }),
    ).toEqual([]);
  });
});

describe('receivers that only look like resources', () => {
  it("Object.prototype's own methods are no Stripe resources", () => {
    expect(
      unresolved({ 'a.js': 'Object.prototype.hasOwnProperty.call(o, k);\nObject.hasOwnProperty.call(o, k);\n' }),
    ).toEqual([]);
  });
});

describe('the expandable-field table', () => {
  it('is what the installed stripe package declares (npm run expandable)', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-expandable.js'), '--check'], {
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it("a value returned only when expanded, as Stripe's reference marks a secret's payload, needs nothing more; another field is unknown", () => {
    const found = scan({
      'secrets.ts': [
        CLIENT.trimEnd(),
        "await stripe.apps.secrets.find({ name: 'k', scope: { type: 'account' }, expand: ['payload'] });",
        "await stripe.apps.secrets.find({ name: 'k', scope: { type: 'account' }, expand: ['name'] });",
        // A price's prices in other currencies, a map of objects the types mark optional as they do the payload.
        "await stripe.subscriptions.retrieve('sub', { expand: ['items.data.price.currency_options'] });",
      ].join('\n'),
    });
    expect(found.needs.map((n) => `${n.line} ${n.anyOf}`)).toEqual([
      '3 secret_write',
      '4 secret_write',
      '5 subscription_read',
    ]);
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 stripe.apps.secrets.find expanding name',
    ]);
  });

  it("options from a parameter are reported where a field of the call's own can be expanded (a balance transaction's source)", () => {
    const found = scan({
      'a.ts': `${CLIENT}export function txns(params: Stripe.BalanceTransactionListParams) { return stripe.balanceTransactions.list(params); }\n`,
    });
    expect(found.notUnderstood.map((n) => n.what)).toEqual(['stripe.balanceTransactions.list({ expand })']);
  });

  it('options from a parameter of a call whose object has no field to expand are no concern; a field named is reported', () => {
    const found = scan({
      'meter.ts': [
        CLIENT.trimEnd(),
        'export const meter = (params: any) => stripe.billing.meterEvents.create(params);',
        "export const named = () => stripe.billing.meterEvents.create({ event_name: 'x', payload: {}, expand: ['meter'] });",
        'export const customer = (params: any) => stripe.customers.create(params);',
      ].join('\n'),
    });
    expect(found.notUnderstood.map((n) => `${n.line} ${n.what}`)).toEqual([
      '4 stripe.billing.meterEvents.create expanding meter',
      '5 stripe.customers.create({ expand })',
    ]);
  });

  it("a list returned only when expanded (a customer's subscriptions) is charged for the objects it holds", () => {
    const files = {
      'a.ts': [
        CLIENT.trimEnd(),
        "await stripe.customers.retrieve(id, { expand: ['subscriptions'] });",
        "await stripe.customers.list({ expand: ['data.subscriptions'] });",
        "await stripe.customers.retrieve(id, { expand: ['subscriptions.data.default_payment_method'] });",
        // Tax IDs are read with customer_read, as taxIds.retrieve is: nothing more than the customer.
        "await stripe.customers.retrieve(id, { expand: ['tax_ids'] });",
        // A session's line items are the session's own: nothing more is read.
        "await stripe.checkout.sessions.retrieve(id, { expand: ['line_items'] });",
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual([
      'a.ts:3 customer_read',
      'a.ts:3 subscription_read',
      'a.ts:4 customer_read',
      'a.ts:4 subscription_read',
      'a.ts:5 customer_read',
      'a.ts:5 payment_method_read',
      'a.ts:5 subscription_read',
      'a.ts:6 customer_read',
      'a.ts:7 checkout_session_read',
    ]);
  });
});

describe('an included list of objects no app permission reads', () => {
  // dub expands an invoice's payments: InvoicePayment objects, which invoicePayments.retrieve reads
  // and no app permission allows.
  it("an invoice's payments, expanded, are reported: which permission reads them is not known", () => {
    const files = {
      'a.ts': [
        CLIENT.trimEnd(),
        "await stripe.invoices.list({ customer, expand: ['data.payments'] });",
        "await stripe.invoices.retrieve(id, { expand: ['payments.data.payment.payment_intent'] });",
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      'a.ts:3:49 stripe.invoices.list expanding data.payments: which permission reads an expanded "payments" is not known to rak-app',
      'a.ts:4:47 stripe.invoices.retrieve expanding payments.data.payment.payment_intent: which permission reads an expanded "payments" is not known to rak-app',
    ]);
    // What is expanded inside them is charged as anywhere else.
    expect(needs(files)).toEqual(['a.ts:3 invoice_read', 'a.ts:4 invoice_read', 'a.ts:4 payment_intent_read']);
  });
});

describe('a client made where it is handed on, and a resource kept in a member', () => {
  it('a client or its resource made in the call that hands it on is followed into a scanned function, else reported', () => {
    const files = {
      'stripe.ts': "import Stripe from 'stripe';\nexport const getStripe = () => new Stripe(key);\n",
      'route.ts': [
        "import Stripe from 'stripe';",
        "import { getStripe } from './stripe';",
        "import { sync } from 'some-sync';",
        'export const a = () => listAll(getStripe().customers);',
        'export const b = (k: string) => sync(new Stripe(k));',
        'export const c = () => sync(getStripe());',
        'class Subs { subs: any; constructor(c: any) { this.subs = c.subscriptions; } cancel(id: string) { return this.subs.cancel(id); } }',
        'export const d = (k: string) => new Subs(new Stripe(k));',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'route.ts:4:32 getStripe().customers passed to listAll()',
      'route.ts:5:38 new Stripe() passed to sync()',
      'route.ts:6:29 getStripe() passed to sync()',
    ]);
    expect(needs(files)).toEqual(['route.ts:7 subscription_write']);
  });

  it('made where it is handed on behind await, ! or as, too; a call or a built-in class that makes no client is not kept', () => {
    expect(
      unresolved({
        'a.ts': [
          "import Stripe from 'stripe';",
          "import { syncCustomers, ext } from '@vendor/sync';",
          'async function getStripe() { return new Stripe(key); }',
          'export async function a() { await syncCustomers(await getStripe()); }',
          'export function b() { ext(getStripe()!); ext(getStripe() as unknown as Stripe); }',
          'export function c() { console.log(format(new Date()), new Map()); }',
        ].join('\n'),
      }).map((line) => line.split(': ')[0]),
    ).toEqual([
      'a.ts:4:49 getStripe() passed to syncCustomers()',
      'a.ts:5:27 getStripe() passed to ext()',
      'a.ts:5:46 getStripe() passed to ext()',
    ]);
  });

  it("made by a function of the project's own whatever its name, in this file or another; a global's or a package's call is not kept", () => {
    const files = {
      'make.ts': "import Stripe from 'stripe';\nexport function connect() { return new Stripe(key); }\n",
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        "import { connect } from './make';",
        "import { format } from 'date-fns';",
        'function init() { return new Stripe(key); }',
        'const open = async () => new Stripe(key);',
        'export async function a() { syncAll(init()); syncAll(await open()); syncAll(connect()); }',
        'export function b(d: Date) { syncAll(format(d), String(d), helper(d), sum([d])); }',
        'export class C { run() { this.sync.all(below(), helper(1)); } }',
        'function helper(d: Date) { return d.getTime(); }',
        'function below() { return new Stripe(key); }',
        'const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:7:37 init() passed to syncAll()',
      'a.ts:7:54 open() passed to syncAll()',
      'a.ts:7:77 connect() passed to syncAll()',
      'a.ts:9:40 below() passed to this.sync.all()',
    ]);
  });

  it('made by a function the file declares anywhere, imports under a name a local also has, or is still reading', () => {
    const head = "import Stripe from 'stripe';\nimport { syncAll } from '@vendor/sync';\n";
    const cases: [string, string][] = [
      ['nested below', 'export async function run() { syncAll(init()); function init() { return new Stripe(key); } }'],
      [
        'default export below',
        'export async function run() { syncAll(init()); }\nexport default function init() { return new Stripe(key); }',
      ],
      [
        'destructured below',
        "import * as made from './made';\nexport async function run() { syncAll(init()); }\nconst { init } = made;",
      ],
      [
        'a local of another function',
        "import { init } from './made';\nexport function other() { const init = () => 1; return init(); }\nexport async function run() { syncAll(init()); }",
      ],
      [
        'a nested one elsewhere',
        'export function other() { function init() { return 1; } return init(); }\nexport async function run() { syncAll(init()); }\nfunction init() { return new Stripe(key); }',
      ],
      [
        'called inside itself',
        'const init = () => { const c = new Stripe(key); onReconnect(() => syncAll(init())); return c; };',
      ],
      [
        'a namespace of its own files',
        "import * as made from './made';\nexport const run = () => syncAll(made.init());",
      ],
      ['a module required', "const made = require('./made');\nexport const run = () => syncAll(made.init());"],
      [
        'a static method',
        'export const run = () => syncAll(Factory.make());\nclass Factory { static make() { return new Stripe(key); } }',
      ],
      ['called if there', 'function init() { return new Stripe(key); }\nexport const run = () => syncAll(init?.());'],
      [
        'the 32nd argument',
        `export const run = () => syncAll(${Array.from({ length: 31 }, (_, i) => i).join(', ')}, init());\nfunction init() { return new Stripe(key); }`,
      ],
    ];
    for (const [name, body] of cases)
      expect(
        unresolved({ 'a.ts': head + body, 'made.ts': `${CLIENT}export const init = () => stripe;\n` }).filter((line) =>
          line.includes('passed to syncAll()'),
        ),
        name,
      ).toHaveLength(1);
  });

  it('a client made through a wrapper of the function that makes it (once, memoize, cache) is a client when called', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import once from 'lodash/once';",
        "import { memoize } from 'lodash';",
        "import { syncAll } from '@vendor/sync';",
        "import { getShared } from './shared';",
        'const getStripe = once(() => new Stripe(key));',
        'function make() { return new Stripe(key); }',
        'const cached = memoize(make);',
        'export async function run() {',
        '  syncAll(getStripe()); const s = getStripe(); syncAll(s); syncAll(cached()); syncAll(getShared());',
        '  await getStripe().customers.list(); await cached().payouts.list();',
        '}',
      ].join('\n'),
      'shared.ts':
        "import Stripe from 'stripe';\nimport { cache } from 'react';\nexport const getShared = cache(() => new Stripe(key));\n",
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:10:11 getStripe() passed to syncAll()',
      'a.ts:10:56 s passed to syncAll()',
      'a.ts:10:68 cached() passed to syncAll()',
      'a.ts:10:87 getShared() passed to syncAll()',
    ]);
    expect(needs(files)).toEqual(['a.ts:11 customer_read', 'a.ts:11 payout_read']);
  });

  it("a client made once under a name (singleton('stripe', () => new Stripe(key))) is that client", () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { singleton } from './singleton.server';",
        "import { syncAll } from '@vendor/sync';",
        "import { getStripe } from '~/server/stripe';",
        "export const stripe = singleton('stripe', () => new Stripe(key));",
        "const other = withCache('k', function () { return 1; });",
        'export async function run() { await stripe.customers.list(); syncAll(stripe); syncAll(other); }',
        "app.get('/x', (req: any, res: any) => res.json({}));",
        // Not when the function it calls says what it makes, nor through a member (Map's set, a container's register).
        "const factories = new Map().set('platform', () => new Stripe(key)); mount(factories);",
        "const platform = stripeFor('platform', () => key); syncAll(platform);",
        'function stripeFor(name: string, key: () => string) { return new Stripe(key()); }',
        "const unread = getStripe('platform', () => key); syncAll(unread);",
        "const named = remember('stripe', makeStripe); syncAll(named); emit('ready', stripe);",
        'function makeStripe() { return new Stripe(key); }',
      ].join('\n'),
      'singleton.server.ts':
        'export function singleton<T>(name: string, make: () => T): T { const g = globalThis as any; g[name] ??= make(); return g[name]; }\n',
    };
    expect(needs(files)).toEqual(['a.ts:7 customer_read']);
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:7:70 stripe passed to syncAll()',
      'a.ts:10:60 platform passed to syncAll()',
      'a.ts:12:58 unread passed to syncAll()',
      'a.ts:13:55 named passed to syncAll()',
      'a.ts:13:77 stripe passed to emit()',
    ]);
  });

  it("a client a cache's get-or-make method gives (cache.getOrSet('stripe', () => new Stripe(key))) is that client", () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        "const stripe = cache.getOrSet('stripe', () => new Stripe(key));",
        'const connected = clients.getOrInsertComputed(account, () => new Stripe(key, { stripeAccount: account }));',
        "const made = registry.getOrCreate('stripe', makeStripe);",
        "const ttl = cache.remember('stripe', 3600, () => new Stripe(key));",
        "const withOptions = cache.getOrSet('k', () => new Stripe(key), { ttl: 60 });",
        "const named = cache.remember('stripe', TTL, makeStripe); const handled = cache.getOrSet('k', () => new Stripe(key), () => 60);",
        "const fromResource = cache.getOrSet('customers', stripe, (s: Stripe) => s.customers); const fallback = () => stripe.coupons;",
        "const afterFallback = cache.getOrSet('stripe', fallback, () => new Stripe(key));",
        "const withHandler = cache.getOrSet('s', () => new Stripe(key), (e: unknown) => new CacheError(e)); class CacheError { constructor(readonly e: unknown) {} }",
        'function makeStripe() { return new Stripe(key); }',
        // A registration gives no client back: Map's set, a container's bind.
        "const registered = container.bind('stripe', () => new Stripe(key));",
        'export async function run() { syncAll(stripe); syncAll(connected); syncAll(made); syncAll(registered); syncAll(ttl); syncAll(withOptions); }',
        'export const more = () => [syncAll(named), syncAll(handled), fromResource.create({}), afterFallback.invoices.list()];',
        'export const handler = () => withHandler.refunds.create({});',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:9:50 stripe passed to cache.getOrSet()',
      'a.ts:14:39 stripe passed to syncAll()',
      'a.ts:14:56 connected passed to syncAll()',
      'a.ts:14:76 made passed to syncAll()',
      'a.ts:14:112 ttl passed to syncAll()',
      'a.ts:14:126 withOptions passed to syncAll()',
      'a.ts:15:36 named passed to syncAll()',
      'a.ts:15:52 handled passed to syncAll()',
    ]);
    // The function that makes something is taken, wherever it is given: a resource, or the client after a fallback.
    expect(needs(files)).toEqual(['a.ts:15 customer_write', 'a.ts:15 invoice_read', 'a.ts:16 charge_write']);
  });

  it("a client made by an object's function (Clients.platform()), an arrow or a method, called or handed on", () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        'const Clients = { platform: () => new Stripe(key), connected(account: string) { return new Stripe(account); } };',
        'export async function run() {',
        "  syncAll(Clients.platform()); syncAll(Clients.connected('acct_1'));",
        "  await Clients.platform().refunds.create({}); await Clients.connected('acct_1').coupons.list();",
        '}',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:5:11 Clients.platform() passed to syncAll()',
      'a.ts:5:40 Clients.connected() passed to syncAll()',
    ]);
    expect(needs(files)).toEqual(['a.ts:6 charge_write', 'a.ts:6 coupon_read']);
  });

  it('an object frozen or sealed, or with a spread before its own keys, still holds what its keys are given', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        'const Clients = Object.freeze({ platform: () => new Stripe(key) });',
        'const config = Object.seal({ stripe: new Stripe(key) });',
        'const spread = { ...base, made: () => new Stripe(key) };',
        'const before = { made: () => new Stripe(key), ...base };',
        'export async function run() {',
        '  syncAll(Clients.platform()); syncAll(config.stripe); syncAll(spread.made()); syncAll(before.made());',
        '  await Clients.platform().refunds.create({}); await config.stripe.coupons.list(); await spread.made().payouts.list();',
        '}',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual([
      'a.ts:8:11 Clients.platform() passed to syncAll()',
      'a.ts:8:40 config.stripe passed to syncAll()',
      'a.ts:8:64 spread.made() passed to syncAll()',
    ]);
    // `before.made()`: the spread after it may give `made` another value, so nothing is said of it.
    expect(needs(files)).toEqual(['a.ts:9 charge_write', 'a.ts:9 coupon_read', 'a.ts:9 payout_read']);
  });

  it('a client named in snake case (stripe_client, get_stripe()) from a module the scan did not read, handed on: reported; a constant (STRIPE_API, often an injection token) is not', () => {
    const files = {
      'a.py.ts': [
        "import { stripe_client, get_stripe, STRIPE_API, stripe_refund_id, use_stripe, platform_stripe } from '@/lib/clients';",
        "import { syncAll } from '@vendor/sync';",
        'syncAll(stripe_client); syncAll(get_stripe()); syncAll(STRIPE_API); syncAll(stripe_refund_id);',
        'syncAll({ use_stripe }); syncAll(platform_stripe);',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      `a.py.ts:3:9 stripe_client passed to syncAll(): ${unreadWhy('stripe_client', '@/lib/clients')}`,
      `a.py.ts:3:33 get_stripe() passed to syncAll(): ${unreadWhy('get_stripe', '@/lib/clients')}`,
      `a.py.ts:4:34 platform_stripe passed to syncAll(): ${unreadWhy('platform_stripe', '@/lib/clients')}`,
    ]);
  });

  it('made by a function named for a Stripe client, imported from a file the scan did not read (an alias without its configuration, a missing file): reported', () => {
    const files = {
      'a.ts': [
        "import * as made from '@/lib/made';",
        "import { getStripe, stripeForAccount, getStripeInstance } from '~/lib/init';",
        "import { createStripeClient, connect, createClient } from './missing';",
        "import { createStripeRefundId } from '@/lib/ids';",
        "import { stripe } from '@/lib/stripe';",
        "import { syncAll, listAll } from '@vendor/sync';",
        "const legacy = require('./gone/client');",
        "const { newStripe } = require('./gone/stripe');",
        'export async function run() {',
        "  const { makeStripeClient } = await import('@/lib/loaded');",
        '  syncAll(newStripe()); syncAll(makeStripeClient());',
        '  syncAll(made.stripe()); syncAll(getStripe()); syncAll(createStripeClient()); syncAll(legacy.stripeClient());',
        "  syncAll(stripeForAccount('acct_1')); syncAll(getStripeInstance()); syncAll(stripe);",
        '  syncAll(connect()); syncAll(createClient()); syncAll(createStripeRefundId(id)); listAll(getStripe().customers);',
        '}',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      `a.ts:11:11 newStripe() passed to syncAll(): ${unreadWhy('newStripe', './gone/stripe')}`,
      `a.ts:11:33 makeStripeClient() passed to syncAll(): ${unreadWhy('makeStripeClient', '@/lib/loaded')}`,
      `a.ts:12:11 made.stripe() passed to syncAll(): ${unreadWhy('made', '@/lib/made')}`,
      `a.ts:12:35 getStripe() passed to syncAll(): ${unreadWhy('getStripe', '~/lib/init')}`,
      `a.ts:12:57 createStripeClient() passed to syncAll(): ${unreadWhy('createStripeClient', './missing')}`,
      `a.ts:12:88 legacy.stripeClient() passed to syncAll(): ${unreadWhy('legacy', './gone/client')}`,
      `a.ts:13:11 stripeForAccount() passed to syncAll(): ${unreadWhy('stripeForAccount', '~/lib/init')}`,
      `a.ts:13:48 getStripeInstance() passed to syncAll(): ${unreadWhy('getStripeInstance', '~/lib/init')}`,
      `a.ts:13:78 stripe passed to syncAll(): ${unreadWhy('stripe', '@/lib/stripe')}`,
      `a.ts:14:91 getStripe().customers passed to listAll(): ${unreadWhy('getStripe', '~/lib/init')}`,
    ]);
    // Read, the same imports say what they make: nothing here.
    const read = {
      ...files,
      'lib/made.ts': 'export const stripe = () => 1;\n',
      'lib/init.ts': 'export const getStripe = () => 1, stripeForAccount = () => 1, getStripeInstance = () => 1;\n',
      'lib/ids.ts': 'export const createStripeRefundId = (id: string) => id;\n',
      'lib/stripe.ts': 'export const stripe = 1;\n',
      'missing.ts': 'export const createStripeClient = () => 1, connect = () => 1, createClient = () => 1;\n',
      'gone/client.js': 'exports.stripeClient = () => 1;\n',
      'gone/stripe.js': 'exports.newStripe = () => 1;\n',
      'lib/loaded.ts': 'export const makeStripeClient = () => 1;\n',
    };
    const configs = { 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"], "~/*": ["./*"] } } }' };
    expect(unresolved(read, configs)).toEqual([]);
  });

  it('made by a function from an unread module: kept in a name first, handed through a function of the project, generic names from a module named for Stripe, any URL but a CDN', () => {
    const files = {
      'a.ts': [
        "import { getStripe } from '@/lib/stripe';",
        "import { createClient } from '../shared/stripe.ts';",
        "import { stripe as fromDeno } from 'https://deno.land/x/mylib/stripe.ts';",
        "import { syncAll } from '@vendor/sync';",
        "import { run } from './run';",
        'const client = getStripe();',
        'syncAll(client); run(getStripe()); syncAll(createClient()); syncAll(fromDeno);',
      ].join('\n'),
      'run.ts': "import { syncAll } from '@vendor/sync';\nexport function run(client: any) { syncAll(client); }\n",
    };
    expect(unresolved(files)).toEqual([
      `a.ts:7:9 client passed to syncAll(): ${unreadWhy('getStripe', '@/lib/stripe')}`,
      `a.ts:7:22 getStripe() passed to run(): ${unreadWhy('getStripe', '@/lib/stripe')}`,
      `a.ts:7:44 createClient() passed to syncAll(): ${unreadWhy('createClient', '../shared/stripe.ts')}`,
      `a.ts:7:69 fromDeno passed to syncAll(): ${unreadWhy('fromDeno', 'https://deno.land/x/mylib/stripe.ts')}`,
    ]);
  });

  it('stripe from esm.sh with its build version in the path is stripe', () => {
    expect(
      needs({
        'a.ts':
          "import Stripe from 'https://esm.sh/v135/stripe@14.0.0?target=deno';\nconst s = new Stripe(key);\ns.customers.list();\n",
      }),
    ).toEqual(['a.ts:3 customer_read']);
  });

  it('not reported: made by a package of Stripe for the browser, or one through Deno or a CDN', () => {
    const files = {
      'a.ts': [
        "import { loadStripe } from '@stripe/stripe-js';",
        "import { createClient } from 'npm:@supabase/supabase-js@2';",
        "import { getStripe as fromCdn } from 'https://esm.sh/@acme/payments@1';",
        "import Stripe from 'npm:stripe@14';",
        "import { wrap } from '@vendor/wrap';",
        "setStripePromise(loadStripe('pk_test_1')); wrap(createClient('u', 'k')); wrap(fromCdn());",
        'wrap(Stripe.createFetchHttpClient());',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
  });

  it("a client handed inside an object to a package's function or class is reported (a plugin given { stripeClient })", () => {
    const files = {
      'auth.ts': [
        "import Stripe from 'stripe';",
        "import { stripe } from '@better-auth/stripe';",
        "import { PaymentsClient } from '@acme/payments';",
        "import { stripeClient as unread } from '@/lib/stripe';",
        "import { Billing } from './billing';",
        'const stripeClient = new Stripe(key);',
        "export const plugin = stripe({ stripeClient, stripeWebhookSecret: 'whsec' });",
        'export const billing = new Billing({ stripeClient });',
        'export const payments = new PaymentsClient({ client: stripeClient });',
        'export const other = stripe({ stripeClient: unread });',
      ].join('\n'),
      'billing.ts':
        'export class Billing { constructor(private o: { stripeClient: any }) {} run() { return this.o.stripeClient.payouts.list(); } }\n',
    };
    expect(unresolved(files)).toEqual([
      'auth.ts:7:23 stripeClient passed to stripe() in an object: calls made through it there cannot be followed from here',
      'auth.ts:9:25 stripeClient passed to PaymentsClient (new) in an object: calls made through it there cannot be followed from here',
      "auth.ts:10:22 unread passed to stripe() in an object: unread comes from '@/lib/stripe', which this scan did not read, and calls made through it there cannot be followed from here",
    ]);
    expect(needs(files)).toEqual(['billing.ts:1 payout_read']);
  });

  it("a client two objects deep or in a list, handed to a package's function, is reported; to the project's own, its key is followed", () => {
    const files = {
      'auth.ts': [
        "import Stripe from 'stripe';",
        "import { plugin } from '@acme/plugin';",
        "import { connect } from './own';",
        'const stripeClient = new Stripe(key);',
        'export const a = plugin({ options: { stripeClient } });',
        'export const b = plugin([stripeClient, stripeClient.payouts]);',
        'export const c = plugin({ clients: { primary: { stripeClient } } });',
        'export const d = connect({ options: { stripeClient } });',
        "export const e = plugin({ options: { name: 'x' } }, ['a', 'b']);",
        'export const f = plugin([{ client: stripeClient }]);',
      ].join('\n'),
      'own.ts': 'export function connect(config: any) { return config.options.stripeClient.customers.list(); }\n',
    };
    const why = 'calls made through it there cannot be followed from here';
    expect(unresolved(files)).toEqual([
      `auth.ts:5:18 stripeClient passed to plugin() in an object: ${why}`,
      `auth.ts:6:18 stripeClient passed to plugin() in a list: ${why}`,
      `auth.ts:7:18 stripeClient passed to plugin() in an object: ${why}`,
      `auth.ts:10:18 stripeClient passed to plugin() in a list: ${why}`,
      'auth.ts:6:40 stripeClient.payouts kept in a list: calls made through its items cannot be followed',
    ]);
    expect(needs(files)).toEqual(['own.ts:1 customer_read']);
  });

  it("an object named before the call, holding a client, handed to a package's function is reported (stripe(options))", () => {
    const files = {
      'auth.ts': [
        "import Stripe from 'stripe';",
        "import { stripe } from '@better-auth/stripe';",
        'const stripeClient = new Stripe(key);',
        'const options = { stripeClient, createCustomerOnSignUp: true };',
        'const plain = { createCustomerOnSignUp: true };',
        'export const plugin = stripe(options);',
        'export const other = stripe(plain);',
        "export const r = (() => { const options = { url: 'x' }; return createClient(options); })();",
        'const typed: PluginOptions = { stripeClient };',
        'export const t = stripe(typed);',
        'const deep = { options: { stripeClient } };',
        'export const u = stripe(deep);',
      ].join('\n'),
    };
    files['auth.ts'] =
      `import { createClient } from 'redis';\nimport type { PluginOptions } from '@better-auth/stripe';\n${files['auth.ts']}`;
    const why = 'calls made through it there cannot be followed from here';
    // Names are kept by file: another function's `options` does not hide this one, and is taken to
    // be it too (a warning more, never one less).
    expect(unresolved(files)).toEqual([
      `auth.ts:8:30 options passed to stripe(): options holds a client under stripeClient, and ${why}`,
      `auth.ts:10:77 options passed to createClient(): options holds a client under stripeClient, and ${why}`,
      `auth.ts:12:25 typed passed to stripe(): typed holds a client under stripeClient, and ${why}`,
      `auth.ts:14:25 deep passed to stripe(): deep holds a client under stripeClient, and ${why}`,
    ]);
  });

  it("not reported: a client put into an object by the language's functions, the project's own, a test's mock, or a local carrier; its key is followed", () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import assert from 'node:assert';",
        "import * as svc from './svc';",
        'const stripe = new Stripe(key);',
        'export function mw(req: any) { Object.assign(req, { stripe }); return Object.freeze({ stripe }); }',
        'export const started = svc.createBilling({ stripe });',
        'export function check(mockGetDeps: any, x: unknown) { mockGetDeps.mockReturnValue({ stripe }); assert.deepStrictEqual(x, { stripe }); }',
        'export const route = (req: any) => req.stripe.customers.list();',
      ].join('\n'),
      'svc.ts': 'export function createBilling(deps: any) { return deps.stripe.invoices.list(); }\n',
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['a.ts:8 customer_read', 'svc.ts:1 invoice_read']);
  });

  it('the same call made again with the same name (syncAll(stripe) on many lines) is reported at each place', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        'const stripe = new Stripe(key);',
        'syncAll(stripe); syncAll(stripe);',
        'export function run(order: unknown) { syncAll(stripe); syncAll(order); new syncAll(stripe); syncAll(stripe, 1); }',
      ].join('\n'),
    };
    // In the order of the places (a report sorts them so).
    const place = (line: string) => line.split(' ')[0]!.split(':').slice(1).map(Number) as [number, number];
    const byPlace = (a: string, b: string) => place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1];
    expect(
      unresolved(files)
        .map((line) => line.split(': ')[0]!)
        .sort(byPlace),
    ).toEqual([
      'a.ts:4:9 stripe passed to syncAll()',
      'a.ts:4:26 stripe passed to syncAll()',
      'a.ts:5:47 stripe passed to syncAll()',
      'a.ts:5:84 stripe passed to syncAll (new)',
      'a.ts:5:101 stripe passed to syncAll()',
    ]);
  });

  it('a client handed to an arrow function or function expression a const holds is followed into it', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        'const init = () => new Stripe(key);',
        'const syncArrow = async (s: any) => { await s.transfers.list(); };',
        'const syncExpr = async function (c: any, { refunds }: any) { await c.payouts.list(); await refunds.list(); };',
        'export const run = async () => { await syncArrow(init()); const stripe = init(); await syncExpr(stripe, stripe); };',
      ].join('\n'),
    };
    expect(unresolved(files)).toEqual([]);
    expect(needs(files)).toEqual(['a.ts:3 transfer_read', 'a.ts:4 charge_read', 'a.ts:4 payout_read']);
  });

  it('a function typed as returning a client (: Stripe, : Promise<Stripe>) makes one, whatever it returns', () => {
    const files = {
      'a.ts': [
        "import Stripe from 'stripe';",
        "import { syncAll } from '@vendor/sync';",
        'function typed(): Stripe { return (globalThis as any).stripe; }',
        'const later = async (): Promise<Stripe> => load();',
        'function customer(): Stripe.Customer { return load(); }',
        'export async function run() { syncAll(typed()); typed().payouts.list(); (await later()).refunds.list(); syncAll(customer()); }',
      ].join('\n'),
    };
    expect(unresolved(files).map((line) => line.split(': ')[0])).toEqual(['a.ts:6:39 typed() passed to syncAll()']);
    expect(needs(files)).toEqual(['a.ts:6 charge_read', 'a.ts:6 payout_read']);
  });

  it("a function handed in as a parameter is the caller's, not the file's function of that name", () => {
    expect(
      unresolved({
        'a.ts': [
          "import Stripe from 'stripe';",
          "import { syncAll } from '@vendor/sync';",
          'export function withDb(connect: () => unknown) { syncAll(connect()); }',
          'export function connect() { return new Stripe(key); }',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it('a resource kept in a member from a receiver the scan cannot tie to a client is reported where it is called', () => {
    expect(
      unresolved({
        'a.js': [
          'class A { constructor(c) { this.subs = c.subscriptions; } cancel(id) { return this.subs.cancel(id); } }',
          'class B { constructor(deps) { this.r = deps.stripe.refunds; } make() { return this.r.create({}); } }',
          "class C { constructor(c) { this.s = c.subscriptions; } go() { return this.s.cancel('x'); } close() { this.s = undefined; } }",
          'module.exports = { A, B };',
        ].join('\n'),
      }),
    ).toEqual([
      'a.js:1:79 this.subs.cancel(): this.subs is taken from c, which is not a Stripe client rak-app can see being created or typed here',
      'a.js:2:79 this.r.create(): this.r is taken from deps.stripe, which is not a Stripe client rak-app can see being created or typed here',
      'a.js:3:70 this.s.cancel(): this.s is taken from c, which is not a Stripe client rak-app can see being created or typed here',
    ]);
  });
});

describe('the stripe package as Deno, Bun and TypeScript name it', () => {
  it("npm:stripe@17, a CDN's https://esm.sh/stripe@14, and import Stripe = require('stripe')", () => {
    expect(
      needs({
        'a.ts': "import Stripe from 'npm:stripe@17';\nconst stripe = new Stripe(key);\nstripe.customers.list();\n",
        'b.ts':
          "import Stripe from 'https://esm.sh/stripe@14?target=deno';\nconst stripe = new Stripe(key);\nstripe.payouts.list();\n",
        'c.ts': "import Stripe = require('stripe');\nconst stripe = new Stripe(key);\nstripe.refunds.list();\n",
        'd.ts':
          "import S from 'npm:stripe-mock';\nimport T from 'https://esm.sh/stripe-like';\nnew S(k).coupons.list();\nnew T(k).coupons.list();\n",
      }),
    ).toEqual(['a.ts:3 customer_read', 'b.ts:3 payout_read', 'c.ts:3 charge_read']);
  });
});

describe('stripe.rawRequest: the endpoint it names, from the catalog', () => {
  it("a verb and a path written out (a template too) need that endpoint's permission", () => {
    const files = {
      'a.ts':
        CLIENT +
        [
          "await stripe.rawRequest('POST', '/v1/payouts', { amount: 100 });",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'await stripe.rawRequest("get", `/v1/customers/${id}?expand[]=default_source`);',
          "await stripe.rawRequest('DELETE', 'https://api.stripe.com/v1/webhook_endpoints/we_1');",
        ].join('\n'),
    };
    expect(needs(files)).toEqual([
      'a.ts:3 payout_write',
      'a.ts:4 customer_read',
      'a.ts:4 source_read',
      'a.ts:5 webhook_write',
    ]);
    expect(scan(files).needs.map((n) => n.what)).toEqual([
      'stripe.rawRequest(POST /v1/payouts)',
      'stripe.rawRequest(GET /v1/customers/{id})',
      'stripe.rawRequest(GET /v1/customers/{id}) expanding default_source',
      'stripe.rawRequest(DELETE /v1/webhook_endpoints/{id})',
    ]);
    expect(unresolved(files)).toEqual([]);
  });

  it("a query not all written out is reported, since an expand in it is out of sight; the path's permission is still charged", () => {
    const files = {
      'a.ts':
        CLIENT +
        [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'await stripe.rawRequest("GET", `/v1/customers/${id}?${query}`);',
          "await stripe.rawRequest('GET', '/v1/charges?' + qs.stringify(params));",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'await stripe.rawRequest("GET", `/v1/customers/${id}?limit=3`);',
        ].join('\n'),
    };
    expect(needs(files)).toEqual(['a.ts:3 customer_read', 'a.ts:4 charge_read', 'a.ts:5 customer_read']);
    expect(unresolved(files)).toEqual([
      'a.ts:3:7 stripe.rawRequest(GET /v1/customers/{id}): its query is not all written out here, and an expand in it would need permissions the scan cannot see',
      'a.ts:4:7 stripe.rawRequest(GET /v1/charges): its query is not all written out here, and an expand in it would need permissions the scan cannot see',
    ]);
  });

  it("a raw request's params taken as a parameter are reported as a method's options are; an expanded field in a template is computed", () => {
    const files = {
      'a.ts':
        CLIENT +
        [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'export const get = (id: string, params?: object) => stripe.rawRequest("GET", `/v1/customers/${id}`, params);',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'export const path = (p: string) => stripe.rawRequest("GET", `/v1/customers/${p}`);',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
          'export const field = (f: string) => stripe.rawRequest("GET", `/v1/charges/ch_1?expand[]=${f}`);',
        ].join('\n'),
    };
    expect(unresolved(files)).toEqual([
      'a.ts:3:101 stripe.rawRequest(GET /v1/customers/{id})({ expand }): its options come from params, a parameter: an expand passed in them is not seen',
      'a.ts:5:37 stripe.rawRequest(GET /v1/charges/{id}): its query is not all written out here, and an expand in it would need permissions the scan cannot see',
    ]);
  });

  it('behind as const, in a constant of the file, or joined with +', () => {
    expect(
      needs({
        'a.ts':
          CLIENT +
          [
            "const PATH = '/v1/payouts';",
            "await stripe.rawRequest('POST' as const, '/v1/subscriptions' as const);",
            "await stripe.rawRequest('GET', PATH);",
            "await stripe.rawRequest('GET', '/v1/customers/' + id + '?expand[]=x');",
          ].join('\n'),
      }),
    ).toEqual(['a.ts:4 subscription_write', 'a.ts:5 payout_read', 'a.ts:6 customer_read']);
    expect(
      needs({
        'a.ts': `${CLIENT}await stripe.rawRequest('GET', '/v1/invoices', { expand: ['data.payment_intent'] });\n`,
      }),
    ).toEqual(['a.ts:3 invoice_read', 'a.ts:3 payment_intent_read']);
    // An options object two raw requests share: its expansion said once, where it is written.
    const shared = scan({
      'a.ts': `${CLIENT}const opts = { expand: ['customer'] };\nawait stripe.rawRequest('GET', '/v1/invoices/in_1', {}, opts);\nawait stripe.rawRequest('GET', '/v1/invoices/in_2', {}, opts);\n`,
    }).needs.map((n) => `${n.line}:${n.column} ${n.what} ${n.anyOf.join('|')}`);
    expect(shared).toEqual([
      '4:7 stripe.rawRequest(GET /v1/invoices/{id}) invoice_read',
      '3:25 stripe.rawRequest(GET /v1/invoices/{id}) expanding customer customer_read',
      '5:7 stripe.rawRequest(GET /v1/invoices/{id}) invoice_read',
    ]);
    expect(unresolved({ 'a.ts': `${CLIENT}await stripe.rawRequest('GET', 'https://');\n` })).toEqual([
      'a.ts:3:7 stripe.rawRequest(): a raw request: the permission depends on its verb and path, which are not written out here',
    ]);
    // A parameter, a local of another function, a let assigned again: no constant of the file's.
    const notConstant = unresolved({
      'a.ts':
        CLIENT +
        [
          "const PATH = '/v1/payouts';",
          "let target = '/v1/payouts';",
          "function other() { const path = '/v1/customers'; return path; }",
          "export const a = (PATH) => stripe.rawRequest('POST', PATH);",
          "export const b = (path) => stripe.rawRequest('POST', path);",
          "export const c = () => stripe.rawRequest('GET', target);",
          "export function retarget() { target = '/v1/refunds'; }",
        ].join('\n'),
    });
    expect(notConstant.map((line) => line.split(': ')[0])).toEqual([
      'a.ts:6:28 stripe.rawRequest()',
      'a.ts:7:28 stripe.rawRequest()',
      'a.ts:8:24 stripe.rawRequest()',
    ]);
  });

  it('a path or verb not written out, or an endpoint the catalog lacks, is reported', () => {
    expect(
      unresolved({
        'a.ts':
          CLIENT +
          [
            'await stripe.rawRequest(method, path);',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the source the scan reads holds a template
            "await stripe.rawRequest('POST', `/v1/${resource}`);",
            "await stripe.rawRequest('POST', '/v1/no_such_things');",
            "await stripe.rawRequest('GET', '/v1/ephemeral_keys');",
            "await stripe.rawRequest('POST', '/v1/ephemeral_keys');",
            "await stripe.rawRequest.call(stripe, 'POST', '/v1/coupons');",
          ].join('\n'),
      }).map((line) => line.replace(/^a\.ts:(\d+):\d+ /, '$1 ')),
    ).toEqual([
      '3 stripe.rawRequest(): a raw request: the permission depends on its verb and path, which are not written out here',
      '4 stripe.rawRequest(POST /v1/{resource}): a raw request whose path is not all written out here, and matches no Stripe API endpoint rak-app knows',
      '5 stripe.rawRequest(POST /v1/no_such_things): a raw request to no Stripe API endpoint rak-app knows',
      '6 stripe.rawRequest(GET /v1/ephemeral_keys): a raw request to no Stripe API endpoint rak-app knows',
      '7 stripe.rawRequest(POST /v1/ephemeral_keys): no Stripe App permission covers this call',
      '8 stripe.rawRequest(): a raw request: the permission depends on its verb and path, which are not written out here',
    ]);
  });
});
