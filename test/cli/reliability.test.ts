// The irreversible step recorded exactly when it happened, and files never left cut short: each case
// is a way the ledger once lied or forgot, or a write once cut a user's file and reported success.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { redactSecrets } from '../../src/core/secrets.js';
import { exampleApp } from '../helpers/apps.js';
import { ROOT } from '../helpers/fixtures.js';
import { whenFileExists } from '../helpers/handshake.js';
import {
  BIN,
  HAS_SETPRIV,
  inFolderForOthers,
  RUNS_AS_ROOT,
  run,
  runBinUnprivileged,
  spawnBin,
  tempDir,
  testEnv,
} from '../helpers/run.js';
import { FAKE_STRIPE, runWithFakeStripe, stripeHome } from '../helpers/stripe-home.js';

const ledgerPath = (dir: string): string => join(dir, '.rak-app', 'uploads.json');
const ledgerOf = (dir: string): Record<string, unknown>[] => JSON.parse(readFileSync(ledgerPath(dir), 'utf8')).uploads;
const upload = (dir: string, scenario = 'default', args: string[] = [], env: Record<string, string> = {}) =>
  runWithFakeStripe(['upload', '--yes', ...args], { cwd: dir, scenario, env: { CI: undefined, ...env } });

/**
 * An upload Stripe may have made, left to the Dashboard: exit `code`, the entry to add by hand, and
 * nothing in the ledger. The --json document, for what a test asks more of it.
 */
function expectLeftToDashboard(dir: string, r: { code: number; stdout: string }, code: number) {
  expect(r.code).toBe(code);
  const document = JSON.parse(r.stdout);
  expect(document.reason).toMatch(/may have been uploaded; nothing was recorded/);
  expect(document.entry).toMatchObject({ version: '1.0.0' });
  expect(existsSync(ledgerPath(dir))).toBe(false);
  return document;
}

