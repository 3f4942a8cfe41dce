// The true path, as shipped: the built bin/rak-app.cjs, in a process of its own, runs the real Stripe
// CLI (@stripe/cli), which checks the login, finds and starts the apps plugin (an emulated one,
// test/fixtures/apps-plugin/), forwards the command over gRPC and decides the exit code.
// docs/stripe-cli.md says what this showed.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateStripe } from '../../src/adapters/stripe-cli.js';
import { runInTerminal } from '../helpers/pty.js';
import { spawnBin, tempDir } from '../helpers/run.js';
import { ROOT } from '../helpers/fixtures.js';
import { pluginSandbox } from '../helpers/stripe-plugin-sandbox.js';
import { exampleApp } from '../helpers/apps.js';

// @stripe/cli is an optional dependency: without it (npm ci --omit=optional) these tests skip, saying why.
const REAL_STRIPE = locateStripe({ env: { PATH: '' }, cwd: ROOT })?.path ?? '';
const WITHOUT_STRIPE_CLI = REAL_STRIPE === '';

/** The built rak-app, with --stripe at the real binary, in a sandbox where it runs the emulated plugin. */
function withPlugin(
  args: string[],
  options: {
    cwd: string;
    scenario?: string;
    login?: boolean;
    env?: Record<string, string | undefined>;
    /** Changes the sandbox before rak-app runs in it. */
    spoil?: (sandbox: ReturnType<typeof pluginSandbox>) => void;
  },
) {
  const log = join(tempDir(), 'calls.jsonl');
  const sandbox = pluginSandbox({ login: options.login ?? true });
  options.spoil?.(sandbox);
  const { env } = sandbox;
  return spawnBin([...args, '--stripe', REAL_STRIPE], {
    cwd: options.cwd,
    env: {
      ...env,
      CI: undefined,
      FAKE_STRIPE_SCENARIO: options.scenario ?? 'default',
      FAKE_STRIPE_LOG: log,
      ...options.env,
    },
  }).then((r) => ({
    ...r,
    // What the plugin was asked to run, as the CLI forwarded it.
    calls: existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).args as string[])
      : [],
  }));
}

