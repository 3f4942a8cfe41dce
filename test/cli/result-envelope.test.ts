// What a new user met: one JSON shape for every command, an upload plan that tells everything, and
// convert's edge cases. Each case is checked at the level a user sees it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleApp } from '../helpers/apps.js';
import { ROOT } from '../helpers/fixtures.js';
import { BIN, run, tempDir, testEnv } from '../helpers/run.js';
import { runWithFakeStripe } from '../helpers/stripe-home.js';

/** The envelope's promise: these fields, and an exitCode equal to the process's. */
function expectEnvelope(stdout: string, code: number | null, command: string): Record<string, unknown> {
  const document = JSON.parse(stdout) as Record<string, unknown>;
  expect(document).toMatchObject({ schemaVersion: 1, command, exitCode: code });
  expect(typeof document['status']).toBe('string');
  expect(Array.isArray(document['next'])).toBe(true);
  for (const step of document['next'] as string[]) expect(step).toMatch(/^(rak-app|stripe|git|\/|')/);
  return document;
}

describe('one result envelope for every --json', () => {
  const nonRak = () =>
    exampleApp((m) => {
      delete m['stripe_api_access_type'];
    });
  const noLogin = { home: { login: false } };

  it.each([
    ['check, passing', () => run(['check', exampleApp(), '--json']), 'check'],
    ['check, failing', () => run(['check', exampleApp((m) => void (m['version'] = 1)), '--json']), 'check'],
    ['permissions list', () => run(['permissions', 'list', '--json']), 'permissions list'],
    ['permissions explain', () => run(['permissions', 'explain', 'customer_read', '--json']), 'permissions explain'],
    ['doctor, ready', () => runWithFakeStripe(['doctor', '--json'], { cwd: tempDir() }), 'doctor'],
    ['doctor, blocked', () => runWithFakeStripe(['doctor', '--json'], { cwd: tempDir(), ...noLogin }), 'doctor'],
    [
      'init, created',
      () =>
        runWithFakeStripe(['init', 'newone', '--id', 'com.example.newone', '--display-name', 'New One', '--json'], {
          cwd: tempDir(),
        }),
      'init',
    ],
    ['init, a bad name', () => run(['init', '../bad/name', '--json'], { cwd: tempDir() }), 'init'],
    [
      'init, not created',
      () =>
        runWithFakeStripe(['init', 'x', '--id', 'com.example.x', '--display-name', 'X', '--json'], {
          cwd: tempDir(),
          scenario: 'plugin-unavailable',
        }),
      'init',
    ],
    [
      'convert, dry run',
      () => runWithFakeStripe(['convert', nonRak(), '--dry-run', '--json'], { cwd: tempDir() }),
      'convert',
    ],
    [
      'convert, blocked',
      () => runWithFakeStripe(['convert', nonRak(), '--yes', '--json'], { cwd: tempDir(), home: { plugin: false } }),
      'convert',
    ],
    ['convert, a bad flag value', () => run(['convert', '--json', '--prompt-timeout', 'x']), 'convert'],
    [
      'upload, dry run',
      () => runWithFakeStripe(['upload', exampleApp(), '--dry-run', '--json'], { cwd: tempDir() }),
      'upload',
    ],
    [
      'upload, uploaded',
      () => runWithFakeStripe(['upload', exampleApp(), '--yes', '--json'], { cwd: tempDir(), env: { CI: undefined } }),
      'upload',
    ],
    [
      'upload, stopped by Stripe',
      () =>
        runWithFakeStripe(['upload', exampleApp(), '--yes', '--json'], {
          cwd: tempDir(),
          scenario: 'upload-crash',
          env: { CI: undefined },
        }),
      'upload',
    ],
    ['upload, no app', () => run(['upload', join(tempDir(), 'none'), '--json']), 'upload'],
    [
      'permissions scan',
      () =>
        run(['permissions', 'scan', '.', '--json'], {
          cwd: join(ROOT, 'test', 'fixtures', 'backends', 'express-webhook'),
        }),
      'permissions scan',
    ],
    [
      'permissions trace, an empty trace',
      () => {
        const dir = exampleApp();
        writeFileSync(join(dir, 'trace.jsonl'), '');
        return run(['permissions', 'trace', 'trace.jsonl', '--json'], { cwd: dir });
      },
      'permissions trace',
    ],
    [
      'key check, a secret key refused before any request',
      () =>
        run(['key', 'check', '--json'], {
          cwd: exampleApp(),
          env: { RAK_APP_KEY: 'sk_test_51Habcdefghijklmnopqrstuvwxyz0123456789' },
        }),
      'key check',
    ],
    [
      'key check, a key as an argument',
      () => run(['key', 'check', 'rk_test_x', '--json'], { cwd: exampleApp() }),
      'key check',
    ],
  ])('%s', async (_case, go, command) => {
    const r = await go();
    expectEnvelope(r.stdout, r.code, command);
  });

  it.each([
    [['check', '-f', 'json'], 'check'],
    [['check', '--format', 'json'], 'check'],
    [['check', '--format=json'], 'check'],
    [['check', '-fjson'], 'check'],
    [['check', '--format', 'stylish', '--format', 'json'], 'check'],
    [['permissions', 'scan', '.', '-f', 'json'], 'permissions scan'],
    [['permissions', 'trace', 'trace.jsonl', '--format=json'], 'permissions trace'],
  ])('%j with a usage error prints the envelope, as --json does', async (asked, command) => {
    const r = await run([...asked, '--bogus'], { cwd: exampleApp() });
    expect(r.code).toBe(2);
    const document = expectEnvelope(r.stdout, 2, command);
    expect(document).toMatchObject({ status: 'failed', reason: "Unknown option '--bogus'." });
  });

  it('a usage error with another format, or json only after --, prints no document', async () => {
    for (const args of [
      ['check', '-f', 'json', '--format', 'stylish', '--bogus'],
      ['check', '-f', 'sarif', '--bogus'],
      ['check', '--bogus', '--', '--format=json'],
      // convert takes no --format: the mistake is the flag itself.
      ['convert', '--format', 'json'],
    ]) {
      const r = await run(args, { cwd: exampleApp() });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('exit 3 has one status in every command that asks for consent: confirmation-required', async () => {
    const ci = { cwd: tempDir(), env: { CI: 'true' } };
    const converted = await runWithFakeStripe(['convert', nonRak(), '--json'], ci);
    const uploaded = await runWithFakeStripe(['upload', exampleApp(), '--json'], ci);
    for (const r of [converted, uploaded]) {
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'confirmation-required', exitCode: 3 });
    }
  });

  // An app whose manifest names no icon: one warning.
  const warned = () => exampleApp((m) => void delete m['icon']);
  it.each([
    [() => ['check', 'nowhere', '--json'], 2, 'nowhere: no such file or folder.'],
    [() => ['check', 'examples/ledger-sync', 'nowhere', '--json'], 2, 'nowhere: no such file or folder.'],
    [() => ['check', warned(), '--json', '--max-warnings', '0'], 1, 'too many warnings: 1, and --max-warnings is 0.'],
    [() => ['check', warned(), '--json', '--strict'], 1, '--strict fails on any finding, and there are some.'],
  ])('check --json gives the reason stderr gives (%#)', async (args, code, reason) => {
    const r = await run(args(), { cwd: ROOT });
    expect(r.code).toBe(code);
    const document = JSON.parse(r.stdout) as { reason?: string };
    expect(document.reason).toBe(reason);
    expect(r.stderr).toContain(reason);
  });

  it('the exitCode is the number the process exits with, in every failure kind', async () => {
    const codes = new Set<number>();
    for (const [args, options] of [
      [['upload', exampleApp((m) => void (m['version'] = 1)), '--json'], {}],
      [['upload', exampleApp(), '--json'], { env: { CI: 'true' } }],
      [['upload', exampleApp(), '--yes', '--json'], { home: { login: false } }],
    ] as const) {
      const r = await runWithFakeStripe([...args], { cwd: tempDir(), ...options });
      expectEnvelope(r.stdout, r.code, 'upload');
      codes.add(r.code ?? -1);
    }
    expect([...codes].sort()).toEqual([1, 3, 4]);
  });
});

describe('the upload plan tells everything check warns about, and what the permissions change', () => {
  const warned = () =>
    exampleApp((m) => {
      (m['permissions'] as { purpose: string }[])[0]!.purpose = 'TODO';
      m['allowed_redirect_uris'] = ['https://example.com/callback'];
    });

  it('stylish: "uploading with N warnings" and each of them', async () => {
    const r = await runWithFakeStripe(['upload', warned(), '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Uploading with 2 warnings/);
    expect(r.stdout).toMatch(/⚠ 13:\d+ {2}.+ {2}permission-purpose$/m);
    expect(r.stdout).toMatch(/⚠ \d+:\d+ {2}.+ {2}redirect-uris$/m);
  });

  it('json: the warnings and the permission change since the last recorded upload are in the plan', async () => {
    const dir = warned();
    const first = await runWithFakeStripe(['upload', dir, '--yes'], { cwd: tempDir(), env: { CI: undefined } });
    expect(first.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    manifest.version = '1.0.1';
    manifest.permissions = manifest.permissions.filter((p: { permission: string }) => p.permission !== 'charge_read');
    manifest.permissions.push({ permission: 'subscription_read', purpose: 'Show plans next to invoices.' });
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const r = await runWithFakeStripe(['upload', dir, '--dry-run', '--json'], { cwd: tempDir() });
    const { plan } = expectEnvelope(r.stdout, r.code, 'upload') as { plan: Record<string, unknown> };
    expect(plan['warnings']).toEqual([
      expect.objectContaining({ ruleId: 'permission-purpose', messageId: 'purposePlaceholder' }),
      expect.objectContaining({ ruleId: 'redirect-uris' }),
    ]);
    expect(plan['permissionChanges']).toEqual({
      added: ['subscription_read'],
      removed: ['charge_read'],
      since: '1.0.0',
    });
    expect((plan['permanent'] as string[]).join(' ')).toMatch(/subscription_read\) must be approved again/);
    const stylish = await runWithFakeStripe(['upload', dir, '--dry-run'], { cwd: tempDir() });
    expect(stylish.stdout).toMatch(/since 1\.0\.0\s+\+subscription_read -charge_read/);
  });

  it('a plan whose warnings change has another digest: consent covers what was shown', async () => {
    const dir = exampleApp();
    const before = JSON.parse((await runWithFakeStripe(['upload', dir, '--dry-run', '--json'], { cwd: dir })).stdout);
    writeFileSync(join(dir, 'icon.png'), 'not a png');
    const after = JSON.parse((await runWithFakeStripe(['upload', dir, '--dry-run', '--json'], { cwd: dir })).stdout);
    expect(after.plan.warnings.length).toBeGreaterThan(before.plan.warnings.length);
    expect(after.digest).not.toBe(before.digest);
  });

  it('with no login and no --yes, the blocker comes first, never a --yes hint that would fail (exit 4)', async () => {
    const r = await runWithFakeStripe(['upload', exampleApp()], { cwd: tempDir(), home: { login: false } });
    expect(r.code).toBe(4);
    expect(r.stderr).not.toMatch(/--yes --expect-digest/);
  });
});

describe('convert on edge cases', () => {
  it('an app that is RAK already but has no settings view: the dry run does not promise a Stripe run', async () => {
    const dir = exampleApp((m) => {
      m['ui_extension'] = { views: [] };
    });
    const r = await runWithFakeStripe(['convert', dir, '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stripe_api_access_type is "restricted_api_key" already: the Stripe CLI is not run/);
    expect(r.stdout).not.toMatch(/"restricted_api_key" → "restricted_api_key"/);
    expect(r.stdout).not.toContain('The Stripe CLI may also re-sort');
  });

  it('a settings view misspelt "setting" is corrected, not doubled, and the app checks clean', async () => {
    const dir = exampleApp((m) => {
      delete m['stripe_api_access_type'];
      m['ui_extension'] = { views: [{ viewport: 'setting', component: 'AppSettings' }] };
    });
    const r = await runWithFakeStripe(['convert', dir, '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    const views = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).ui_extension.views;
    expect(views).toEqual([{ viewport: 'settings', component: 'AppSettings' }]);
    expect((await run(['check', dir])).code).toBe(0);
  });

  it('--dry-run names what would stop the real run: no apps plugin (exit 4)', async () => {
    const dir = exampleApp((m) => {
      delete m['stripe_api_access_type'];
    });
    const r = await runWithFakeStripe(['convert', dir, '--dry-run'], { cwd: dir, home: { plugin: false } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/apps plugin is not installed/);
    expect(r.stdout).not.toMatch(/Run without --dry-run to apply/);
  });
});

describe("check's findings name the Stripe CLI as the user can run it", () => {
  it('the one RAK_APP_STRIPE names, by its path; `stripe` when it is on PATH', async () => {
    const dir = exampleApp((m) => {
      m['permissions'] = [];
    });
    const named = await run(['check', dir], { env: { RAK_APP_STRIPE: '/opt/tools/stripe' } });
    expect(named.stdout).toContain('Add each with `/opt/tools/stripe apps grant permission <permission> "<purpose>"`');
    const onPath = join(tempDir(), 'bin');
    mkdirSync(onPath);
    writeFileSync(join(onPath, 'stripe'), '#!/bin/sh\n', { mode: 0o755 });
    const plain = await run(['check', dir], { env: { RAK_APP_STRIPE: undefined, PATH: onPath } });
    expect(plain.stdout).toContain('Add each with `stripe apps grant permission <permission> "<purpose>"`');
  });

  it("and so do upload's, when the check stops it: the one --stripe or RAK_APP_STRIPE names", async () => {
    const dir = exampleApp((m) => {
      m['permissions'] = [];
    });
    const byEnv = await run(['upload', dir, '--yes'], { env: { RAK_APP_STRIPE: '/opt/tools/stripe' } });
    expect(byEnv.code).toBe(1);
    expect(byEnv.stdout).toContain('Add each with `/opt/tools/stripe apps grant permission <permission> "<purpose>"`');
    const byFlag = await run(['upload', dir, '--yes', '--stripe', '/opt/other/stripe']);
    expect(byFlag.stdout).toContain('Add each with `/opt/other/stripe apps grant permission <permission> "<purpose>"`');
  });
});

describe("explain's grant step names the Stripe CLI as the user can run it", () => {
  it('the one RAK_APP_STRIPE names, in the text and in --json next', async () => {
    const dir = exampleApp();
    const env = { RAK_APP_STRIPE: '/opt/tools/stripe' };
    const text = await run(['permissions', 'explain', 'subscription_read', '--manifest', dir], { env });
    expect(text.stdout).toContain('/opt/tools/stripe apps grant permission subscription_read');
    const json = await run(['permissions', 'explain', 'subscription_read', '--manifest', dir, '--json'], { env });
    // Run in the app's folder, which `stripe apps grant` edits.
    expect(JSON.parse(json.stdout).next).toEqual([
      `cd ${dir} && /opt/tools/stripe apps grant permission subscription_read "<purpose>"`,
    ]);
    // From the app's own folder, no `cd`.
    const here = await run(['permissions', 'explain', 'subscription_read', '--manifest', '.', '--json'], {
      env,
      cwd: dir,
    });
    expect(JSON.parse(here.stdout).next).toEqual([
      '/opt/tools/stripe apps grant permission subscription_read "<purpose>"',
    ]);
  });
});

describe('run from a folder that was removed while the shell was in it', () => {
  it('says so, exits 2, and --json still prints its document', () => {
    const dir = join(tempDir(), 'gone');
    mkdirSync(dir);
    const inGone = (args: string) =>
      spawnSync('sh', ['-c', `cd "${dir}" && rmdir "${dir}" && exec "${process.execPath}" "${BIN}" ${args}`], {
        env: testEnv(),
        encoding: 'utf8',
      });
    const json = inGone('check --json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      command: 'check',
      exitCode: 2,
      reason: expect.stringContaining('The current folder no longer exists'),
    });
    mkdirSync(dir);
    const text = inGone('doctor');
    expect(text.status).toBe(2);
    expect(text.stderr).toBe(
      'rak-app: The current folder no longer exists (it was removed while this shell was in it); cd into one that does and run this again.\n',
    );
    // --version and --help need no folder.
    mkdirSync(dir);
    expect(inGone('--version')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    mkdirSync(dir);
    expect(inGone('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: rak-app') });
  });
});