/** The built rak-app in a real process, with the fake Stripe CLI, through bash (for ulimit and redirects). */
function shell(
  script: string,
  options: { cwd: string; scenario?: string; env?: Record<string, string> },
): { code: number | null; stdout: string; stderr: string } {
  const { env } = stripeHome();
  const r = spawnSync('bash', ['-c', script], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: testEnv({
      ...env,
      CI: undefined,
      RAK_APP: `${process.execPath} ${BIN}`,
      RAK_APP_STRIPE: FAKE_STRIPE,
      FAKE_STRIPE_SCENARIO: options.scenario ?? 'default',
      ...options.env,
    }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `rak-app upload --yes --json` in a process of its own (one the fake Stripe can signal), in `dir`. */
const uploadJsonInShell = (dir: string, scenario: string, env: Record<string, string> = {}) =>
  shell('$RAK_APP upload --yes --json', { cwd: dir, scenario, env });

describe('the ledger records an upload when, and only when, Stripe made one', () => {
  it('the real CLI\'s "plugin is not currently available" line with exit 0: exit 4, nothing recorded', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'plugin-unavailable', ['--json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'blocked' });
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it('Stripe exits 0 without asking to proceed: exit 4, nothing recorded', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-exits-without-asking');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/exited 0 without asking to proceed, so no upload happened; nothing was recorded/);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it.each([
    [' without asking to proceed', 'upload-success-unasked', / without asking to proceed/, 'stripe-did-not-ask'],
    [', then asks to log in', 'upload-success-then-login', /, then asked to log in/, 'stripe-did-not-finish'],
  ] as const)(
    'Stripe prints its success line%s: recorded, flagged uncertain, exit 1',
    async (_how, scenario, said, uncertain) => {
      const dir = exampleApp();
      const r = await upload(dir, scenario, ['--json']);
      expect(r.code).toBe(1);
      const document = JSON.parse(r.stdout);
      expect(document).toMatchObject({ status: 'uploaded', exitCode: 1 });
      expect(document.reason).toMatch(/printed that it uploaded com\.example\.ledger-sync 1\.0\.0/);
      expect(document.reason).toMatch(said);
      expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0', uncertain })]);
    },
  );

  it('Stripe told to proceed exits 0 without its success line: it may have uploaded, so the entry to add, and no doctor', async () => {
    // Its last words are not the success line Stripe has printed so far (a new wording, say).
    const dir = exampleApp();
    const r = await upload(dir, 'upload-spinner-across-answer', ['--json'], {
      FAKE_STRIPE_SPIN_END: 'Upload complete.',
    });
    const document = expectLeftToDashboard(dir, r, 4);
    expect(document.reason).toMatch(/exited 0 but never printed its success line/);
    expect(document.next).toEqual([]);
  });

  it('init: the plugin cannot start and Stripe exits 0: no "created", exit 4', async () => {
    const dir = tempDir();
    const r = await runWithFakeStripe(['init', 'newone', '--id', 'com.example.newone', '--display-name', 'New One'], {
      cwd: dir,
      scenario: 'plugin-unavailable',
    });
    expect(r.code).toBe(4);
    expect(r.stdout).not.toMatch(/created/);
    expect(existsSync(join(dir, 'newone'))).toBe(false);
  });

  it('doctor: a listed plugin without the metadata the CLI needs to start it is not ready', async () => {
    const { env, home } = stripeHome();
    rmSync(join(home, '.config', 'stripe', 'plugins.toml'));
    const r = await run(['doctor', '--json'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(4);
    const plugin = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'apps-plugin');
    expect(plugin).toMatchObject({ status: 'fail' });
    expect(plugin.summary).toMatch(/cannot start: .*plugins\.toml does not exist/);
  });

  it('a manifest changed while Stripe uploads: the upload is recorded, flagged uncertain, exit 1', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-edited-during');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/changed while it ran.*Recorded in \.rak-app\/uploads\.json with "uncertain"/);
    expect(ledgerOf(dir)).toEqual([
      expect.objectContaining({ version: '1.0.0', uncertain: 'manifest-changed-during-upload' }),
    ]);
  });

  it('SIGTERM during an upload that Stripe then finishes with exit 0: recorded, exit 130', () => {
    const dir = exampleApp();
    const r = shell('$RAK_APP upload --yes', { cwd: dir, scenario: 'upload-signal-then-finish' });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Uploaded com\.example\.ledger-sync 1\.0\.0; recorded.* the run ends with exit 130/);
    expect(ledgerOf(dir)).toHaveLength(1);
    // The document's exitCode is the process's.
    const json = uploadJsonInShell(exampleApp(), 'upload-signal-then-finish');
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'uploaded', exitCode: 130 });
  });

  it.each(['SIGTERM', 'SIGHUP'])(
    '%s to rak-app alone before Stripe asks: the question, asked as Stripe stops, is answered no; nothing uploaded, exit 130',
    (signal) => {
      const dir = exampleApp();
      const r = uploadJsonInShell(dir, 'upload-signal-before-proceed', { FAKE_STRIPE_SIGNAL: signal });
      expect(r.stderr).toMatch(/Do you want to proceed\? \[Y\/n\]: n\n/);
      expect(r.stderr).toContain('Upload cancelled');
      expect(r.code).toBe(130);
      expect(JSON.parse(r.stdout).status).not.toBe('uploaded');
      expect(existsSync(ledgerPath(dir))).toBe(false);
    },
  );

  it('a Stripe that exits 0 after the n is said to have been refused, not to have never asked', () => {
    const dir = exampleApp();
    const r = uploadJsonInShell(dir, 'upload-signal-before-proceed', { FAKE_STRIPE_CANCEL_EXIT: '0' });
    expect(r.code).toBe(130);
    const document = JSON.parse(r.stdout);
    expect(document.reason).toMatch(/asked to proceed as the run was being stopped, and rak-app answered n/);
    expect(document.reason).not.toMatch(/without asking to proceed|doctor/);
    expect(document.next).toEqual([]);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it.each([
    ['exits 1', 'upload-success-then-exit', [], 1, /then exited with code 1\./],
    [
      'goes quiet',
      'upload-success-then-silent',
      ['--prompt-timeout', '1'],
      1,
      /then printed nothing for 1 s, and rak-app stopped it\./,
    ],
  ] as const)(
    'Stripe prints its success line, then %s: the upload is recorded, flagged uncertain',
    async (_how, scenario, args, code, said) => {
      const dir = exampleApp();
      const r = await upload(dir, scenario, [...args, '--json']);
      expect(r.code).toBe(code);
      const document = JSON.parse(r.stdout);
      expect(document).toMatchObject({ status: 'uploaded', exitCode: code });
      expect(document.reason).toMatch(said);
      expect(document.reason).toMatch(/recorded in \.rak-app\/uploads\.json with "uncertain"/);
      expect(ledgerOf(dir)).toEqual([
        expect.objectContaining({ version: '1.0.0', uncertain: 'stripe-did-not-finish' }),
      ]);
    },
  );

  it.each(['SIGTERM', 'SIGHUP'])(
    '%s after Stripe printed its success line (SIGHUP: the terminal closed): recorded, flagged uncertain, exit 130',
    (signal) => {
      const dir = exampleApp();
      const r = uploadJsonInShell(dir, 'upload-success-then-signal', { FAKE_STRIPE_SIGNAL: signal });
      expect(r.code).toBe(130);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'uploaded', exitCode: 130 });
      expect(JSON.parse(r.stdout).reason).toContain(
        `Stripe printed that it uploaded com.example.ledger-sync 1.0.0, then was interrupted (${signal})`,
      );
      expect(ledgerOf(dir)).toEqual([expect.objectContaining({ uncertain: 'stripe-did-not-finish' })]);
      expect(existsSync(join(dir, '.rak-app.lock'))).toBe(false);
    },
  );

  it('told to proceed, then silent: nothing recorded, and no advice to upload again by hand', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-silent-after-proceed', ['--prompt-timeout', '1', '--json']);
    expect(r.code).toBe(4);
    const document = JSON.parse(r.stdout);
    expect(document.reason).toMatch(/may have been uploaded; nothing was recorded/);
    expect(document.reason).toMatch(/version history in the Dashboard before you run this again/);
    expect(document.next).toEqual([]);
    // The entry to add if the Dashboard shows the version: one the ledger reads.
    expect(document.entry).toMatchObject({
      appId: 'com.example.ledger-sync',
      version: '1.0.0',
      accessType: 'restricted_api_key',
    });
    expect(document.reason).toContain(JSON.stringify(document.entry));
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it.each([
    ['1', 1],
    ['0', 1],
  ])(
    '"✔ Uploaded" then "× Failed to register" (stripe-apps#69), exit %s: nothing recorded, the Dashboard first',
    async (exit, code) => {
      const dir = exampleApp();
      const r = await upload(dir, 'upload-register-fails', ['--json'], { FAKE_STRIPE_EXIT: exit });
      expect(r.code).toBe(code);
      const document = JSON.parse(r.stdout);
      expect(document).toMatchObject({ status: 'failed' });
      // Whether the version stands is the Dashboard's to say: the entry to add if it does, no advice to run again.
      expect(document.reason).toMatch(/may have been uploaded; nothing was recorded in \.rak-app\/uploads\.json/);
      expect(document.reason).not.toContain('then run this again');
      expect(document.entry).toMatchObject({ version: '1.0.0' });
      if (exit === '0')
        expect(document.reason).toContain('it printed "× Failed to register Ledger Sync by Example Co"');
      expect(existsSync(ledgerPath(dir))).toBe(false);
      // Nor does a later --skip-duplicate take the version for uploaded.
      const again = await upload(dir, 'default', ['--skip-duplicate']);
      expect(again.code).toBe(0);
      expect(ledgerOf(dir)).toHaveLength(1);
      expect(ledgerOf(dir)[0]).not.toHaveProperty('uncertain');
    },
  );

  it('a failure and the success line in the other order (two streams) are no success either', async () => {
    const dir = exampleApp();
    expectLeftToDashboard(dir, await upload(dir, 'upload-failure-then-success', ['--json']), 1);
  });

  it("a failure line stderr left unfinished before Stripe's question is none of the upload's", async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-unfinished-error-before-proceed');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0' })]);
    expect(ledgerOf(dir)[0]).not.toHaveProperty('uncertain');
  });

  it('an error on the other stream before the answered one writes again may predate the yes: the Dashboard first', async () => {
    const dir = exampleApp();
    expectLeftToDashboard(dir, await upload(dir, 'upload-error-before-build', ['--json']), 1);
  });

  it('a failure line Stripe prints as rak-app stops it leaves the upload to the Dashboard, never recorded', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-success-then-silent', ['--prompt-timeout', '0.5', '--json'], {
      FAKE_STRIPE_ON_TERM: 'Error: context canceled',
    });
    expectLeftToDashboard(dir, r, 4);
  });

  it('a failure glued onto a line stderr left unfinished before the question still counts', async () => {
    const dir = exampleApp();
    expectLeftToDashboard(dir, await upload(dir, 'upload-unfinished-then-glued-failure', ['--json']), 1);
  });

  it.each([
    ['the success line', undefined, 0],
    ['a failure', '× Failed to register Ledger Sync by Example Co', 1],
  ])('a stderr spinner redrawn across the answer ending in %s is read as it ends', async (_, end, code) => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-spinner-across-answer', [], end ? { FAKE_STRIPE_SPIN_END: end } : {});
    expect(r.code).toBe(code);
    expect(existsSync(ledgerPath(dir))).toBe(code === 0);
  });

  it('a failure after a signal, with the success line before it: nothing recorded, exit 130', async () => {
    const dir = exampleApp();
    // A process of its own, which the fake signals as a Ctrl-C would.
    const r = uploadJsonInShell(dir, 'upload-signal-then-finish', { FAKE_STRIPE_THEN_FAIL: '1' });
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout).reason).toMatch(/may have been uploaded; nothing was recorded/);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it.each([
    ['a refusal wrapped in a gRPC error', 'Error: rpc error: code = InvalidArgument desc = Failed to register', false],
    ['an error, then a crash', 'Error: could not check for updates\nUploading more\nplugin process exited', true],
  ])('%s after the yes', async (_, crash, unknown) => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-crash', ['--json'], { FAKE_STRIPE_CRASH: crash });
    expect(r.code).toBe(1);
    const document = JSON.parse(r.stdout);
    if (unknown) expect(document.reason).toMatch(/may have been uploaded; nothing was recorded/);
    else expect(document.reason).toContain('Fix what Stripe reports, then run this again.');
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it('a line marked ✖ after the success line that is no failed step does not undo the upload', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-success-then-warning');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0' })]);
    expect(ledgerOf(dir)[0]).not.toHaveProperty('uncertain');
  });

  it("Stripe's own Error: line after the yes is a refusal: run it again once fixed, nothing recorded", async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-version-exists', ['--json']);
    expect(r.code).toBe(1);
    const document = JSON.parse(r.stdout);
    expect(document.reason).toContain('Fix what Stripe reports, then run this again.');
    expect(document.reason).toContain('failed (exit code 1): it printed "Error: Version already exists: 1.0.0"');
    expect(document).not.toHaveProperty('entry');
  });

  it("stderr's unfinished line does not hide the success line stdout prints next", async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-stderr-unfinished');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0' })]);
    expect(ledgerOf(dir)[0]).not.toHaveProperty('uncertain');
  });

  it.each([
    ['the plugin exited (stripe-apps#780)', undefined],
    ['a gRPC error', 'Error: rpc error: code = Unavailable desc = error reading from server: EOF'],
  ])('a crash after the yes (%s) may have uploaded: the entry to add, and no advice to run again', async (_, crash) => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-crash', ['--json'], crash ? { FAKE_STRIPE_CRASH: crash } : {});
    expect(r.code).toBe(1);
    const document = JSON.parse(r.stdout);
    expect(document.reason).toMatch(/failed \(exit code 2\).*may have been uploaded; nothing was recorded/);
    expect(document.reason).not.toContain('then run this again');
    expect(document.entry).toMatchObject({ appId: 'com.example.ledger-sync', version: '1.0.0' });
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it("a stop for silence is no consent: Stripe's question, asked as it stops, is answered no", async () => {
    // Quiet for 2.5 s, past --prompt-timeout 1; slow to stop, it then asks (the real CLI takes seconds).
    const dir = exampleApp();
    const r = await upload(dir, 'upload-quiet-before-proceed', ['--prompt-timeout', '1', '--json'], {
      FAKE_STRIPE_STEP_MS: '2500',
      FAKE_STRIPE_SLOW_TO_STOP: '1',
    });
    expect(r.stderr).toMatch(/Do you want to proceed\? \[Y\/n\]: n\n/);
    expect(r.stderr).toContain('Upload cancelled');
    expect(r.code).toBe(4);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ status: 'blocked', exitCode: 4 });
    expect(document.reason).toMatch(/^Stripe printed nothing for 1 s; rak-app stopped it/);
    // The command left to run by hand asks to proceed too, Y its default: the hint says to refuse there.
    expect(document.reason).toContain('Answer n when it asks to proceed');
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it("quiet before Stripe's question does not shorten the upload after rak-app answers it", async () => {
    // Quiet for 1.4 s before the question and 1.4 s after the answer, each within --prompt-timeout 2;
    // counted from before the question, the silence would stop the upload 0.6 s after the answer.
    const dir = exampleApp();
    const r = await upload(dir, 'upload-quiet-before-proceed', ['--prompt-timeout', '2'], {
      FAKE_STRIPE_STEP_MS: '1400',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it("a name with a line break in it: Stripe's success line, broken with it, is still read as the upload's", async () => {
    const dir = exampleApp((m) => {
      m.name = 'Ledger Sync\nby Example Co';
    });
    const r = await upload(dir);
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0' })]);
  });

  it('a success line that is the last output, with no newline, is still the success line', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-success-no-newline');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toHaveLength(1);
    // rak-app's own words start on a line of their own.
    expect(r.stdout).toMatch(/Uploaded Ledger Sync by Example Co\n/);
  });

  it('a Stripe that uploads after being told no is recorded all the same, flagged', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-edited-ignores-no');
    expect(r.code).toBe(1);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ uncertain: 'manifest-changed-during-upload' })]);
  });

  it("a stop at Stripe's terms names the app's folder in the command to run, when rak-app ran elsewhere", async () => {
    const app = exampleApp();
    const r = await runWithFakeStripe(['upload', basename(app), '--yes', '--json'], {
      cwd: dirname(app),
      scenario: 'upload-terms',
      env: { CI: undefined },
    });
    expect(r.code).toBe(4);
    const document = JSON.parse(r.stdout);
    expect(document.next).toEqual([`cd ${basename(app)} && ${FAKE_STRIPE} apps upload`]);
    // The ledger named as it is from where rak-app ran.
    expect(document.reason).toContain(`Nothing was recorded in ${basename(app)}/.rak-app/uploads.json.`);
  });

  it('a success line drawn over a spinner, in colour, is still the success line', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-success-redrawn');
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toEqual([expect.objectContaining({ version: '1.0.0' })]);
    expect(ledgerOf(dir)[0]).not.toHaveProperty('uncertain');
  });

  it('a manifest saved between the check and the plan is never uploaded unchecked', async () => {
    const dir = exampleApp();
    const work = tempDir();
    const release = join(work, 'release');
    const log = join(work, 'calls.jsonl');
    const { env } = stripeHome();
    // rak-app has checked the manifest and asks the fake stripe its version, which waits for the word.
    const running = spawnBin(['upload', '--yes', '--json'], {
      cwd: dir,
      env: {
        ...env,
        CI: undefined,
        RAK_APP_STRIPE: FAKE_STRIPE,
        FAKE_STRIPE_VERSION_WAIT: release,
        FAKE_STRIPE_LOG: log,
      },
    });
    await whenFileExists(`${release}.started`);
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify({ ...manifest, stripe_api_access_type: 'platform' }));
    writeFileSync(release, '');
    const r = await running;
    const document = JSON.parse(r.stdout);
    // The plan is of the bytes checked; the file no longer holds them, so Stripe is told no.
    expect(document.plan.accessType).toBe('restricted_api_key');
    expect(document).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(document.reason).toMatch(/changed after you consented/);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it('a child of stripe that keeps its output open does not keep rak-app waiting', async () => {
    const dir = exampleApp();
    const pidFile = join(tempDir(), 'child.pid');
    try {
      const r = await upload(dir, 'upload-holds-pipes', ['--stripe-timeout', '30'], { FAKE_STRIPE_CHILD_PID: pidFile });
      expect(r.code).toBe(0);
      expect(ledgerOf(dir)).toHaveLength(1);
    } finally {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    }
  });

  it('an app named "Accept Terms Faster" uploads: only Stripe\'s own lines stop a run', async () => {
    const dir = exampleApp((m) => {
      m['name'] = 'Accept Terms Faster';
    });
    const r = await upload(dir);
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it("Stripe's terms prompt still stops the run (exit 4), with nothing recorded", async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-terms');
    expect(r.code).toBe(4);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it('40 MB of output without a newline is streamed through, and the upload recorded', async () => {
    const dir = exampleApp();
    const r = await upload(dir, 'upload-flood', [], { FAKE_STRIPE_FLOOD_MB: '40' });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(40 * 1024 * 1024);
    expect(ledgerOf(dir)).toHaveLength(1);
  });
});

describe('a full disk (a file-size limit) never leaves a cut file', () => {
  /** A manifest of over 8 KiB: a 4 KiB limit lets none of it be written. */
  const bigApp = (change: (m: Record<string, unknown>) => void = () => undefined): string =>
    exampleApp((m) => {
      m['ui_extension'] = { ...(m['ui_extension'] as object), content_security_policy: { purpose: 'x'.repeat(9000) } };
      change(m);
    });

  it('permissions scan --fix --yes: refused with the reason, the manifest unchanged', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'backends', 'express-webhook'), dir, { recursive: true });
    const path = join(dir, 'stripe-app.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.name = `${manifest.name ?? 'App'} ${'n'.repeat(9000)}`;
    writeFileSync(path, JSON.stringify(manifest, null, 2));
    const before = readFileSync(path, 'utf8');
    const r = shell(
      'ulimit -f 8; $RAK_APP permissions scan . --fix --yes --purpose subscription_read=x --purpose payment_intent_read=y',
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be written \(the file would exceed the file-size limit\); nothing was changed/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((n) => n.includes('rak-app-tmp'))).toEqual([]);
  });

  it('an upload whose ledger cannot be written: the upload stands, the ledger is intact, the entry is given', () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    const entries = Array.from({ length: 100 }, (_, i) => ({
      appId: 'com.example.ledger-sync',
      version: `0.0.${i}`,
      accessType: 'restricted_api_key',
      digest: 'a'.repeat(64),
      uploadedAt: '2026-01-01T00:00:00.000Z',
    }));
    const before = `${JSON.stringify({ uploads: entries }, null, 2)}\n`;
    writeFileSync(ledgerPath(dir), before);
    const r = shell('ulimit -f 16; $RAK_APP upload --yes', { cwd: dir });
    expect(before.length).toBeGreaterThan(16 * 1024);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Uploaded com\.example\.ledger-sync 1\.0\.0, but it could not be recorded/);
    expect(r.stderr).toMatch(/Add this entry to its "uploads" list by hand/);
    expect(readFileSync(ledgerPath(dir), 'utf8')).toBe(before);
  });

  /** The example app copied into `dir`, for a run as another user. */
  const appIn = (dir: string): string => {
    const app = join(dir, 'app');
    cpSync(exampleApp(), app, { recursive: true });
    return app;
  };
  /** `upload --dry-run` as another user, `readOnly` (the app or a folder in it) not writable by it. */
  const dryRunWithReadOnly = (dir: string, app: string, readOnly: string) => {
    if (RUNS_AS_ROOT) spawnSync('chown', ['-R', '-h', '65534:65534', app]);
    chmodSync(readOnly, 0o555);
    return runBinUnprivileged(dir, ['upload', app, '--dry-run']);
  };

  it.skipIf(RUNS_AS_ROOT && !HAS_SETPRIV)(
    'a ledger linked into a read-only folder is found unwritable before the upload (skipped as root without setpriv)',
    () =>
      inFolderForOthers('rak-app-readonly-', 0o755, (dir) => {
        const app = appIn(dir);
        mkdirSync(join(app, '.rak-app'));
        mkdirSync(join(app, 'ledger'));
        writeFileSync(join(app, 'ledger', 'uploads.json'), '{"uploads": []}\n');
        symlinkSync(join('..', 'ledger', 'uploads.json'), ledgerPath(app));
        const r = dryRunWithReadOnly(dir, app, join(app, 'ledger'));
        expect(r.stderr).toMatch(
          /uploads\.json cannot be written \(permission denied\), so this upload could not be recorded; nothing was uploaded/,
        );
        expect(r.status).toBe(2);
      }),
  );

  it.skipIf(RUNS_AS_ROOT && !HAS_SETPRIV)(
    'a dry run in a read-only checkout says what the upload could not do there, not that it cannot lock (skipped as root without setpriv)',
    () =>
      inFolderForOthers('rak-app-readonly-', 0o755, (dir) => {
        const app = appIn(dir);
        const r = dryRunWithReadOnly(dir, app, app);
        expect(r.stderr).not.toMatch(/cannot lock the app folder/);
        expect(r.stderr).toMatch(/cannot be written \(permission denied\), so this upload could not be recorded/);
        expect(r.status).toBe(2);
        expect(readdirSync(app)).not.toContain('.rak-app.lock');
      }),
  );

  it.skipIf(RUNS_AS_ROOT && !HAS_SETPRIV)(
    "a dry run in a read-only checkout still waits for a run holding the app's lock (skipped as root without setpriv)",
    () =>
      inFolderForOthers('rak-app-readonly-', 0o755, (dir) => {
        const app = appIn(dir);
        // A live holder: this test's own process, as it started.
        const started = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]);
        writeFileSync(
          join(app, '.rak-app.lock'),
          JSON.stringify({ pid: process.pid, started, command: 'upload', since: 'now' }),
        );
        const r = dryRunWithReadOnly(dir, app, app);
        expect(r.stderr).toMatch(/another rak-app is changing this app/);
        expect(r.status).toBe(2);
      }),
  );

  it('convert: no copy of the manifest can be kept, so Stripe is not run and nothing changes', () => {
    const dir = bigApp((m) => {
      delete m['stripe_api_access_type'];
    });
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = shell('ulimit -f 4; $RAK_APP convert --yes', { cwd: dir, scenario: 'set-corrupts' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no copy of it could be written .*so the Stripe CLI was not run; nothing was changed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });
});

