import { copyFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/run.js';

const MISSING =
  "The provided key 'rk_test_…qs8Kgd' does not have the required permissions for this endpoint on account 'acct_1PJBLEBBLEfV'. Having the 'rak_subscription_read' permission would allow this request to continue.";

async function explainJson(args: string[], options: Parameters<typeof run>[1] = {}) {
  const r = await run(['permissions', 'explain', ...args, '--json'], options);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** An app folder whose manifest requests these permissions; `{ bare }`, one written as a bare name. */
function appWith(...permissions: (string | { bare: string })[]): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'stripe-app.json'),
    JSON.stringify({
      id: 'com.example.app',
      version: '1.0.0',
      name: 'Example',
      stripe_api_access_type: 'restricted_api_key',
      permissions: permissions.map((p) => (typeof p === 'string' ? { permission: p, purpose: 'A purpose.' } : p.bare)),
    }),
  );
  return dir;
}

describe('rak-app permissions explain: whatever the user has in hand', () => {
  it('a permission: the methods and endpoints that need it, from the API catalog', async () => {
    const e = await explainJson(['quote_read']);
    expect(e).toMatchObject({ kind: 'permission', permission: 'quote_read', details: { name: 'quote_read' } });
    expect(e.details.methods).toContainEqual({ call: 'quotes.pdf', verb: 'GET', path: '/v1/quotes/{id}/pdf' });
    expect(e.details.methods.every((m: { verb: string }) => m.verb === 'GET')).toBe(true);
  });

  it('in text: what a permission covers first, then what to do; each step names the permission it adds', async () => {
    const one = await run(['permissions', 'explain', 'quote_read']);
    expect(one.stdout.startsWith('quote_read\n')).toBe(true);
    expect(one.stdout).toMatch(
      /\n\nIf the manifest lacks quote_read, add it: .*stripe apps grant permission quote_read/,
    );
    // An event needs two: each step says which.
    const event = await run(['permissions', 'explain', 'invoice.paid']);
    const steps = event.stdout.split('\n').filter((line) => line.startsWith('If the manifest lacks'));
    expect(steps.map((line) => line.split(',')[0])).toEqual([
      'If the manifest lacks event_read',
      'If the manifest lacks invoice_read',
    ]);
  });

  it("a scope from Stripe's error: the permission behind it", async () => {
    expect(await explainJson(['rak_customer_read'])).toMatchObject({
      kind: 'scope',
      scope: { scope: 'rak_customer_read', permission: 'customer_read' },
      permission: 'customer_read',
    });
    expect(await explainJson(['rak_accounts_kyc_id_numbers_read'])).toMatchObject({
      kind: 'scope',
      permission: null,
      steps: [{ do: 'nothing-grants-it' }],
    });
  });

  it('an error naming a scope the catalog lacks: looked up in Stripe\'s reference, never "nothing can help"', async () => {
    const pasted =
      "The provided key 'rk_live_…ABCD' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_foo_bar_read' permission would allow this request to continue.";
    const r = await run(['permissions', 'explain', pasted]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("which is not in rak-app's catalog (it may be newer than the catalog)");
    expect(r.stdout).toContain("Look rak_foo_bar_read up in Stripe's permission reference");
    expect(r.stdout).not.toContain('No permission in the manifest can change that.');
    expect((await explainJson([pasted])).steps).toEqual([{ do: 'look-up-scope', scope: 'rak_foo_bar_read' }]);
  });

  it("the Apps platform's refusal of a Dashboard view's call: what to do, not that nothing can help", async () => {
    const pasted =
      "This application does not have the required permissions for this endpoint on account 'acct_1'. Having the 'read_only' scope would allow this request to continue.";
    const r = await run(['permissions', 'explain', pasted]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Stripe refused the app's request.");
    expect(r.stdout).toContain('add that permission to the manifest, upload a new version');
    expect(r.stdout).not.toContain('No permission in the manifest can change that.');
    expect((await explainJson([pasted])).steps).toEqual([{ do: 'grant-what-the-view-calls' }]);
  });

  it('a path without its verb: a word of the path is not read as an id, as Stripe routes it', async () => {
    for (const [path, call] of [
      ['/v1/customers/search', 'customers.search'],
      ['/v1/prices/search', 'prices.search'],
      ['/v1/invoices/create_preview', 'invoices.createPreview'],
    ]) {
      expect(await explainJson([path!]), path).toMatchObject({ kind: 'endpoint', method: { call } });
    }
  });

  it('a stripe-node call, with or without stripe.', async () => {
    const e = await explainJson(['stripe.quotes.pdf']);
    expect(e).toMatchObject({
      kind: 'call',
      method: { call: 'quotes.pdf', verb: 'GET', path: '/v1/quotes/{id}/pdf' },
      permission: 'quote_read',
    });
    expect(await explainJson(['subscriptionItems.createUsageRecord'])).toMatchObject({
      permission: 'usage_record_write',
    });
    expect(await explainJson(['v2.core.events.list'])).toMatchObject({
      permission: null,
      reason: expect.stringContaining('v2'),
    });
  });

  it("a call of an older stripe-node's, which the installed one dropped: its release's endpoint, said in words", async () => {
    // stripe-node 11.18.0 Subscriptions.js: `del: stripeMethod({ method: 'DELETE', fullPath: '/v1/subscriptions/{subscription_exposed_id}' })`.
    expect(await explainJson(['stripe.subscriptions.del'])).toMatchObject({
      kind: 'call',
      method: { call: 'subscriptions.del', verb: 'DELETE', path: '/v1/subscriptions/{id}', legacy: '11.18.0' },
      permission: 'subscription_write',
    });
    const r = await run(['permissions', 'explain', 'stripe.invoices.retrieveUpcoming']);
    expect(r.stdout).toMatch(
      /^stripe\.invoices\.retrieveUpcoming\(\) \(stripe-node 17\.7\.0 and earlier\) is GET \/v1\/invoices\/upcoming: it needs invoice_read\./,
    );
    // Listed under its permission with the release that last had it.
    const listed = (await run(['permissions', 'explain', 'subscription_write'])).stdout;
    expect(listed).toMatch(/methods \(\d+, from stripe 23\.1\.0 and older releases\):/);
    expect(listed).toContain('DELETE /v1/subscriptions/{id}  subscriptions.del (stripe-node 11.18.0 and earlier)');
    expect(listed).toMatch(/subscriptions\.cancel\n/);
    expect((await run(['permissions', 'explain', 'order_read'])).stdout).toContain(
      'methods (3, from older stripe-node releases):\n    GET    /v1/orders  orders.list (stripe-node 10.17.0 and earlier)',
    );
    // The endpoint both name is the installed method's.
    expect(await explainJson(['DELETE /v1/subscriptions/sub_1'])).toMatchObject({
      method: { call: 'subscriptions.cancel' },
    });
  });

  it('an endpoint: a template or a concrete path, with the verb or (when only one has it) without', async () => {
    for (const input of [['GET /v1/quotes/{id}/pdf'], ['GET', '/v1/quotes/qt_123/pdf'], ['/v1/quotes/qt_123/pdf']]) {
      expect(await explainJson(input), input.join(' ')).toMatchObject({
        kind: 'endpoint',
        method: { call: 'quotes.pdf' },
        permission: 'quote_read',
      });
    }
    expect(await explainJson(['POST /v1/credit_notes/cn_1/void'])).toMatchObject({ permission: 'credit_note_write' });
  });

  it("a raw request, as code writes it or as the scan prints it: its endpoint's", async () => {
    for (const input of [
      "await this.stripe.rawRequest('POST', '/v1/payouts', { amount: 100 });",
      'stripe.rawRequest(POST /v1/payouts)',
    ])
      expect(await explainJson([input]), input).toMatchObject({
        kind: 'endpoint',
        method: { call: 'payouts.create' },
        permission: 'payout_write',
      });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code explain is given holds a template
    expect(await explainJson(["stripe.rawRequest('get', `/v1/customers/${ id }`)"])).toMatchObject({
      method: { call: 'customers.retrieve' },
      permission: 'customer_read',
    });
    // A path joined with +, more arguments after it: the whole path, not its first string.
    expect(
      await explainJson(["stripe.rawRequest('GET', '/v1/accounts/' + acct + '/persons', JSON.stringify(q))"]),
    ).toMatchObject({
      method: { call: 'accounts.listPersons' },
    });
  });

  it('a pasted Stripe error: the scope it names, the permission, and both possible fixes', async () => {
    const e = await explainJson([MISSING]);
    expect(e).toMatchObject({
      kind: 'stripe-error',
      error: { kind: 'missing-permission', scope: 'rak_subscription_read', account: 'acct_1PJBLEBBLEfV' },
      permission: 'subscription_read',
      steps: [
        {
          do: 'grant',
          when: 'manifest-lacks-it',
          // The Stripe CLI as the user can run it here: its path when it is not on their own PATH.
          command: expect.stringMatching(/(^|\/)stripe apps grant permission subscription_read "<purpose>"$/),
        },
        { do: 'reapprove', when: 'manifest-has-it' },
      ],
    });
  });

  it('the errors no permission fixes', async () => {
    expect(
      await explainJson([
        'This is a restricted API key, but the required permissions are not available for use by restricted keys.',
      ]),
    ).toMatchObject({
      error: { kind: 'not-for-restricted-keys' },
      permission: null,
      steps: [{ do: 'nothing-grants-it' }],
    });
    expect(
      await explainJson([
        'You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.',
      ]),
    ).toMatchObject({ error: { kind: 'stripe-account-header' }, steps: [{ do: 'drop-stripe-account-header' }] });
  });

  it('reads the error from standard input with -, quotes and all', async () => {
    const body = JSON.stringify({ error: { message: MISSING, type: 'invalid_request_error' } });
    expect(await explainJson(['-'], { input: body })).toMatchObject({ permission: 'subscription_read' });
  });

  it('never writes back a whole key that came with the input', async () => {
    const key = `rk_live_${'A1b2C3d4'.repeat(12)}`;
    const r = await run(['permissions', 'explain', `Invalid API Key provided: ${key}`, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(key);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { kind: 'invalid-key' }, steps: [{ do: 'check-the-key' }] });
  });

  it("an expired key (Stripe's api_key_expired) is told apart from one Stripe does not know", async () => {
    const expired = await run(['permissions', 'explain', `Expired API Key provided: rk_test_${'*'.repeat(40)}KtSz7X`]);
    expect(expired.code).toBe(0);
    expect(expired.stdout).toContain('The key has expired (it was rolled with an expiry): Stripe no longer takes it.');
    // Pasting the same key again cannot help: the step is a new key, not a second look at this one.
    expect(expired.stdout).toContain("Generate a new key on the app's settings page (View API keys)");
    expect(expired.stdout).not.toContain('Paste the key again');
    expect(await explainJson([`Expired API Key provided: rk_test_${'*'.repeat(40)}KtSz7X`])).toMatchObject({
      error: { kind: 'expired-key' },
      steps: [{ do: 'new-key' }],
    });
  });
});

describe('rak-app permissions explain --manifest', () => {
  it('the manifest has it: the key or its approval is stale', async () => {
    const app = appWith('subscription_read');
    const e = await explainJson([MISSING, '--manifest', app]);
    expect(e.manifest).toMatchObject({ granted: true, how: 'listed', grantedBy: ['subscription_read'] });
    expect(e.steps).toEqual([{ do: 'reapprove', permission: 'subscription_read' }]);
    const text = await run(['permissions', 'explain', MISSING, '--manifest', app]);
    expect(text.stdout).toContain('grants subscription_read.');
    expect(text.stdout).toContain('Review permissions');
    expect(text.stdout).toContain('generates a new key');
  });

  it('the manifest lacks it: the command that adds it, run in the app folder', async () => {
    const app = appWith('customer_read');
    const e = await explainJson(['stripe.subscriptions.list', '--manifest', join(app, 'stripe-app.json')]);
    expect(e.manifest).toMatchObject({ granted: false, how: 'missing' });
    // `stripe apps grant` edits the manifest of the folder it runs in: that one is named.
    expect(e.steps).toEqual([
      {
        do: 'grant',
        permission: 'subscription_read',
        command: expect.stringMatching(/(^|\/)stripe apps grant permission subscription_read "<purpose>"$/),
      },
    ]);
    expect(e.steps[0].command).toMatch(new RegExp(`^cd \\S*${basename(app)} && `));
    // A copy under another name is no app's manifest: `stripe apps grant` would edit another file.
    copyFileSync(join(app, 'stripe-app.json'), join(app, 'other.json'));
    const copy = await explainJson(['stripe.subscriptions.list', '--manifest', join(app, 'other.json')]);
    expect(copy.steps[0].command).not.toMatch(/^cd /);
  });

  it('granted through write-implies-read or "also implies": said so, with the fallback if Stripe disagrees', async () => {
    const viaWrite = await explainJson([MISSING, '--manifest', appWith('subscription_write')]);
    expect(viaWrite.manifest).toMatchObject({
      granted: true,
      how: 'write-implies-read',
      grantedBy: ['subscription_write'],
    });
    expect(viaWrite.steps.map((s: { do: string; when?: string }) => [s.do, s.when])).toEqual([
      ['reapprove', undefined],
      ['grant', 'still-refused'],
    ]);
    const implied = await explainJson(['GET /v1/invoices', '--manifest', appWith('credit_note_read')]);
    expect(implied.manifest).toMatchObject({ granted: true, how: 'implied', grantedBy: ['credit_note_read'] });
  });

  it('written as a bare name, which Stripe does not accept: it grants nothing, and where to write it out is said', async () => {
    const app = tempDir();
    writeFileSync(
      join(app, 'stripe-app.json'),
      `{\n  "id": "com.example.app",\n  "permissions": [\n    "subscription_read",\n    "customer_write"\n  ]\n}\n`,
    );
    const e = await explainJson([MISSING, '--manifest', app]);
    expect(e.manifest).toMatchObject({ granted: false, how: 'bare', grantedBy: [], line: 4, column: 5 });
    expect(e.steps).toEqual([
      { do: 'write-out', permission: 'subscription_read', at: expect.stringMatching(/(^|\/)stripe-app\.json:4:5$/) },
    ]);
    const text = await run(['permissions', 'explain', MISSING, '--manifest', app]);
    expect(text.stdout).toContain(
      'stripe-app.json lists subscription_read as a bare name, which Stripe does not accept: it grants nothing.',
    );
    expect(text.stdout).toContain(
      'stripe-app.json:4:5 as { "permission": "subscription_read", "purpose": "<why the app needs it>" }',
    );
    // A bare write permission implies nothing either.
    const read = await explainJson(['customer_read', '--manifest', app]);
    expect(read.manifest).toMatchObject({ granted: false, how: 'missing' });
  });

  it('a missing manifest is a usage error', async () => {
    const r = await run(['permissions', 'explain', 'customer_read', '--manifest', join(tempDir(), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rak-app: .*nope: no manifest there\.\n/);
  });
});

describe('rak-app permissions explain: input it cannot read', () => {
  it.each([
    [['customers_read'], 'Unknown permission "customers_read". Did you mean "customer_read"?'],
    [
      ['rak_customers_read'],
      'Unknown scope "rak_customers_read": no app permission has that name. Did you mean "customer_read"?',
    ],
    [
      ['stripe.quotes.pfd'],
      'No method "stripe.quotes.pfd" in the stripe package: not in 23.1.0, nor in 17.7.0, 11.18.0, 10.17.0 or 8.222.0. Did you mean "quotes.pdf"?',
    ],
    [['GET /v1/nothing'], 'No Stripe endpoint matches "GET /v1/nothing"'],
    [
      ['/v1/customers/cus_1'],
      '"/v1/customers/cus_1" is more than one endpoint: GET (customers.retrieve), POST (customers.update), DELETE (customers.del).',
    ],
    [[], 'permissions explain needs what to explain'],
  ])('%j', async (args, message) => {
    const r = await run(['permissions', 'explain', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`rak-app: ${message}`);
  });
});

describe('rak-app permissions list --json', () => {
  it('gives each permission its methods and endpoints from the API catalog', async () => {
    const list = JSON.parse((await run(['permissions', 'list', '--json'])).stdout).permissions as {
      name: string;
      methods: { call: string; verb: string; path: string }[];
    }[];
    const methodsOf = (name: string) => list.find((p) => p.name === name)?.methods.map((m) => m.call) ?? [];
    expect(methodsOf('quote_read')).toContain('quotes.pdf');
    expect(methodsOf('quote_write')).not.toContain('quotes.pdf');
    expect(methodsOf('credit_note_read')).toContain('creditNotes.preview');
    expect(methodsOf('usage_record_write')).toEqual(['subscriptionItems.createUsageRecord']);
  });
});

describe('rak-app permissions explain: input as people paste it', () => {
  it.each([
    [
      'an error with curly quotes, as a chat or a mail shows it',
      'The provided key ‘rk_live_…ABCD’ does not have the required permissions for this endpoint on account ‘acct_1’. Having the ‘rak_invoice_write’ permission would allow this request to continue.',
      'invoice_write',
    ],
    [
      "the error's last sentence alone",
      "Having the 'rak_charge_write' permission would allow this request to continue.",
      'charge_write',
    ],
    ['a scope with the quotes Stripe puts around it', "'rak_subscription_read'", 'subscription_read'],
    ['a permission in double quotes', '"customer_read"', 'customer_read'],
    ['a permission as a constant names it', 'CUSTOMER_READ', 'customer_read'],
    ['a call with its arguments', 'stripe.customers.list({ limit: 3 })', 'customer_read'],
    [
      'a call through a receiver, awaited',
      "await this.stripe.checkout.sessions.create({ mode: 'payment' });",
      'checkout_session_write',
    ],
  ])('%s', async (_what, input, permission) => {
    expect(await explainJson([input])).toMatchObject({ permission });
  });

  it('a Stripe error wins wherever it is in what was pasted: after a call, inside parentheses', async () => {
    const error =
      "The provided key 'rk_test_abc' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_customer_read' permission would allow this request to continue.";
    for (const pasted of [
      `stripe.subscriptions.update(sub_1) failed: ${error} (request req_123)`,
      `err.raw.message (${error})`,
    ])
      expect(await explainJson([pasted])).toMatchObject({ kind: 'stripe-error', permission: 'customer_read' });
  });

  it('a call is read from the name that is the client on; a namespace after it is never dropped', async () => {
    for (const input of ['stripe.isuing.disputes.list', 'stripe.issuing.refunds.list']) {
      const r = await run(['permissions', 'explain', input]);
      expect(r.code, input).toBe(2);
      expect(r.stderr).toContain(`No method "${input}"`);
    }
    expect(await explainJson(['ctx.stripeClient.checkout.sessions.create'])).toMatchObject({
      permission: 'checkout_session_write',
    });
    // A client by any other name: the longest ending that is a method.
    for (const [input, permission] of [
      ['this.client.invoices.create()', 'invoice_write'],
      ["stripeClient.refunds.create({ charge: 'ch_1' })", 'charge_write'],
      ['api.billing.meters.list()', 'billing_meter_read'],
    ])
      expect(await explainJson([input!]), input).toMatchObject({ permission });
  });

  it("a webhook event's type: the permissions any one of which receives it, and event_read, which every event needs", async () => {
    const e = await explainJson(['invoice.paid']);
    expect(e).toMatchObject({
      kind: 'event',
      event: { type: 'invoice.paid', anyOf: ['invoice_read', 'credit_note_read', 'quote_read'] },
      permission: 'invoice_read',
    });
    expect(e.steps.map((s: { permission: string }) => s.permission)).toEqual(['event_read', 'invoice_read']);
    const text = await run(['permissions', 'explain', 'customer.subscription.updated']);
    expect(text.stdout).toContain(
      'The event customer.subscription.updated needs subscription_read or quote_read (any one of them), and event_read, which every webhook event needs.',
    );
    // With the manifest: one of the permissions it grants is the one named; event_read is weighed too.
    const app = appWith('credit_note_read');
    const granted = await explainJson(['invoice.paid', '--manifest', app]);
    expect(granted).toMatchObject({ permission: 'credit_note_read', manifest: { granted: true, how: 'listed' } });
    expect(granted.event.eventRead).toMatchObject({ granted: false, how: 'missing' });
    expect(granted.steps).toEqual([
      expect.objectContaining({ do: 'grant', permission: 'event_read' }),
      { do: 'reapprove', permission: 'credit_note_read', when: 'stripe-refuses-it' },
    ]);
    // account.application.* needs event_read alone; a type Stripe's table lacks is said so.
    expect(await explainJson(['account.application.authorized'])).toMatchObject({ permission: 'event_read' });
    expect(await explainJson(['sigma.scheduled_query_run.created'])).toMatchObject({ kind: 'event', permission: null });
    const unknown = await run(['permissions', 'explain', 'invoice.payed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "invoice.paid"');
  });

  it("an event's type in capitals or as a prefix (invoice.*); with the manifest, event_read's own step first, written out where bare", async () => {
    expect(await explainJson(['INVOICE.PAID'])).toMatchObject({ kind: 'event', event: { type: 'invoice.paid' } });
    // A prefix whose events Stripe's table splits says so.
    expect((await explainJson(['customer.*'])).reason).toBe(
      'Some of its events need another: customer.subscription.* subscription_read or quote_read.',
    );
    expect(await explainJson(['charge.dispute.*'])).toMatchObject({
      kind: 'event',
      event: { type: 'charge.dispute.*', anyOf: ['dispute_read'] },
      permission: 'dispute_read',
    });
    // event_read missing: its step comes before any fallback for the event's own permission.
    const quotes = await explainJson(['invoice.paid', '--manifest', appWith('quote_write')]);
    expect(quotes.steps.map((s: { do: string; permission: string }) => `${s.do} ${s.permission}`)).toEqual([
      'grant event_read',
      'reapprove quote_read',
      'grant quote_read',
    ]);
    // A write twin of one of the permissions is named before one granted only through "also implies".
    expect(await explainJson(['invoice.paid', '--manifest', appWith('credit_note_write', 'event_read')])).toMatchObject(
      {
        permission: 'credit_note_read',
        manifest: { how: 'write-implies-read' },
      },
    );
    // An event with no permission of its own still needs event_read: its step is given.
    const sigma = await explainJson(['sigma.scheduled_query_run.created', '--manifest', appWith('customer_read')]);
    expect(sigma.steps).toContainEqual(expect.objectContaining({ do: 'grant', permission: 'event_read' }));
    // event_read written as a bare name grants nothing: where to write it out is said.
    const bare = await explainJson(['invoice.paid', '--manifest', appWith('invoice_read', { bare: 'event_read' })]);
    expect(bare.steps[0]).toMatchObject({ do: 'write-out', permission: 'event_read' });
  });

  it("a typo in an event type's first name is suggested the event; a v2 event notification's type is said to be outside Stripe's table", async () => {
    const typo = await run(['permissions', 'explain', 'invoce.paid']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No event type or method "invoce.paid" in the stripe package');
    expect(typo.stderr).toContain('"invoice.paid"');
    // Named as an event is and as a method is: both suggested.
    const both = await run(['permissions', 'explain', 'customer.list']);
    expect(both.stderr).toContain('"customers.list"');
    const thin = await explainJson(['v1.billing.meter.error_report_triggered']);
    expect(thin).toMatchObject({ kind: 'event', permission: null, event: { anyOf: [] } });
    expect(thin.reason).toContain('v2 event notification');
    // A v2 method is still a method.
    expect(await explainJson(['stripe.v2.core.accounts.create'])).toMatchObject({ kind: 'call' });
  });

  it("stripe.webhooks.constructEvent sends no request: code that verifies Stripe's events needs event_read", async () => {
    for (const input of [
      'stripe.webhooks.constructEvent',
      'this.stripe.webhooks.constructEventAsync(body, sig, secret)',
      'constructEventAsync',
      'stripe.webhooks.signature.verifyHeader',
    ]) {
      const e = await explainJson([input]);
      expect(e, input).toMatchObject({ kind: 'call', permission: 'event_read' });
      expect(e.method, input).toBeUndefined();
    }
    const text = await run(['permissions', 'explain', 'stripe.webhooks.constructEvent']);
    expect(text.stdout).toContain('stripe.webhooks.constructEvent() sends no request to Stripe: it needs event_read.');
  });

  it('two calls in one input are no one call: not read as the first', async () => {
    for (const input of ['await stripe.customers.retrieve(id); await stripe.subscriptions.cancel(subId)', 'a() && b()'])
      expect((await run(['permissions', 'explain', input])).code, input).toBe(2);
  });

  it("an error's last sentence naming a scope the catalog lacks: looked up, as the whole error is", async () => {
    const e = await explainJson(["Having the 'rak_foo_bar_read' permission would allow this request to continue."]);
    expect(e.steps).toEqual([{ do: 'look-up-scope', scope: 'rak_foo_bar_read' }]);
  });

  it('several things at once: each named, to explain one at a time (exit 2)', async () => {
    const r = await run(['permissions', 'explain', 'customer_read', 'quote_read']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'permissions explain takes one thing at a time; "customer_read", "quote_read" are each one.',
    );
  });
});

describe('rak-app permissions explain --manifest with a local manifest', () => {
  it('whose extends goes round in a loop, or names a file that is not there: said so, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.a.json'), '{ "extends": "stripe-app.b.json" }');
    writeFileSync(join(dir, 'stripe-app.b.json'), '{ "extends": "stripe-app.a.json" }');
    writeFileSync(join(dir, 'stripe-app.c.json'), '{ "extends": "stripe-app.gone.json" }');
    const loop = await run(['permissions', 'explain', 'quote_read', '--manifest', 'stripe-app.b.json'], { cwd: dir });
    expect(loop.code).toBe(2);
    expect(loop.stderr).toContain(
      'stripe-app.b.json: its "extends" goes round in a loop (stripe-app.b.json → stripe-app.a.json → stripe-app.b.json)',
    );
    const gone = await run(['permissions', 'explain', 'quote_read', '--manifest', 'stripe-app.c.json'], { cwd: dir });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('stripe-app.c.json extends stripe-app.gone.json, which is not there.');
  });
});
