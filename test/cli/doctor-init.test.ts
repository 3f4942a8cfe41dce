import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/run.js';
import { FAKE_STRIPE, runWithFakeStripe, stripeHome } from '../helpers/stripe-home.js';

/** rak-app with the fake stripe, a Stripe home as given, in a fresh working folder. */
async function withFake(
  args: string[],
  options: { scenario?: string; version?: string; home?: Parameters<typeof stripeHome>[0]; cwd?: string } = {},
) {
  const cwd = options.cwd ?? tempDir();
  const r = await runWithFakeStripe(args, {
    cwd,
    ...options,
    env: { FAKE_STRIPE_VERSION: options.version ?? '1.52.0', CI: 'true' },
  });
  return { ...r, cwd };
}

const INIT = ['init', 'ledger-sync', '--id', 'com.acme.ledger-sync', '--display-name', 'Ledger Sync by Acme'];

describe('rak-app doctor', () => {
  it('passes on a machine with the Stripe CLI, its apps plugin and a login', async () => {
    const r = await withFake(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ Stripe CLI 1.52.0');
    expect(r.stdout).toContain('✔ apps plugin 1.15.22');
    expect(r.stdout).toContain('✔ logged in to Example Co (profile "default")');
    expect(r.stdout).toContain('✔ Ready to build and upload RAK apps.');
  });

  it.each([
    [{ home: { plugin: false } }, /✖ The Stripe CLI's apps plugin is not installed/, /stripe plugin install apps/],
    [{ home: { plugin: '1.5.0' } }, /✖ apps plugin 1.5.0 is older than 1.5.12/, /stripe plugin upgrade apps/],
    // The hint names the stripe that was used (RAK_APP_STRIPE here), which works pasted as it is.
    [{ home: { login: false } }, /✖ not logged in/, new RegExp(`Run \`${FAKE_STRIPE} login\``)],
    [
      { home: { expires: '2020-01-01' } },
      /✖ Stripe login for Example Co \(profile "default"\) expired on 2020-01-01/,
      /stripe login/,
    ],
    [{ version: '1.20.0' }, /✖ Stripe CLI 1.20.0 is older than 1.25.0/, /Upgrade the Stripe CLI/],
  ])('exits 4 and says how to fix %j', async (options, problem, fix) => {
    const r = await withFake(['doctor'], options);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(problem);
    expect(r.stdout).toMatch(fix);
  });

  it('warns about STRIPE_API_KEY, masked, and prints JSON for machines', async () => {
    const key = 'sk_live_51Nabcdefghijklmnopqrstuvwxyz0123456789ABCD';
    const { env } = stripeHome();
    const r = await run(['doctor', '--json'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, STRIPE_API_KEY: key } });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, command: 'doctor', status: 'ready', exitCode: 0 });
    expect(report.checks.find((c: { id: string }) => c.id === 'api-key-env')).toMatchObject({
      status: 'warn',
      summary: expect.stringContaining('sk_live_…ABCD'),
    });
    expect(r.stdout + r.stderr).not.toContain(key);
  });

  it.each([
    ['no login', { login: false }],
    ['an expired login', { expires: '2020-01-01' }],
  ] as const)('with %s, STRIPE_API_KEY stands in for it: doctor and init go on, as upload does', async (_, home) => {
    const key = 'rk_test_51Nabcdefghijklmnopqrstuvwxyz0123456789ABCD';
    const env = { FAKE_STRIPE_VERSION: '1.52.0', CI: 'true', STRIPE_API_KEY: key };
    const doctor = await runWithFakeStripe(['doctor', '--json'], { cwd: tempDir(), home, env });
    expect(doctor.code).toBe(0);
    const report = JSON.parse(doctor.stdout);
    expect(report.status).toBe('ready');
    expect(report.checks.find((c: { id: string }) => c.id === 'login')).toMatchObject({
      status: 'pass',
      summary: expect.stringContaining('STRIPE_API_KEY (rk_test_…ABCD) stands in for it'),
    });
    const init = await runWithFakeStripe(INIT, { cwd: tempDir(), home, env });
    expect(init.stdout + init.stderr).not.toContain('not logged in');
    expect(init.code).toBe(0);
    expect(doctor.stdout + init.stdout + init.stderr).not.toContain(key);
  });

  it('STRIPE_PROJECT_NAME naming a profile with no account: the login check names it, and how to log in to it', async () => {
    const env = { FAKE_STRIPE_VERSION: '1.52.0', CI: 'true', STRIPE_PROJECT_NAME: 'staging' };
    const doctor = await runWithFakeStripe(['doctor', '--json'], { cwd: tempDir(), env });
    expect(doctor.code).toBe(4);
    const login = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === 'login');
    expect(login).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('no account for profile "staging", which STRIPE_PROJECT_NAME names'),
    });
    expect(login.fix).toContain(`${FAKE_STRIPE} login --project-name=staging`);
  });

  it.each([
    ['a publishable key', 'pk_test_51Nabcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['spaces', '   '],
    // The Stripe CLI is given the value as it is: one with a space or a line break is no key.
    ['a key with a space before it', ' sk_test_51Nabcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['a key with a line break after it', 'rk_test_51Nabcdefghijklmnopqrstuvwxyz0123456789ABCD\n'],
  ])(
    'with no login, STRIPE_API_KEY set to %s stands in for nothing: doctor fails, naming it masked',
    async (_, key) => {
      const env = { FAKE_STRIPE_VERSION: '1.52.0', CI: 'true', STRIPE_API_KEY: key };
      const doctor = await runWithFakeStripe(['doctor', '--json'], { cwd: tempDir(), home: { login: false }, env });
      expect(doctor.code).toBe(4);
      const checks = JSON.parse(doctor.stdout).checks as { id: string; status: string; summary: string }[];
      expect(checks.find((c) => c.id === 'login')?.status).toBe('fail');
      expect(checks.find((c) => c.id === 'api-key-env')).toMatchObject({
        status: 'fail',
        summary: expect.stringContaining('is no secret or restricted key'),
      });
      expect(doctor.stdout).not.toContain(key.trim() || 'never');
    },
  );

  it.each([
    ['an rkcs_ key', `rkcs_test_51Nabc${'d'.repeat(30)}WXYZ`],
    ['an organization key', `sk_org_51Nabc${'d'.repeat(30)}WXYZ`],
  ])(
    'with no login, STRIPE_API_KEY set to %s, which the Stripe CLI takes but rak-app cannot vouch for, stands in with a warning',
    async (_, key) => {
      const env = { FAKE_STRIPE_VERSION: '1.52.0', CI: 'true', STRIPE_API_KEY: key };
      const doctor = await runWithFakeStripe(['doctor', '--json'], { cwd: tempDir(), home: { login: false }, env });
      expect(doctor.code).toBe(0);
      const checks = JSON.parse(doctor.stdout).checks as { id: string; status: string; summary: string }[];
      expect(checks.find((c) => c.id === 'login')?.status).toBe('pass');
      expect(checks.find((c) => c.id === 'api-key-env')).toMatchObject({
        status: 'warn',
        summary: expect.stringContaining(
          'a kind of key the Stripe CLI takes, but not a secret or restricted key of one mode: whether Stripe accepts it for apps commands is not known',
        ),
      });
      expect(doctor.stdout).not.toContain('dddddddddd');
    },
  );

  it('a Stripe CLI whose --version never answers is said to hang, after 15 s', { timeout: 30_000 }, async () => {
    const r = await runWithFakeStripe(['doctor'], {
      cwd: tempDir(),
      // A file that is never made: the fake's `--version` waits for it for ever.
      env: { FAKE_STRIPE_VERSION_WAIT: join(tempDir(), 'never'), CI: 'true' },
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('does not run: `--version` gave no answer in 15 s (it hangs, or waits for input)');
    expect(r.stdout).not.toContain('Command timed out');
  });

  it('--stripe pointing at nothing is a Stripe CLI failure', async () => {
    const r = await withFake(['doctor', '--stripe', '/no/such/stripe']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/✖ Stripe CLI at \/no\/such\/stripe \(from --stripe\) does not run: not found/);
    // In a folder that exists (where spawn itself may say EACCES), and relative to the current folder.
    for (const path of ['/rak-app-no-such-stripe', 'no-such-stripe']) {
      const near = await withFake(['doctor', '--stripe', path]);
      expect(near.stdout).toContain(`✖ Stripe CLI at ${path} (from --stripe) does not run: not found`);
    }
    // A name alone is looked up on PATH, as a shell does: said so, with the way to name one here.
    const bare = await withFake(['doctor', '--stripe', 'no-such-stripe']);
    expect(bare.stdout).toContain(
      'does not run: not found on PATH (for one in the current folder, write ./no-such-stripe)',
    );
    // A folder, or a file that is not executable: said so, not as spawn's EACCES.
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe'), '#!/bin/sh\n');
    for (const [path, why] of [
      [dir, 'a folder, not a program'],
      [join(dir, 'stripe'), 'not executable (chmod +x it)'],
    ]) {
      const r2 = await withFake(['doctor', '--stripe', path!]);
      expect(r2.stdout).toContain(`(from --stripe) does not run: ${why}\n`);
    }
  });

  it('--verbose says which stripe is used and what it ran', async () => {
    const r = await withFake(['doctor', '--verbose']);
    expect(r.stderr).toContain(`rak-app: stripe: ${FAKE_STRIPE} (env)`);
    expect(r.stderr).toContain(`rak-app: ran: ${FAKE_STRIPE} --version`);
  });
});

describe('rak-app init with a fake Stripe CLI', () => {
  it('creates the app, answering the ID and display-name prompts, and checks it', async () => {
    const r = await withFake(INIT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([['--version'], ['apps', 'create', 'ledger-sync', '--template', 'restricted-api-key-app']]);
    const manifest = JSON.parse(readFileSync(join(r.cwd, 'ledger-sync', 'stripe-app.json'), 'utf8'));
    expect(manifest).toMatchObject({
      id: 'com.acme.ledger-sync',
      name: 'Ledger Sync by Acme',
      stripe_api_access_type: 'restricted_api_key',
    });
    expect(r.stdout).toContain('? ID: (com.example.ledger-sync) com.acme.ledger-sync\n');
    expect(r.stdout).toContain('rak-app: created');
    expect(r.stdout).toMatch(/error +.+ permission-none$/m);
    expect(r.stdout).toMatch(/AppSettings.tsx\n.+settings-placeholder/);
    expect(r.stdout).toContain('stripe apps grant permission');
    // With --json, the findings behind the counts.
    const json = await withFake([...INIT, '--json']);
    const document = JSON.parse(json.stdout);
    expect(document.findings).toHaveLength(document.errorCount + document.warningCount);
    expect(document.findings).toContainEqual(
      expect.objectContaining({ file: 'ledger-sync/stripe-app.json', ruleId: 'permission-none', severity: 'error' }),
    );
    // The finding names the Stripe CLI that made the app (no stripe is on PATH here), as the next steps do.
    const none = document.findings.find((f: { ruleId: string }) => f.ruleId === 'permission-none');
    expect(none.message).toContain(`Add each with \`${FAKE_STRIPE} apps grant permission`);
  });

  it('names a folder, and a Stripe CLI, with a space in the next steps as a shell takes them, quoted once', async () => {
    const r = await withFake(['init', 'ledger sync', '--id', 'com.acme.ledger-sync', '--display-name', 'Ledger Sync']);
    expect(r.stdout).toContain("  cd 'ledger sync'\n");
    // The Stripe CLI from a folder with a space in its name.
    const folder = join(tempDir(), 'fake stripe');
    cpSync(dirname(FAKE_STRIPE), folder, { recursive: true });
    const spaced = await runWithFakeStripe(['init', 'app', '--id', 'com.acme.app', '--display-name', 'App'], {
      cwd: tempDir(),
      env: { RAK_APP_STRIPE: join(folder, 'stripe'), CI: 'true' },
    });
    expect(spaced.stdout).toContain(`  '${join(folder, 'stripe')}' apps grant permission`);
  });

  it('understands the other wording of the prompts', async () => {
    const r = await withFake(INIT, { scenario: 'create-wording-b' });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(r.cwd, 'ledger-sync', 'stripe-app.json'), 'utf8'))).toMatchObject({
      id: 'com.acme.ledger-sync',
      name: 'Ledger Sync by Acme',
    });
  });

  it("fixes the id and name when the template ignores the answers, keeping the file's format", async () => {
    const r = await withFake(INIT, { scenario: 'create-ignores-answers' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'fixed: set id to "com.acme.ledger-sync" (the template wrote "com.example.ledger-sync")',
    );
    const text = readFileSync(join(r.cwd, 'ledger-sync', 'stripe-app.json'), 'utf8');
    expect(text).toContain(
      '\n    "id": "com.acme.ledger-sync",\n    "version": "0.0.1",\n    "name": "Ledger Sync by Acme",\n',
    );
  });

  it.each([
    ['login-prompt', 4, /asked to log in/, new RegExp(`Run \`${FAKE_STRIPE} login\` once by hand`)],
    ['plugin-prompt', 4, /asked to install its apps plugin/, /stripe plugin install apps/],
    // Run by hand, it makes the app's folder, where this run must make it again.
    [
      'create-terms',
      4,
      /waiting for the Stripe Apps terms/,
      /once at a terminal and accept the terms; then remove the folder it made \(ledger-sync\) and run this again/,
    ],
    ['create-not-configured', 1, /failed \(exit code 1\)/, /Fix what Stripe reports/],
  ])('stops cleanly when Stripe %s', async (scenario, code, message, hint) => {
    const r = await withFake(INIT, { scenario });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
  });

  it("shows Stripe's own output when it fails", async () => {
    const r = await withFake(INIT, { scenario: 'create-not-configured' });
    expect(r.stderr).toContain('you have not configured API keys yet');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops a prompt nobody answers after --prompt-timeout', async () => {
    const r = await withFake([...INIT, '--prompt-timeout', '1'], { scenario: 'create-unknown-prompt' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /Stripe asked "\? Which language do you want to use:", which rak-app does not answer for you/,
    );
  });

  it.each([
    [{ home: { plugin: false } }, /apps plugin is not installed/],
    [{ home: { login: false } }, /not logged in/],
    [{ version: '1.20.0' }, /older than 1.25.0/],
  ])('runs no stripe apps command when the machine is not ready: %j', async (options, message) => {
    const r = await withFake(INIT, options);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(message);
    expect(r.calls).toEqual([['--version']]);
    expect(existsSync(join(r.cwd, 'ledger-sync'))).toBe(false);
  });

  it('refuses a name that is a link to nothing, before running any stripe apps command', async () => {
    const cwd = tempDir();
    // A terminal escape in where it leads is shown, not sent.
    symlinkSync(join(cwd, 'gone\u001b[2J'), join(cwd, 'ledger-sync'));
    const r = await withFake(INIT, { cwd });
    expect(r.code).toBe(2);
    // Said as it is, as convert says a manifest that is one: not "is a file".
    expect(r.stderr).toContain(`"ledger-sync" is a link to ${join(cwd, 'gone\\x1b[2J')}, which does not exist`);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('is a file');
    expect(r.calls.filter((c) => c[0] !== '--version')).toEqual([]);
  });

  it.each([
    ['true', "In CI, Stripe's prompts for the app ID and display name need answers."],
    [undefined, "Without a terminal, Stripe's prompts for the app ID and display name need answers."],
  ])('with CI=%s and no --id or --display-name, says why it cannot ask', async (ci, message) => {
    const r = await runWithFakeStripe(['init', 'app'], {
      cwd: tempDir(),
      env: { FAKE_STRIPE_VERSION: '1.52.0', CI: ci },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a failed create that left the folder part-made says so, and what to do before running it again', async () => {
    const r = await withFake(INIT, { scenario: 'create-partial-fail' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'The Stripe CLI left ledger-sync part-made: remove it (or move it aside) before running this again; rak-app init never writes into a folder that is not empty.',
    );
    expect(existsSync(join(r.cwd, 'ledger-sync', 'package.json'))).toBe(true);
    const again = await withFake(INIT, { cwd: r.cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists and is not empty/);
  });

  it.each([
    [['init'], /Missing required argument 'name'/],
    [['init', 'a/b', '--id', 'x', '--display-name', 'y'], /path separator/],
    [['init', '..', '--id', 'x', '--display-name', 'y'], /not a folder name/],
    [['init', 'app', '--id', 'com example', '--display-name', 'y'], /--id "com example" is not an app id/],
    // The manifest's name may not be empty (Stripe's schema): refused before the app is made with it.
    [['init', 'app', '--id', 'com.acme.app', '--display-name', ''], /--display-name is empty/],
    [['init', 'app', '--id', 'com.acme.app', '--display-name', '   '], /--display-name is empty/],
    [['init', 'app'], /Pass --id and --display-name/],
    // A key pasted where a name goes: not turned into an example display name ('Sk Live 51H…').
    [['init', `sk_live_51H${'a'.repeat(40)}`], /^rak-app: The app name holds a secret key \(sk_live_…aaaa\)/],
    [
      ['init', 'app', '--id', 'x', '--display-name', `Sync rk_test_${'b'.repeat(30)}`],
      /--display-name holds a restricted key/,
    ],
    [['init', 'app', '--id', `com.rk_test_${'c'.repeat(30)}`, '--display-name', 'y'], /--id holds a restricted key/],
  ])('refuses %j before running any stripe apps command', async (args, message) => {
    const r = await withFake(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(/aaaaaaaaaa|bbbbbbbbbb|cccccccccc/i);
    // At most the read-only version check, which tells what else blocks.
    expect(r.calls.filter((c) => c[0] !== '--version')).toEqual([]);
  });

  it.each([
    ['invoice-notes', "rak-app init invoice-notes --id com.example.invoice-notes --display-name 'Invoice Notes'"],
    ['My Notes', "rak-app init 'My Notes' --id com.example.my-notes --display-name 'My Notes'"],
  ])('without a terminal, the example answers are made from the name typed (%s), and run', async (name, example) => {
    const refused = await withFake(['init', name]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Pass --id and --display-name, for example: \`${example}\`.\n`);
    // The example, run as printed (its words as a shell splits them), creates the app.
    const argv = [...example.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').slice(1);
    const created = await withFake(argv);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(readFileSync(join(created.cwd, name, 'stripe-app.json'), 'utf8'))).toMatchObject({
      id: argv[argv.indexOf('--id') + 1],
      name: argv[argv.indexOf('--display-name') + 1],
    });
  });

  it('without a terminal and without a login: both blockers, reported together up front', async () => {
    const r = await withFake(['init', 'app'], { home: { login: false } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/✖ not logged in/);
    expect(r.stderr).toMatch(/and without a terminal, Stripe's prompts need answers\. Pass --id and --display-name/);
    // Said once, as the heading: not again as the doctor's verdict below it.
    expect(r.stderr.match(/cannot run here yet/g)).toHaveLength(1);
    expect(r.calls).toEqual([['--version']]);
    // --json's reason says both too.
    const json = await withFake(['init', 'app', '--json'], { home: { login: false } });
    expect(JSON.parse(json.stdout).reason).toMatch(
      /^stripe apps cannot run here yet: not logged in .*\. And without a terminal, Stripe's prompts need answers\. Pass --id and --display-name/,
    );
  });

  it('refuses a folder that exists and is not empty', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'ledger-sync'));
    writeFileSync(join(cwd, 'ledger-sync', 'notes.txt'), 'mine');
    const r = await withFake(INIT, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and is not empty/);
    expect(readFileSync(join(cwd, 'ledger-sync', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('doctor reads the plugin as the Stripe CLI does', () => {
  it('a plugin folder that config.toml does not list in installed_plugins is not installed', async () => {
    const { home, env } = stripeHome();
    const { writeFileSync } = await import('node:fs');
    // As a copied or half-removed plugin leaves it: the files, but not the entry.
    writeFileSync(
      join(home, '.config', 'stripe', 'config.toml'),
      "[default]\naccount_id = 'acct_1Example'\ndisplay_name = 'Example Co'\n",
    );
    const r = await run(['doctor'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(
      /✖ The apps plugin's files are in .*, but .*config\.toml does not list "apps" in installed_plugins/,
    );
    expect(r.stdout).toContain(`Run \`${FAKE_STRIPE} plugin install apps\``);
  });

  it('nor is one with no config.toml at all (no login yet): said now, not after the login', async () => {
    const { home, env } = stripeHome();
    const { rmSync } = await import('node:fs');
    rmSync(join(home, '.config', 'stripe', 'config.toml'));
    const r = await run(['doctor'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(
      /✖ The apps plugin's files are in .*, but .*config\.toml does not list "apps" in installed_plugins/,
    );
  });
});