describe('what stripe leaves behind is trusted for nothing', () => {
  const nonRak = () =>
    exampleApp((m) => {
      delete m['stripe_api_access_type'];
    });

  it('a link out of the app where the manifest was: restored as a file, the link target untouched', async () => {
    const dir = nonRak();
    const before = readFileSync(join(dir, 'stripe-app.json'));
    const outside = join(tempDir(), 'elsewhere.json');
    writeFileSync(outside, 'not yours\n');
    const r = await runWithFakeStripe(['convert', '--yes'], {
      cwd: dir,
      scenario: 'set-replaces-with-link',
      env: { FAKE_STRIPE_LINK_TARGET: outside },
    });
    expect(r.code).toBe(1);
    expect(readFileSync(outside, 'utf8')).toBe('not yours\n');
    expect(lstatSync(join(dir, 'stripe-app.json')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'stripe-app.json'))).toEqual(before);
  });

  it('a folder where the manifest was: moved aside, the manifest restored, and --json prints its document', async () => {
    const dir = nonRak();
    const before = readFileSync(join(dir, 'stripe-app.json'));
    const r = await runWithFakeStripe(['convert', '--yes', '--json'], {
      cwd: dir,
      scenario: 'set-replaces-with-folder',
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'stripe', restored: true });
    expect(readFileSync(join(dir, 'stripe-app.json'))).toEqual(before);
    expect(r.stderr).toMatch(
      /left a folder at stripe-app\.json; it was moved to stripe-app\.json\.moved-by-stripe-\d+/,
    );
  });
});

