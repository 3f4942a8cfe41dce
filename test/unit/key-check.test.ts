import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkKey as checkKeyFromApi } from '../../src/api.js';
import { checkApiBase, checkKey, KeyCheckOptionError, keyShape } from '../../src/partner/key-check.js';
import { formatKeyCheck } from '../../src/views/key-check.js';
import { EXAMPLE_DIR } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/run.js';

const KEY = 'rk_live_51UnitTestKeyAbcdefGHIJKLmnopQRstuvwxyz99';

describe('the shape of a key', () => {
  it.each([
    [KEY, true, 'restricted key', 'live'],
    ['rk_test_4eC39HqLyjWDarjtT1zdp7dc', true, 'restricted key', 'test'],
    ['sk_org_51OrgKeyAbcdefGHIJKLmnopQRstuvwxyz', false, 'organization secret key', null],
    ['absec_0123456789abcdefghijABCDEFGHIJ', false, 'app signing secret', null],
    ['rk_test_51Abcdef GHIJKLmnopQRstuvwxyz0123456789', false, 'restricted key', 'test'],
    ['rk_prod_51AbcdefGHIJKLmnopQRstuvwxyz0123456789', false, 'unknown', null],
    ['', false, 'unknown', null],
  ])('%s', (key, ok, kind, mode) => {
    const shape = keyShape(key);
    expect(shape).toMatchObject({ ok, kind, mode });
    if (key.length > 20) expect(JSON.stringify(shape)).not.toContain(key.trim());
  });

  it.each([
    ['rk_test_', 'The key is cut short (nothing after rk_test_).'],
    ['rk_live_', 'The key is cut short (nothing after rk_live_).'],
    ['rk_test_A', 'The key is cut short (1 character after rk_test_).'],
    ['rk_test_AB', 'The key is cut short (2 characters after rk_test_).'],
  ])('%s is cut short, said in the right number', (key, said) => {
    expect(keyShape(key).problem).toContain(said);
  });

  it('shows the kind of a publishable key as it shows a secret one', () => {
    expect(keyShape('pk_live_51PublishableAbcdefGHIJKLmnopQRstuvwxriLs').masked).toBe('pk_live_…riLs');
  });

  it('names whitespace inside a key', () => {
    expect(keyShape('rk_test_51Abcdef GHIJKLmnopQRstuvwxyz0123456789').problem).toContain(
      'a space or line break inside it',
    );
  });
});

describe('the API base', () => {
  it.each(['https://api.stripe.com', 'http://localhost:12111', 'http://127.0.0.5:8080/stripe/', 'http://[::1]:9'])(
    'takes %s',
    (base) => expect(checkApiBase(base)).toBe(base.replace(/\/$/, '')),
  );

  it.each([
    ['http://10.0.0.1', /plain http to 10.0.0.1/],
    ['http://127.0.0.1.example.com', /plain http/],
    ['ftp://api.stripe.com', /https URL/],
    ['https://api.stripe.com/?x=1', /plain URL/],
    ['api.stripe.com', /not a URL/],
  ])('refuses %s', (base, why) => {
    expect(() => checkApiBase(base)).toThrow(why);
  });
});

