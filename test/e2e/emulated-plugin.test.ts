// The true path: rak-app runs the real Stripe CLI (@stripe/cli), which checks the login, finds and
// starts the apps plugin (an emulated one, test/fixtures/apps-plugin/), forwards the command over
// gRPC and decides the exit code. docs/stripe-cli.md says what this showed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateStripe } from '../../src/adapters/stripe-cli.js';
import { runInTerminal } from '../helpers/pty.js';
import { run, tempDir } from '../helpers/run.js';
import { pluginSandbox } from '../helpers/stripe-plugin-sandbox.js';
import { exampleApp } from '../helpers/apps.js';

const REAL_STRIPE = locateStripe({ env: { PATH: '' } })!.path;

/** rak-app, with --stripe at the real binary, in a sandbox where it runs the emulated plugin. */
function withPlugin(
  args: string[],
  options: { cwd: string; scenario?: string; login?: boolean; env?: Record<string, string | undefined> },
) {
  const log = join(tempDir(), 'calls.jsonl');
  const { env } = pluginSandbox({ login: options.login ?? true });
  return run([...args, '--stripe', REAL_STRIPE], {
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

describe('through the real Stripe CLI and the emulated apps plugin', () => {
  it('the real binary is the one @stripe/cli ships', () => {
    expect(REAL_STRIPE).toMatch(/@stripe\/cli[^/]*\/(bin|vendor)\//);
  });

  it("init answers the template's prompts without a terminal, then checks the new app", async () => {
    const cwd = tempDir();
    const r = await withPlugin(
      ['init', 'ledger-sync', '--id', 'com.acme.ledger-sync', '--display-name', 'Ledger Sync'],
      { cwd },
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('What `rak-app check` says is left to do'); // no permissions yet
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
      ['init', 'demo', '--id', 'com.acme.demo', '--display-name', 'Demo', '--prompt-timeout', '1'],
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
});

describe.skipIf(process.platform === 'win32')('at a terminal, through the real Stripe CLI', () => {
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
});