describe('one key pattern, for finding and for masking; data is never masked', () => {
  it.each([
    ['an app id', 'com.acme.risk_live_monitoring'],
    ['a field name', 'task_live_deploy'],
    ['a short name after a prefix', 'sk_live_monitoring'],
  ])('%s is no key: %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it.each([
    ['after an underscore', 'STRIPE_KEY_sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789'],
    ['after a URL escape', '?key%3Drk_live_51Habcdefghijklmnopqrstuvwxyz'],
    ['glued to a flag letter', '-krk_test_51Habcdefghijklmnopqrstuvwxyz0123'],
    ['glued to a path', '/v1/brand_new/xrk_test_51Habcdefghijklmnopqrstuvwxyz0123'],
    ['a 300-character key', `sk_live_${'A'.repeat(300)}`],
  ])('a key %s is masked whole', (_what, text) => {
    expect(redactSecrets(text)).not.toMatch(/[A-Za-z0-9]{20}/);
  });

  it('an app whose id looks like a key is recorded as it is, so the duplicate guard works', async () => {
    const dir = exampleApp((m) => {
      m['id'] = 'com.acme.risk_live_monitoring';
    });
    expect((await upload(dir)).code).toBe(0);
    expect(ledgerOf(dir)[0]).toMatchObject({ appId: 'com.acme.risk_live_monitoring' });
    const again = await upload(dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Version 1\.0\.0 of com\.acme\.risk_live_monitoring was already uploaded/);
  });

  it('the secret-key rule finds a live key glued to a name, and check fails', async () => {
    const dir = exampleApp((m) => {
      m['name'] = 'STRIPE_KEY_sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789';
    });
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const ids = JSON.parse(r.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('secret-key');
    expect(r.stdout).not.toContain('0123456789');
  });
});

