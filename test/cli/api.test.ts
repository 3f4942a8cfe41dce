// The package's API, `import { checkKey } from 'rak-app'`, run from the built entry (dist/api.js,
// built by `npm test` before the suite) exactly as README.md's example uses it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_ID_MARK } from '../../src/catalog/probes.js';
import { FAKE_ACCOUNT, type FakeStripeApi, startFakeStripeApi } from '../helpers/fake-stripe-api.js';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { tempDir, testEnv } from '../helpers/run.js';

const GOOD = 'rk_test_51ApiGoodKeyAbcdefGHIJKLmnopQRstuvwxyz01';
const PARTIAL = 'rk_test_51ApiPartialKeyAbcdefGHIJKLmnopQRstuvw02';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** README's Express example, as it stands there. */
const example = /```js\n(import express from 'express';\nimport \{ checkKey \} from 'rak-app';\n[\s\S]*?)```/.exec(
  readme,
)?.[1];

/**
 * A stand-in for express, as much as the example uses: routes recorded, JSON bodies already parsed.
 * The runner posts one body to the example's route and prints the status and JSON it answered.
 */
const FAKE_EXPRESS = `
const routes = [];
export default function express() {
  return { post: (path, ...handlers) => routes.push({ path, handlers }) };
}
express.json = () => (req, res, next) => next();
export async function post(path, body) {
  const route = routes.find((r) => r.path === path);
  const answer = { status: 200, body: undefined };
  const res = { status: (s) => ((answer.status = s), res), json: (b) => ((answer.body = b), res) };
  const req = { body };
  const chain = [...route.handlers];
  const next = async () => { const h = chain.shift(); if (h) await h(req, res, next); };
  await next();
  return answer;
}
`;

const RUNNER = `
import { post } from 'express';
globalThis.saved = [];
globalThis.saveKey = async (key, account) => void saved.push({ key, account });
await import('./server.mjs');
const answer = await post('/stripe-key', { key: process.argv[2] });
process.stdout.write(JSON.stringify({ ...answer, saved: saved.map((s) => ({ ...s, key: s.key === process.argv[2] })) }));
`;

describe("the package's API, as README.md's example uses it", () => {
  let fake: FakeStripeApi;
  let project: string;

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist', 'api.js')), 'dist/api.js: run `npm run build` first').toBe(true);
    fake = await startFakeStripeApi({
      keys: {
        [GOOD]: ['customer_read', 'invoice_read', 'charge_read', 'balance_transaction_source_read', 'event_read'],
        [PARTIAL]: ['customer_read'],
      },
    });
    project = tempDir();
    mkdirSync(join(project, 'node_modules', 'express'), { recursive: true });
    symlinkSync(ROOT, join(project, 'node_modules', 'rak-app'), 'dir');
    writeFileSync(
      join(project, 'node_modules', 'express', 'package.json'),
      JSON.stringify({ name: 'express', type: 'module', exports: './index.js' }),
    );
    writeFileSync(join(project, 'node_modules', 'express', 'index.js'), FAKE_EXPRESS);
    mkdirSync(join(project, 'stripe-app'));
    writeFileSync(join(project, 'stripe-app', 'stripe-app.json'), readFileSync(join(EXAMPLE_DIR, 'stripe-app.json')));
    writeFileSync(join(project, 'server.mjs'), example ?? '');
    writeFileSync(join(project, 'runner.mjs'), RUNNER);
  });

  afterAll(async () => {
    for (const request of fake.requests)
      expect(request.method === 'GET' || request.path.endsWith(`${PROBE_ID_MARK}0000000000`)).toBe(true);
    expect(fake.changes).toEqual([]);
    await fake.close();
  });

  /** Runs the example in a node process of its own, as a partner's server would. */
  async function paste(
    key: string,
  ): Promise<{ status: number; body: any; saved: { key: boolean; account: string | null }[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, ['runner.mjs', key], {
      cwd: project,
      env: testEnv({ STRIPE_API_BASE: fake.url }),
    });
    return JSON.parse(stdout);
  }

  it('is in README.md, importing checkKey from the package', () => {
    expect(example).toContain(
      "const result = await checkKey({ key: req.body.key, manifestPath: 'stripe-app/stripe-app.json'",
    );
  });

  it("accepts a key that holds the manifest's permissions", async () => {
    const answer = await paste(GOOD);
    expect(answer).toEqual({ status: 200, body: { ok: true, mode: 'test' }, saved: [{ key: true, account: null }] });
  });

  it('refuses a key that lacks some, with what to tell the user', async () => {
    const answer = await paste(PARTIAL);
    expect(answer.status).toBe(422);
    expect(answer.body.verdict).toBe('missing-permissions');
    expect(answer.body.advice[0]).toMatch(
      /lacks invoice_read, charge_read, balance_transaction_source_read, event_read/,
    );
    expect(answer.saved).toEqual([]);
    expect(JSON.stringify(answer)).toContain('re-approve');
    expect(JSON.stringify(answer)).not.toContain(PARTIAL);
  });

  it('refuses a secret key without sending it anywhere', async () => {
    const before = fake.requests.length;
    const answer = await paste('sk_live_51SecretKeyAbcdefGHIJKLmnopQRstuvwxyz09');
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ verdict: 'wrong-key', advice: [expect.stringMatching(/secret key \(sk_\)/)] });
    expect(fake.requests.length).toBe(before);
  });

  it('resolves with data, and the account once Stripe names it, never the whole key', async () => {
    const { checkKey } = (await import(join(ROOT, 'dist', 'api.js'))) as typeof import('../../src/api.js');
    const result = await checkKey({ key: PARTIAL, permissions: ['customer_write'], apiBase: fake.url });
    expect(result).toMatchObject({ verdict: 'missing-permissions', account: FAKE_ACCOUNT, mode: 'test' });
    expect(JSON.stringify(result)).not.toContain(PARTIAL);
    await expect(checkKey({ key: PARTIAL, permissions: [], apiBase: 'http://example.com' })).rejects.toThrow(
      /plain http/,
    );
    const cancelled = new AbortController();
    cancelled.abort(new Error('the user left'));
    await expect(
      checkKey({ key: PARTIAL, permissions: ['customer_read'], apiBase: fake.url, signal: cancelled.signal }),
    ).rejects.toThrow('the user left');
  });
});

describe('checkKey keeps its deadline', () => {
  it('against a server that sends headers and then stalls in the body, even with collections running', async () => {
    const { createServer } = await import('node:http');
    const stalls = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"list",');
    });
    await new Promise<void>((resolve) => stalls.listen(0, '127.0.0.1', resolve));
    const { port } = stalls.address() as { port: number };
    // A child with collections forced often: the deadline must not be collected while a body is read.
    const script = `
      import { checkKey } from ${JSON.stringify(join(ROOT, 'dist', 'api.js'))};
      const gcs = setInterval(() => globalThis.gc(), 20);
      const started = Date.now();
      const result = await checkKey({ key: ${JSON.stringify(GOOD)}, permissions: ['customer_read'], apiBase: 'http://127.0.0.1:${port}', timeout: 500 });
      clearInterval(gcs);
      console.log(JSON.stringify({ verdict: result.verdict, took: Date.now() - started }));
    `;
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--input-type=module', '-e', script],
        {
          env: testEnv(),
          timeout: 20_000,
        },
      );
      const { verdict, took } = JSON.parse(stdout) as { verdict: string; took: number };
      expect(verdict).toBe('unreachable');
      expect(took).toBeLessThan(10_000);
    } finally {
      stalls.closeAllConnections();
      await new Promise((resolve) => stalls.close(resolve));
    }
  }, 30_000);
});
