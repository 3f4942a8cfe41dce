import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { run as runCli } from '../../src/cli.js';
import { captureIo, run, runBin, tempDir } from '../helpers/run.js';

const BACKENDS = join(ROOT, 'test', 'fixtures', 'backends');

async function scan(backend: string, args: string[] = []) {
  const r = await run(['permissions', 'scan', '.', '--format', 'json', ...args], { cwd: join(BACKENDS, backend) });
  const report = JSON.parse(r.stdout) as {
    files: {
      path: string;
      findings: { ruleId: string; line: number; column: number; messageId: string; data: unknown }[];
    }[];
  };
  return {
    ...r,
    findings: report.files.flatMap((f) =>
      f.findings.map((x) => [f.path, x.line, x.column, x.ruleId, x.messageId, x.data]),
    ),
  };
}

/** A manifest granting `permissions` (entries as written), pretty-printed as an app's is. */
const grantingManifest = (permissions: unknown): string =>
  `${JSON.stringify({ id: 'com.example.x', version: '1', name: 'X', permissions }, null, 2)}\n`;

describe('rak-app permissions scan', () => {
  // README's first scan from a fresh clone: the example backend against the example app's manifest.
  it('the bundled example backend needs every permission the example app grants, and nothing more', async () => {
    const example = join(ROOT, 'examples', 'ledger-sync');
    const r = await run(['permissions', 'scan', 'examples/ledger-sync-backend', '--manifest', 'examples/ledger-sync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No problems');
    // Each permission is needed: a manifest without it is told the code needs it.
    const manifest = JSON.parse(readFileSync(join(example, 'stripe-app.json'), 'utf8'));
    const granted: string[] = manifest.permissions.map((p: { permission: string }) => p.permission);
    expect(granted).toHaveLength(5);
    for (const name of granted) {
      const dir = tempDir();
      cpSync(example, dir, { recursive: true });
      const without = manifest.permissions.filter((p: { permission: string }) => p.permission !== name);
      writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify({ ...manifest, permissions: without }, null, 2));
      const lacking = await run([
        'permissions',
        'scan',
        'examples/ledger-sync-backend',
        '--manifest',
        dir,
        '--format',
        'json',
      ]);
      expect(lacking.code, name).toBe(1);
      const missing = (
        JSON.parse(lacking.stdout) as { files: { findings: { ruleId: string; data: { anyOf?: string[] } }[] }[] }
      ).files
        .flatMap((f) => f.findings)
        .filter((f) => f.ruleId === 'permission-missing');
      expect(missing.length, name).toBeGreaterThan(0);
      expect(
        missing.every((f) => f.data.anyOf?.includes(name)),
        name,
      ).toBe(true);
    }
  });

  it('an Express webhook handler: events, calls and expansions against the manifest', async () => {
    const r = await scan('express-webhook');
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([
      ['stripe-app.json', 10, 21, 'permission-unused', 'permissionUnused', { name: 'product_write' }],
      [
        'server.js',
        16,
        10,
        'permission-missing',
        'permissionMissing',
        {
          what: 'event customer.subscription.deleted',
          anyOf: ['subscription_read', 'quote_read'],
          manifest: 'stripe-app.json',
        },
      ],
      [
        'server.js',
        26,
        81,
        'permission-missing',
        'permissionMissing',
        {
          what: 'stripe.invoices.list expanding payment_intent',
          anyOf: ['payment_intent_read'],
          manifest: 'stripe-app.json',
        },
      ],
    ]);
  });

  it('a sync job: an ES module client, nested resources, a dynamic call it reports as not understood', async () => {
    const r = await scan('sync-job');
    expect(r.findings).toEqual([
      [
        'sync.mjs',
        7,
        81,
        'permission-missing',
        'permissionMissing',
        {
          what: 'client.charges.list expanding balance_transaction',
          anyOf: ['balance_transaction_source_read'],
          manifest: 'stripe-app.json',
        },
      ],
      [
        'sync.mjs',
        10,
        98,
        'permission-missing',
        'permissionMissing',
        {
          what: 'client.checkout.sessions.retrieve expanding customer',
          anyOf: ['customer_read'],
          manifest: 'stripe-app.json',
        },
      ],
      [
        'sync.mjs',
        18,
        22,
        'scan-not-understood',
        'scanNotUnderstood',
        { what: 'client[…].list()', why: 'the resource is chosen at run time' },
      ],
      [
        'sync.mjs',
        23,
        20,
        'permission-missing',
        'permissionMissing',
        {
          what: 'event payout.paid',
          anyOf: ['payout_read', 'transfer_read', 'balance_transaction_source_read'],
          manifest: 'stripe-app.json',
        },
      ],
    ]);
  });

  it('a TypeScript service with an injected client: typed parameters and this.stripe are followed, implies honoured', async () => {
    const r = await scan('ts-service');
    // products.list needs product_read, which plan_read implies; subscriptions.update needs subscription_write.
    expect(r.code).toBe(0);
    expect(r.findings).toEqual([
      [
        'src/ledger-service.ts',
        28,
        9,
        'scan-not-understood',
        'scanNotUnderstood',
        {
          what: 'deps.stripe.refunds.create()',
          why: 'deps.stripe is not a Stripe client rak-app can see being created or typed here',
        },
      ],
    ]);
  });

  it('an event router: a handler map and the events a webhook endpoint subscribes to', async () => {
    const r = await scan('event-router');
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([
      [
        'router.ts',
        8,
        3,
        'permission-missing',
        'permissionMissing',
        {
          what: 'event payment_intent.payment_failed',
          anyOf: ['payment_intent_read', 'checkout_session_read'],
          manifest: 'stripe-app.json',
        },
      ],
      [
        'router.ts',
        16,
        83,
        'permission-missing',
        'permissionMissing',
        { what: 'event checkout.session.completed', anyOf: ['checkout_session_read'], manifest: 'stripe-app.json' },
      ],
    ]);
  });

  it('stylish output ends with what was scanned, its lines counted as an editor counts them', async () => {
    const r = await run(['permissions', 'scan', '.'], { cwd: join(BACKENDS, 'ts-service') });
    // ledger-service.ts: 29 lines, each ended by a newline (no 30th after the last).
    expect(r.stdout).toContain(
      'Scanned 1 source file (29 lines) and the manifest: 4 API calls, expansions and events need a permission; 1 could not be resolved (warnings above).',
    );
    // A last line with no newline is a line; an empty file has none; a file Babel cannot parse counts alike.
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ts'), 'const a = 1;\nconst b = 2;');
    writeFileSync(join(dir, 'b.ts'), '');
    writeFileSync(join(dir, 'c.ts'), 'const = ;\n\n');
    writeFileSync(join(dir, 'd.vue'), '<template>\n<p/>\n</template>\n<script>\nconst d = 1;\n</script>\n');
    const counted = await run(['permissions', 'scan', '.', '--manifest', join(BACKENDS, 'ts-service')], { cwd: dir });
    expect(counted.stdout).toContain('Scanned 4 source files (10 lines)');
  });

  it('usage errors exit 2', async () => {
    expect((await run(['permissions', 'scan', 'src'], { cwd: BACKENDS })).stderr).toMatch(
      /^rak-app: \.: no stripe-app\.json in this folder\./,
    );
    expect((await run(['permissions', 'scan', 'src', '--manifest', 'nowhere'], { cwd: BACKENDS })).stderr).toMatch(
      /^rak-app: nowhere: no manifest there\./,
    );
    expect((await run(['permissions', 'frob'])).stderr).toMatch(
      /Unknown command 'frob'.\n {2}Run `rak-app permissions --help`/,
    );
    expect(await run(['permissions', 'explain'])).toMatchObject({
      code: 2,
      stderr:
        'rak-app: permissions explain needs what to explain: a permission, a rak_ scope, a stripe-node call, an endpoint, an event type or a Stripe error.\n' +
        '  For example: `rak-app permissions explain customer_read` (or stripe.quotes.pdf, or "GET /v1/quotes/{id}/pdf").\n',
    });
  });

  it('names files outside the current folder by their absolute paths, as check does', async () => {
    const r = await run(
      [
        'permissions',
        'scan',
        join(BACKENDS, 'ts-service'),
        '--manifest',
        join(BACKENDS, 'ts-service'),
        '--format',
        'json',
      ],
      { cwd: tempDir() },
    );
    const paths = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.startsWith(BACKENDS)).toBe(true);
  });

  it("github paths start at GITHUB_WORKSPACE, as check's do", async () => {
    const r = await run(['permissions', 'scan', '.', '--format', 'github'], {
      cwd: join(BACKENDS, 'ts-service'),
      env: { GITHUB_WORKSPACE: BACKENDS },
    });
    const files = [...r.stdout.matchAll(/^::\w+ file=([^,]+),/gm)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^ts-service\//);
  });

  it("in GitHub Actions the default report also annotates, as check's does; --format stylish named does not", async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: BACKENDS };
    const annotated = await run(['permissions', 'scan', '.'], { cwd: join(BACKENDS, 'ts-service'), env });
    expect(annotated.stdout).toMatch(/^::(?:error|warning) file=ts-service\/[^,]+,line=\d+/m);
    const plain = await run(['permissions', 'scan', '.', '--format', 'stylish'], {
      cwd: join(BACKENDS, 'ts-service'),
      env,
    });
    expect(plain.stdout).not.toMatch(/^::/m);
    // Another format written to a file leaves the terminal the stylish report, annotated, as check does.
    const report = join(tempDir(), 'scan.sarif');
    const toFile = await run(['permissions', 'scan', '.', '--format', 'sarif', '-o', report], {
      cwd: join(BACKENDS, 'ts-service'),
      env,
    });
    expect(toFile.stdout).toMatch(/^::(?:error|warning) file=/m);
  });

  it('--manifest takes the app folder as well as its stripe-app.json', async () => {
    const byFile = await run(
      ['permissions', 'scan', 'ts-service', '--manifest', 'ts-service/stripe-app.json', '--format', 'json'],
      { cwd: BACKENDS },
    );
    const byFolder = await run(['permissions', 'scan', 'ts-service', '--manifest', 'ts-service', '--format', 'json'], {
      cwd: BACKENDS,
    });
    expect(byFolder).toEqual(byFile);
    expect(JSON.parse(byFolder.stdout).files.length).toBeGreaterThan(0);
  });

  it('a manifest that is not JSON (where), or not an object, is a usage error with a hint, not a crash', async () => {
    for (const [text, said] of [
      ['{"permissions": [,]}', ':1:18: not valid JSON'],
      ['null', ': not a JSON object'],
    ]) {
      const dir = tempDir();
      cpSync(join(BACKENDS, 'sync-job'), dir, { recursive: true });
      writeFileSync(join(dir, 'stripe-app.json'), text);
      const r = await run(['permissions', 'scan', '.'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `rak-app: stripe-app.json${said}, so it is not a manifest; run \`rak-app check stripe-app.json\` first.\n`,
      );
    }
  });
});