describe('the app lock', () => {
  it.each([
    ['a FIFO', (path: string) => void spawnSync('mkfifo', [path])],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
  ])('%s as the lock file: refused at once, with the reason', async (_what, make) => {
    const dir = exampleApp();
    make(join(dir, '.rak-app.lock'));
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.rak-app\.lock: the app's lock file is not a regular file/);
  });

  it("a stale lock's takeover sweeps only the dead run's temporary files, never the user's backups", async () => {
    const dir = exampleApp();
    const dead = 2 ** 22 + 1;
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: dead, command: 'convert', since: 'then' }));
    writeFileSync(join(dir, 'stripe-app.json.20240101'), 'my backup');
    writeFileSync(join(dir, `.stripe-app.json.${dead}.0badf00d.rak-app-tmp`), '{"half": ');
    writeFileSync(join(dir, `.stripe-app.json.${process.pid}.0badf00d.rak-app-tmp`), 'a live run');
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /removed \.stripe-app\.json\.\d+\.0badf00d\.rak-app-tmp, left by an interrupted run's write/,
    );
    expect(readdirSync(dir).sort()).toEqual(
      expect.arrayContaining(['stripe-app.json.20240101', `.stripe-app.json.${process.pid}.0badf00d.rak-app-tmp`]),
    );
    expect(existsSync(join(dir, `.stripe-app.json.${dead}.0badf00d.rak-app-tmp`))).toBe(false);
  });

  it("a dead convert's copy of the manifest from before it is named when its lock is taken over, and left where it is", async () => {
    const dir = exampleApp();
    const dead = 2 ** 22 + 1;
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: dead, command: 'convert', since: 'then' }));
    // Named for this manifest's path; one of another app's by a process of the same number is not it.
    const tag = createHash('sha256').update(join(dir, 'stripe-app.json')).digest('hex').slice(0, 8);
    const copy = join(dir, `stripe-app.json.original-${dead}-${tag}-0badf00d`);
    writeFileSync(copy, readFileSync(join(dir, 'stripe-app.json')));
    writeFileSync(join(dir, `stripe-app.json.original-${process.pid}-${tag}-0badf00d`), 'a live run');
    writeFileSync(join(dir, `stripe-app.json.original-${dead}-00000000-0badf00d`), "another app's");
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.stderr).toContain(
      `a \`rak-app convert\` (process ${dead}, since then) ended without finishing; stripe-app.json as it was before it is kept in ${basename(copy)}. If stripe-app.json is not as you want it, copy that file back over it; then remove the copy.`,
    );
    expect(r.stderr).not.toContain(`original-${process.pid}-`);
    expect(r.stderr).not.toContain('00000000');
    expect(existsSync(copy)).toBe(true);
    // The same app reached through a linked folder: its copy is still its own.
    const link = join(tempDir(), 'linked');
    symlinkSync(dir, link);
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: dead, command: 'convert', since: 'then' }));
    const through = await upload(link, 'default', ['--dry-run']);
    expect(through.stderr).toContain(`is kept in ${basename(copy)}.`);
  });

  it('eight runs taking over one stale lock at once: exactly one holds it, the others are refused', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: 2 ** 22 + 1, command: 'upload', since: 'then' }));
    const work = tempDir();
    const log = join(work, 'calls.jsonl');
    const release = join(work, 'release');
    const { env } = stripeHome();
    // Each run takes the lock, then asks the fake stripe its version, which waits for the test's word:
    // a run that got the lock is still holding it when the others try.
    const runs = Array.from({ length: 8 }, () =>
      spawnBin(['upload', '--dry-run'], {
        cwd: dir,
        env: {
          ...env,
          RAK_APP_STRIPE: FAKE_STRIPE,
          FAKE_STRIPE_LOG: log,
          FAKE_STRIPE_VERSION_WAIT: release,
        },
      }),
    );
    // The refused ones end on their own; the one that holds the lock waits for the word.
    let ended = 0;
    const sevenEnded = new Promise<void>((resolve) => {
      for (const r of runs) void r.then(() => ++ended === 7 && resolve());
    });
    await sevenEnded;
    await whenFileExists(log);
    writeFileSync(release, '');
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code).sort()).toEqual([0, 2, 2, 2, 2, 2, 2, 2]);
    for (const r of results.filter((x) => x.code === 2))
      expect(r.stderr).toMatch(/another rak-app is changing this app/);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a lock held in another container or on another machine is never taken for a dead run', async () => {
    // Its pid counted in another PID namespace: here it is no process, which says nothing there.
    const dir = exampleApp();
    const lock = JSON.stringify({ pid: 2 ** 22 + 1, command: 'upload', since: 'then', host: 'ci-runner pid:[1]' });
    writeFileSync(join(dir, '.rak-app.lock'), lock);
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('on ci-runner pid:[1], another machine or container');
    expect(r.stderr).toMatch(/If no rak-app is running there, remove .*\.rak-app\.lock/);
    expect(readFileSync(join(dir, '.rak-app.lock'), 'utf8')).toBe(lock);
  });

  it('a lock from another machine in the same first PID namespace (every host outside a container) is refused', async () => {
    // The namespace's number alone cannot tell two machines sharing a folder apart.
    const namespace = readlinkSync('/proc/self/ns/pid');
    const dir = exampleApp();
    const lock = JSON.stringify({
      pid: 2 ** 22 + 1,
      command: 'upload',
      since: 'then',
      host: `build-box-2 ${namespace}`,
    });
    writeFileSync(join(dir, '.rak-app.lock'), lock);
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`on build-box-2 ${namespace}, another machine or container`);
    expect(readFileSync(join(dir, '.rak-app.lock'), 'utf8')).toBe(lock);
  });

  it("a dead run's lock written here, host and all, is taken over", async () => {
    const here = `${hostname()} ${readlinkSync('/proc/self/ns/pid')}`;
    const dir = exampleApp();
    writeFileSync(
      join(dir, '.rak-app.lock'),
      JSON.stringify({ pid: 2 ** 22 + 1, command: 'upload', since: 'then', host: here }),
    );
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ended without finishing/);
  });

  it('a lock whose pid now belongs to another process (started later) is taken over', async () => {
    const dir = exampleApp();
    // This test's own process is alive, but did not start at the time the lock says.
    writeFileSync(
      join(dir, '.rak-app.lock'),
      JSON.stringify({ pid: process.pid, started: 1, command: 'upload', since: 'then' }),
    );
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(0);
  });
});

