import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { matchEndpoint } from '../../src/catalog/endpoints.js';
import { type ProxySession, startProxySession } from '../../src/commands/proxy.js';
import { type FakeStripeApi, startFakeStripeApi } from '../helpers/fake-stripe-api.js';
import { BIN, captureIo, run, tempDir, testEnv } from '../helpers/run.js';

/** Whether this machine has an IPv6 loopback to listen on (a container may have none). */
const CAN_LISTEN_ON_IPV6_LOOPBACK = await new Promise<boolean>((resolve) => {
  const server = createNetServer();
  server.once('error', () => resolve(false));
  server.listen(0, '::1', () => server.close(() => resolve(true)));
});

/** The partner's own test-mode key: Stripe (the fake) lets it do anything; the proxy holds it to the manifest. */
const KEY = 'sk_test_51ProxyTestKey0000000000000000000000000000abcdef';
const LIVE_KEY = 'sk_live_51ProxyLiveKey0000000000000000000000000000fedcba';

const CUSTOMER = { id: 'cus_proxy1', object: 'customer', email: 'jenny@example.com', metadata: {} };

function appWith(permissions: string[], extra: Record<string, unknown> = {}): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'stripe-app.json'),
    `${JSON.stringify(
      {
        id: 'com.example.proxy',
        version: '1.0.0',
        name: 'Proxy test',
        stripe_api_access_type: 'restricted_api_key',
        permissions: permissions.map((permission) => ({ permission, purpose: `Needs ${permission}.` })),
        ...extra,
      },
      null,
      2,
    )}\n`,
  );
  return dir;
}

const traceOf = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