describe('checkKey with a fetch of its own', () => {
  it("uses the fetch given, and counts a 403 in Stripe's shape with no message as missing", async () => {
    const calls: string[] = [];
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_read', 'invoice_read'],
      fetch: async (url) => {
        calls.push(String(url));
        return new Response(
          String(url).includes('invoices')
            ? '{"error":{"type":"invalid_request_error"}}'
            : '{"object":"list","data":[]}',
          {
            status: String(url).includes('invoices') ? 403 : 200,
          },
        );
      },
    });
    expect(calls.sort()).toEqual([
      'https://api.stripe.com/v1/customers?limit=1',
      'https://api.stripe.com/v1/invoices?limit=1',
    ]);
    expect(result.verdict).toBe('missing-permissions');
    expect(result.account).toBeNull();
    expect(result.permissions[1]).toMatchObject({ status: 'missing', detail: 'Stripe answered 403 with no message.' });
  });

  it('reads a 400 as telling neither way: not checked, never guessed', async () => {
    const result = await checkKey({
      key: KEY,
      permissions: ['payment_method_read'],
      fetch: async () =>
        new Response('{"error":{"message":"Missing required param: customer.","type":"invalid_request_error"}}', {
          status: 400,
        }),
    });
    // The only permission asked for told nothing: nothing is known of the key.
    expect(result.verdict).toBe('unchecked');
    expect(result.permissions[0]).toMatchObject({
      status: 'not-checked',
      reason: 'unexpected-answer',
      httpStatus: 400,
    });
    expect(result.advice[1]).toContain('Not checked: payment_method_read');
  });

  it.each([
    ['a 500', () => new Response('{"error":{"type":"api_error","message":"Something went wrong."}}', { status: 500 })],
    ["a firewall's 403 page", () => new Response('<html>Forbidden by WAF</html>', { status: 403 })],
    ['a 401 not from Stripe', () => new Response('{"message":"Unauthorized"}', { status: 401 })],
    ['a page from another server', () => new Response('<html>welcome</html>', { status: 200 })],
    ["a 200 not in Stripe's shape", () => new Response('{"ok":true}', { status: 200 })],
    [
      'a 404 for the path itself (an API base ending in /v1)',
      () =>
        new Response(
          '{"error":{"type":"invalid_request_error","message":"Unrecognized request URL (GET: /v1/v1/customers)."}}',
          { status: 404 },
        ),
    ],
  ])('reads %s as no answer from Stripe: unreachable, never valid', async (_what, answer) => {
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_read', 'customer_write'],
      fetch: async () => answer(),
    });
    expect(result.verdict).toBe('unreachable');
    expect(result.permissions.map((c) => [c.status, c.reason])).toEqual([
      ['not-checked', 'not-stripe'],
      ['not-checked', 'not-stripe'],
    ]);
    expect(result.advice[0]).toContain('check the API base (it ends before /v1)');
  });

  it("words a 5xx as the server's fault, not as an answer unlike Stripe's", async () => {
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_read'],
      fetch: async () =>
        new Response('{"error":{"type":"api_error","message":"Something went wrong."}}', { status: 500 }),
    });
    expect(result.permissions[0]?.detail).toBe(
      "The API failed with 500: Something went wrong. A fault on the server's side says nothing of the key; run the check again later.",
    );
  });

  it('reads no more of an answer than a probe needs, however much is sent', async () => {
    let sent = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            sent += 65536;
            controller.enqueue(new Uint8Array(65536).fill(120));
          },
        }),
        { status: 200 },
      );
    const result = await checkKey({ key: KEY, permissions: ['customer_read'], fetch: async () => endless() });
    expect(result.verdict).toBe('unreachable');
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it("never returns the key whole in a failed connection's detail, whatever the caller's fetch says", async () => {
    // A fetch of the caller's (a logging wrapper) that names the key it was sent.
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_read'],
      fetch: async () => {
        throw new Error(`boom ${KEY}`);
      },
    });
    expect(result.verdict).toBe('unreachable');
    expect(JSON.stringify(result)).toContain('The connection failed: boom rk_live_');
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('takes a timeout that is no whole number of milliseconds, and refuses one a timer cannot wait', async () => {
    const ok = await checkKey({
      key: KEY,
      permissions: ['customer_read'],
      timeout: 16.1 * 1000,
      fetch: async () => new Response('{"object":"list","data":[]}'),
    });
    expect(ok.verdict).toBe('valid');
    await expect(checkKey({ key: KEY, permissions: ['customer_read'], timeout: 5e9 })).rejects.toThrow(
      /at most 86400000 \(a day\)/,
    );
  });

  it('says nothing was checked when no permission could be: unchecked, never valid', async () => {
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_reed', 'elements_write'],
      fetch: async () => new Response(''),
    });
    expect(result.verdict).toBe('unchecked');
    expect(result.advice[0]).toContain('do not take it as valid');
  });

  it("maps the scope Stripe's 403 names back to the app permission, with the catalog's note", async () => {
    const forbidden = (scope: string) =>
      new Response(
        JSON.stringify({
          error: {
            type: 'invalid_request_error',
            message: `The provided key 'rk_live_…xyz99' does not have the required permissions for this endpoint on account 'acct_1PJBLEBBLEfV'. Having the '${scope}' permission would allow this request to continue.`,
          },
        }),
        { status: 403 },
      );
    const result = await checkKey({
      key: KEY,
      permissions: ['invoice_read', 'connected_account_read'],
      fetch: async (url) =>
        forbidden(String(url).includes('invoices') ? 'rak_invoice_item_read' : 'rak_accounts_kyc_id_numbers_read'),
    });
    expect(result.account).toBe('acct_1PJBLEBBLEfV');
    expect(result.permissions[0]).toMatchObject({
      status: 'missing',
      scope: 'rak_invoice_item_read',
      scopePermission: 'invoice_read',
      scopeNote: expect.stringContaining('invoice items'),
    });
    expect(result.permissions[1]).toMatchObject({
      status: 'missing',
      scope: 'rak_accounts_kyc_id_numbers_read',
      scopePermission: null,
    });
  });
});

describe('the key check as a reader sees it', () => {
  it("keeps a server's text on its own line: a line break in it cannot add a line of its own", async () => {
    const result = await checkKey({
      key: KEY,
      permissions: ['customer_read'],
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { type: 'api_error', message: 'Oops.\nThe key holds every permission checked.\r\u001b[2J' },
          }),
          { status: 400 },
        ),
    });
    const lines = formatKeyCheck(result).split('\n');
    expect(lines.filter((l) => l.includes('Oops.'))).toEqual([
      expect.stringContaining('Oops.\\x0aThe key holds every permission checked.\\x0d\\x1b[2J'),
    ]);
    expect(lines).not.toContain('The key holds every permission checked.');
  });
});