describe('a signal while a command works without waiting on anything', () => {
  // Sent as the command writes its report: its work is synchronous, so the signal waits for the event
  // loop, which a run that exits at once never gives it.
  const preload = join(ROOT, 'test', 'fixtures', 'signal-while-writing.cjs');
  const trace = (): string => {
    const path = join(tempDir(), 'trace.jsonl');
    writeFileSync(path, `${JSON.stringify({ method: 'GET', path: '/v1/payouts', status: 200 })}\n`);
    return path;
  };
  it.each([
    ['check', 'SIGTERM', () => ['check', join(ROOT, 'examples', 'ledger-sync')]],
    ['check', 'SIGINT', () => ['check', join(ROOT, 'examples', 'ledger-sync')]],
    [
      'permissions trace',
      'SIGHUP',
      () => ['permissions', 'trace', trace(), '--manifest', join(ROOT, 'examples', 'ledger-sync')],
    ],
  ] as const)('%s, %s: exit 130, never the code of a run that was not stopped', (_command, signal, args) => {
    const r = spawnSync(process.execPath, ['--require', preload, BIN, ...args()], {
      cwd: ROOT,
      encoding: 'utf8',
      env: testEnv({ SIGNAL_WHILE_WRITING: signal }),
    });
    expect(r.stderr).toContain(`rak-app: interrupted (${signal}) as it finished; what it printed is whole.`);
    expect(r.status).toBe(130);
  });

  it('with --json: one document on standard output still, and exit 130', () => {
    const r = spawnSync(
      process.execPath,
      ['--require', preload, BIN, 'check', join(ROOT, 'examples', 'ledger-sync'), '--json'],
      { cwd: ROOT, encoding: 'utf8', env: testEnv({ SIGNAL_WHILE_WRITING: 'SIGTERM' }) },
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'check' });
    expect(r.status).toBe(130);
  });
});