interface Started {
  fake: FakeStripeApi;
  session: ProxySession;
  stripe: Stripe;
  dir: string;
  trace: string;
  stdout: () => string;
  stderr: () => string;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fake Stripe upstream and the proxy in this process, in front of it, for an app granting `permissions`. */
/** A port free on 127.0.0.1 a moment ago: listened on, then let go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

async function startBoth(
  permissions: string[],
  options: { upstream?: string; allowLive?: boolean; key?: string; manifest?: Record<string, unknown> } = {},
): Promise<Started> {
  const fake = await startFakeStripeApi({
    keys: { [KEY]: { permissions: 'all' }, [LIVE_KEY]: { permissions: 'all' } },
    routeFor: matchEndpoint,
    objects: { '/v1/customers/cus_proxy1': CUSTOMER },
  });
  cleanups.push(() => fake.close());
  const dir = appWith(permissions, options.manifest);
  const trace = join(dir, 'trace.jsonl');
  const { io, stdout, stderr } = captureIo({ cwd: dir });
  const session = await startProxySession(
    {
      port: 0,
      host: '127.0.0.1',
      upstream: options.upstream ?? fake.url,
      trace: 'trace.jsonl',
      allowLive: options.allowLive === true,
    },
    io,
  );
  cleanups.push(() => session.stop());
  const stripe = new Stripe(options.key ?? KEY, {
    host: '127.0.0.1',
    port: session.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { fake, session, stripe, dir, trace, stdout, stderr };
}

/** A raw request to the proxy, its answer read whole. */
function send(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const auth = { authorization: `Bearer ${KEY}` };

describe('rak-app proxy, with the real stripe client pointed at it', () => {
  it('passes allowed calls through unchanged, refuses the rest with StripePermissionError naming the rak_ scope, and traces every call', async () => {
    const { fake, session, stripe, trace, stdout } = await startBoth([
      'customer_read',
      'product_write',
      'invoice_read',
    ]);

    const customer = await stripe.customers.retrieve('cus_proxy1');
    expect(customer).toMatchObject(CUSTOMER);
    const list = await stripe.customers.list({ limit: 3 });
    expect(list.data).toEqual([expect.objectContaining({ id: 'cus_proxy1' })]);
    // product_write also reads products (write implies read), and creates one.
    const product = await stripe.products.create({ name: 'Widget' }, { idempotencyKey: 'idem-proxy-1' });
    expect(product).toMatchObject({ name: 'Widget', object: 'product' });

    const refused = await stripe.customers.create({ email: 'new@example.com' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect((refused as Stripe.errors.StripeError).statusCode).toBe(403);
    expect((refused as Stripe.errors.StripeError).message).toBe(
      "The provided key 'sk_test_…abcdef' does not have the required permissions for this endpoint on account 'unknown'. Having the 'rak_customer_write' permission would allow this request to continue.",
    );

    // The upstream saw the three allowed calls, as sent, and never the refused one.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/customers/cus_proxy1',
      'GET /v1/customers',
      'POST /v1/products',
    ]);
    expect(fake.requests[1]!.query).toEqual({ limit: '3' });
    expect(fake.requests[2]!.body).toBe('name=Widget');
    expect(fake.requests[2]!.headers['idempotency-key']).toBe('idem-proxy-1');
    expect(fake.requests[2]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests[2]!.headers['stripe-version']).toBe(Stripe.API_VERSION);
    expect(fake.changes).toEqual([expect.stringMatching(/^POST \/v1\/products → /)]);

    await session.stop();
    const lines = traceOf(trace);
    expect(lines.map(({ time, ms, ...rest }) => rest)).toEqual([
      { method: 'GET', path: '/v1/customers/{id}', permission: 'customer_read', decision: 'allowed', status: 200 },
      { method: 'GET', path: '/v1/customers', permission: 'customer_read', decision: 'allowed', status: 200 },
      { method: 'POST', path: '/v1/products', permission: 'product_write', decision: 'allowed', status: 200 },
      {
        method: 'POST',
        path: '/v1/customers',
        permission: 'customer_write',
        decision: 'refused',
        reason: 'permission',
        status: 403,
      },
    ]);
    for (const line of lines) {
      expect(Date.parse(line['time'] as string)).not.toBeNaN();
      expect(line['ms']).toBeGreaterThanOrEqual(0);
    }
    const text = readFileSync(trace, 'utf8');
    expect(text).not.toContain(KEY.slice(8));
    expect(text).not.toContain('Widget');
    expect(stdout()).toContain('✔ GET /v1/customers/{id}  customer_read  200');
    expect(stdout()).toContain('✖ POST /v1/customers  customer_write  403  (not granted by the manifest)');
  });

  it('`permissions trace` on that trace reports the missing permission and the unused one', async () => {
    const { stripe, session, dir } = await startBoth(['customer_read', 'product_write', 'invoice_read']);
    await stripe.customers.list();
    await stripe.products.create({ name: 'Widget' });
    await stripe.customers.create({ email: 'x@example.com' }).catch(() => undefined);
    await session.stop();

    const r = await run(['permissions', 'trace', 'trace.jsonl', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'permission-unused', data: { name: 'invoice_read' }, line: 16 }),
      expect.objectContaining({
        ruleId: 'permission-missing',
        line: 3,
        messageId: 'permissionMissing',
        data: expect.objectContaining({ what: 'POST /v1/customers', anyOf: ['customer_write'] }),
      }),
    ]);

    const fix = await run(['permissions', 'trace', 'trace.jsonl', '--fix'], { cwd: dir });
    expect(fix.stdout).toContain('(added: customer_write; removed: invoice_read)');
    expect(fix.stdout).toContain('Nothing was changed: run again with --yes --purpose customer_write="…"');
  });

  it('a trace that is missing or holds no request: exit 2, naming it', async () => {
    const dir = appWith(['customer_read']);
    const missing = await run(['permissions', 'trace', 'gone.jsonl'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('rak-app: gone.jsonl: no such file.');
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const notes = await run(['permissions', 'trace', 'notes.txt'], { cwd: dir });
    expect(notes.code).toBe(2);
    expect(notes.stderr).toContain('rak-app: notes.txt holds no request: line 1 is not JSON.');
  });

  it("takes the catalog's permission over the one a trace line names, and never grants a name that is none", async () => {
    const dir = appWith(['customer_read']);
    writeFileSync(
      join(dir, 'trace.jsonl'),
      [
        { method: 'GET', path: '/v1/customers', decision: 'allowed', permission: 'payout_write', status: 200 },
        { method: 'GET', path: '/v1/made_up', decision: 'unknown', permission: 'totally_made_up', status: 404 },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const json = await run(['permissions', 'trace', 'trace.jsonl', '--json'], { cwd: dir });
    const findings = JSON.parse(json.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'scanNotUnderstood',
        data: expect.objectContaining({
          what: 'GET /v1/made_up',
          why: 'the trace names "totally_made_up", which is no Stripe App permission',
        }),
      }),
    ]);
    const fix = await run(['permissions', 'trace', 'trace.jsonl', '--fix', '--yes'], { cwd: dir });
    expect(fix.stdout).not.toMatch(/added: [^)]*totally_made_up/);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).not.toMatch(/payout_write|totally_made_up/);
  });