describe('rak-app permissions list and explain', () => {
  it('lists the catalog, with what each covers, as JSON', async () => {
    const list = JSON.parse((await run(['permissions', 'list', '--json'])).stdout).permissions as {
      name: string;
      resources: string[];
      events: string[];
    }[];
    expect(list.find((p) => p.name === 'customer_read')).toMatchObject({
      status: 'documented',
      resources: ['customers (read)', 'taxIds (read)'],
      events: ['customer_cash_balance_transaction.*', 'customer.*', 'cash_balance.*', 'test_helpers.test_clock.*'],
    });
    expect(list.find((p) => p.name === 'shipping_rate_write')).toMatchObject({ inOfficialSchema: false });
  });

  it('explains one, with did-you-mean for a wrong name', async () => {
    const r = await run(['permissions', 'explain', 'checkout_session_read']);
    expect(r.stdout).toContain(
      'implies: mandate_read, payment_intent_read, payment_links_read, product_read, setup_intent_read, sku_read',
    );
    const wrong = await run(['permissions', 'explain', 'customers_read']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Did you mean "customer_read"?');
  });
});

describe('rak-app permissions scan --fix', () => {
  const copy = () => {
    const dir = tempDir();
    cpSync(join(BACKENDS, 'express-webhook'), dir, { recursive: true });
    return dir;
  };
  const manifestOf = (dir: string) => readFileSync(join(dir, 'stripe-app.json'), 'utf8');
  /** --fix --yes with a purpose for each permission the express-webhook backend lacks. */
  const FIX_WITH_PURPOSES = [
    ...['permissions', 'scan', '.', '--fix', '--yes'],
    ...['--purpose', 'subscription_read=Close accounts when subscriptions end.'],
    ...['--purpose', 'payment_intent_read=Show how each invoice was paid.'],
  ];

  it('shows the change as a diff and changes nothing without --yes', async () => {
    const dir = copy();
    const before = manifestOf(dir);
    const r = await run(['permissions', 'scan', '.', '--fix'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('(added: subscription_read, payment_intent_read; removed: product_write)');
    expect(r.stdout).toContain('-    { "permission": "product_write", "purpose": "Left over from an older version." }');
    // The first message names every flag the change needs, the purposes included.
    expect(r.stdout).toContain(
      'Nothing was changed: run again with --yes --purpose subscription_read="…" --purpose payment_intent_read="…" to apply it.',
    );
    expect(manifestOf(dir)).toBe(before);
  });

  it('into an empty list, or one whose every entry is replaced, lays the list out as the file lays out others', async () => {
    for (const permissions of [[], [{ permission: 'payout_read', purpose: 'Old.' }]]) {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'stripe-app.json'),
        `${JSON.stringify({ id: 'com.example.x', version: '1', name: 'X', permissions }, null, 2)}\n`,
      );
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'a.ts'), "import Stripe from 'stripe';\nnew Stripe(k).customers.list();\n");
      const r = await run(
        ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match customers to accounts.'],
        { cwd: dir },
      );
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(
        `${JSON.stringify(
          {
            id: 'com.example.x',
            version: '1',
            name: 'X',
            permissions: [{ permission: 'customer_read', purpose: 'Match customers to accounts.' }],
          },
          null,
          2,
        )}\n`,
      );
    }
  });

  it("names the manifest in the diff's header as git does, from here or by its whole path", async () => {
    const dir = copy();
    const here = await run(['permissions', 'scan', '.', '--fix'], { cwd: dir });
    expect(here.stdout).toContain('--- a/stripe-app.json\n+++ b/stripe-app.json\n');
    const elsewhere = await run(['permissions', 'scan', dir, '--manifest', dir, '--fix'], { cwd: tempDir() });
    const manifest = join(dir, 'stripe-app.json').replace(/^\//, '');
    expect(elsewhere.stdout).toContain(`--- a/${manifest}\n+++ b/${manifest}\n`);
  });

  it('takes over a lock a killed upload left, saying that upload may be missing from the ledger', async () => {
    const dir = copy();
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: 2 ** 22 + 1, command: 'upload', since: 'then' }));
    const r = await run(FIX_WITH_PURPOSES, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('a `rak-app upload` (process 4194305, since then) ended without finishing');
    expect(existsSync(join(dir, '.rak-app.lock'))).toBe(false);
  });

  it('needs a purpose for each permission it adds', async () => {
    const dir = copy();
    const before = manifestOf(dir);
    const r = await run(
      ['permissions', 'scan', '.', '--fix', '--yes', '--purpose', 'subscription_read=Close accounts.'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a purpose users read at install: payment_intent_read');
    expect(r.stderr).toContain('--purpose payment_intent_read="…"');
    expect(manifestOf(dir)).toBe(before);
  });

  it('--yes applies it, keeping the lines it does not touch, and the next scan is clean', async () => {
    const dir = copy();
    const r = await run(FIX_WITH_PURPOSES, { cwd: dir });
    expect(r.code).toBe(0);
    const text = manifestOf(dir);
    // The array holds one entry a line, and the added entries follow suit.
    expect(text).toContain(
      '    { "permission": "customer_read", "purpose": "Match customers." },\n    { "permission": "subscription_read", "purpose": "Close accounts when subscriptions end." },\n',
    );
    expect(text).not.toContain('product_write');
    expect(JSON.parse(text).permissions.map((p: { permission: string }) => p.permission)).toEqual([
      'event_read',
      'invoice_read',
      'customer_read',
      'subscription_read',
      'payment_intent_read',
    ]);
    const again = await run(['permissions', 'scan', '.', '--fix'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to fix');
  });
});

describe('rak-app permissions scan --fix at a terminal', () => {
  /** --fix --yes on a copy of the express-webhook backend at a terminal, outside CI (CI never prompts). */
  const fixAtTerminal = async (steps: { waitFor: string; type: string }[]) => {
    const { runInTerminal } = await import('../helpers/pty.js');
    const dir = tempDir();
    cpSync(join(BACKENDS, 'express-webhook'), dir, { recursive: true });
    const r = await runInTerminal(['permissions', 'scan', '.', '--fix', '--yes'], {
      cwd: dir,
      env: { CI: undefined },
      steps,
    });
    return { ...r, dir };
  };

  it('asks for the purpose of each permission it adds', async () => {
    const { dir, ...r } = await fixAtTerminal([
      { waitFor: 'Why does the app need subscription_read?', type: 'Close accounts when subscriptions end.\r' },
      { waitFor: 'Why does the app need payment_intent_read?', type: 'Show how each invoice was paid.\r' },
    ]);
    expect(r.code).toBe(0);
    const permissions = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions;
    expect(permissions.slice(-2)).toEqual([
      { permission: 'subscription_read', purpose: 'Close accounts when subscriptions end.' },
      { permission: 'payment_intent_read', purpose: 'Show how each invoice was paid.' },
    ]);
  });

  it.each([
    ['--no-color', { NO_COLOR: undefined, FORCE_COLOR: undefined }, ['--no-color']],
    ['NO_COLOR', { NO_COLOR: '1', FORCE_COLOR: undefined }, []],
    ['--no-color over FORCE_COLOR', { NO_COLOR: undefined, FORCE_COLOR: '1' }, ['--no-color']],
  ])('the question has no colour with %s', async (_, env, flags) => {
    const { runInTerminal } = await import('../helpers/pty.js');
    const ask = async (extra: Record<string, string | undefined>, more: string[]) => {
      const dir = tempDir();
      cpSync(join(BACKENDS, 'express-webhook'), dir, { recursive: true });
      return runInTerminal(['permissions', 'scan', '.', '--fix', '--yes', ...more], {
        cwd: dir,
        env: { CI: undefined, ...extra },
        steps: [
          { waitFor: 'Why does the app need subscription_read?', type: 'Close accounts.\r' },
          { waitFor: 'Why does the app need payment_intent_read?', type: 'Show payments.\r' },
        ],
      });
    };
    const plain = await ask(env, flags);
    expect(plain.code).toBe(0);
    expect(plain.screen).toContain('? Why does the app need subscription_read?');
    expect(plain.screen).not.toMatch(/\u001b\[[\d;]*m/);
    // At the same terminal with colour on, the same question is coloured.
    const coloured = await ask({ NO_COLOR: undefined, FORCE_COLOR: undefined }, []);
    expect(coloured.screen).toContain('\u001b[34m?\u001b[39m \u001b[1mWhy does the app need subscription_read?');
  });

  it('a placeholder or spaces alone at the question are refused there, and it asks again on a cleared line', async () => {
    // What was refused is not kept in the line: the next answer is typed as it is, not onto it.
    const { dir, ...r } = await fixAtTerminal([
      { waitFor: 'Why does the app need subscription_read?', type: 'TODO\r' },
      { waitFor: 'That is a placeholder', type: '   \r' },
      { waitFor: 'An answer is needed.', type: 'Close accounts when subscriptions end.\r' },
      { waitFor: 'Why does the app need payment_intent_read?', type: 'Show how each invoice was paid.\r' },
    ]);
    expect(r.code).toBe(0);
    const permissions = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions;
    expect(permissions.slice(-2).map((p: { purpose: string }) => p.purpose)).toEqual([
      'Close accounts when subscriptions end.',
      'Show how each invoice was paid.',
    ]);
  });

  it('Ctrl-C at the question exits 130 and leaves the manifest as it was', async () => {
    const { runInTerminal } = await import('../helpers/pty.js');
    const dir = tempDir();
    cpSync(join(BACKENDS, 'express-webhook'), dir, { recursive: true });
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await runInTerminal(['permissions', 'scan', '.', '--fix', '--yes'], {
      cwd: dir,
      // At a terminal, outside CI (CI never prompts).
      env: { CI: undefined },
      steps: [{ waitFor: 'Why does the app need subscription_read?', type: '\u0003' }],
    });
    expect(r.code).toBe(130);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });
});

describe('rak-app permissions list and explain, as a user reads them', () => {
  it("list is a table of what each permission covers, cut to the terminal's width", async () => {
    const r = await run(['permissions', 'list'], { env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PERMISSION +STATUS +COVERS$/);
    // A row longer than the terminal is cut, with an ellipsis; explain shows it in full.
    expect(r.stdout).toMatch(/^customer_read +documented +calls: customers \(read\), taxIds \(read\); e…$/m);
    expect(r.stdout).toMatch(/^edit_link_write +documented +calls: accounts\.createLoginLink\(\)/m);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(lines.at(-1)).toMatch(/^\d+ permissions; `rak-app permissions explain <name>` shows one in full\.$/);
  });

  it.each([['80'], [undefined]])(
    'list at %s columns puts what each permission covers on lines of its own, not cut to a sliver',
    async (columns) => {
      const r = await run(['permissions', 'list'], { env: { COLUMNS: columns } });
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(lines.slice(0, 2)).toEqual([expect.stringMatching(/^PERMISSION +STATUS$/), '    COVERS']);
      const at = lines.findIndex((l) => /^customer_read +documented$/.test(l));
      // Up to two lines of it, wrapped at spaces (the widest name would have left COVERS 24 characters).
      const covers = `${lines[at + 1]} ${lines[at + 2]!.trim()}`;
      expect(covers).toMatch(
        /^ {4}calls: customers \(read\), taxIds \(read\); events: customer_cash_balance_transaction\.\*, customer\.\*,/,
      );
      expect(covers.length).toBeGreaterThan(100);
      expect(lines[at + 3]).toMatch(/^\S/);
      expect(lines.at(-1)).toMatch(/^\d+ permissions; `rak-app permissions explain <name>` shows one in full\.$/);
    },
  );

  it('list at 60 columns keeps every line within them, its closing sentence too', async () => {
    const r = await run(['permissions', 'list'], { env: { COLUMNS: '60' } });
    for (const line of r.stdout.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(r.stdout).toMatch(/\d+ permissions; `rak-app permissions explain <name>` shows\none in full\.\n$/);
  });

  it.each([['40'], ['30']])(
    'list at %s columns: every line within them but a name longer than they are (never cut), its status under it',
    async (columns) => {
      const r = await run(['permissions', 'list'], { env: { COLUMNS: columns } });
      const lines = r.stdout.trimEnd().split('\n');
      for (const line of lines)
        if (!/^[a-z_]+$/.test(line)) expect(line.length, line).toBeLessThanOrEqual(Number(columns));
      const at = lines.indexOf('customer_read');
      expect(lines[at + 1]).toMatch(/^ {4}documented: calls:/);
    },
  );

  it("list at a terminal without COLUMNS takes the terminal's width; COLUMNS, when set, wins", async () => {
    const listAt = async (env: Record<string, string | undefined>) => {
      const captured = captureIo({ env });
      await runCli(['permissions', 'list'], { ...captured.io, columns: () => 160 });
      return captured.stdout().split('\n');
    };
    const wide = await listAt({ COLUMNS: undefined });
    expect(wide[0]).toMatch(/^PERMISSION +STATUS +COVERS$/);
    expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(80);
    for (const line of wide) expect(line.length, line).toBeLessThanOrEqual(160);
    const set = await listAt({ COLUMNS: '60' });
    for (const line of set) expect(line.length, line).toBeLessThanOrEqual(60);
  });

  it('list at 20 columns takes more lines for what a permission covers, not less of it', async () => {
    const r = await run(['permissions', 'list'], { env: { COLUMNS: '20' } });
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) if (!/^[a-z_]+$/.test(line)) expect(line.length, line).toBeLessThanOrEqual(20);
    const at = lines.indexOf('customer_read');
    const block = lines.slice(
      at + 1,
      lines.findIndex((l, i) => i > at && /^[a-z_]+$/.test(l)),
    );
    expect(block.map((l) => l.trim()).join(' ')).toMatch(/^documented: calls: customers\b/);
  });

  it("explain with a resource's name suggests its permissions", async () => {
    const r = await run(['permissions', 'explain', 'customer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown permission "customer". Did you mean "customer_read" or "customer_write"?');
  });
});

describe('rak-app permissions scan --fix with something unresolved', () => {
  /** An app whose manifest grants customer_read, and code that needs it in a file scan cannot parse. */
  const app = (extra: Record<string, string> = {}) => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      `${JSON.stringify(
        {
          id: 'com.example.x',
          version: '1',
          name: 'X',
          permissions: [
            { permission: 'customer_read', purpose: 'Match customers.' },
            { permission: 'invoice_read', purpose: 'Show invoices.' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    mkdirSync(join(dir, 'src'));
    writeFileSync(
      join(dir, 'src', 'invoices.ts'),
      "import Stripe from 'stripe';\nexport const stripe = new Stripe(key);\nexport const list = () => stripe.invoices.list();\n",
    );
    // JSX in a .ts file: Babel cannot parse it, so its customers.list() is never seen.
    writeFileSync(
      join(dir, 'src', 'page.ts'),
      "import { stripe } from './invoices';\nexport const Page = () => <div>{String(stripe.customers.list())}</div>;\n",
    );
    for (const [path, text] of Object.entries(extra)) writeFileSync(join(dir, path), text);
    return dir;
  };
  const manifestOf = (dir: string) => readFileSync(join(dir, 'stripe-app.json'), 'utf8');

  it('keeps every permission, says why, and exits 1, even with --yes', async () => {
    const dir = app();
    const before = manifestOf(dir);
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'Not removing customer_read: 1 call or file could not be resolved (the scan-not-understood warnings above), and may need it.',
    );
    expect(r.stdout).toContain('pass --remove-despite-unresolved to remove it anyway');
    expect(manifestOf(dir)).toBe(before);
    // With -q the warnings are not shown: the message does not point above.
    const quiet = await run(['permissions', 'scan', 'src', '--fix', '--yes', '-q'], { cwd: dir });
    expect(quiet.stdout).toContain(
      'Not removing customer_read: 1 call or file could not be resolved (the scan-not-understood warnings, which -q hides), and may need it.',
    );
    expect(manifestOf(dir)).toBe(before);
  });

  it('speaks of the permissions it keeps as many when they are', async () => {
    const dir = app();
    const manifest = JSON.parse(manifestOf(dir));
    manifest.permissions.push({ permission: 'product_read', purpose: 'Show products.' });
    writeFileSync(join(dir, 'stripe-app.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'Not removing customer_read, product_read: 1 call or file could not be resolved (the scan-not-understood warnings above), and may need them.',
    );
    expect(r.stdout).toContain('pass --remove-despite-unresolved to remove them anyway');
  });

  it("reports the file it cannot parse at the parser's place, counted from 1, said once", async () => {
    const r = await run(['permissions', 'scan', 'src', '--json'], { cwd: app() });
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        messageId: 'scanUnreadable',
        line: 2,
        column: 46,
        message: expect.stringMatching(/^Could not parse this file, so it was not scanned: [^()]+$/),
      }),
    );
  });

  it('--remove-despite-unresolved removes it', async () => {
    const dir = app();
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes', '--remove-despite-unresolved'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(manifestOf(dir)).permissions.map((p: { permission: string }) => p.permission)).toEqual([
      'invoice_read',
    ]);
  });

  it('still adds what is missing, with its purpose, while it keeps the rest', async () => {
    const dir = app({ 'src/refunds.ts': "import { stripe } from './invoices';\nstripe.refunds.create({});\n" });
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'charge_write=Refund orders.'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('(added: charge_write; removed: none)');
    expect(JSON.parse(manifestOf(dir)).permissions.map((p: { permission: string }) => p.permission)).toEqual([
      'customer_read',
      'invoice_read',
      'charge_write',
    ]);
  });
});

describe('rak-app permissions scan --fix: what it will not do', () => {
  const manifest = grantingManifest;
  const withCode = (permissions: unknown) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.json'), manifest(permissions));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.js'), "const Stripe = require('stripe');\nnew Stripe(key).customers.list();\n");
    return dir;
  };

  it.each([
    ['an empty folder', ['empty'], 'no source file was read'],
    ['a folder whose code is all build output', ['srv'], 'no source file was read'],
    ['a folder of declaration files only', ['types'], 'only declaration files were read'],
    // The app's UI alone (the example app's folder): the backend that calls Stripe is elsewhere.
    ['code that calls Stripe nowhere', ['ui'], 'no Stripe API call or event was found in the files read'],
  ])('removes nothing when it read nothing: %s', async (_, paths, why) => {
    const dir = withCode([{ permission: 'customer_read', purpose: 'Match customers.' }]);
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'srv', 'dist'), { recursive: true });
    writeFileSync(join(dir, 'srv', 'dist', 'a.js'), "require('stripe')(k).customers.list();\n");
    mkdirSync(join(dir, 'types'));
    writeFileSync(join(dir, 'types', 'index.d.ts'), 'export declare const x: number;\n');
    mkdirSync(join(dir, 'ui'));
    writeFileSync(join(dir, 'ui', 'App.tsx'), 'export const App = () => <div>Settings</div>;\n');
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await run(['permissions', 'scan', ...paths, '--fix', '--yes', '--remove-despite-unresolved'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Not removing customer_read: ${why}, so nothing shows what the app uses.`);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it.each([
    [{}, '"permissions" is not a list'],
    ['customer_read', '"permissions" is not a list'],
    [[null, 1], 'entry 1 of "permissions" is not a { "permission": "…" } object'],
    [
      [{ permission: 'customer_read', purpose: 'x' }, 'invoice_read'],
      'entry 2 of "permissions" is not a { "permission": "…" } object',
    ],
  ])('refuses to edit permissions written as %j, saying why (exit 2)', async (permissions, why) => {
    const dir = withCode(permissions);
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await run(
      ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match customers.'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`stripe-app.json: ${why}, so --fix will not edit it.`);
    expect(r.stderr).not.toMatch(/internal error|at \w+ \(/);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it.each([
    [['permissions', 'scan', 'src', '--fix', '--json']],
    [['permissions', 'scan', 'src', '--fix', '--format', 'json', '--yes']],
  ])('%j: --fix with a JSON report on standard output is refused, exit 2, nothing changed', async (argv) => {
    const dir = withCode([]);
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await run(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--fix shows the change for people to read, so it does not go with --json or --format json.',
    );
    expect(r.stderr).toContain('add --report json=report.json to keep a JSON report too.');
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['subscription_write', '--purpose takes name=text, got "subscription_write".'],
    ['=Close accounts.', '--purpose takes name=text, got "=Close accounts.".'],
    ['customer_read=', '--purpose takes name=text, got "customer_read=".'],
    ['customer_read=Match\ncustomers.', '--purpose customer_read: a purpose is one line'],
    ['customer_read=TODO', '--purpose customer_read: "TODO" is a placeholder'],
  ])('--purpose %j is refused before the scan, as other bad flag values are (exit 2)', async (purpose, message) => {
    const dir = withCode([]);
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    for (const command of [
      ['scan', 'src'],
      ['trace', 'trace.jsonl'],
    ]) {
      writeFileSync(
        join(dir, 'trace.jsonl'),
        `${JSON.stringify({ method: 'GET', path: '/v1/customers', status: 200 })}\n`,
      );
      const r = await run(['permissions', ...command, '--fix', '--yes', '--purpose', purpose], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      // Refused as the flags are read: no report, no diff.
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it('a purpose that breaks lines is refused; one for a permission it does not add is named, and ignored', async () => {
    const dir = withCode([]);
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const broken = await run(
      ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match\ncustomers.'],
      {
        cwd: dir,
      },
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--purpose customer_read: a purpose is one line');
    for (const sneaky of ['a\u2028b', 'new \u202epurpose', 'esc\u001b[31m'])
      expect(
        (
          await run(['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', `customer_read=${sneaky}`], {
            cwd: dir,
          })
        ).code,
      ).toBe(2);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
    // The hint's own `…`, pasted as printed, and what people leave to come back to: what check flags.
    // explain's `"<purpose>"`, pasted as printed, too.
    for (const placeholder of ['…', 'TODO', ' tbd ', '<purpose>', 'TODO: explain', '[purpose]']) {
      const r = await run(
        ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', `customer_read=${placeholder}`],
        {
          cwd: dir,
        },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is a placeholder, which `rak-app check` flags; nothing was changed.');
    }
    // A key pasted into the purpose would be written whole into the manifest.
    const keyed = await run(
      ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', `customer_read=Sync sk_test_${'k'.repeat(40)}`],
      { cwd: dir },
    );
    expect(keyed.code).toBe(2);
    expect(keyed.stderr).toContain(
      '--purpose customer_read holds a secret key (sk_test_…kkkk), which `rak-app check` flags in a manifest; nothing was changed.',
    );
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
    const extra = await run(
      [
        'permissions',
        'scan',
        'src',
        '--fix',
        '--yes',
        '--purpose',
        'customer_read=Match.',
        '--purpose',
        'customer_raed=Typo.',
      ],
      { cwd: dir },
    );
    expect(extra.code).toBe(0);
    expect(extra.stderr).toContain(
      '--purpose customer_raed: this change adds no such permission (it adds customer_read); ignored.',
    );
  });

  it('the diff shows a bidirectional control the manifest holds escaped, never raw', async () => {
    const dir = withCode([{ permission: 'payout_read', purpose: 'old \u202epurpose' }]);
    const r = await run(['permissions', 'scan', 'src', '--fix', '--purpose', 'customer_read=Match.'], { cwd: dir });
    expect(r.stdout).toContain('old \\u{202e}purpose');
    expect(r.stdout).not.toContain('\u202e');
  });

  it('a manifest nobody may write is left alone, saying so', async () => {
    const dir = withCode([]);
    const path = join(dir, 'stripe-app.json');
    const before = readFileSync(path, 'utf8');
    chmodSync(path, 0o444);
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match.'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stripe-app.json is read-only; nothing was changed.');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o444);
  });

  it('"permissions": null, as the schema allows, becomes the list of what it adds', async () => {
    const dir = withCode(null);
    const r = await run(
      ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match customers.'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions).toEqual([
      { permission: 'customer_read', purpose: 'Match customers.' },
    ]);
  });

  it('removing a permission leaves no line of blanks; code that no longer calls Stripe empties nothing', async () => {
    const dir = withCode([{ permission: 'payout_read', purpose: 'Show payouts.' }]);
    writeFileSync(join(dir, 'src', 'a.js'), "const Stripe = require('stripe');\nnew Stripe(key).events.list();\n");
    writeFileSync(
      join(dir, 'stripe-app.json'),
      manifest([
        { permission: 'payout_read', purpose: 'Show payouts.' },
        { permission: 'event_read', purpose: 'Events.' },
      ]),
    );
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    expect(text).not.toContain('payout_read');
    expect(text).not.toMatch(/^\s+$/m);
    // A manifest with no permission is one check rejects (permission-none): never written.
    writeFileSync(join(dir, 'src', 'a.js'), '');
    const emptied = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(emptied.code).toBe(1);
    expect(emptied.stdout).toContain(
      'Not removing event_read: no Stripe API call or event was found in the files read',
    );
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(text);
  });
});

/** An app folder whose manifest grants nothing, and a way to write files into it. */
function appFolder() {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'stripe-app.json'),
    JSON.stringify({ id: 'com.example.x', version: '1', name: 'X', permissions: [] }),
  );
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return { dir, write };
}

describe('rak-app permissions scan: a permission granted twice', () => {
  it('the second entry is the one reported, and the one --fix removes', async () => {
    const { dir, write } = appFolder();
    const text = `${JSON.stringify(
      {
        id: 'com.example.x',
        permissions: [
          { permission: 'customer_read', purpose: 'The purpose meant.' },
          { permission: 'customer_read', purpose: 'Pasted twice.' },
        ],
      },
      null,
      2,
    )}\n`;
    writeFileSync(join(dir, 'stripe-app.json'), text);
    write(
      'src/app.ts',
      "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\nawait stripe.customers.list();\n",
    );
    const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const unused = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string; line: number }[] }[] }).files
      .flatMap((f) => f.findings)
      .filter((x) => x.ruleId === 'permission-unused');
    // The second entry's "permission" line, one above its purpose: that purpose's index counted from 0.
    expect(unused.map((x) => x.line)).toEqual([text.split('\n').findIndex((l) => l.includes('Pasted twice'))]);
    await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toContain('The purpose meant.');
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).not.toContain('Pasted twice.');
  });
});

describe('rak-app permissions scan: a grant broader than the code needs, beside the narrower one', () => {
  it('is unused when the narrower grant meets every need it could, and --fix removes it alone', async () => {
    const { dir, write } = appFolder();
    const grant = (permission: string) => ({ permission, purpose: `Work with ${permission}.` });
    // customer_write and checkout_session_write (which implies product_read) give nothing the code
    // needs that customer_read and product_read do not; invoice_write is the one invoice grant.
    const granted = ['customer_read', 'customer_write', 'checkout_session_write', 'product_read', 'invoice_write'];
    writeFileSync(join(dir, 'stripe-app.json'), grantingManifest(granted.map(grant)));
    write(
      'src/app.ts',
      "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\nawait stripe.customers.list();\nawait stripe.products.list();\nawait stripe.invoices.list();\n",
    );
    const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const unused = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string; message: string }[] }[] }).files
      .flatMap((f) => f.findings)
      .filter((x) => x.ruleId === 'permission-unused')
      .map((x) => x.message);
    expect(unused).toEqual([
      '"customer_write" is granted, but the scanned code needs nothing from it that "customer_read", also granted, does not give: users hand over access nobody uses.',
      '"checkout_session_write" is granted, but the scanned code needs nothing from it that "product_read", also granted, does not give: users hand over access nobody uses.',
    ]);
    const fixed = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(fixed.stdout).toContain('(added: none; removed: customer_write, checkout_session_write)');
    const after = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')) as {
      permissions: { permission: string }[];
    };
    expect(after.permissions.map((p) => p.permission)).toEqual(['customer_read', 'product_read', 'invoice_write']);
    // A grant a call names is never dropped for another that implies it: the code creates payouts and
    // customers and reads them, and each of its four grants is named by one of its calls.
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify(
        {
          id: 'com.example.x',
          permissions: ['customer_read', 'customer_write', 'transfer_read', 'payout_write'].map(grant),
        },
        null,
        2,
      ),
    );
    write(
      'src/app.ts',
      "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\nawait stripe.customers.list();\nawait stripe.customers.create({});\nawait stripe.transfers.list();\nawait stripe.payouts.create({ amount: 1, currency: 'usd' });\n",
    );
    const named = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(named.stdout).toContain('Nothing to fix');
    expect(named.code).toBe(0);
    // Of two permissions either of which lets an event through, one is unused.
    writeFileSync(
      join(dir, 'stripe-app.json'),
      grantingManifest(['event_read', 'payout_read', 'transfer_read'].map(grant)),
    );
    write(
      'src/app.ts',
      "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\nexport const hook = (b: string) => { const event = stripe.webhooks.constructEvent(b, '', ''); if (event.type === 'payout.failed') return 1; };\n",
    );
    const either = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const flagged = (
      JSON.parse(either.stdout) as { files: { findings: { ruleId: string; data: { name?: string } }[] }[] }
    ).files
      .flatMap((f) => f.findings)
      .filter((x) => x.ruleId === 'permission-unused')
      .map((x) => x.data.name);
    expect(flagged).toHaveLength(1);
    expect(['payout_read', 'transfer_read']).toContain(flagged[0]);
  });
});