describe('streams that fail', () => {
  it('check > /dev/full: a clear message, exit 2, no stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'check', 'examples/ledger-sync'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: testEnv(),
        stdio: ['ignore', full, 'pipe'],
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'rak-app: could not write to standard output (the device is full); its output is incomplete.\n',
      );
    } finally {
      closeSync(full);
    }
  });

  it('stderr on a full device while Stripe streams: the upload finishes, is recorded, the lock released', () => {
    const dir = exampleApp();
    const r = shell('$RAK_APP upload --yes --json 2>/dev/full', { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'uploaded' });
    expect(ledgerOf(dir)).toHaveLength(1);
    expect(existsSync(join(dir, '.rak-app.lock'))).toBe(false);
  });
});

describe('what the user consents to is what they read', () => {
  it('a terminal escape in "version" is shown escaped, and the access type after it is still there', async () => {
    const dir = exampleApp((m) => {
      m['version'] = '1.0.0\u001b[8m';
    });
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('version 1.0.0\\x1b[8m');
    expect(r.stdout).toMatch(/access type\s+restricted_api_key/);
  });

  it('the convert plan escapes component names', async () => {
    const dir = exampleApp((m) => {
      delete m['stripe_api_access_type'];
      m['ui_extension'] = {
        views: [{ viewport: 'stripe.dashboard.customer.detail', component: 'X\u001b]0;pwned\u0007' }],
      };
    });
    const r = await runWithFakeStripe(['convert', '--dry-run'], { cwd: dir });
    expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(r.stdout).toContain('X\\x1b]0;pwned\\x07');
  });

  it('the digest covers the credentials: a digest approved for one account does not pass for another', async () => {
    const dir = exampleApp();
    const first = await upload(dir, 'default', ['--dry-run', '--json']);
    const { digest } = JSON.parse(first.stdout);
    const other = await runWithFakeStripe(['upload', '--yes', '--expect-digest', digest], {
      cwd: dir,
      env: { CI: undefined, STRIPE_API_KEY: 'sk_test_51Habcdefghijklmnopqrstuvwxyz0123456789' },
    });
    expect(other.code).toBe(3);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });
});

