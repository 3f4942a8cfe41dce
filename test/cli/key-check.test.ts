import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROBE_ID_MARK } from '../../src/catalog/probes.js';
import type { KeyCheckResult } from '../../src/partner/key-check.js';
import { liveKeyRefused } from '../../src/partner/stripe-answers.js';
import { exampleApp } from '../helpers/apps.js';
import { FAKE_ACCOUNT, type FakeStripeApi, startFakeStripeApi } from '../helpers/fake-stripe-api.js';
import { runInTerminal } from '../helpers/pty.js';
import { run, tempDir } from '../helpers/run.js';

const ALL = 'rk_test_51AllPermissionsAbcdefGHIJKLmnopQRstuv0001';
const SOME = 'rk_test_51SomePermissionsAbcdefGHIJKLmnopQRstu0002';
const NONE = 'rk_test_51NoPermissionsAbcdefGHIJKLmnopQRstuvw0003';
const REVOKED = 'rk_live_51RevokedKeyAbcdefGHIJKLmnopQRstuvwxy0004';
const SECRET = 'sk_test_51SecretKeyAbcdefGHIJKLmnopQRstuvwxyz0005';
const PUBLISHABLE = 'pk_test_51PublishableKeyAbcdefGHIJKLmnopQRstu0006';

/** What the manifest asks for: reads, a write, and one no safe request can check. */
const ASKED = ['customer_read', 'customer_write', 'invoice_read', 'event_read', 'elements_write'];
const EXISTING_CUSTOMER = { id: 'cus_Existing00000001', object: 'customer', name: 'Ada' };

let fake: FakeStripeApi;
let app: string;

beforeEach(async () => {
  fake = await startFakeStripeApi({
    keys: {
      [ALL]: ['customer_write', 'invoice_read', 'event_read'],
      [SOME]: ['customer_read', 'invoice_read'],
      [NONE]: [],
      [REVOKED]: ['customer_read'],
    },
    objects: { '/v1/customers/cus_Existing00000001': { ...EXISTING_CUSTOMER } },
  });
  fake.revoke(REVOKED);
  app = exampleApp((manifest) => {
    manifest.permissions = ASKED.map((permission) => ({ permission, purpose: 'Test.' }));
  });
});

afterEach(async () => {
  // Not one request that could have changed data: reads, or writes to an object that cannot exist
  // with nothing in the body; and the fake's objects are as they were.
  for (const request of fake.requests) {
    if (request.method === 'GET') continue;
    expect(request.method, request.path).toBe('POST');
    expect(request.path.split('/').pop()).toContain(PROBE_ID_MARK);
    expect(request.body).toBe('');
  }
  expect(fake.changes).toEqual([]);
  expect([...fake.objects.entries()]).toEqual([['/v1/customers/cus_Existing00000001', EXISTING_CUSTOMER]]);
  await fake.close();
});

const keyCheck = (key: string | undefined, args: string[] = [], input?: string) =>
  run(['key', 'check', '--manifest', app, '--api-base', fake.url, ...args], {
    env: { RAK_APP_KEY: key },
    ...(input !== undefined ? { input } : {}),
  });

async function keyCheckJson(
  key: string,
  args: string[] = [],
): Promise<{ code: number | null; result: KeyCheckResult }> {
  const { code, stdout, stderr } = await keyCheck(key, ['--json', ...args]);
  expect(stderr).toBe('');
  expect(stdout).not.toContain(key);
  return { code, result: JSON.parse(stdout) };
}

const statuses = (result: KeyCheckResult) =>
  Object.fromEntries(result.permissions.map((c) => [c.permission, c.status]));