const ledgerOf = (dir: string) => {
  const path = join(dir, '.rak-app', 'uploads.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).uploads : undefined;
};

describe.skipIf(WITHOUT_STRIPE_CLI)(
  `through the real Stripe CLI and the emulated apps plugin${WITHOUT_STRIPE_CLI ? ' (skipped: @stripe/cli is not installed)' : ''}`,
  () => {
    it('the real binary is the one @stripe/cli ships', () => {
      expect(REAL_STRIPE).toMatch(/@stripe\/cli[^/]*\/(bin|vendor)\//);
    });

    it('doctor, as shipped, finds the bundled Stripe CLI, the installed plugin and the login', async () => {
      // No --stripe and no stripe on PATH: the bundle finds the @stripe/cli package's binary itself.
      const r = await spawnBin(['doctor', '--json'], {
        cwd: tempDir(),
        env: { ...pluginSandbox().env, PATH: dirname(process.execPath), CI: undefined },
      });
      expect(r.code).toBe(0);
      const document = JSON.parse(r.stdout);
      expect(document.status).toBe('ready');
      expect(document.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
        ['node', 'pass'],
        ['stripe-cli', 'pass'],
        ['apps-plugin', 'pass'],
        ['login', 'pass'],
        ['api-key-env', 'pass'],
        ['environment', 'info'],
      ]);
      expect(document.checks[1].summary).toMatch(/^Stripe CLI \d+\.\d+\.\d+ \(/);
      expect(document.checks[1].summary).toContain(`(${REAL_STRIPE}, from the @stripe/cli package)`);
    });

    // What doctor takes for a plugin that cannot start, the real CLI bears out: without metadata it
    // says the plugin "is not currently available" and exits 0; a binary it cannot execute fails.
    it.each([
      [
        'plugins.toml has no [[Plugin]] entry for "apps"',
        (sandbox: ReturnType<typeof pluginSandbox>) =>
          writeFileSync(
            sandbox.pluginsToml,
            '[[Plugin]]\n  Shortname = "terminal"\n  Binary = "stripe-cli-terminal"\n',
          ),
        { status: 0, said: /The "apps" plugin is not currently available/ },
        /plugins\.toml has no \[\[Plugin\]\] entry for "apps"/,
      ],
      [
        'the plugin binary is not executable',
        (sandbox: ReturnType<typeof pluginSandbox>) => chmodSync(sandbox.pluginBinary, 0o644),
        { status: 1, said: /stripe-cli-apps: permission denied/ },
        /stripe-cli-apps is missing or not executable/,
      ],
    ])(
      'when %s: the real CLI cannot run the plugin, and doctor and upload say so (exit 4)',
      async (_, spoil, real, reason) => {
        const sandbox = pluginSandbox();
        spoil(sandbox);
        const stripe = spawnSync(REAL_STRIPE, ['apps', 'upload'], {
          cwd: exampleApp(),
          env: { PATH: process.env['PATH'], ...sandbox.env },
          input: '',
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(stripe.status).toBe(real.status);
        expect(stripe.stdout + stripe.stderr).toMatch(real.said);

        const doctor = await withPlugin(['doctor'], { cwd: tempDir(), spoil });
        expect(doctor.code).toBe(4);
        expect(doctor.stdout).toMatch(/✖ The apps plugin local\.build\.dev is listed as installed but cannot start: /);
        expect(doctor.stdout).toMatch(reason);

        const dir = exampleApp();
        const upload = await withPlugin(['upload', '--yes'], { cwd: dir, spoil });
        expect(upload.code).toBe(4);
        expect(upload.stderr).toMatch(reason);
        expect(upload.calls).toEqual([]);
        expect(ledgerOf(dir)).toBeUndefined();
      },
    );

    it("init answers the template's prompts without a terminal, then checks the new app", async () => {
      const cwd = tempDir();
      const r = await withPlugin(
        ['init', 'ledger-sync', '--id', 'com.acme.ledger-sync', '--display-name', 'Ledger Sync'],
        { cwd },
      );
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      // Run from a clone, rak-app is not on PATH: its hints name it as npx runs it.
      expect(r.stdout).toContain('What `npx rak-app check` says is left to do'); // no permissions yet
      expect(r.calls).toEqual([['apps', 'create', 'ledger-sync', '--template', 'restricted-api-key-app']]);
      const manifest = JSON.parse(readFileSync(join(cwd, 'ledger-sync', 'stripe-app.json'), 'utf8'));
      expect(manifest).toMatchObject({
        id: 'com.acme.ledger-sync',
        name: 'Ledger Sync',
        stripe_api_access_type: 'restricted_api_key',
      });
      expect(r.stdout).toContain('rak-app: created');
    });

    it('convert runs set api-access-type, verifies the change and adds the settings view', async () => {
      const dir = exampleApp((m) => {
        delete m.stripe_api_access_type;
        m.ui_extension.views = m.ui_extension.views.filter((v: { viewport: string }) => v.viewport !== 'settings');
      });
      const r = await withPlugin(['convert', '--yes'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.calls).toEqual([['apps', 'set', 'api-access-type', 'restricted_api_key']]);
      expect(r.stdout).toContain('✔ Set api-access-type to restricted_api_key'); // the plugin's own output, streamed back
      const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
      expect(manifest.stripe_api_access_type).toBe('restricted_api_key');
      expect(manifest.ui_extension.views.some((v: { viewport: string }) => v.viewport === 'settings')).toBe(true);
      expect(r.stdout).toMatch(/created src\/views\/\w+\.tsx/);
    });

    it('convert restores the manifest byte for byte when the plugin fails', async () => {
      const dir = exampleApp((m) => delete m.stripe_api_access_type);
      const before = readFileSync(join(dir, 'stripe-app.json'));
      const r = await withPlugin(['convert', '--yes'], { cwd: dir, scenario: 'set-corrupts' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('panic: plugin process exited'); // the plugin's stderr, streamed back
      expect(r.stderr).toMatch(/failed \(exit code 1\)/); // the CLI's exit code, whatever the plugin's
      expect(r.stderr).toContain('stripe-app.json was restored, byte for byte.');
      expect(readFileSync(join(dir, 'stripe-app.json')).equals(before)).toBe(true);
    });

    it('upload answers only the proceed question, and records the upload', async () => {
      const dir = exampleApp();
      const r = await withPlugin(['upload', '--yes'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Do you want to proceed\? \[Y\/n\]: y\n/);
      expect(r.stdout).toContain('✔ Uploaded Ledger Sync by Example Co');
      expect(r.calls).toEqual([['apps', 'upload']]);
      expect(ledgerOf(dir)).toHaveLength(1);
    });

    it('a plugin that exits non-zero: exit 1, its message shown, nothing recorded', async () => {
      const dir = exampleApp();
      const r = await withPlugin(['upload', '--yes'], { cwd: dir, scenario: 'upload-crash' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Error: plugin.child.apps: plugin process exited: exit status 2');
      expect(ledgerOf(dir)).toBeUndefined();
    });

    it('a plugin that waits at a prompt nobody can answer is stopped after --prompt-timeout (exit 4)', async () => {
      const cwd = tempDir();
      const r = await withPlugin(
        // Long enough for the real CLI to start its plugin on a busy machine before the prompt comes.
        ['init', 'demo', '--id', 'com.acme.demo', '--display-name', 'Demo', '--prompt-timeout', '5'],
        {
          cwd,
          scenario: 'create-unknown-prompt',
        },
      );
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(
        /Stripe asked "\? Which language do you want to use:", which rak-app does not answer for you/,
      );
    });

    it('without a login, rak-app stops before stripe apps runs (exit 4): the CLI itself would not ask', async () => {
      const dir = exampleApp();
      const r = await withPlugin(['upload', '--yes'], { cwd: dir, login: false });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/✖ not logged in/);
      expect(r.calls).toEqual([]);
      expect(ledgerOf(dir)).toBeUndefined();
    });

    it('the real CLI runs an installed plugin with no login at all: an API key in the environment is enough', async () => {
      // What docs/stripe-cli.md records: its "You must be logged in" prompt is only for a plugin that is
      // not installed. So STRIPE_API_KEY, shown masked in the plan, stands in for the login.
      const dir = exampleApp();
      const r = await withPlugin(['upload', '--yes'], {
        cwd: dir,
        login: false,
        env: { STRIPE_API_KEY: `sk_test_${'1'.repeat(24)}` },
      });
      expect(r.code).toBe(0);
      expect(r.calls).toEqual([['apps', 'upload']]);
    });
  },
);

describe.skipIf(process.platform === 'win32' || WITHOUT_STRIPE_CLI)(
  `at a terminal, through the real Stripe CLI${WITHOUT_STRIPE_CLI ? ' (skipped: @stripe/cli is not installed)' : ''}`,
  () => {
    it("upload: the id typed once, then rak-app answers the plugin's proceed question", async () => {
      const dir = exampleApp();
      const { env } = pluginSandbox();
      const r = await runInTerminal(['upload', '--stripe', REAL_STRIPE], {
        cwd: dir,
        env: { ...env, CI: undefined, FAKE_STRIPE_SCENARIO: 'default' },
        steps: [{ waitFor: 'Type its id to upload it', type: 'com.example.ledger-sync\r' }],
      });
      expect(r.code).toBe(0);
      expect(r.screen).toContain('✔ Uploaded Ledger Sync by Example Co');
      expect(ledgerOf(dir)).toHaveLength(1);
    });
  },
);