describe('smaller promises', () => {
  it('a relative RAK_APP_STRIPE is the one beside the current folder, not one inside the app', () => {
    const root = tempDir();
    const dir = join(root, 'apps', 'ledger');
    cpSync(exampleApp(), dir, { recursive: true });
    mkdirSync(join(root, 'tools'));
    writeFileSync(join(root, 'tools', 'stripe'), `#!/bin/sh\nexec "${FAKE_STRIPE}" "$@"\n`, { mode: 0o755 });
    mkdirSync(join(dir, 'tools'));
    writeFileSync(join(dir, 'tools', 'stripe'), `#!/bin/sh\ntouch "${join(root, 'WRONG')}"\nexit 1\n`, { mode: 0o755 });
    const r = shell(`$RAK_APP upload apps/ledger --yes`, { cwd: root, env: { RAK_APP_STRIPE: './tools/stripe' } });
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'WRONG'))).toBe(false);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it.each([
    [['upload', '--json', '--expect-digest', 'ABC'], /--expect-digest takes the 64 hex digits/],
    [['convert', '--json', '--prompt-timeout', '0'], /--prompt-timeout takes a number of seconds above 0/],
  ])('%j: a wrong flag value still prints the --json document', async (args, reason) => {
    const r = await run(args, { cwd: exampleApp() });
    expect(r.code).toBe(2);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ status: 'failed', exitCode: 2, command: args[0] });
    expect(document.reason).toMatch(reason);
  });

  it('a folder name with a tab in it is found by its real name, not its printed one', async () => {
    const root = tempDir();
    cpSync(exampleApp(), join(root, 'my\tapp'), { recursive: true });
    const r = await runWithFakeStripe(['upload', 'my\tapp', '--dry-run'], { cwd: root });
    expect(r.code).toBe(0);
  });

  it('--display-name with a newline is refused before Stripe runs: it would answer the next prompt', async () => {
    const r = await runWithFakeStripe(['init', 'newone', '--id', 'com.example.newone', '--display-name', 'A\nB'], {
      cwd: tempDir(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--display-name is one line of text/);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('a ledger over 4 MiB is read as a ledger', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    writeFileSync(ledgerPath(dir), `{"uploads": []${' '.repeat(5 * 1024 * 1024)}}\n`);
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['a base reached through extends', 'stripe-app.json'],
    ['a manifest that could not be read', 'stripe-app.bad.json'],
  ])('-o over %s is refused', async (_what, target) => {
    const dir = exampleApp();
    writeFileSync(join(dir, 'stripe-app.dev.json'), JSON.stringify({ extends: './stripe-app.json' }));
    writeFileSync(join(dir, 'stripe-app.bad.json'), Buffer.from([0x7b, 0xff, 0x7d]));
    const before = readFileSync(join(dir, target));
    const r = await run([
      'check',
      join(dir, 'stripe-app.dev.json'),
      join(dir, 'stripe-app.bad.json'),
      '-o',
      join(dir, target),
      '-f',
      'json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to write the json report over a file it checks/);
    expect(readFileSync(join(dir, target))).toEqual(before);
  });
});

describe('a second hostile run, round 4', () => {
  it('-o to a FIFO is refused, and the FIFO stays one: a report never replaces what is not a regular file', async () => {
    const dir = exampleApp();
    const fifo = join(dir, 'report.pipe');
    spawnSync('mkfifo', [fifo]);
    const r = await run(['check', dir, '-o', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/it is not a regular file/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('check - -o <the file on standard input> is refused', () => {
    const dir = exampleApp();
    const before = readFileSync(join(dir, 'stripe-app.json'));
    const r = shell('$RAK_APP check - -o stripe-app.json < stripe-app.json', { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to write the stylish report over a file it checks/);
    expect(readFileSync(join(dir, 'stripe-app.json'))).toEqual(before);
  });

  it('proxy --trace to a FIFO is refused before anything listens', async () => {
    const dir = exampleApp();
    spawnSync('mkfifo', [join(dir, 'trace.pipe')]);
    const r = await run(['proxy', '--trace', 'trace.pipe', '--port', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be opened for the trace \(it is not a regular file/);
  });

  it('permissions explain - reads at most a manifest-sized input', async () => {
    const r = await run(['permissions', 'explain', '-'], { input: 'x'.repeat(5 * 1024 * 1024) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is larger than 4 MiB; a pasted error is far smaller\./);
  });

  it('--json with --fix is refused: the fix is for people, the document for machines', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'backends', 'express-webhook'), dir, { recursive: true });
    const r = await run(['permissions', 'scan', '.', '--json', '--fix'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'permissions scan', exitCode: 2 });
  });

  it('a key in a logged URL, after a line break or URL-encoded, is masked in every format', async () => {
    const dir = exampleApp();
    const key = 'sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789';
    writeFileSync(
      join(dir, 'logs.jsonl'),
      `${JSON.stringify({ method: 'POST', url: `/v1/zzz%20${key}`, status: 404 })}\n${JSON.stringify({ method: 'GET', url: `/v1/zzz\n${key}`, status: 404 })}\n`,
    );
    for (const format of ['stylish', 'github', 'json', 'sarif']) {
      const r = await run(['permissions', 'trace', 'logs.jsonl', '-f', format], { cwd: dir });
      expect(r.stdout + r.stderr, format).not.toContain('0123456789');
    }
  });

  it("Stripe's success line for another app is not this upload's: nothing recorded", async () => {
    const dir = exampleApp((m) => {
      m['name'] = 'Ledger Sync';
    });
    const r = await upload(dir, 'upload-other-app-success');
    expect(r.code).toBe(4);
    expect(existsSync(ledgerPath(dir))).toBe(false);
  });

  it("the upload's own result line shows a terminal escape in the version escaped", async () => {
    const dir = exampleApp((m) => {
      m['version'] = '1.0.0\u001b]0;PWNED\u0007';
    });
    const r = await upload(dir);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/\u001b\]0;PWNED/);
  });

  it('a lock file that is a link to nowhere is named as such', async () => {
    const dir = exampleApp();
    symlinkSync(join(dir, 'nowhere'), join(dir, '.rak-app.lock'));
    const r = await upload(dir, 'default', ['--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the app's lock file is a link to nowhere/);
  });
});

describe('proxy options that would be silently half-used', () => {
  it.each([
    ['credentials in --upstream', ['--upstream', 'http://u:p@127.0.0.1:9100'], /has credentials/],
    ['a path in --upstream', ['--upstream', 'http://127.0.0.1:9100/prefix'], /has a path or a query/],
    ['an empty --host', ['--host', ''], /--host takes an address to listen on/],
  ])('%s is refused (exit 2)', async (_what, args, message) => {
    const r = await run(['proxy', '--port', '0', ...args], { cwd: exampleApp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('key check against an API that redirects', () => {
  it('a redirect is an answer: not followed, not retried, the permission not checked', async () => {
    const { createServer } = await import('node:http');
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(307, { location: 'http://127.0.0.2:9/' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const dir = exampleApp((m) => {
        m['permissions'] = [{ permission: 'customer_read', purpose: 'Match.' }];
      });
      const r = await run(['key', 'check', '--api-base', `http://127.0.0.1:${port}`, '--json'], {
        cwd: dir,
        env: { RAK_APP_KEY: 'rk_test_51Habcdefghijklmnopqrstuvwxyz0123456789' },
      });
      const document = JSON.parse(r.stdout);
      expect(document.permissions).toEqual([
        expect.objectContaining({ permission: 'customer_read', status: 'not-checked', reason: 'not-stripe' }),
      ]);
      // No answer as Stripe gives: nothing is known, never valid.
      expect(document.verdict).toBe('unreachable');
      expect(r.code).toBe(4);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('a stripe that is a wrapper', () => {
  /** Stopped: gone, or dead and waiting to be reaped (a container's first process may never reap it). */
  const stopped = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    return existsSync(`/proc/${pid}/stat`) && / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  };
  /** A stripe that runs a child holding its output (as asdf's or volta's shims run the real one). */
  const wrapper = (dir: string, before: string): { path: string; pid: () => number } => {
    const pidFile = join(dir, 'child.pid');
    const path = join(dir, 'stripe');
    writeFileSync(path, `#!/bin/sh\n${before}sleep 1000 &\necho $! > '${pidFile}'\nwait\n`, { mode: 0o755 });
    return { path, pid: () => Number(readFileSync(pidFile, 'utf8')) };
  };

  it("whose child holds its output past the version check's 15 s: doctor ends, and the child is stopped", {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    const stripe = wrapper(dir, '');
    const r = await spawnBin(['doctor', '--stripe', stripe.path, '--json'], { cwd: dir, env: { HOME: dir } });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).status).toBe('blocked');
    // The signal is sent before rak-app exits; the child may take a moment to end on a loaded machine.
    await vi.waitFor(() => expect(stopped(stripe.pid())).toBe(true), { timeout: 5_000 });
  });

  // Well under the 15 s deadline: what it printed is read once it exits.
  it('that has printed its version and exited, its child holding the output: the version is read at once', {
    timeout: 10_000,
  }, async () => {
    const dir = tempDir();
    const stripe = wrapper(dir, "echo 'stripe version 1.52.0'\n");
    writeFileSync(stripe.path, readFileSync(stripe.path, 'utf8').replace('\nwait\n', '\n'));
    const r = await spawnBin(['doctor', '--stripe', stripe.path], { cwd: dir, env: { HOME: dir } });
    expect(r.stdout).toMatch(/✔ Stripe CLI 1\.52\.0/);
    // The signal is sent before rak-app exits; the child may take a moment to end on a loaded machine.
    await vi.waitFor(() => expect(stopped(stripe.pid())).toBe(true), { timeout: 5_000 });
  });
});