  it('a request the proxy refused as malformed is counted; --remove-despite-unresolved, which its advice names, is taken', async () => {
    const dir = appWith(['customer_read', 'invoice_read']);
    writeFileSync(
      join(dir, 'trace.jsonl'),
      [
        JSON.stringify({
          method: 'GET',
          path: '/v1/customers',
          decision: 'allowed',
          permission: 'customer_read',
          status: 200,
        }),
        '{"method":"GET","path":"/v1/invoi',
        JSON.stringify({ method: 'GET', target: '/v1//x', decision: 'refused', reason: 'malformed', status: 400 }),
      ].join('\n'),
    );
    const r = await run(['permissions', 'trace', 'trace.jsonl'], { cwd: dir });
    expect(r.stdout).toContain('2:1  warning  Not understood: this line: not JSON.');
    expect(r.stdout).toContain('Read 1 request (and 1 the proxy refused as malformed, which names no endpoint)');
    const fix = await run(['permissions', 'trace', 'trace.jsonl', '--fix', '--yes'], { cwd: dir });
    expect(fix.stdout).toContain('Not removing invoice_read');
    // The flag the message offers is one trace takes.
    const anyway = await run(['permissions', 'trace', 'trace.jsonl', '--fix', '--yes', '--remove-despite-unresolved'], {
      cwd: dir,
    });
    expect(anyway.stderr).toBe('');
    expect(anyway.code).toBe(0);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).not.toContain('invoice_read');
  });

  it('reads `stripe logs tail --format JSON` output too', async () => {
    const dir = appWith(['customer_write']);
    writeFileSync(
      join(dir, 'logs.json'),
      [
        { method: 'GET', url: '/v1/customers/cus_1?expand[]=x', status: 200, request_id: 'req_1' },
        { method: 'POST', url: '/v1/refunds', status: 403, request_id: 'req_2' },
        { method: 'GET', url: '/v1/not_an_endpoint', status: 404 },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const r = await run(['permissions', 'trace', 'logs.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('permission-unused');
    expect(r.stdout).toContain('Read 3 requests; 1 could not be resolved');
    const json = await run(['permissions', 'trace', 'logs.json', '--json'], { cwd: dir });
    const findings = JSON.parse(json.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'permissionMissing',
        data: expect.objectContaining({ what: 'POST /v1/refunds', anyOf: ['charge_write'] }),
      }),
      expect.objectContaining({
        messageId: 'scanNotUnderstood',
        data: expect.objectContaining({ what: 'GET /v1/not_an_endpoint' }),
      }),
    ]);
  });

  it('a key in a logged URL is shown masked as the masker writes it, its ellipsis not %-escaped by the path read', async () => {
    const dir = appWith(['customer_write']);
    const key = `sk_live_51${'AbCdEfGhIjKlMnOpQrStUv'}9f3a`;
    writeFileSync(join(dir, 'logs.json'), `${JSON.stringify({ method: 'GET', url: `/v1/zzz/${key}`, status: 404 })}\n`);
    const r = await run(['permissions', 'trace', 'logs.json'], { cwd: dir });
    expect(r.stdout).toContain('GET /v1/zzz/sk_live_…9f3a');
    expect(r.stdout).not.toContain('%E2%80%A6');
    expect(r.stdout).not.toContain(key);
  });

  it("gives a Stripe-Account header on an app with no Connect permission Stripe's Connect message", async () => {
    const { fake, stripe } = await startBoth(['customer_read']);
    const error = await stripe.customers.list({}, { stripeAccount: 'acct_1Connected' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect((error as Error).message).toBe(
      'You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.',
    );
    expect(fake.requests).toEqual([]);
  });

  it('a Stripe-Context header, which acts on another account as Stripe-Account does, is refused the same way', async () => {
    const { fake, stripe, trace } = await startBoth(['customer_read']);
    const error = await stripe.customers.list({}, { stripeContext: 'acct_1Connected' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(fake.requests).toEqual([]);
    expect(traceOf(trace)).toEqual([expect.objectContaining({ decision: 'refused', reason: 'connect' })]);
    // With a Connect permission it is passed on, and a refusal names the context's account.
    const granted = await startBoth(['customer_read', 'connected_account_read']);
    await granted.stripe.customers.list({}, { stripeContext: 'acct_1Connected' });
    expect(granted.fake.requests[0]!.headers['stripe-context']).toBe('acct_1Connected');
    const refused = await granted.stripe.invoices
      .list({}, { stripeContext: 'acct_1Connected' })
      .catch((e: unknown) => e);
    expect((refused as Error).message).toContain("on account 'acct_1Connected'.");
  });

  it('passes Stripe-Account on when the manifest holds a Connect permission, and names that account when refusing', async () => {
    const { fake, stripe } = await startBoth(['customer_read', 'connected_account_read']);
    await stripe.customers.list({}, { stripeAccount: 'acct_1Connected' });
    expect(fake.requests[0]!.headers['stripe-account']).toBe('acct_1Connected');
    const error = await stripe.invoices.list({}, { stripeAccount: 'acct_1Connected' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      "on account 'acct_1Connected'. Having the 'rak_invoice_read' permission",
    );
  });

  it("refuses an endpoint no app permission covers with Stripe's restricted-key message", async () => {
    const { fake, stripe, session, trace } = await startBoth(['customer_write']);
    const error = await stripe.ephemeralKeys
      .create({ customer: 'cus_proxy1' }, { apiVersion: Stripe.API_VERSION })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect((error as Error).message).toBe(
      'This is a restricted API key, but the required permissions are not available for use by restricted keys.',
    );
    expect(fake.requests).toEqual([]);
    await session.stop();
    expect(traceOf(trace)[0]).toMatchObject({
      path: '/v1/ephemeral_keys',
      decision: 'refused',
      reason: 'not-for-restricted-keys',
    });
  });

  it('forwards an endpoint the catalog does not know, marked unknown in the trace and on the terminal', async () => {
    const { fake, session, trace, stdout } = await startBoth(['customer_read']);
    const answer = await send(session.port, '/v1/brand_new_things?limit=1', { headers: auth });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).error.message).toContain('Unrecognized request URL');
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/brand_new_things']);
    await session.stop();
    session.report();
    expect(traceOf(trace)[0]).toMatchObject({
      path: '/v1/brand_new_things',
      permission: null,
      decision: 'unknown',
      status: 404,
    });
    expect(stdout()).toContain('? GET /v1/brand_new_things  unknown endpoint, forwarded  404');
    expect(stdout()).toContain('unknown endpoint GET /v1/brand_new_things: forwarded; check its permission by hand');
  });

  it('streams a large body both ways, byte for byte, with the upstream status and headers', async () => {
    const { fake, session } = await startBoth(['product_write']);
    const name = 'x'.repeat(3 * 1024 * 1024);
    const answer = await send(session.port, '/v1/products', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: `name=${name}`,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).name).toBe(name);
    expect(answer.headers['request-id']).toMatch(/^req_fake/);
    expect(fake.requests[0]!.body).toBe(`name=${name}`);
  });

  it('answers other requests while the upstream holds one', async () => {
    const { fake, session, stripe } = await startBoth(['customer_read']);
    fake.answerNext({ kind: 'hang' });
    const arrived = fake.nextRequest();
    const held = send(session.port, '/v1/customers', { headers: auth }).catch((e: Error) => e);
    await arrived;
    expect(await stripe.customers.retrieve('cus_proxy1')).toMatchObject({ id: 'cus_proxy1' });
    expect(session.inFlight()).toBe(1);
    await fake.close();
    await held;
  });
});

describe('rak-app proxy: bad input', () => {
  it('decides HEAD as the GET it stands for: refused where GET is', async () => {
    const { fake, session, trace } = await startBoth(['customer_read']);
    const refused = await send(session.port, '/v1/payouts', { method: 'HEAD', headers: auth });
    expect(refused.status).toBe(403);
    expect(fake.requests).toEqual([]);
    await session.stop();
    expect(traceOf(trace)).toEqual([
      expect.objectContaining({ method: 'HEAD', path: '/v1/payouts', permission: 'payout_read', decision: 'refused' }),
    ]);
  });

  it.each([
    [
      'a live-mode key',
      LIVE_KEY,
      "rak-app proxy refuses live-mode keys ('sk_live_…fedcba'): use a test-mode key, or start the proxy with --allow-live.",
      'answered',
    ],
    [
      'an organization key (sk_org_), which may act in live mode',
      'sk_org_51ProxyTestOrgKey0000000000000000fedcba',
      "rak-app proxy refuses organization keys ('sk_org_…fedcba'), which act in live mode as well as in sandboxes: use a test-mode key, or start the proxy with --allow-live.",
      // Forwarded, the fake Stripe API judges it as Stripe would an unknown key: its answer passes through.
      'Invalid API Key provided',
    ],
  ])(
    'refuses %s without contacting the upstream, and forwards it with --allow-live',
    async (_what, key, message, upstream) => {
      const { fake, stripe, session, trace } = await startBoth(['customer_read'], { key });
      const error = await stripe.customers.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect((error as Error).message).toBe(message);
      expect(fake.requests).toEqual([]);
      await session.stop();
      expect(traceOf(trace)).toEqual([
        expect.objectContaining({ decision: 'refused', reason: 'live-key', status: 401 }),
      ]);
      expect(readFileSync(trace, 'utf8')).not.toContain('fedcba');

      const allowed = await startBoth(['customer_read'], { key, allowLive: true });
      const answer = await allowed.stripe.customers.list().then(
        () => 'answered',
        (e: unknown) => (e as Error).message,
      );
      expect(answer).toContain(upstream);
      expect(allowed.fake.requests).toHaveLength(1);
    },
  );

  it('answers a malformed request 400 and traces it', async () => {
    const { session, trace } = await startBoth(['customer_read']);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(session.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('"type":"invalid_request_error"');
    await session.stop();
    expect(traceOf(trace)).toEqual([
      expect.objectContaining({ decision: 'refused', reason: 'malformed', status: 400 }),
    ]);
  });

  it.each([
    ['OPTIONS *', 'OPTIONS *'],
    ['a broken absolute URL', 'GET http://[::'],
    ['an escaped slash', 'POST /v1/customers%2Fcus_1/balance_transactions'],
    ['an escaped backslash', 'GET /v1/customers%5Ccus_1'],
    // Decoded, they would end the path the decision reads, and not the one the upstream reads.
    ['an escaped question mark', 'POST /v1/customers/cus_1%3F/tax_ids'],
    ['an escaped hash', 'POST /v1/accounts/acct_1%23/login_links'],
    ['an escaped control character', 'GET /v1/customers/cus%00_1'],
    ['a dot segment', 'POST /v1/customers/../accounts'],
    ['an escaped dot segment', 'POST /v1/customers/%2E%2E/accounts'],
    ['a broken escape', 'GET /v1/customers/cus%zz'],
    // Decided as subscription_items/{id}; an upstream reading the empty id might serve usage records.
    ['an empty segment', 'GET /v1/subscription_items//usage_record_summaries'],
    ['CONNECT, asking for a tunnel', 'CONNECT api.stripe.com:443'],
  ])('answers %s with a key 400, forwards nothing, and keeps serving', async (_what, requestLine) => {
    const { session, trace, fake, stripe, stdout } = await startBoth(['customer_read']);
    const key = 'rk_test_51Habcdefghijklmnopqrstuvwxyz0123456789';
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(session.port, '127.0.0.1', () =>
        socket.write(`${requestLine} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"type":"invalid_request_error"');
    expect(answer).not.toContain(key);
    expect(fake.requests).toEqual([]);
    await stripe.customers.list();
    expect(fake.requests).toHaveLength(1);
    await session.stop();
    expect(traceOf(trace)[0]).toEqual(
      expect.objectContaining({ decision: 'refused', reason: 'malformed', status: 400 }),
    );
    // A target that was parsed is named, as sent (cut to 200 characters), on the terminal and in the trace.
    const [method, target] = requestLine.split(' ') as [string, string];
    const parsed = method !== 'CONNECT' && target.startsWith('/');
    expect(traceOf(trace)[0]).toMatchObject(parsed ? { method, path: target } : { path: '' });
    if (parsed) expect(stdout()).toContain(`✖ ${method} ${target}  -  400  (not a plain path)`);
  });

  it("an id stripe-node escapes (products.retrieve('gold:monthly'), a coupon '25%OFF') is decided on what it says, and forwarded as sent", async () => {
    const { session, trace, fake, stripe, stdout } = await startBoth(['product_read', 'coupon_read']);
    await stripe.products.retrieve('gold:monthly').catch(() => undefined);
    await stripe.coupons.retrieve('25%OFF').catch(() => undefined);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/products/gold%3Amonthly', '/v1/coupons/25%25OFF']);
    // Written by hand: an escaped letter of a literal word reads as that word.
    const answer = await send(session.port, '/v1/%63harges', { headers: auth });
    expect(answer.status).toBe(403);
    // An endpoint the catalog does not know is shown and traced as it decodes, its control
    // characters shown (a terminal's control sequence, U+009B, is never printed), and a key escaped
    // letter by letter masked.
    await send(session.port, '/v1/brand_new%C2%9B2J', { headers: auth });
    expect(stdout()).toContain('? GET /v1/brand_new\\x9b2J  unknown endpoint, forwarded');
    expect(stdout()).not.toContain('\u009b');
    const key = `sk_live_${'A1b2C3d4E5'.repeat(5)}`;
    await send(session.port, `/v1/things/%73k_live_${key.slice(8)}`, { headers: auth });
    // The trace masks it itself; the terminal's line passes the one masker every run's output does.
    expect(readFileSync(trace, 'utf8')).not.toContain(key.slice(8, 30));
    await session.stop();
    expect(traceOf(trace)).toEqual([
      expect.objectContaining({ decision: 'allowed', path: '/v1/products/{id}', permission: 'product_read' }),
      expect.objectContaining({ decision: 'allowed', path: '/v1/coupons/{id}', permission: 'coupon_read' }),
      expect.objectContaining({ decision: 'refused', path: '/v1/charges', permission: 'charge_read', status: 403 }),
      expect.objectContaining({ decision: 'unknown', path: '/v1/brand_new\\x9b2J' }),
      expect.objectContaining({ decision: 'unknown', path: '/v1/things/sk_live_…d4E5' }),
    ]);
  });

  it.each([
    ['refused', '/v1/charges', 403],
    ['allowed', '/v1/customers', undefined],
  ])(
    'a client that stops sending mid-body (%s): one answer at most, one trace line, no 400',
    async (_what, path, status) => {
      const { session, trace } = await startBoth(['customer_write']);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(session.port, '127.0.0.1', () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Length: 1000\r\n\r\nname=abc`,
          );
          socket.end();
        });
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.match(/HTTP\/1\.1 \d+/g) ?? []).toEqual(status ? [`HTTP/1.1 ${status}`] : []);
      await session.stop();
      expect(traceOf(trace)).toHaveLength(1);
      expect(traceOf(trace)[0]).not.toMatchObject({ reason: 'malformed' });
    },
  );

  it("answers Stripe's error shape with 502 when the upstream is down", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const { stripe, session, trace, fake, stdout } = await startBoth(['customer_read'], {
      upstream: `http://127.0.0.1:${port}`,
    });
    const error = await stripe.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(502);
    expect((error as Error).message).toBe(`rak-app proxy could not reach http://127.0.0.1:${port} (ECONNREFUSED).`);
    // Not "Stripe-Should-Retry: false", which a refusal carries: a client may retry a 502, as it
    // retries a connection Stripe dropped.
    const raw = await send(session.port, '/v1/customers', { headers: auth });
    expect(raw.status).toBe(502);
    expect(raw.headers['stripe-should-retry']).toBeUndefined();
    expect(fake.requests).toEqual([]);
    await session.stop();
    expect(traceOf(trace)).toEqual([
      expect.objectContaining({ decision: 'allowed', reason: 'upstream-unreachable', status: 502 }),
      expect.objectContaining({ decision: 'allowed', reason: 'upstream-unreachable', status: 502 }),
    ]);
    expect(stdout()).toContain('! GET /v1/customers  customer_read  502  (the upstream could not be reached)');
  });

  it.each([
    ['a status code Node cannot pass on (099)', 'HTTP/1.1 099 X\r\nContent-Length: 2\r\n\r\nhi', 502],
    ['bytes that are not HTTP', 'HTTP/1.1 200 OK\r\nX-A\x00: b\r\nContent-Length: 2\r\n\r\nhi', 502],
    [
      '101 Switching Protocols to a request that asked for none',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      502,
    ],
    ['an answer broken off after its first bytes', 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"object"', 200],
    // A hostile review's find: traced as `aborted` by the client, with a status the client never had.
    ['a chunk size that is none', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n', 200],
    // Passed on, the control character left out: Node would refuse to write it.
    ['a control character in the reason phrase', 'HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nhi', 200],
  ] as const)(
    'an upstream that answers with %s: that request alone fails (or is passed on), and is traced as it went',
    async (what, answer, status) => {
      const raw = createNetServer((socket) => socket.once('data', () => socket.end(answer)));
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
      cleanups.push(() => new Promise((r) => raw.close(r)));
      const { port } = raw.address() as AddressInfo;
      const { session, trace } = await startBoth(['customer_read'], { upstream: `http://127.0.0.1:${port}` });
      const passedOn = what.startsWith('a control character');
      // The answer as the client got it: its status, its body, and whether it came whole.
      const ask = () =>
        new Promise<{ status: number; body: string; complete: boolean }>((resolve, reject) => {
          const options = { host: '127.0.0.1', port: session.port, path: '/v1/customers', headers: auth, agent: false };
          const req = httpRequest(options, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('error', () => undefined);
            res.on('close', () => resolve({ status: res.statusCode ?? 0, body, complete: res.complete }));
          });
          req.on('error', reject);
          req.end();
        });
      // Twice: the proxy serves on after each.
      for (let i = 0; i < 2; i++) {
        const got = await ask();
        expect(got.status).toBe(status);
        if (status === 502) expect(JSON.parse(got.body).error.type).toBe('api_error');
        else
          expect(got).toEqual(
            passedOn
              ? { status, body: 'hi', complete: true }
              : { status, body: what.startsWith('a chunk') ? '' : '{"object"', complete: false },
          );
      }
      await session.stop();
      const record = expect.objectContaining({
        decision: 'allowed',
        status,
        ...(passedOn ? {} : { reason: 'upstream-broken' }),
      });
      expect(traceOf(trace)).toEqual([record, record]);
      if (passedOn) expect(traceOf(trace)[0]).not.toHaveProperty('reason');
    },
  );

  it('a port already in use: a clear message, exit 2', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => busy.close(r)));
    const { port } = busy.address() as AddressInfo;
    const r = await run(['proxy', '--port', String(port), '--upstream', 'http://127.0.0.1:9'], {
      cwd: appWith(['customer_read']),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `rak-app: Port ${port} on 127.0.0.1 is already in use.\n  Stop what listens there, or pass --port <another port> (--port 0 takes any free one).\n`,
    );
  });

  // A hostile review's find: one request became 9,990, the proxy forwarding to itself until it ran out of files.
  it.each(['127.0.0.1', 'localhost'])(
    '--upstream http://%s on the port the proxy listens on: refused with exit 2, not forwarded to itself',
    async (host) => {
      const port = await freePort();
      const dir = appWith(['customer_read']);
      const r = await run(
        ['proxy', '--port', String(port), '--upstream', `http://${host}:${port}`, '--trace', 'trace.jsonl'],
        { cwd: dir },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `rak-app: --upstream http://${host}:${port} is this proxy itself (it would listen on http://127.0.0.1:${port}): each request would be forwarded back to it, without end.\n` +
          '  Give the upstream (stripe-mock, say) its own port, or this proxy another one with --port.\n',
      );
      // Refused before anything is opened: no trace file is left behind.
      expect(existsSync(join(dir, 'trace.jsonl'))).toBe(false);
    },
  );

  // The second review's find: a proxy on 127.0.0.1 cannot be reached at 127.0.0.2 or [::1], another socket.
  it.each(['127.0.0.2', '[::1]'])(
    '--upstream http://%s on the port the proxy listens on at 127.0.0.1 is another server: allowed',
    async (host) => {
      const port = await freePort();
      const { io, stderr } = captureIo({ cwd: appWith(['customer_read']) });
      const session = await startProxySession(
        { port, host: '127.0.0.1', upstream: `http://${host}:${port}`, allowLive: false },
        io,
      );
      await session.stop();
      expect(session.port).toBe(port);
      expect(stderr()).toBe('');
    },
  );

  it.each([
    ['https://user:pass@api.stripe.com', 'credentials'],
    ['https://api.stripe.com/v1', 'a path or a query'],
    ['https://api.stripe.com/?x=1', 'a path or a query'],
    ['https://api.stripe.com/?key=sk_test_secretquery', 'a path or a query'],
    ['https://api.stripe.com/#secretquery', 'a path or a query'],
  ])('--upstream %s is no origin: refused with exit 2, before listening', async (upstream, has) => {
    const r = await run(['proxy', '--upstream', upstream, '--port', '0'], { cwd: appWith(['customer_read']) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--upstream takes an origin (scheme, host and port);`);
    expect(r.stderr).toContain(`has ${has}, which rak-app would not use.`);
    expect(r.stderr).not.toContain('pass@');
    // Nor a query, which may hold a key.
    if (upstream.includes('?')) expect(r.stderr).toContain('"https://api.stripe.com/?…" has');
    expect(r.stderr).not.toContain('secretquery');
    expect(r.stderr).not.toContain('x=1');
  });

  it.each([
    ['http://api.example.com', 'plain http to another machine would send API keys unencrypted; use https'],
    ['ftp://127.0.0.1', 'ftp is not http or https'],
  ])('refuses to send keys to --upstream %s, exit 2', async (upstream, why) => {
    const r = await run(['proxy', '--upstream', upstream, '--port', '0'], { cwd: appWith(['customer_read']) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`: ${why}.`);
  });

  it('a trace file that cannot be opened, or a folder with no manifest: exit 2 before listening', async () => {
    const app = appWith(['customer_read']);
    writeFileSync(join(app, 'a-file'), '');
    const r = await run(['proxy', '--port', '0', '--trace', 'a-file/trace.jsonl'], { cwd: app });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'rak-app: a-file/trace.jsonl cannot be opened for the trace (part of its path is a file, not a folder).\n',
    );
    const folder = appWith(['customer_read']);
    mkdirSync(join(folder, 'traces'));
    const intoFolder = await run(['proxy', '--port', '0', '--trace', 'traces'], { cwd: folder });
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.stderr).toBe('rak-app: traces cannot be opened for the trace (it is a folder).\n');
    const empty = await run(['proxy', '--port', '0'], { cwd: tempDir() });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no stripe-app.json in this folder');
    expect(empty.stdout).toBe('');
  });

  // A manifest whose permissions cannot all be read would give the proxy fewer than the app asks for.
  it.each([
    [
      'an entry that names no permission',
      '{\n  "id": "com.example.x",\n  "permissions": [\n    { "permission": "customer_read" },\n    { "permission": 42 },\n    {}\n  ]\n}\n',
      'stripe-app.json:5:5: permissions[1] names no permission',
    ],
    [
      '"permissions" written twice',
      '{\n  "permissions": [{ "permission": "customer_read" }],\n  "permissions": []\n}\n',
      'stripe-app.json:3:3: "permissions" is written twice (a JSON reader keeps the last)',
    ],
    [
      'an entry with "permission" written twice',
      '{\n  "permissions": [\n    { "permission": "customer_read", "permission": "invoice_read" }\n  ]\n}\n',
      'stripe-app.json:3:5: permissions[0] writes "permission" twice (a JSON reader keeps the last)',
    ],
    [
      '"permissions" that is no list',
      '{ "permissions": { "permission": "customer_read" } }\n',
      'stripe-app.json:1:18: "permissions" is not a list',
    ],
  ])('a manifest with %s: exit 2 before listening, where it is', async (_, text, said) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.json'), text);
    const r = await run(['proxy', '--port', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `rak-app: ${said}, so which permissions it grants is not known; run \`rak-app check stripe-app.json\` first.\n`,
    );
    expect(r.stdout).toBe('');
  });

  it('a --port that is not a port: exit 2', async () => {
    const r = await run(['proxy', '--port', '70000'], { cwd: appWith([]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port takes a port number from 0 to 65535');
  });
});

/** The built bin running `proxy`, its output collected, and a way to wait for a line. */
/** The built proxy as a process; with `fileSizeKiB`, under bash's `ulimit -f`, so its writes hit a limit. */
function spawnProxy(args: string[], cwd: string, fileSizeKiB?: number) {
  const child: ChildProcessWithoutNullStreams =
    fileSizeKiB === undefined
      ? spawn(process.execPath, [BIN, 'proxy', ...args], { cwd, env: testEnv({ CI: undefined }) })
      : spawn('bash', ['-c', `ulimit -f ${fileSizeKiB}; exec "$0" "$@"`, process.execPath, BIN, 'proxy', ...args], {
          cwd,
          env: testEnv({ CI: undefined }),
        });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const m = (stdout + stderr).match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    check();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    return exited;
  });
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      }),
  };
}