describe('rak-app permissions scan: server code in component files', () => {
  it("reads an Astro page's frontmatter and a Vue or Svelte component's <script> blocks, at their lines and columns", async () => {
    const { dir, write } = appFolder();
    write(
      'src/pages/success.astro',
      [
        '---',
        "import Stripe from 'stripe';",
        'const stripe = new Stripe(import.meta.env.STRIPE_SECRET_KEY);',
        "const session = await stripe.checkout.sessions.retrieve(Astro.url.searchParams.get('id'));",
        '---',
        '<h1>Thanks {session.customer_details?.email}</h1>',
        '<script>document.title = stripe.customers.list();</script>',
      ].join('\n'),
    );
    write(
      'src/components/Invoices.vue',
      [
        '<template><p>{{ count }}</p></template>',
        '<script setup lang="ts">',
        "import Stripe from 'stripe';",
        'const stripe = new Stripe(key);',
        '  const count = (await stripe.invoices.list()).data.length;',
        '</script>',
      ].join('\n'),
    );
    write(
      'src/routes/Refund.svelte',
      '<script context="module">\n  import Stripe from \'stripe\';\n  const stripe = new Stripe(key);\n</script>\n<button on:click={() => 1}>x</button>\n<script>stripe.refunds.create({});</script>\n',
    );
    const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const document = JSON.parse(r.stdout) as {
      files: { path: string; findings: { ruleId: string; line: number; column: number; data: { what: string } }[] }[];
      scanned: { files: number };
    };
    const needs = document.files.flatMap((f) =>
      f.findings
        .filter((x) => x.ruleId === 'permission-missing')
        .map((x) => `${f.path}:${x.line}:${x.column} ${x.data.what}`),
    );
    expect(needs).toEqual([
      'src/components/Invoices.vue:5:24 stripe.invoices.list',
      'src/pages/success.astro:4:23 stripe.checkout.sessions.retrieve',
      'src/routes/Refund.svelte:6:9 stripe.refunds.create',
    ]);
    expect(document.scanned.files).toBe(3);
  });

  it("skips markup: a '>' in a script's attribute, a script of data or in a comment; reads JSX where lang says so", async () => {
    const { dir, write } = appFolder();
    write(
      'src/Generic.vue',
      [
        '<script setup lang="ts" generic="T extends Record<string, unknown>">',
        "import Stripe from 'stripe';",
        'const stripe = new Stripe(key);',
        'await stripe.invoices.list();',
        '</script>',
        '<!-- <script>new Stripe(key).customers.del("cus_1")</script> -->',
        '<template><p /></template>',
      ].join('\n'),
    );
    write(
      'src/Head.svelte',
      [
        '<svelte:head><script type="application/ld+json">{ "@type": "Product" }</script></svelte:head>',
        '<script lang="ts">',
        "  import Stripe from 'stripe';",
        '  new Stripe(key).products.list();',
        '</script>',
      ].join('\n'),
    );
    write(
      'src/Jsx.vue',
      '<script lang="tsx">\nimport Stripe from \'stripe\';\nexport const render = () => <p>{new Stripe(key).coupons.list()}</p>;\n</script>\n',
    );
    const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const findings = (
      JSON.parse(r.stdout) as {
        files: { path: string; findings: { ruleId: string; line: number; data: { what?: string } }[] }[];
      }
    ).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.data.what ?? ''}`.trim()));
    expect(findings).toEqual([
      'src/Generic.vue:4 permission-missing stripe.invoices.list',
      'src/Head.svelte:4 permission-missing new Stripe().products.list',
      'src/Jsx.vue:3 permission-missing new Stripe().coupons.list',
    ]);
  });
});

describe('rak-app permissions scan: what it reads', () => {
  const project = () => {
    const { dir, write } = appFolder();
    const client = "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\n";
    write('src/app.ts', `${client}stripe.customers.list();\n`);
    // Build output and dependencies: a stale bundle would ask for payouts the code no longer reads.
    write('.next/server/chunk.js', `${client}stripe.payouts.list();\n`);
    write('dist/app.js', `${client}stripe.payouts.list();\n`);
    write('node_modules/x/index.js', `${client}stripe.payouts.list();\n`);
    // Left out by .gitignore files, at the top and below it.
    write('.gitignore', 'generated/\n*.local.ts\n');
    write('generated/client.ts', `${client}stripe.transfers.list();\n`);
    write('src/debug.local.ts', `${client}stripe.transfers.list();\n`);
    write('src/mocks/.gitignore', 'fake.ts\n');
    write('src/mocks/fake.ts', `${client}stripe.topups.list();\n`);
    write('seed/fixtures/stripe.ts', `${client}stripe.coupons.list();\n`);
    return dir;
  };
  const permissionsOf = (stdout: string) =>
    [
      ...new Set(
        (JSON.parse(stdout) as { files: { findings: { suggestion?: string }[] }[] }).files.flatMap((f) =>
          f.findings.map((x) => x.suggestion),
        ),
      ),
    ]
      .filter(Boolean)
      .sort();

  it('--ignore takes ./x and absolute paths as .gitignore would take x', async () => {
    const dir = project();
    for (const pattern of ['./seed/fixtures/stripe.ts', join(dir, 'seed', 'fixtures', 'stripe.ts')]) {
      const r = await run(['permissions', 'scan', '.', '--format', 'json', '--ignore', pattern], { cwd: dir });
      expect(permissionsOf(r.stdout)).toEqual(['customer_read']);
    }
  });

  it("--ignore /seed is .gitignore's anchored pattern, and one that leaves out nothing is named", async () => {
    const dir = project();
    const anchored = await run(['permissions', 'scan', '.', '--format', 'json', '--ignore', '/seed'], { cwd: dir });
    expect(permissionsOf(anchored.stdout)).toEqual(['customer_read']);
    expect(anchored.stderr).toBe('');
    const mistyped = await run(['permissions', 'scan', '.', '--ignore', 'sede/', '--ignore', 'seed/fixtures'], {
      cwd: dir,
    });
    expect(mistyped.stderr).toBe(
      'rak-app: --ignore sede/: no path the scan would read matches it (.gitignore syntax, relative to the current folder).\n',
    );
    expect(mistyped.stdout).toContain('; 1 path matching --ignore.');
    // A pattern inside a folder another pattern left out is no mistake.
    const inside = await run(['permissions', 'scan', '.', '--ignore', 'seed', '--ignore', 'seed/fixtures/stripe.ts'], {
      cwd: dir,
    });
    expect(inside.stderr).toBe('');
  });

  it('-q hides the warnings, and the summary says so rather than pointing above', async () => {
    const dir = project();
    writeFileSync(join(dir, 'src', 'deps.ts'), 'deps.api.refunds.create({});\n');
    const r = await run(['permissions', 'scan', '.', '-q'], { cwd: dir });
    expect(r.stdout).not.toContain('scan-not-understood');
    expect(r.stdout).toContain('1 could not be resolved (warnings, which -q hides).');
  });

  it('with no path, reads the current folder', async () => {
    const dir = project();
    const named = await run(['permissions', 'scan', '.', '--format', 'json'], { cwd: dir });
    const bare = await run(['permissions', 'scan', '--format', 'json'], { cwd: dir });
    expect(bare.code).toBe(named.code);
    expect(bare.stdout).toBe(named.stdout);
  });

  it.each(['package.json', 'tsconfig.json', '.gitignore', 'src/mocks/.gitignore'])(
    '-o refuses %s, a file the scan read, and leaves it as it was',
    async (read) => {
      const dir = project();
      writeFileSync(join(dir, 'package.json'), '{ "imports": { "#lib/*": "./src/*" } }\n');
      writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "." } }\n');
      const before = readFileSync(join(dir, read), 'utf8');
      const r = await run(['permissions', 'scan', '.', '-o', read], { cwd: dir });
      expect(r.code).toBe(2);
      expect(readFileSync(join(dir, read), 'utf8')).toBe(before);
    },
  );

  it('skips build output and dependencies, honours .gitignore files, and says what it skipped', async () => {
    const dir = project();
    const json = await run(['permissions', 'scan', '.', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(json.stdout)).toEqual(['coupon_read', 'customer_read']);
    const r = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(r.stdout).toContain('Scanned 2 source files');
    expect(r.stdout).toContain(
      'Not read: 3 build or dependency folders (.next, dist, node_modules); 3 paths in .gitignore.',
    );
    // --json says the same, for CI.
    const withIgnore = await run(['permissions', 'scan', '.', '--ignore', 'seed/', '--json'], { cwd: dir });
    expect(JSON.parse(withIgnore.stdout).scanned).toEqual({
      files: 1,
      lines: expect.any(Number),
      needs: 1,
      unresolved: 0,
      notRead: { buildOutput: { '.next': 1, dist: 1, node_modules: 1 }, gitignored: 3, ignoredByPattern: 1, tests: 0 },
    });
  });

  it('leaves out tests unless --include-tests: their calls are not the backend’s', async () => {
    const dir = project();
    const client = "import Stripe from 'stripe';\nconst stripe = new Stripe(key);\n";
    // A suite seeding products with a test-mode key would otherwise ask every user's key for product_write.
    for (const path of ['tests/setup.ts', 'src/__tests__/a.ts', 'src/app.test.ts', 'src/app.spec.js', 'e2e/flow.ts']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), `${client}export const seed = () => stripe.products.create({ name: 'x' });\n`);
    }
    const json = await run(['permissions', 'scan', '.', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(json.stdout)).toEqual(['coupon_read', 'customer_read']);
    expect(JSON.parse(json.stdout).scanned.notRead.tests).toBe(5);
    const r = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(r.stdout).toContain('; 5 test paths (--include-tests reads them).');
    const one = await run(
      ['permissions', 'scan', '.', '--ignore', 'src/', '--ignore', 'e2e/', '--ignore', 'tests/setup.ts'],
      {
        cwd: dir,
      },
    );
    expect(one.stdout).toContain('; 1 test path (--include-tests reads it).');
    // A pattern inside a test folder left out is no mistake: nothing there would be read.
    expect(one.stderr).toBe('');
    const all = await run(['permissions', 'scan', '.', '--include-tests', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(all.stdout)).toEqual(['coupon_read', 'customer_read', 'product_write']);
    expect(JSON.parse(all.stdout).scanned.notRead.tests).toBe(0);
    // A test folder named on the command line is read: asked for, and not counted as left out.
    const named = await run(['permissions', 'scan', 'tests', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(named.stdout)).toEqual(['product_write']);
    const both = await run(['permissions', 'scan', '.', 'tests', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(both.stdout)).toEqual(['coupon_read', 'customer_read', 'product_write']);
    expect(JSON.parse(both.stdout).scanned.notRead.tests).toBe(4);
    // Below a package's top, `test` may be the app's own: a route served at /api/test is read.
    mkdirSync(join(dir, 'src', 'api', 'test'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'api', 'test', 'route.ts'),
      `${client}export const GET = () => stripe.payouts.list();\n`,
    );
    const route = await run(['permissions', 'scan', '.', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(route.stdout)).toEqual(['coupon_read', 'customer_read', 'payout_read']);
    // The same whatever path is given: a folder named is no package's top.
    const api = await run(['permissions', 'scan', 'src/api', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(api.stdout)).toEqual(['payout_read']);
    // Code that imports from a test folder is told what it cannot see.
    writeFileSync(join(dir, 'src', 'seed.ts'), "import { seed } from '../tests/setup';\nseed();\n");
    const importing = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(importing.stdout).toContain(
      "import '../tests/setup': it names a file the scan did not read (in a test folder, tests; --include-tests reads it)",
    );
  });

  it('--ignore leaves out more, in .gitignore syntax, and is counted', async () => {
    const dir = project();
    const json = await run(
      ['permissions', 'scan', '.', '--ignore', 'seed/', '--ignore', '**/*.spec.ts', '--format', 'json'],
      {
        cwd: dir,
      },
    );
    expect(permissionsOf(json.stdout)).toEqual(['customer_read']);
    const r = await run(['permissions', 'scan', '.', '--ignore', 'seed/'], { cwd: dir });
    expect(r.stdout).toContain('; 1 path matching --ignore.');
  });

  it('a folder named on the command line is read even where a .gitignore above it leaves it out', async () => {
    const dir = project();
    const json = await run(['permissions', 'scan', 'generated', '--format', 'json'], { cwd: dir });
    expect(permissionsOf(json.stdout)).toEqual(['transfer_read']);
  });
});

describe('rak-app permissions scan --fix, stopped while it scans', () => {
  it.each([['SIGINT'], ['SIGTERM']])(
    'a %s that comes while the files are read and parsed ends the run with 130 before the manifest is written',
    (signal) => {
      const dir = tempDir();
      const manifest = JSON.stringify(
        {
          id: 'com.example.x',
          version: '1',
          name: 'X',
          permissions: [{ permission: 'payout_read', purpose: 'Reports.' }],
        },
        null,
        2,
      );
      writeFileSync(join(dir, 'stripe-app.json'), manifest);
      mkdirSync(join(dir, 'src'));
      for (let i = 0; i < 20; i++)
        writeFileSync(join(dir, 'src', `m${i}.ts`), "import Stripe from 'stripe';\nnew Stripe(k).customers.list();\n");
      // The signal is sent to the run itself as it opens the tenth file: it arrives while the scan
      // holds the event loop, as Ctrl-C does in a scan of many files.
      const hook = join(dir, 'signal-at-m9.cjs');
      writeFileSync(
        hook,
        `const fs = require('node:fs'); const open = fs.openSync;
fs.openSync = function (path, ...rest) {
  if (String(path).endsWith('m9.ts')) process.kill(process.pid, ${JSON.stringify(signal)});
  return open.call(this, path, ...rest);
};`,
      );
      const r = runBin(
        ['permissions', 'scan', 'src', '--fix', '--yes', '--purpose', 'customer_read=Match customers to accounts.'],
        { cwd: dir, env: { NODE_OPTIONS: `--require ${hook}` } },
      );
      expect(r.code).toBe(130);
      expect(r.stdout).not.toContain('Applied');
      expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(manifest);
    },
  );
});

/** The scan-not-understood findings of `permissions scan src` in a folder, from its JSON report. */
async function notUnderstoodIn(dir: string): Promise<{ line: number; column: number; message: string }[]> {
  const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
  return (
    JSON.parse(r.stdout) as {
      files: { findings: { ruleId: string; line: number; column: number; message: string }[] }[];
    }
  ).files
    .flatMap((f) => f.findings)
    .filter((x) => x.ruleId === 'scan-not-understood');
}

/** Each permission-missing finding of `scan src` in `dir`, as `file:line what`. */
async function missingIn(dir: string): Promise<string[]> {
  const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
  return (
    JSON.parse(r.stdout) as {
      files: { path: string; findings: { ruleId: string; line: number; data: { what?: string } }[] }[];
    }
  ).files.flatMap((f) =>
    f.findings.filter((x) => x.ruleId === 'permission-missing').map((x) => `${f.path}:${x.line} ${x.data.what}`),
  );
}

describe("rak-app permissions scan: a company's package that wraps Stripe", () => {
  it('a client made or typed by an installed package that depends on stripe is reported, naming it; one that does not is left alone', async () => {
    const { dir, write } = appFolder();
    // A workspace's package (installed as node_modules/@acme/billing), and an ORM.
    write(
      'node_modules/@acme/billing/package.json',
      JSON.stringify({ name: '@acme/billing', dependencies: { stripe: '^18.0.0' } }),
    );
    write('node_modules/@acme/db/package.json', JSON.stringify({ name: '@acme/db', dependencies: { pg: '^8.0.0' } }));
    write('node_modules/pg/package.json', JSON.stringify({ name: 'pg' }));
    write(
      'src/app.ts',
      [
        "import { PaymentsClient, type Payments } from '@acme/billing/client';",
        "import { Db } from '@acme/db';",
        'const client = new PaymentsClient();',
        'const db = new Db();',
        'export async function f(payments: Payments) {',
        '  await client.subscriptions.list();',
        '  await payments.refunds.create({});',
        '  await db.customers.create({});',
        '}',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => [x.line, x.message])).toEqual([
      [
        6,
        expect.stringContaining(
          'client comes from @acme/billing/client, which depends on stripe and was not scanned: scan its source too',
        ),
      ],
      [7, expect.stringContaining('payments comes from @acme/billing/client, which depends on stripe')],
    ]);
  });
});

describe("rak-app permissions scan: another installed package's client, however it is made", () => {
  it('required, made by its function, or by a member of what it exports: left alone when the package does not depend on stripe', async () => {
    const { dir, write } = appFolder();
    write('node_modules/@googleapis/drive/package.json', JSON.stringify({ name: '@googleapis/drive' }));
    write('node_modules/googleapis/package.json', JSON.stringify({ name: 'googleapis' }));
    write(
      'node_modules/@acme/billing/package.json',
      JSON.stringify({ name: '@acme/billing', dependencies: { stripe: '^18.0.0' } }),
    );
    write(
      'src/a.js',
      ["const { Drive } = require('@googleapis/drive');", 'const drive = new Drive({});', 'drive.files.list({});'].join(
        '\n',
      ),
    );
    write(
      'src/b.mjs',
      [
        "import { drive as makeDrive } from '@googleapis/drive';",
        "const drive = makeDrive({ version: 'v3' });",
        'drive.files.list({});',
      ].join('\n'),
    );
    write(
      'src/c.ts',
      [
        "import { google } from 'googleapis';",
        "const calendar = google.calendar({ version: 'v3' });",
        'calendar.events.list({});',
      ].join('\n'),
    );
    // A package that depends on stripe may hand out its client: reported, naming it.
    write(
      'src/d.js',
      [
        "const { makeBilling } = require('@acme/billing');",
        'const billing = makeBilling();',
        'billing.refunds.create({});',
      ].join('\n'),
    );
    // What a container or locator gives back, or a wrapper given a value, is no package's own: reported.
    write('node_modules/tsyringe/package.json', JSON.stringify({ name: 'tsyringe' }));
    write('node_modules/retry-kit/package.json', JSON.stringify({ name: 'retry-kit' }));
    write(
      'src/e.ts',
      [
        "import { container, inject } from 'tsyringe';",
        "import { withRetry } from 'retry-kit';",
        "const payments = container.resolve('PaymentsClient');",
        'payments.customers.del(id);',
        "const billing = inject('billing');",
        'billing.subscriptions.cancel(id);',
        'const retried = withRetry(base);',
        'retried.refunds.create({});',
        // A getter by any name, asked for something named Stripe: a locator's.
        "const payouts = container.fetch('StripeService');",
        'payouts.payouts.list();',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => `${x.line} ${x.message}`)).toEqual([
      expect.stringMatching(/^3 .*billing\.refunds\.create\(\)/),
      expect.stringMatching(/^4 .*payments\.customers\.del\(\)/),
      expect.stringMatching(/^6 .*billing\.subscriptions\.cancel\(\)/),
      expect.stringMatching(/^8 .*retried\.refunds\.create\(\)/),
      expect.stringMatching(/^10 .*payouts\.payouts\.list\(\)/),
    ]);
  });
});

describe('rak-app permissions scan: a package that may hand out Stripe clients', () => {
  it('one that depends on stripe through another package is reported, naming it; one not installed, or with stripe among its devDependencies only, is reported as unknown; one whose dependencies are known and free of stripe is left alone', async () => {
    const { dir, write } = appFolder();
    write(
      'node_modules/@acme/pay/package.json',
      JSON.stringify({ name: '@acme/pay', dependencies: { '@acme/pay-core': '1' } }),
    );
    write(
      'node_modules/@acme/pay-core/package.json',
      JSON.stringify({ name: '@acme/pay-core', dependencies: { stripe: '^18' } }),
    );
    write('node_modules/devwrap/package.json', JSON.stringify({ name: 'devwrap', devDependencies: { stripe: '^18' } }));
    // An optional or peer dependency that is not installed gives it nothing.
    write(
      'node_modules/@acme/lite/package.json',
      JSON.stringify({
        name: '@acme/lite',
        dependencies: { '@acme/db': '1' },
        optionalDependencies: { fsevents: '2' },
        peerDependencies: { zod: '3' },
      }),
    );
    write('node_modules/@acme/db/package.json', JSON.stringify({ name: '@acme/db', dependencies: { pg: '^8.0.0' } }));
    write('node_modules/pg/package.json', JSON.stringify({ name: 'pg' }));
    write(
      'src/app.ts',
      [
        "import { Pay } from '@acme/pay';",
        "import { Bundled } from 'devwrap';",
        "import { Missing } from '@acme/not-installed';",
        "import { Lite } from '@acme/lite';",
        'const p = new Pay(); p.subscriptions.cancel("sub_1");',
        'const b = new Bundled();',
        'b.customers.search({ query: "x" });',
        'const m = new Missing();',
        'm.refunds.create({});',
        'const l = new Lite();',
        'l.customers.create({});',
        // Resources imported by name (`export const { customers } = stripe` in the package).
        "import { customers, subscriptions } from '@acme/pay';",
        "import { coupons } from '@acme/db';",
        'customers.list(); subscriptions.cancel("sub_1"); coupons.list();',
        "import { refunds as r } from '@acme/pay';",
        'r.create({});',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => [x.line, x.message])).toEqual([
      [5, expect.stringContaining('comes from @acme/pay, which depends on stripe and was not scanned')],
      [
        7,
        expect.stringContaining(
          'b comes from devwrap, and rak-app cannot tell whether that package hands out Stripe clients',
        ),
      ],
      [
        9,
        expect.stringContaining(
          "m comes from @acme/not-installed, and rak-app cannot tell whether that package hands out Stripe clients (it is not installed here, lists stripe among its devDependencies only, or depends on more packages than rak-app looks into): install the project's dependencies, or scan its source too",
        ),
      ],
      // @acme/db is installed and free of stripe: its coupons are its own.
      [
        14,
        'Not understood: customers.list(): customers comes from @acme/pay, which depends on stripe and was not scanned: scan its source too.',
      ],
      [
        14,
        'Not understood: subscriptions.cancel(): subscriptions comes from @acme/pay, which depends on stripe and was not scanned: scan its source too.',
      ],
      [
        16,
        'Not understood: r.create(): r comes from @acme/pay, which depends on stripe and was not scanned: scan its source too.',
      ],
    ]);
  });
});

describe("rak-app permissions scan: a workspace's own package, linked in", () => {
  it('one whose package.json does not list stripe, but whose code imports the stripe installed above it (hoisted), is reported; one that does not is left alone', async () => {
    const { dir, write } = appFolder();
    // npm and yarn workspaces: stripe is the root's dependency, hoisted into the root's node_modules.
    write('node_modules/stripe/package.json', JSON.stringify({ name: 'stripe', version: '18.0.0' }));
    write('packages/shared/package.json', JSON.stringify({ name: '@acme/shared', main: 'src/index.ts' }));
    write(
      'packages/shared/src/index.ts',
      "import Stripe from 'stripe';\nexport type PaymentsClient = Stripe;\nexport class Payments extends Stripe {}\n",
    );
    // A database's package of the same workspace, which could import stripe too, and does not.
    write('packages/db/package.json', JSON.stringify({ name: '@acme/db', main: 'src/index.ts' }));
    write('packages/db/src/index.ts', "import pg from 'pg';\nexport class Db { customers = new Table(pg); }\n");
    // One that imports stripe's types alone, and hands out the client's type under a name of its own.
    write('packages/types/package.json', JSON.stringify({ name: '@acme/types', main: 'src/index.ts' }));
    write('packages/types/src/index.ts', "import type Stripe from 'stripe';\nexport type Gateway = Stripe;\n");
    mkdirSync(join(dir, 'node_modules', '@acme'));
    symlinkSync(join(dir, 'packages', 'shared'), join(dir, 'node_modules', '@acme', 'shared'), 'dir');
    symlinkSync(join(dir, 'packages', 'db'), join(dir, 'node_modules', '@acme', 'db'), 'dir');
    symlinkSync(join(dir, 'packages', 'types'), join(dir, 'node_modules', '@acme', 'types'), 'dir');
    write(
      'src/gateway.ts',
      "import type { Gateway } from '@acme/types';\nexport const pay = (gateway: Gateway) => gateway.payouts.create({});\n",
    );
    write(
      'src/db.ts',
      "import { Db } from '@acme/db';\nconst db = new Db();\nexport const add = () => db.customers.create({});\n",
    );
    write(
      'src/service.ts',
      [
        "import type { PaymentsClient } from '@acme/shared';",
        "import { Payments } from '@acme/shared';",
        'export class BillingService {',
        '  constructor(private readonly payments: PaymentsClient) {}',
        "  private readonly gateway = new Payments('k');",
        '  async run() {',
        '    await this.payments.customers.create({});',
        '    await this.gateway.products.create({});',
        '  }',
        '}',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => [x.line, x.message])).toEqual([
      [2, expect.stringContaining('gateway comes from @acme/types, which depends on stripe and was not scanned')],
      [7, expect.stringContaining('comes from @acme/shared, which depends on stripe and was not scanned')],
      [8, expect.stringContaining('comes from @acme/shared, which depends on stripe and was not scanned')],
    ]);
  });
});

describe("rak-app permissions scan: another provider's webhook events", () => {
  it("an event made by an installed package that does not depend on stripe is that package's; one not installed, or a Stripe wrapper's, is counted", async () => {
    const { dir, write } = appFolder();
    write('node_modules/@polar-sh/sdk/package.json', JSON.stringify({ name: '@polar-sh/sdk', dependencies: {} }));
    write('node_modules/svix/package.json', JSON.stringify({ name: 'svix' }));
    write('node_modules/micro/package.json', JSON.stringify({ name: 'micro' }));
    // A wrapper listing stripe among its devDependencies only (it may bundle it): nothing known for sure.
    write(
      'node_modules/@acme/hooks/package.json',
      JSON.stringify({ name: '@acme/hooks', devDependencies: { stripe: '^18' } }),
    );
    write(
      'src/dev.ts',
      "import { verifyWebhook } from '@acme/hooks';\nexport const f = (req: Request) => { const event = verifyWebhook(req); if (event.type === 'refund.created') return 1; };\n",
    );
    // A body's parser makes no provider's event: this one is typed Stripe's.
    write(
      'src/micro.ts',
      [
        "import type Stripe from 'stripe';",
        "import { json } from 'micro';",
        'export default async function handler(req: any) {',
        '  const event = (await json(req)) as Stripe.Event;',
        "  if (event.type === 'customer.subscription.updated') return 1;",
        '}',
      ].join('\n'),
    );
    write(
      'node_modules/@acme/billing/package.json',
      JSON.stringify({ name: '@acme/billing', dependencies: { stripe: '^18' } }),
    );
    write(
      'src/polar.ts',
      [
        "import { validateEvent } from '@polar-sh/sdk/webhooks';",
        'export async function POST(req: Request) {',
        '  const event = validateEvent(await req.text(), {}, secret);',
        "  switch (event.type) { case 'customer.created': break; }",
        "  if (event.type === 'product.updated') return 1;",
        '}',
      ].join('\n'),
    );
    write(
      'src/svix.ts',
      [
        "import { Webhook } from 'svix';",
        'export function handle(body: string) {',
        '  const evt = new Webhook(secret).verify(body, {}) as any;',
        "  if (evt.type === 'invoice.paid') return 1;",
        '}',
      ].join('\n'),
    );
    write(
      'src/wrapped.ts',
      [
        "import { verifyWebhook } from '@acme/billing';",
        "import { parse } from '@acme/unknown';",
        'export function a(req: Request) {',
        '  const event = verifyWebhook(req);',
        "  if (event.type === 'payout.paid') return 1;",
        '}',
        'export function b(body: string) {',
        '  const evt = parse(body);',
        "  if (evt.type === 'coupon.created') return 1;",
        '}',
      ].join('\n'),
    );
    const needs = await missingIn(dir);
    expect([...new Set(needs)]).toEqual([
      'src/dev.ts:2 event refund.created',
      'src/micro.ts:5 event customer.subscription.updated',
      'src/wrapped.ts:5 event payout.paid',
      'src/wrapped.ts:9 event coupon.created',
    ]);
  });
});

describe('rak-app permissions scan: packages whose dependencies go round in a cycle', () => {
  it('a cycle hides nothing: one free of stripe is left alone, and one that reaches stripe round the cycle is reported, whichever is imported first', async () => {
    const { dir, write } = appFolder();
    const pkg = (name: string, deps: string[]) =>
      write(
        `node_modules/${name}/package.json`,
        JSON.stringify({ name, dependencies: Object.fromEntries(deps.map((d) => [d, '1'])) }),
      );
    // Free of stripe: p0 and p1 depend on each other, p2 and p3 on both (a diamond over the cycle).
    pkg('p0', ['p1']);
    pkg('p1', ['p0']);
    pkg('p2', ['p0', 'p1']);
    pkg('p3', ['p2', 'p1', 'p0']);
    // @acme/a depends on @acme/b and @acme/c; b depends on a; c lists stripe.
    pkg('@acme/a', ['@acme/b', '@acme/q', '@acme/c']);
    pkg('@acme/b', ['@acme/a']);
    // q reaches stripe only through b, whose answer is provisional while a is looked at.
    pkg('@acme/q', ['@acme/b']);
    write('node_modules/@acme/c/package.json', JSON.stringify({ name: '@acme/c', dependencies: { stripe: '^18' } }));
    write(
      'src/app.ts',
      [
        "import { P } from 'p3';",
        "import { A } from '@acme/a';",
        "import { B } from '@acme/b';",
        'const p = new P(); p.customers.list();',
        'const a = new A(); a.refunds.create({});',
        'const b = new B(); b.refunds.create({});',
        "import { Q } from '@acme/q';",
        'const q = new Q(); q.refunds.create({});',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => [x.line, x.message])).toEqual([
      [5, expect.stringContaining('comes from @acme/a, which depends on stripe')],
      [6, expect.stringContaining('comes from @acme/b, which depends on stripe')],
      [8, expect.stringContaining('comes from @acme/q, which depends on stripe')],
    ]);
  });
});

describe('rak-app permissions scan: packages installed by pnpm', () => {
  it("a package's dependencies are found beside its real folder in pnpm's store, so one free of stripe is left alone", async () => {
    const { dir, write } = appFolder();
    const store = 'node_modules/.pnpm/openai@4.0.0/node_modules';
    write(`${store}/openai/package.json`, JSON.stringify({ name: 'openai', dependencies: { 'node-fetch': '2' } }));
    write(`${store}/node-fetch/package.json`, JSON.stringify({ name: 'node-fetch' }));
    symlinkSync(join(dir, store, 'openai'), join(dir, 'node_modules', 'openai'), 'dir');
    write(
      'src/ai.ts',
      "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport const files = () => openai.files.list();\n",
    );
    expect(await notUnderstoodIn(dir)).toEqual([]);
  });
});

describe("rak-app permissions scan: a workspace's own webhook verifier", () => {
  it('one linked in makes Stripe events, whether its code imports stripe or is handed a client (verifyEvent(stripe, …))', async () => {
    const { dir, write } = appFolder();
    write('node_modules/stripe/package.json', JSON.stringify({ name: 'stripe', version: '18.0.0' }));
    write('packages/billing/package.json', JSON.stringify({ name: '@acme/billing', main: 'src/index.ts' }));
    write(
      'packages/billing/src/index.ts',
      "import Stripe from 'stripe';\nexport const verifyWebhook = (r: any) => Stripe.webhooks.constructEvent(r, '', '');\n",
    );
    write('packages/polar/package.json', JSON.stringify({ name: '@acme/polar', main: 'src/index.ts' }));
    // Handed the client: no import of stripe of its own.
    write(
      'packages/polar/src/index.ts',
      "export const verifyPolar = (client: any, r: any) => client.webhooks.constructEvent(r, '', '');\n",
    );
    mkdirSync(join(dir, 'node_modules', '@acme'));
    symlinkSync(join(dir, 'packages', 'billing'), join(dir, 'node_modules', '@acme', 'billing'), 'dir');
    symlinkSync(join(dir, 'packages', 'polar'), join(dir, 'node_modules', '@acme', 'polar'), 'dir');
    write(
      'src/hooks.ts',
      [
        "import { verifyWebhook } from '@acme/billing';",
        "import { verifyPolar } from '@acme/polar';",
        'export function a(req: Request) {',
        '  const event = verifyWebhook(req);',
        "  if (event.type === 'payout.paid') return 1;",
        '}',
        'export function b(body: string) {',
        '  const evt = verifyPolar(stripe, body);',
        "  if (evt.type === 'customer.created') return 1;",
        '}',
      ].join('\n'),
    );
    const needs = await missingIn(dir);
    expect([...new Set(needs)]).toEqual(['src/hooks.ts:5 event payout.paid', 'src/hooks.ts:9 event customer.created']);
  });
});

describe("rak-app permissions scan: another provider's events, installed by pnpm", () => {
  it("a package linked into pnpm's store is installed, not the workspace's own: its events are its own", async () => {
    const { dir, write } = appFolder();
    write('node_modules/.pnpm/svix@1.0.0/node_modules/svix/package.json', JSON.stringify({ name: 'svix' }));
    symlinkSync(join(dir, 'node_modules/.pnpm/svix@1.0.0/node_modules/svix'), join(dir, 'node_modules/svix'), 'dir');
    write(
      'src/svix.ts',
      "import { Webhook } from 'svix';\nexport function handle(body: string) {\n  const evt = new Webhook(secret).verify(body, {}) as any;\n  if (evt.type === 'invoice.paid') return 1;\n}\n",
    );
    const r = await run(['permissions', 'scan', 'src', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string }[] }[] }).files.flatMap(
      (f) => f.findings,
    );
    expect(findings.filter((x) => x.ruleId === 'permission-missing')).toEqual([]);
  });
});

describe('permissions scan output a new user reads', () => {
  it('when no source file was read, it says what was skipped and how to read compiled code, not just "unused"', async () => {
    const { dir, write } = appFolder();
    write('dist/index.js', "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    const r = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(r.stdout).toContain('Not read: 1 build or dependency folder (dist).');
    expect(r.stdout).toContain(
      'No source file was read: to scan compiled code, name its folder, `rak-app permissions scan dist`.',
    );
    // Named as the user runs it: `npx rak-app` from a project that installed it.
    const captured = captureIo({ cwd: dir });
    await runCli(['permissions', 'scan', '.'], { ...captured.io, invokedAs: () => 'npx rak-app' });
    expect(captured.stdout()).toContain('name its folder, `npx rak-app permissions scan dist`.');
    const named = await run(['permissions', 'scan', 'dist'], { cwd: dir });
    expect(named.stdout).not.toContain('No source file was read');
    // Types alone show no call either; with nothing skipped there is no folder to name.
    write('types/index.d.ts', 'export type Id = string;\n');
    const types = await run(['permissions', 'scan', 'types'], { cwd: dir });
    expect(types.stdout).toContain('Only declaration files were read.\n');
    // With a permission granted, every one then looks unused: said so.
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', permissions: [{ permission: 'customer_read', purpose: 'Match.' }] }),
    );
    const granted = await run(['permissions', 'scan', 'types'], { cwd: dir });
    expect(granted.stdout).toContain(
      'Only declaration files were read, so every permission the manifest grants looks unused.\n',
    );
  });

  it('with no permission granted and nothing read, says what was not read and not that anything looks unused', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify({ id: 'com.example.x', permissions: [] }));
    const r = await run(['permissions', 'scan', 'src'], { cwd: dir });
    expect(r.stdout).toContain('No source file was read.\n');
    expect(r.stdout).not.toContain('looks unused');
  });

  it('a misspelt grant is linked to the permission the code misses, and no line repeats the manifest path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.invoices.list();\n");
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({
        id: 'com.example.x',
        permissions: [{ permission: 'invoices_read', purpose: 'Read invoices.' }],
      }),
    );
    const r = await run(['permissions', 'scan', '.', '--json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        messageId: 'permissionMisspelt',
        data: { name: 'invoices_read', meant: 'invoice_read' },
      }),
    );
    const stylish = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(stylish.stdout).not.toContain(join(dir, 'stripe-app.json'));
    expect(stylish.stdout).toContain('1 API call, expansion or event needs a permission');
  });
});

describe('permissions scan with a permission written as Stripe scopes it', () => {
  it('says rak_customer_read is to be written customer_read, not that it is unused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({
        id: 'com.example.x',
        permissions: [
          { permission: 'rak_customer_read', purpose: 'Match customers.' },
          { permission: 'rak_payout_read', purpose: 'Show payouts.' },
        ],
      }),
    );
    const r = await run(['permissions', 'scan', '.', '--json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    for (const [name, permission] of [
      ['rak_customer_read', 'customer_read'],
      ['rak_payout_read', 'payout_read'],
    ] as const)
      expect(findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'permission-unused',
          messageId: 'permissionIsScope',
          data: { name, permission },
          suggestion: permission,
        }),
      );
    expect(findings.filter((f: { messageId: string }) => f.messageId === 'permissionUnused')).toEqual([]);
    const stylish = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(stylish.stdout).toContain(
      `"rak_customer_read" is how Stripe's errors name the permission "customer_read"; the manifest takes "customer_read".`,
    );
  });

  it("a misspelt name in Stripe's words (rak_customers_read) is linked to the permission the code misses", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', permissions: [{ permission: 'rak_customers_read', purpose: 'Match.' }] }),
    );
    const r = await run(['permissions', 'scan', '.', '--json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: unknown[] }) => f.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        messageId: 'permissionMisspelt',
        data: { name: 'rak_customers_read', meant: 'customer_read' },
      }),
    );
  });

  it("--fix does not carry a rak_ grant's placeholder purpose: it asks for one, as --purpose would", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    const manifest = `${JSON.stringify({ id: 'com.example.x', permissions: [{ permission: 'rak_customer_read', purpose: 'TODO' }] })}\n`;
    writeFileSync(join(dir, 'stripe-app.json'), manifest);
    const r = await run(['permissions', 'scan', '.', '--fix', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Each permission added needs a purpose users read at install: customer_read.');
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(manifest);
  });

  it('--fix never grants a permission twice: rak_customer_read beside customer_read is only removed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), 'client.payouts.list();\n');
    writeFileSync(
      join(dir, 'stripe-app.json'),
      `${JSON.stringify(
        {
          id: 'com.example.x',
          permissions: [
            { permission: 'customer_read', purpose: 'Match customers.' },
            { permission: 'rak_customer_read', purpose: 'Again.' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    await run(['permissions', 'scan', '.', '--fix', '--yes'], { cwd: dir });
    // customer_read, which the call not understood may need, stays; the name that grants nothing goes.
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions).toEqual([
      { permission: 'customer_read', purpose: 'Match customers.' },
    ]);
    // Nor beside customer_write, which grants customer_read already.
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({
        id: 'com.example.x',
        permissions: [
          { permission: 'customer_write', purpose: 'Update customers.' },
          { permission: 'rak_customer_read', purpose: 'Again.' },
        ],
      }),
    );
    await run(['permissions', 'scan', '.', '--fix', '--yes'], { cwd: dir });
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions).toEqual([
      { permission: 'customer_write', purpose: 'Update customers.' },
    ]);
  });

  it('--fix writes it as the permission when nothing was read, keeping a purpose in several locales', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    const purpose = { 'en-US': 'Match customers.', 'fr-FR': 'Associer les clients.' };
    writeFileSync(
      join(dir, 'stripe-app.json'),
      `${JSON.stringify(
        {
          id: 'com.example.x',
          permissions: [
            { permission: 'rak_customer_read', purpose },
            { permission: 'invoice_read', purpose: 'Read invoices.' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    const r = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(r.stdout).toContain('Not removing invoice_read: no source file was read');
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions).toEqual([
      { permission: 'invoice_read', purpose: 'Read invoices.' },
      { permission: 'customer_read', purpose },
    ]);
  });

  it('--fix writes the permission in its place with its purpose, even while a call is not understood', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'server.js'),
      "const stripe = require('stripe')(key);\nstripe.customers.list();\nclient.payouts.list();\n",
    );
    writeFileSync(
      join(dir, 'stripe-app.json'),
      `${JSON.stringify(
        {
          id: 'com.example.x',
          permissions: [
            { permission: 'rak_customer_read', purpose: 'Match customers.' },
            { permission: 'payout_read', purpose: 'Show payouts.' },
            { permission: 'rak_balance_read', purpose: 'Show the balance.' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    const r = await run(['permissions', 'scan', '.', '--fix', '--yes'], { cwd: dir });
    expect(r.stdout).toContain('\nNot removing payout_read: 1 call or file could not be resolved');
    // Neither name Stripe's errors use grants anything: each is written as the permission it names,
    // needed or not; payout_read, which the call not understood may need, stays.
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).permissions).toEqual([
      { permission: 'payout_read', purpose: 'Show payouts.' },
      { permission: 'customer_read', purpose: 'Match customers.' },
      { permission: 'balance_read', purpose: 'Show the balance.' },
    ]);
  });
});

describe('permissions scan --manifest with a local manifest', () => {
  it('a local manifest that writes no permissions is compared with those it inherits', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', permissions: [{ permission: 'customer_read', purpose: 'Match.' }] }),
    );
    writeFileSync(join(dir, 'stripe-app.dev.json'), JSON.stringify({ extends: 'stripe-app.json' }));
    const r = await run(['permissions', 'scan', 'server.js', '--manifest', 'stripe-app.dev.json', '--json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).errorCount).toBe(0);
  });
});

describe('permissions scan: an import of a file the search left out', () => {
  it('is reported at the import, saying why the file was not read; --fix then removes nothing', async () => {
    const { dir, write } = appFolder();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify(
        { id: 'com.example.x', permissions: [{ permission: 'invoice_write', purpose: 'Bill.' }] },
        null,
        2,
      ),
    );
    write('.gitignore', 'src/gen/\n');
    write(
      'src/invoices/build/index.ts',
      "import Stripe from 'stripe';\nexport const buildInvoice = () => new Stripe(key).invoices.create({});\n",
    );
    write('src/gen/client.ts', 'export const x = 1;\n');
    write(
      'src/api/route.ts',
      "import { buildInvoice } from '../invoices/build';\nconst gen = require('../gen/client');\nimport { ok } from './ok';\nexport const post = () => buildInvoice();\n",
    );
    // Re-exported or imported when called: out of sight the same. Data is no code: not reported.
    write('src/gen/schema.json', '{}\n');
    write(
      'src/api/more.ts',
      "export * from '../invoices/build';\nexport const later = () => import('../gen/client');\nimport schema from '../gen/schema.json';\n",
    );
    write('src/api/ok.ts', 'export const ok = 1;\n');
    const warnings = await notUnderstoodIn(dir);
    const build =
      "Not understood: import '../invoices/build': it names a file the scan did not read (in a build or dependency folder, build): what that file asks of Stripe is not seen; pass its path to scan it too.";
    const gen =
      "Not understood: import '../gen/client': it names a file the scan did not read (left out by a .gitignore): what that file asks of Stripe is not seen; pass its path to scan it too.";
    expect(warnings.map((x) => [x.line, x.message])).toEqual([
      [1, build],
      [2, gen],
      [1, build],
      [2, gen],
    ]);
    const fix = await run(['permissions', 'scan', 'src', '--fix', '--yes'], { cwd: dir });
    expect(fix.stdout).toContain('Not removing invoice_write');
  });

  it('through a tsconfig path, baseUrl or package.json import too, as it is written', async () => {
    const { dir, write } = appFolder();
    write('.gitignore', 'src/gen/\n');
    // An installed package named by a path is a dependency, not the project's code: no warning.
    write(
      'tsconfig.json',
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"], "*": ["node_modules/*"] } } }\n',
    );
    write('node_modules/express/index.js', 'module.exports = 1;\n');
    write('package.json', '{ "imports": { "#billing": "./src/invoices/build/index.ts" } }\n');
    write('src/invoices/build/index.ts', 'export const buildInvoice = () => 1;\n');
    write('src/gen/client.ts', 'export const x = 1;\n');
    write('src/lib/ok.ts', 'export const ok = 1;\n');
    write(
      'src/api/route.ts',
      [
        "import { x } from '@/gen/client';",
        "import { buildInvoice } from '#billing';",
        "import { ok } from '@/lib/ok';",
        "import express from 'express';",
        "const gen = require('src/gen/client');",
        "import built = require('./../invoices/build');",
        '',
      ].join('\n'),
    );
    const warnings = await notUnderstoodIn(dir);
    expect(warnings.map((x) => [x.line, x.column, x.message.split(': it names')[0]])).toEqual([
      [1, 19, "Not understood: import '@/gen/client'"],
      [2, 30, "Not understood: import '#billing'"],
      [5, 21, "Not understood: import 'src/gen/client'"],
      [6, 24, "Not understood: import './../invoices/build'"],
    ]);
    const whole = await run(['permissions', 'scan', '.', '--format', 'json'], { cwd: dir });
    expect(whole.stdout).toContain("import '@/gen/client'");
    expect(whole.stdout).not.toContain("import 'express'");
  });
});

describe('permissions scan --fix on a local manifest', () => {
  it('says the change is local: the manifest uploaded is stripe-app.json, which still lacks it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.customers.list();\n");
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify({ id: 'com.example.x', permissions: [] }, null, 2));
    writeFileSync(join(dir, 'stripe-app.dev.json'), JSON.stringify({ permissions: [] }, null, 2));
    const r = await run(
      [
        'permissions',
        'scan',
        'server.js',
        '--manifest',
        'stripe-app.dev.json',
        '--fix',
        '--yes',
        '--purpose',
        'customer_read=Match.',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Applied to stripe-app.dev.json, a local manifest, which is never uploaded: make the change in stripe-app.json too, then upload a new version; installed users must re-authorise it.',
    );
    expect(r.stdout).not.toContain('Applied to stripe-app.dev.json. Upload');
  });
});

describe('permissions scan writes reports as check does', () => {
  it('-o, --report and -q: files written, the manifest never written over', async () => {
    const dir = tempDir();
    cpSync(join(BACKENDS, 'express-webhook'), dir, { recursive: true });
    const r = await run(
      ['permissions', 'scan', '.', '-q', '-o', 'out/scan.json', '-f', 'json', '--report', 'sarif=out/scan.sarif'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'scan.json'), 'utf8'));
    expect(report.command).toBe('permissions scan');
    // -q: errors only.
    expect(
      report.files.flatMap((f: { findings: { severity: string }[] }) => f.findings.map((x) => x.severity)),
    ).not.toContain('warning');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'scan.sarif'), 'utf8')).version).toBe('2.1.0');
    const over = await run(['permissions', 'scan', '.', '-o', 'stripe-app.json'], { cwd: dir });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/refusing to write the stylish report over a file it checks/);
  });
});

describe('every command that compares with a manifest reads it the same way', () => {
  it('a local manifest without permissions of its own: explain, key check and trace take its base', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', permissions: [{ permission: 'customer_read', purpose: 'Match.' }] }),
    );
    writeFileSync(join(dir, 'stripe-app.dev.json'), JSON.stringify({ extends: 'stripe-app.json' }));
    const explained = await run(
      ['permissions', 'explain', 'customer_read', '--manifest', 'stripe-app.dev.json', '--json'],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(explained.stdout).manifest).toMatchObject({ granted: true });
    // Not "asks for no permission" (exit 2): the key is judged against customer_read, by its shape first.
    const key = await run(['key', 'check', '--manifest', 'stripe-app.dev.json', '--json'], {
      cwd: dir,
      env: { RAK_APP_KEY: 'sk_test_51Habcdefghijklmnopqrstuvwxyz0123456789' },
    });
    expect(key.code).toBe(1);
    expect(JSON.parse(key.stdout)).toMatchObject({ status: 'wrong-key' });
    writeFileSync(
      join(dir, 'trace.jsonl'),
      `${JSON.stringify({ method: 'GET', url: '/v1/customers', status: 200 })}\n`,
    );
    const traced = await run(['permissions', 'trace', 'trace.jsonl', '--manifest', 'stripe-app.dev.json', '--json'], {
      cwd: dir,
    });
    expect(JSON.parse(traced.stdout)).toMatchObject({ errorCount: 0 });
  });
});
