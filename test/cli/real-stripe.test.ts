import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../helpers/run.js';

/**
 * The real Stripe CLI from the @stripe/cli package, on a machine where nobody ran `stripe login`
 * or installed the apps plugin: HOME and XDG_CONFIG_HOME point at an empty folder.
 */
async function withRealStripe(args: string[], cwd = tempDir()) {
  const home = tempDir();
  const result = runBin(args, {
    cwd,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: home,
      RAK_APP_STRIPE: undefined,
      STRIPE_PLUGINS_PATH: undefined,
      STRIPE_API_KEY: undefined,
      PATH: '/usr/bin:/bin',
      CI: 'true',
    },
  });
  return { ...result, cwd, home };
}

describe('the real Stripe CLI without the apps plugin and without a login', () => {
  it('doctor finds the bundled binary and its version, and says what is missing', async () => {
    const r = await withRealStripe(['doctor']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(
      /✔ Stripe CLI \d+\.\d+\.\d+ \(.*@stripe\/cli-[a-z0-9-]+\/bin\/stripe, from the @stripe\/cli package\)/,
    );
    expect(r.stdout).toMatch(/✖ The Stripe CLI's apps plugin is not installed/);
    expect(r.stdout).toMatch(/✖ not logged in/);
  });

  it("init exits 4 within seconds, never reaching Stripe's login prompt, and creates nothing", async () => {
    const r = await withRealStripe([
      'init',
      'ledger-sync',
      '--id',
      'com.acme.ledger-sync',
      '--display-name',
      'Ledger Sync',
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/apps plugin is not installed/);
    expect(r.stderr).not.toMatch(/Press Enter/);
    expect(existsSync(join(r.cwd, 'ledger-sync'))).toBe(false);
  });

  it('convert --yes exits 4 within seconds and leaves the manifest as it was', async () => {
    const cwd = tempDir();
    const manifest =
      '{\n  "id": "com.acme.alerts",\n  "version": "1.0.0",\n  "name": "Alerts",\n  "stripe_api_access_type": "oauth"\n}\n';
    writeFileSync(join(cwd, 'stripe-app.json'), manifest);
    const r = await withRealStripe(['convert', '--yes'], cwd);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/apps plugin is not installed/);
    expect(readFileSync(join(cwd, 'stripe-app.json'), 'utf8')).toBe(manifest);
  });

  it('upload --yes exits 4 within seconds, never hangs, and records nothing', async () => {
    const cwd = tempDir();
    cpSync(EXAMPLE_DIR, cwd, { recursive: true });
    const r = await withRealStripe(['upload', '--yes'], cwd);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/apps plugin is not installed/);
    expect(existsSync(join(cwd, '.rak-app'))).toBe(false);
  });

  it('reading its version leaves no login or plugin behind', async () => {
    const r = await withRealStripe(['doctor']);
    expect(existsSync(join(r.home, 'stripe', 'plugins'))).toBe(false);
    expect(readdirSync(r.home).every((f) => f === 'stripe')).toBe(true);
  });
});

describe('the Stripe CLI npx puts on PATH', () => {
  // node_modules/.bin/stripe is @stripe/cli's Node shim, which runs the binary as a child of its
  // own: a signal sent to the shim would leave the binary (and an upload) running.
  it("is run as the package's binary, not through its Node shim", async () => {
    const { locateStripe } = await import('../../src/adapters/stripe-cli.js');
    const bin = join(ROOT, 'node_modules', '.bin');
    expect(realpathSync(join(bin, 'stripe'))).toMatch(/shim\.js$/);
    const stripe = locateStripe({ env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: tempDir() })!;
    expect(stripe.source).toBe('package');
    expect(stripe.path).toMatch(/@stripe[/\\]cli-[a-z0-9]+-[a-z0-9]+[/\\]bin[/\\]stripe(\.exe)?$/);
    expect(readFileSync(stripe.path).subarray(0, 2).toString()).not.toBe('#!');
  });

  it("a pnpm-style script shim is run as the package's binary too; a global install's is yours, named stripe in hints", async () => {
    const { locateStripe, stripeCommandFor } = await import('../../src/adapters/stripe-cli.js');
    const project = tempDir();
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    mkdirSync(join(project, 'node_modules', '@stripe'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@stripe', 'cli'), join(project, 'node_modules', '@stripe', 'cli'));
    const script = join(project, 'node_modules', '.bin', 'stripe');
    writeFileSync(script, '#!/bin/sh\nexec node "$basedir/../@stripe/cli/bin/shim.js" "$@"\n', { mode: 0o755 });
    const pnpm = locateStripe({
      env: { PATH: `${join(project, 'node_modules', '.bin')}:/usr/bin:/bin` },
      cwd: project,
    })!;
    expect(pnpm).toMatchObject({
      source: 'package',
      path: expect.stringMatching(/cli-[a-z0-9]+-[a-z0-9]+[/\\]bin[/\\]stripe/),
    });
    // A script that names the package elsewhere (pnpm's store, a workspace's root): the path it names.
    const store = tempDir();
    mkdirSync(join(store, 'node_modules', '@stripe'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@stripe', 'cli'), join(store, 'node_modules', '@stripe', 'cli'));
    const member = join(tempDir(), 'node_modules', '.bin');
    mkdirSync(member, { recursive: true });
    const toStore = relative(member, join(store, 'node_modules'));
    for (const text of [
      `#!/bin/sh\nexec node "$basedir/${toStore}/@stripe/cli/bin/shim.js" "$@"\n`,
      `@ECHO off\r\n"%~dp0\\${toStore.replace(/\//g, '\\')}\\@stripe\\cli\\bin\\shim.js" %*\r\n`,
    ]) {
      writeFileSync(join(member, 'stripe'), text, { mode: 0o755 });
      expect(locateStripe({ env: { PATH: `${member}:/usr/bin:/bin` }, cwd: project })).toMatchObject({
        source: 'package',
        path: expect.stringMatching(/cli-[a-z0-9]+-[a-z0-9]+[/\\]bin[/\\]stripe/),
      });
    }
    // npm i -g @stripe/cli: a link in a bin folder of your own, on your PATH.
    const globalBin = join(tempDir(), 'bin');
    mkdirSync(globalBin);
    symlinkSync(join(ROOT, 'node_modules', '@stripe', 'cli', 'bin', 'shim.js'), join(globalBin, 'stripe'));
    const global = locateStripe({ env: { PATH: `${globalBin}:/usr/bin:/bin` }, cwd: project })!;
    expect(global.path).toMatch(/cli-[a-z0-9]+-[a-z0-9]+[/\\]bin[/\\]stripe/);
    expect(stripeCommandFor(global)).toBe('stripe');
  });
});

describe("the adapter against the real binary's own prompts", () => {
  it('stops `stripe apps …` at "Press Enter to run \'stripe login\'" instead of hanging', async () => {
    const { locateStripe, runStripe } = await import('../../src/adapters/stripe-cli.js');
    const home = tempDir();
    const env = { PATH: '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: home };
    const stripe = locateStripe({ env, cwd: home })!;
    expect(stripe.source).toBe('package');
    const written: string[] = [];
    // stdin stays open (a pipe nobody writes to), as in a CI job: Enter never comes.
    const outcome = await runStripe(stripe.path, {
      args: ['apps', 'upload'],
      cwd: tempDir(),
      env,
      interactive: false,
      promptTimeoutMs: 20_000,
      write: (_fd, t) => written.push(t),
    });
    expect(outcome.kind).toBe('not-logged-in');
    expect(written.join('')).toContain("Press Enter to run 'stripe login'");
  });
});