describe.skipIf(process.platform === 'win32')('rak-app proxy as a process: SIGTERM with requests in flight', () => {
  it('stops accepting, lets the request in flight end, traces it, prints the summary and exits 130', async () => {
    const fake = await startFakeStripeApi({ keys: { [KEY]: { permissions: 'all' } }, routeFor: matchEndpoint });
    cleanups.push(() => fake.close());
    const dir = appWith(['customer_read']);
    const proxy = spawnProxy(['--port', '0', '--upstream', fake.url, '--trace', 'trace.jsonl'], dir);
    const port = Number((await proxy.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);

    expect((await send(port, '/v1/customers', { headers: auth })).status).toBe(200);
    expect((await send(port, '/v1/customers', { method: 'POST', headers: auth })).status).toBe(403);
    fake.answerNext({ kind: 'hang' });
    const arrived = fake.nextRequest();
    const held = send(port, '/v1/customers/cus_held', { headers: auth });
    await arrived;

    proxy.child.kill('SIGTERM');
    await proxy.waitFor(/Stopping: waiting for 1 request in flight/);
    // No longer accepting.
    await expect(send(port, '/v1/customers', { headers: auth })).rejects.toThrow(/ECONNREFUSED/);
    // The upstream gives up on the held request; the proxy answers it (502) and then ends.
    await fake.close();
    expect((await held).status).toBe(502);
    expect(await proxy.exited).toBe(130);

    expect(proxy.stderr()).toContain('Interrupted (SIGTERM); the proxy has stopped.');
    expect(proxy.stdout()).toContain('3 requests: 2 allowed, 1 refused, 0 to endpoints rak-app does not know.');
    expect(proxy.stdout()).toContain('missing customer_write (first needed by POST /v1/customers)');
    expect(traceOf(join(dir, 'trace.jsonl')).map((l) => [l['path'], l['decision'], l['status']])).toEqual([
      ['/v1/customers', 'allowed', 200],
      ['/v1/customers', 'refused', 403],
      ['/v1/customers/{id}', 'allowed', 502],
    ]);
  });

  it('a trace that can take no more lines: said once, the proxy serves on, and the summary calls it incomplete', async () => {
    const fake = await startFakeStripeApi({ keys: { [KEY]: { permissions: 'all' } }, routeFor: matchEndpoint });
    cleanups.push(() => fake.close());
    const dir = appWith(['customer_read']);
    const proxy = spawnProxy(['--port', '0', '--upstream', fake.url, '--trace', 'trace.jsonl'], dir, 1);
    const port = Number((await proxy.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    // A line is about 150 bytes: 1 KiB holds a few.
    for (let i = 0; i < 20; i++) expect((await send(port, '/v1/customers', { headers: auth })).status).toBe(200);
    await proxy.waitFor(/can take no more lines/);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(130);
    expect(proxy.stderr().match(/can take no more lines/g)).toHaveLength(1);
    expect(proxy.stdout()).toContain('20 requests: 20 allowed');
    expect(proxy.stdout()).toMatch(/The trace in trace\.jsonl is incomplete: .* judges only the requests before it\./);
    // Whole lines only: each one reads.
    const lines = traceOf(join(dir, 'trace.jsonl'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(20);
  });

  it('a second SIGTERM ends the requests in flight at once; each is still traced', async () => {
    const fake = await startFakeStripeApi({ keys: { [KEY]: { permissions: 'all' } }, routeFor: matchEndpoint });
    cleanups.push(() => fake.close());
    const dir = appWith(['customer_read']);
    const proxy = spawnProxy(['--port', '0', '--upstream', fake.url, '--trace', 'trace.jsonl'], dir);
    const port = Number((await proxy.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    fake.answerNext({ kind: 'hang' }, { kind: 'hang' });
    const arrived = [fake.nextRequest()];
    const first = send(port, '/v1/customers', { headers: auth }).catch((e: Error) => e);
    await arrived[0];
    const second = fake.nextRequest();
    const other = send(port, '/v1/customers/cus_1', { headers: auth }).catch((e: Error) => e);
    await second;

    proxy.child.kill('SIGTERM');
    await proxy.waitFor(/Stopping: waiting for 2 requests in flight/);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(130);
    expect(await first).toBeInstanceOf(Error);
    expect(await other).toBeInstanceOf(Error);
    const lines = traceOf(join(dir, 'trace.jsonl'));
    expect(lines.map((l) => [l['reason'], l['status']])).toEqual([
      ['aborted', null],
      ['aborted', null],
    ]);
  });

  it.skipIf(!CAN_LISTEN_ON_IPV6_LOOPBACK)('takes --host [::1], as a URL writes it, for the address ::1', async () => {
    const fake = await startFakeStripeApi();
    cleanups.push(() => fake.close());
    const proxy = spawnProxy(['--port', '0', '--host', '[::1]', '--upstream', fake.url], appWith([]));
    await proxy.waitFor(/listening on http:\/\/\[::1\]:\d+/);
    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(130);
    expect(proxy.stderr()).not.toContain('other machines can reach');
  });

  it("makes the trace's folder, as -o makes a report's", async () => {
    const dir = appWith(['customer_read']);
    const proxy = spawnProxy(['--port', '0', '--trace', 'traces/today/trace.jsonl'], dir);
    await proxy.waitFor(/listening on http:/);
    expect(existsSync(join(dir, 'traces', 'today', 'trace.jsonl'))).toBe(true);
    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(130);
  });

  it('says so when it listens on an address other machines can reach', async () => {
    const fake = await startFakeStripeApi();
    cleanups.push(() => fake.close());
    const proxy = spawnProxy(['--port', '0', '--host', '0.0.0.0', '--upstream', fake.url], appWith([]));
    await proxy.waitFor(/Listening on 0\.0\.0\.0, not 127\.0\.0\.1: other machines can reach this proxy/);
    await proxy.waitFor(/listening on http:\/\/0\.0\.0\.0:\d+/);
    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(130);
    expect(proxy.stdout()).toContain('0 requests: 0 allowed, 0 refused');
  });
});