describe('checkKey, asked for nothing to check', () => {
  const refused = async () => new Response('{}', { status: 401 });

  it.each([
    ['no permissions, manifest or manifestPath', {}, /needs the permissions to check/],
    ['an empty list', { permissions: [] }, /asks for no permission/],
    [
      'a list that is not one of names',
      { permissions: 'customer_read' },
      /permissions must be a list of permission names/,
    ],
    [
      'a list with an empty name',
      { permissions: ['customer_read', ' '] },
      /permissions must be a list of permission names/,
    ],
    [
      'a manifest still in text',
      { manifest: '{"permissions":[]}' },
      /the parsed stripe-app\.json \(an object\), not a string/,
    ],
    [
      'a manifest with no list (a typo, a local manifest)',
      { manifest: { permisions: [] } },
      /has no "permissions" list.*manifestPath/,
    ],
    ['a manifest that asks for nothing', { manifest: { permissions: [] } }, /asks for no permission/],
    ['a manifest given as undefined', { manifest: undefined }, /needs the permissions to check/],
  ])('rejects %s, sending nothing, never "valid"', async (_, given, why) => {
    let sent = 0;
    await expect(
      checkKey({
        key: KEY,
        fetch: async () => {
          sent++;
          return refused();
        },
        ...(given as object),
      }),
    ).rejects.toThrow(why);
    await expect(checkKey({ key: KEY, fetch: refused, ...(given as object) })).rejects.toThrow(KeyCheckOptionError);
    expect(sent).toBe(0);
  });

  it.each([
    [undefined, 'No key was given.'],
    [null, 'No key was given.'],
    [123, 'The key is not text (a number)'],
    [['rk_test_a', 'rk_test_b'], 'The key is not text (a list)'],
    [{ key: KEY }, 'The key is not text (an object)'],
  ])('takes %j for a key as a wrong key, as a form may send it', async (key, problem) => {
    const result = await checkKey({ key: key as unknown as string, permissions: ['customer_read'], fetch: refused });
    expect(result).toMatchObject({ verdict: 'wrong-key', key: { ok: false, kind: 'unknown', masked: '' } });
    expect(result.advice[0]).toContain(problem);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});

describe("the API's manifestPath, read as --manifest reads it", () => {
  const secret = `sk_test_${'x'.repeat(24)}`;
  const app = () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'stripe-app.json'), readFileSync(join(EXAMPLE_DIR, 'stripe-app.json')));
    return folder;
  };

  it('takes the app folder, a local manifest that inherits its permissions, a file: URL', async () => {
    const folder = app();
    writeFileSync(join(folder, 'stripe-app.dev.json'), '{ "extends": "stripe-app.json", "constants": {} }');
    for (const manifestPath of [
      folder,
      join(folder, 'stripe-app.dev.json'),
      pathToFileURL(join(folder, 'stripe-app.json')),
    ]) {
      const result = await checkKeyFromApi({ key: secret, manifestPath });
      expect(result.verdict, String(manifestPath)).toBe('wrong-key');
    }
  });

  it('rejects a folder with no manifest, one that asks for nothing, a BOM as check does, with what is wrong', async () => {
    const empty = tempDir();
    await expect(checkKeyFromApi({ key: secret, manifestPath: empty })).rejects.toThrow(
      new KeyCheckOptionError(`${empty}: no stripe-app.json in this folder.`),
    );
    const folder = app();
    writeFileSync(join(folder, 'stripe-app.json'), '{ "id": "com.example.none", "permissions": [] }');
    await expect(checkKeyFromApi({ key: secret, manifestPath: folder })).rejects.toThrow(
      new KeyCheckOptionError(
        `${join(folder, 'stripe-app.json')} asks for no permission, so there is nothing to check the key against.`,
      ),
    );
    await expect(
      checkKeyFromApi({ key: secret, manifestPath: new URL('https://example.com/stripe-app.json') }),
    ).rejects.toThrow(KeyCheckOptionError);
    writeFileSync(join(folder, 'part.json'), '{ "permissions": [{ "permission": "customer_read" }, { "name": "x" }] }');
    await expect(checkKeyFromApi({ key: secret, manifestPath: join(folder, 'part.json') })).rejects.toThrow(
      /part\.json:1:54: permissions\[1\] names no permission, so which permissions it grants is not known/,
    );
    writeFileSync(join(folder, 'bom.json'), `\uFEFF${readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8')}`);
    await expect(checkKeyFromApi({ key: secret, manifestPath: join(folder, 'bom.json') })).rejects.toThrow(
      /bom\.json:1:1: not valid JSON, so it is not a manifest; run `rak-app check .*bom\.json` first\.$/,
    );
  });
});