describe('rak-app key check', () => {
  it('passes a key that holds every permission (write implies read), exit 0, one request each', async () => {
    const { code, stdout, stderr } = await keyCheck(ALL);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Key rk_test_…0001 (restricted key, test mode)');
    expect(stdout).toMatch(/✔ customer_write +granted +POST \/v1\/customers\/cus_rakappprobe0000000000 → 404/);
    expect(stdout).toMatch(/✔ customer_read +granted +GET \/v1\/customers\?limit=1 → 200/);
    expect(stdout).toMatch(/- elements_write +not checked/);
    expect(stdout).toContain('The key holds every permission checked.');
    // Said once.
    expect(stdout).not.toContain('The key holds every permission that could be checked.');
    expect(stdout).not.toContain(ALL);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /v1/customers',
      'GET /v1/events',
      'GET /v1/invoices',
      'POST /v1/customers/cus_rakappprobe0000000000',
    ]);
    for (const r of fake.requests) expect(r.headers.authorization).toBe(`Bearer ${ALL}`);
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.query)).toEqual(Array(3).fill({ limit: '1' }));
  });

  it('reports the permissions a key lacks, with the scope Stripe names and the account, exit 1', async () => {
    const { code, result } = await keyCheckJson(SOME);
    expect(code).toBe(1);
    expect(result.verdict).toBe('missing-permissions');
    expect(result.account).toBe(FAKE_ACCOUNT);
    expect(result.mode).toBe('test');
    expect(statuses(result)).toEqual({
      customer_read: 'granted',
      customer_write: 'missing',
      invoice_read: 'granted',
      event_read: 'missing',
      elements_write: 'not-checked',
    });
    expect(result.permissions.find((c) => c.permission === 'customer_write')).toMatchObject({
      httpStatus: 403,
      scope: 'rak_customer_write',
      scopePermission: 'customer_write',
    });
    expect(result.advice[0]).toMatch(/lacks customer_write, event_read.*re-approve it.*generate a new key/);
  });

  it('--json has no reason when there is nothing to say', async () => {
    app = exampleApp((manifest) => {
      manifest.permissions = [{ permission: 'invoice_read', purpose: 'Test.' }];
    });
    const r = await keyCheck(ALL, ['--json']);
    expect(r.code).toBe(0);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ status: 'valid', advice: [] });
    expect(document).not.toHaveProperty('reason');
  });

  it('reports every permission missing for a key that holds none, exit 1', async () => {
    const { code, stdout } = await keyCheck(NONE);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✖ customer_read +missing +GET \/v1\/customers\?limit=1 → 403/);
    expect(stdout).toContain(`Account: ${FAKE_ACCOUNT}`);
    expect(stdout).toContain('Stripe: needs rak_event_read');
    expect(stdout).toContain('The key lacks permissions the app asks for.');
  });

  it('says a revoked key is not accepted and to generate a new one, exit 1, and stops probing', async () => {
    const { code, result } = await keyCheckJson(REVOKED);
    expect(code).toBe(1);
    expect(result.verdict).toBe('invalid-key');
    expect(result.mode).toBe('live');
    expect(result.permissions.every((c) => c.status !== 'granted' && c.status !== 'missing')).toBe(true);
    expect(result.advice[0]).toMatch(/revoked.*generate a new key on the app's settings page/);
    expect(JSON.stringify(result)).not.toContain(REVOKED);
  });

  /** `key check --json` of REVOKED against an API that answers every request with `status` and `body`. */
  async function checkAgainst(status: number, body: unknown) {
    const api = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const { port } = api.address() as AddressInfo;
      return await run(['key', 'check', '--manifest', app, '--api-base', `http://127.0.0.1:${port}`, '--json'], {
        env: { RAK_APP_KEY: REVOKED },
      });
    } finally {
      await new Promise((r) => api.close(r));
    }
  }

  // Stripe's 401 for a key rolled with an expiry, as stripe/stripe-cli#792 quotes it: code api_key_expired.
  it('a key Stripe says has expired is not valid either: generate a new one, exit 1', async () => {
    const message = `Expired API Key provided: rk_live_${'*'.repeat(40)}y0004`;
    const r = await checkAgainst(401, { error: { code: 'api_key_expired', message, type: 'invalid_request_error' } });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as KeyCheckResult;
    expect(result.verdict).toBe('invalid-key');
    expect(result.advice[0]).toMatch(/generate a new key on the app's settings page/);
  });

  // A hostile review's find: through `rak-app proxy`, which refuses live keys with a 401 of its own,
  // a live key was said to be revoked.
  it("a 401 that is not Stripe's invalid-key answer says nothing of the key: not checked, not revoked", async () => {
    const refused = liveKeyRefused(REVOKED);
    const r = await checkAgainst(refused.status, refused.body);
    expect(r.code).toBe(4);
    const result = JSON.parse(r.stdout) as KeyCheckResult;
    expect(result.verdict).not.toBe('invalid-key');
    expect(JSON.stringify(result.advice)).not.toMatch(/revoked/);
    const probed = result.permissions.filter((c) => c.httpStatus === 401);
    expect(probed.length).toBeGreaterThan(0);
    for (const check of probed)
      expect(check).toMatchObject({
        status: 'not-checked',
        reason: 'unexpected-answer',
        detail:
          "Stripe answered 401: rak-app proxy refuses live-mode keys ('rk_live_…xy0004'): use a test-mode key, or start the proxy with --allow-live; that tells neither way.",
      });
    expect(r.stdout).not.toContain(REVOKED);
  });

  it.each([
    [SECRET, 'secret key', /secret key \(sk_\).*2024-09-30.*restricted key \(rk_\)/],
    [PUBLISHABLE, 'publishable key', /publishable key \(pk_\).*cannot call these APIs/],
    ['whsec_0123456789abcdefghijABCDEFGHIJ', 'webhook signing secret', /webhook signing secret/],
    ['rk_test_51Short', 'restricted key', /cut short/],
    ['rk_test_…qs8Kgd', 'restricted key', /masked/],
  ])('refuses %s as a %s without a request, exit 1', async (key, kind, why) => {
    const { code, stdout } = await keyCheck(key);
    expect(code).toBe(1);
    expect(stdout).toContain(`(${kind}`);
    // Another kind of key is not the one to ask for; a restricted key was pasted wrong.
    expect(stdout).toContain(
      kind === 'restricted key' ? 'The key cannot be used as it was pasted.' : 'This is not the key to ask for.',
    );
    expect(stdout).toMatch(why);
    expect(fake.requests).toEqual([]);
  });

  it('takes a piped key without the line break echo adds, but refuses one in RAK_APP_KEY', async () => {
    const piped = await keyCheck(undefined, [], `${ALL}\n`);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    const requests = fake.requests.length;
    const fromEnv = await keyCheck(`${ALL}\n`);
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toContain('The key has a line break before or after it');
    expect(fake.requests.length).toBe(requests);
    const spaced = await keyCheck(undefined, [], ` ${ALL}\n`);
    expect(spaced.code).toBe(1);
    expect(spaced.stdout).toContain('spaces before or after it');
  });

  it('refuses a key on the command line, exit 2, without printing it', async () => {
    const { code, stderr } = await keyCheck(undefined, [ALL]);
    expect(code).toBe(2);
    expect(stderr).toContain('rak-app: key check takes no key on the command line: it would stay in the shell history');
    expect(stderr).not.toContain(ALL);
    expect(fake.requests).toEqual([]);
  });

  it('refuses to send a key over plain http to another machine, exit 2', async () => {
    const { code, stderr } = await run(['key', 'check', '--manifest', app, '--api-base', 'http://stripe.example.com'], {
      env: { RAK_APP_KEY: ALL },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('Refusing to send a key over plain http to stripe.example.com');
  });

  it('a manifest whose permissions have no safe request: unchecked, exit 4, nothing sent', async () => {
    const unprobeable = exampleApp((manifest) => {
      manifest['permissions'] = [{ permission: 'elements_write', purpose: 'Elements in the browser.' }];
    });
    const { code, stdout } = await run(['key', 'check', '--manifest', unprobeable, '--api-base', fake.url, '--json'], {
      env: { RAK_APP_KEY: ALL },
    });
    expect(code).toBe(4);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'unchecked', exitCode: 4 });
    expect(fake.requests).toEqual([]);
  });

  it('more than a key on standard input: refused before any request, exit 2', async () => {
    const { code, stderr } = await keyCheck(undefined, [], 'x'.repeat(9 * 1024));
    expect(code).toBe(2);
    expect(stderr).toContain('standard input is larger than 8 KiB; a key is far smaller.');
    expect(stderr).toContain('Pipe the key alone.');
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['no input', ''],
    ['an empty line', '\n'],
  ])('without a key (no variable, %s) is a usage error, exit 2', async (_what, input) => {
    const { code, stderr } = await keyCheck(undefined, [], input);
    expect(code).toBe(2);
    expect(stderr).toContain('No key: standard input is empty.');
  });

  it('an --api-base ending in /v1: Stripe answers every probe 404 for its path, so unreachable (exit 4), never valid', async () => {
    const { code, stdout } = await run(['key', 'check', '--manifest', app, '--api-base', `${fake.url}/v1`, '--json'], {
      env: { RAK_APP_KEY: ALL },
    });
    expect(code).toBe(4);
    const result = JSON.parse(stdout) as KeyCheckResult;
    expect(result.verdict).toBe('unreachable');
    const probed = result.permissions.filter((c) => c.probe);
    expect(probed.length).toBeGreaterThan(0);
    expect(probed.every((c) => c.status === 'not-checked' && c.reason === 'not-stripe')).toBe(true);
    expect(result.permissions.some((c) => c.status === 'granted')).toBe(false);
    expect(result.advice[0]).toContain('check the API base (it ends before /v1)');
  });

  it.each([
    ['a catch-all mock: a customer for any id, a list for any list', 'mock'],
    ['any object for anything', 'any-object'],
    ['an error body without the type every Stripe error has', 'typeless-error'],
  ])('never valid against a server that is not Stripe: %s (exit 4)', async (_what, mode) => {
    // Stripe answers an update or a retrieve of an id that cannot exist 404, a list probe with a list,
    // and names the type of every error.
    const server = createServer((request, response) => {
      const id = (request.url ?? '').split('?')[0]!.split('/')[3];
      response.writeHead(mode === 'typeless-error' ? 404 : 200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          mode === 'mock'
            ? id
              ? { id, object: 'customer' }
              : { object: 'list', data: [] }
            : mode === 'any-object'
              ? { object: 'whatever' }
              : { error: { code: 'resource_missing', message: 'nope' } },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // The example app's permissions, and two singletons, read as objects of their own.
      const singletons = exampleApp((m) => {
        m['permissions'] = [
          { permission: 'balance_read', purpose: 'Show the balance beside each payout.' },
          { permission: 'tax_settings_read', purpose: 'Show whether tax is set up.' },
        ];
      });
      for (const manifest of [app, singletons]) {
        const { code, stdout } = await run(
          ['key', 'check', '--manifest', manifest, '--api-base', `http://127.0.0.1:${port}`, '--json'],
          { env: { RAK_APP_KEY: ALL } },
        );
        const result = JSON.parse(stdout) as KeyCheckResult;
        expect(result.verdict).not.toBe('valid');
        expect(code).toBe(4);
        // Only a list probe may pass a mock that answers lists as Stripe does; nothing it says is a
        // permission checked for an id or a singleton.
        const granted = result.permissions.filter((c) => c.status === 'granted' && !c.probe?.query['limit']);
        expect(granted.map((c) => c.permission)).toEqual([]);
      }
    } finally {
      server.close();
    }
  });

  it('--timeout in seconds that are no whole number of milliseconds; one over a day is refused (exit 2)', async () => {
    expect((await keyCheckJson(ALL, ['--timeout', '16.1'])).code).toBe(0);
    const over = await keyCheck(ALL, ['--timeout', '5000000']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(
      '--timeout takes a number of seconds above 0 and at most 86400 (a day); got "5000000".',
    );
  });

  it.skipIf(process.platform !== 'linux')(
    '--json interrupted by SIGTERM while Stripe is asked: one document, exitCode 130, as the process, and the line on stderr',
    async () => {
      fake.answerNext(...Array(ASKED.length * 3).fill({ kind: 'hang' }));
      const { spawn } = await import('node:child_process');
      const { BIN, testEnv } = await import('../helpers/run.js');
      const child = spawn(
        process.execPath,
        [BIN, 'key', 'check', '--manifest', app, '--api-base', fake.url, '--json'],
        {
          env: testEnv({ RAK_APP_KEY: ALL }),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => void (stdout += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => void (stderr += t));
      const exited = new Promise((r) => child.on('close', (code) => r(code)));
      // A probe has reached Stripe: the check is under way.
      await fake.nextRequest();
      child.kill('SIGTERM');
      expect(await exited).toBe(130);
      expect(JSON.parse(stdout)).toMatchObject({
        command: 'key check',
        status: 'interrupted',
        exitCode: 130,
        reason: 'Interrupted (SIGTERM).',
      });
      // For people, as without --json (docs/exit-codes.md).
      expect(stderr).toBe('rak-app: interrupted (SIGTERM).\n');
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'interrupted by SIGTERM without --json: a line on stderr says so, exit 130',
    async () => {
      fake.answerNext(...Array(ASKED.length * 3).fill({ kind: 'hang' }));
      const { spawn } = await import('node:child_process');
      const { BIN, testEnv } = await import('../helpers/run.js');
      const child = spawn(process.execPath, [BIN, 'key', 'check', '--manifest', app, '--api-base', fake.url], {
        env: testEnv({ RAK_APP_KEY: ALL }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => void (stdout += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => void (stderr += t));
      const exited = new Promise((r) => child.on('close', (code) => r(code)));
      await fake.nextRequest();
      child.kill('SIGTERM');
      expect(await exited).toBe(130);
      expect(stderr).toBe('rak-app: interrupted (SIGTERM).\n');
      expect(stdout).toBe('');
    },
  );

  it('ends within --timeout when Stripe never answers, exit 4', async () => {
    fake.answerNext(...Array(ASKED.length * 3).fill({ kind: 'hang' }));
    const started = Date.now();
    const { code, result } = await keyCheckJson(ALL, ['--timeout', '0.5']);
    const took = Date.now() - started;
    expect(code).toBe(4);
    expect(result.verdict).toBe('unreachable');
    expect(result.permissions.filter((c) => c.reason === 'no-answer')).toHaveLength(4);
    expect(result.advice[0]).toMatch(
      /did not answer for customer_read, customer_write, invoice_read, event_read within 0.5 s/,
    );
    // The deadline is the whole check's, not each request's: 0.5 s and the run's own work.
    expect(took).toBeLessThan(3000);
  });

  it('retries after a 429, honouring Retry-After, and gets the answer', async () => {
    fake.answerNext({ kind: 'rate-limit', retryAfter: '0' }, { kind: 'rate-limit', retryAfter: '0' });
    const { code, result } = await keyCheckJson(ALL);
    expect(code).toBe(0);
    expect(fake.requests).toHaveLength(6);
    expect(result.permissions.reduce((n, c) => n + (c.attempts ?? 0), 0)).toBe(6);
  });

  it('reports Stripe as unreachable after a 429 that does not end, exit 4', async () => {
    fake.answerNext(...Array(12).fill({ kind: 'rate-limit', retryAfter: '0' }));
    const { code, result } = await keyCheckJson(ALL);
    expect(code).toBe(4);
    expect(result.verdict).toBe('unreachable');
    expect(result.permissions.filter((c) => c.reason === 'rate-limited')).toHaveLength(4);
    expect(result.advice[0]).toMatch(
      /^Stripe answered 429 \(too many requests\) for those permissions, also after waiting/,
    );
  });

  it('a 429 whose Retry-After is past the time left is not waited for, and the advice does not say it was', async () => {
    fake.answerNext(...Array(4).fill({ kind: 'rate-limit', retryAfter: '30' }));
    const { code, result } = await keyCheckJson(ALL, ['--timeout', '3']);
    expect(code).toBe(4);
    expect(result.permissions.filter((c) => c.reason === 'rate-limited').map((c) => c.attempts)).toEqual([1, 1, 1, 1]);
    expect(result.advice[0]).toMatch(
      /^Stripe answered 429 \(too many requests\) for those permissions, and waiting to ask again \(as its Retry-After asked, or rak-app's own back-off\) would have gone past --timeout or the 10 s rak-app waits at most: /,
    );
  });

  it('a server that closes every connection: said in words, beside the code, exit 4', async () => {
    fake.answerNext(...Array(16).fill({ kind: 'drop' }));
    const { code, result } = await keyCheckJson(ALL);
    expect(code).toBe(4);
    expect(result.permissions[0]?.detail).toMatch(
      /^The connection failed: (UND_ERR_SOCKET|ECONNRESET) \(the server closed the connection\)\.$/,
    );
  });

  it('retries a dropped connection; a server that is gone is unreachable, exit 4', async () => {
    fake.answerNext({ kind: 'drop' });
    expect((await keyCheckJson(ALL)).code).toBe(0);
    const gone = await startFakeStripeApi();
    await gone.close();
    const { code, stdout } = await run(['key', 'check', '--manifest', app, '--api-base', gone.url], {
      env: { RAK_APP_KEY: ALL },
    });
    expect(code).toBe(4);
    expect(stdout).toContain('The connection failed: ECONNREFUSED (nothing answers at that address).');
    // Refused at once: no timeout is blamed.
    expect(stdout).toContain(
      'Stripe could not be reached for customer_read, customer_write, invoice_read, event_read (the connection failed',
    );
    expect(stdout).not.toMatch(/within \d+ s/);
  });

  it('a port fetch will not connect to (1, 25, 6000: the ports browsers block) is said in words, exit 4', async () => {
    const { code, stdout } = await run(['key', 'check', '--manifest', app, '--api-base', 'http://127.0.0.1:1'], {
      env: { RAK_APP_KEY: ALL },
    });
    expect(code).toBe(4);
    expect(stdout).toContain(
      'The connection failed: bad port (a port fetch refuses to connect to, as browsers do: use another).',
    );
  });

  it('a manifest whose permissions cannot all be read: exit 2, nothing sent, where it is', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      '{\n  "permissions": [\n    { "permission": "customer_read" },\n    { "permission": 42 }\n  ]\n}\n',
    );
    const r = await run(['key', 'check', '--api-base', fake.url], { cwd: dir, env: { RAK_APP_KEY: ALL } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'rak-app: stripe-app.json:4:5: permissions[1] names no permission, so which permissions it grants is not known; run `rak-app check stripe-app.json` first.',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('asks at a terminal without showing what is pasted, and checks that key', async () => {
    const r = await runInTerminal(['key', 'check', '--manifest', app, '--api-base', fake.url], {
      cwd: app,
      env: { CI: undefined, GITHUB_ACTIONS: undefined, RAK_APP_KEY: undefined },
      steps: [{ waitFor: 'The restricted key', type: `${ALL}\r` }],
    });
    expect(r.code).toBe(0);
    expect(r.screen).toContain('Key rk_test_…0001 (restricted key, test mode)');
    // Not echoed, not even masked as it is typed: no part of the key's body is on the screen.
    expect(r.screen).not.toContain('51AllPermissions');
    expect(r.screen).not.toContain('*****');
    expect(fake.requests).toHaveLength(4);
  });

  it('in CI at a terminal: asks nothing, and says CI is why', async () => {
    const r = await runInTerminal(['key', 'check', '--manifest', app, '--api-base', fake.url], {
      cwd: app,
      env: { CI: 'true', RAK_APP_KEY: undefined },
      steps: [],
    });
    expect(r.code).toBe(2);
    expect(r.screen).toContain('No key: this is CI (CI is set), where rak-app asks nothing.');
    expect(fake.requests).toHaveLength(0);
  });

  /** key check at a terminal, outside CI, answering its key prompt with `keys`. */
  const atKeyPrompt = (keys: string, flags: string[] = []) =>
    runInTerminal(['key', 'check', '--manifest', app, '--api-base', fake.url, ...flags], {
      cwd: app,
      env: { CI: undefined, GITHUB_ACTIONS: undefined, RAK_APP_KEY: undefined },
      steps: [{ waitFor: 'The restricted key', type: keys }],
    });

  it('Ctrl-C at the prompt: nothing is sent, exit 130', async () => {
    const r = await atKeyPrompt('\u0003');
    expect(r.code).toBe(130);
    expect(r.screen).toContain('Cancelled; nothing was checked.');
    expect(fake.requests).toHaveLength(0);
  });

  it('Enter alone at the prompt is no key given (exit 2), as an empty RAK_APP_KEY is', async () => {
    const r = await atKeyPrompt('\r');
    expect(r.code).toBe(2);
    expect(r.screen).toContain('rak-app: No key: nothing was pasted at the prompt.');
    expect(fake.requests).toHaveLength(0);
  });

  // Input ended at the prompt left it unanswered: node ran out of work and exited 0.
  it.each([
    ['Ctrl-D', '\u0004', []],
    ['Ctrl-D with --json', '\u0004', ['--json']],
    ['Ctrl-C with --json', '\u0003', ['--json']],
  ])('%s at the prompt: a cancel, exit 130, nothing sent', async (_, key, flags) => {
    const r = await atKeyPrompt(key, flags);
    expect(r.code).toBe(130);
    if (flags.length > 0) expect(r.screen).toMatch(/"exitCode": 130/);
    else expect(r.screen).toContain('Cancelled; nothing was checked.');
    expect(fake.requests).toHaveLength(0);
  });
});
