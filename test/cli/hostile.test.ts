// What a hostile run does to rak-app: odd files, links, pipes, devices. Each case once broke a
// promise (no hang, no stack trace, no half-written file); each must end with a clear message.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { run, tempDir } from '../helpers/run.js';
import { runWithFakeStripe } from '../helpers/stripe-home.js';
import { exampleApp } from '../helpers/apps.js';
import { whenFileExists } from '../helpers/handshake.js';

const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);

describe('only regular files are read, and each is refused before it is opened', () => {
  it.each(['check', 'upload', 'convert'])('%s: a FIFO named stripe-app.json', async (command) => {
    const dir = exampleApp();
    rmSync(join(dir, 'stripe-app.json'));
    mkfifo(join(dir, 'stripe-app.json'));
    const r = await run([command, dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stripe-app\.json: is not a regular file \(a pipe, a device or a socket\)/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('check: a manifest that is a link to /dev/zero', async () => {
    const dir = exampleApp();
    rmSync(join(dir, 'stripe-app.json'));
    symlinkSync('/dev/zero', join(dir, 'stripe-app.json'));
    const r = await run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a regular file/);
  });

  it('check: a FIFO local manifest, a dangling link and a looping link are reported; the rest is checked', async () => {
    const dir = exampleApp();
    mkfifo(join(dir, 'stripe-app.dev.json'));
    symlinkSync('nowhere.json', join(dir, 'stripe-app.gone.json'));
    symlinkSync('stripe-app.loop.json', join(dir, 'stripe-app.loop.json'));
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path.split('/').pop())).toEqual(['stripe-app.json']);
    expect(r.stderr).toMatch(/stripe-app\.dev\.json: is not a regular file/);
    expect(r.stderr).toMatch(/stripe-app\.gone\.json: is a link to nowhere\.json, which does not exist\./);
    expect(r.stderr).toMatch(/stripe-app\.loop\.json: cannot be read \(ELOOP\)\./);
  });

  it('convert: stripe-app.json that is a folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'stripe-app.json'));
    const r = await run(['convert', dir, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stripe-app\.json: is a folder, not a manifest\./);
  });

  it('convert: a manifest over 4 MiB is refused before stripe runs', async () => {
    const dir = exampleApp();
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    delete manifest.stripe_api_access_type;
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest) + ' '.repeat(4.5 * 1024 * 1024));
    const r = await runWithFakeStripe(['convert', dir, '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stripe-app\.json: is 4\.5 MiB; a manifest is at most 4 MiB\./);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });
});

describe('text that is not UTF-8', () => {
  const latin1 = (dir: string): void => {
    const text = readFileSync(join(dir, 'stripe-app.json'), 'utf8').replace(
      '"Ledger Sync by Example Co"',
      '"Caf\u00e9 Sync"',
    );
    writeFileSync(join(dir, 'stripe-app.json'), Buffer.from(text, 'latin1'));
  };

  it('check reports the first bad byte at its line and column', async () => {
    const dir = exampleApp();
    latin1(dir);
    const text = readFileSync(join(dir, 'stripe-app.json'), 'latin1');
    const before = text.slice(0, text.indexOf('\u00e9'));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const r = await run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`stripe-app.json:${line}:${column}: is not UTF-8 text (byte 0xE9); save it as UTF-8.`);
    // The same bytes on standard input: never read with replacement characters.
    const piped = await run(['check', '-'], { input: readFileSync(join(dir, 'stripe-app.json')) });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(
      `standard input:${line}:${column}: is not UTF-8 text (byte 0xE9); save it as UTF-8.`,
    );
  });

  it('a ledger that is not UTF-8 is named as file:line:column, and nothing is uploaded', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    writeFileSync(join(dir, '.rak-app', 'uploads.json'), Buffer.from('{"uploads": [\xff]}', 'latin1'));
    const r = await run(['upload', dir, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uploads\.json:1:14: is not UTF-8 text \(byte 0xFF\)/);
  });

  it('a source file that is not UTF-8: scan places its warning at the first bad byte', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, 'server.js'), Buffer.from('const a = 1;\nconst b = "caf\u00e9";\n', 'latin1'));
    const r = await run(['permissions', 'scan', 'server.js', '--format', 'json'], { cwd: dir });
    const finding = JSON.parse(r.stdout).files.find((f: { path: string }) => f.path === 'server.js').findings[0];
    expect(finding).toMatchObject({ ruleId: 'scan-not-understood', line: 2, column: 15 });
    expect(finding.message).toContain('it is not UTF-8 text (byte 0xE9)');
  });

  it('permissions scan --fix --yes never rewrites it', async () => {
    const dir = exampleApp();
    latin1(dir);
    const before = readFileSync(join(dir, 'stripe-app.json'));
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.subscriptions.list();\n");
    const r = await run(['permissions', 'scan', 'server.js', '--fix', '--yes', '--purpose', 'subscription_read=x'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not UTF-8 text/);
    expect(readFileSync(join(dir, 'stripe-app.json')).equals(before)).toBe(true);
  });
});

describe('permissions scan follows each real path once', () => {
  it('ends over two link loops, and reports each call once', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, 'server'));
    writeFileSync(
      join(dir, 'server', 'index.js'),
      "const stripe = require('stripe')(key);\nstripe.subscriptions.list();\n",
    );
    symlinkSync('.', join(dir, 'server', 's1'));
    symlinkSync('.', join(dir, 'server', 's2'));
    const r = await run(['permissions', 'scan', 'server', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).files.flatMap((f: { findings: { ruleId: string }[] }) => f.findings);
    expect(findings.filter((f: { ruleId: string }) => f.ruleId === 'permission-missing')).toHaveLength(1);
  });

  it('a FIFO named like a source file is reported, not waited on', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, 'server'));
    mkfifo(join(dir, 'server', 'pipe.ts'));
    const r = await run(['permissions', 'scan', 'server', '--format', 'json'], { cwd: dir });
    expect(r.stdout).toMatch(/is not a regular file/);
  });
});

describe('several paths: what can be checked is checked, each bad path reported, exit 2 at the end', () => {
  it('check apps/*/ with one folder that has no manifest', async () => {
    const root = tempDir();
    cpSync(EXAMPLE_DIR, join(root, 'a'), { recursive: true });
    mkdirSync(join(root, 'docs'));
    cpSync(EXAMPLE_DIR, join(root, 'b'), { recursive: true });
    const r = await run(['check', 'a', 'docs', 'b', 'missing'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('✔ No problems (2 files checked).\n');
    expect(r.stderr).toBe(
      "rak-app: docs: no stripe-app.json in this folder.\n  Pass the app's folder, the one holding stripe-app.json (in a repository of several apps, each: apps/*/).\n" +
        'rak-app: missing: no such file or folder.\n  Pass an app folder (holding stripe-app.json) or a manifest file.\n',
    );
  });
});

describe('the manifests of an app folder', () => {
  it("are stripe-app.json and Stripe's stripe-app.[anything].json, never a schema kept beside them", async () => {
    const dir = exampleApp();
    // A JSON schema vendored beside the manifest, as an editor's "$schema" may point at it.
    cpSync(join(ROOT, 'schemas', 'stripe-app.schema.json'), join(dir, 'stripe-app.schema.json'));
    // A copy of the manifest kept as a backup is no local manifest either.
    cpSync(join(dir, 'stripe-app.json'), join(dir, 'stripe-app.json.bak.json'));
    for (const name of ['stripe-app.a.b.json', 'stripe-app.é.json', 'stripe-app.sp ace.json'])
      writeFileSync(join(dir, name), JSON.stringify({ extends: 'stripe-app.json' }));
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const checked = JSON.parse(r.stdout).files.map((f: { path: string }) => basename(f.path));
    expect(checked.sort()).toEqual(
      ['stripe-app.json', 'stripe-app.a.b.json', 'stripe-app.é.json', 'stripe-app.sp ace.json'].sort(),
    );
  });
});

describe('upload gates on the manifest it uploads', () => {
  it('errors in a local manifest are shown, and do not block', async () => {
    const dir = exampleApp();
    writeFileSync(
      join(dir, 'stripe-app.dev.json'),
      JSON.stringify({ extends: 'stripe-app.json', permissions: [{ permission: 'balance_raed', purpose: 'x' }] }),
    );
    const r = await runWithFakeStripe(['upload', '--yes'], { cwd: dir, env: { CI: undefined } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /local manifests are not uploaded, so their problems do not block it: .*stripe-app\.dev\.json/,
    );
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([['apps', 'upload']]);
  });
});

describe('secrets are never printed whole', () => {
  const KEYS = [/sk_live_51Habcdefghij/, /rk_live_51Habcdefghijklmnop/, /sk_live_A{20}/, /0123456789 and/];

  it("in Stripe's output: split across writes, at the end of a 64 KiB write, after a letter or %3D, over 247 characters", async () => {
    const dir = exampleApp();
    const r = await runWithFakeStripe(['upload', '--yes'], {
      cwd: dir,
      scenario: 'upload-key-split',
      env: { CI: undefined },
    });
    expect(r.code).toBe(1);
    for (const key of KEYS) expect(r.stdout + r.stderr).not.toMatch(key);
    expect(r.stdout).toContain('Authenticating with sk_live_…6789');
    expect(r.stderr).toContain('STRIPE_KEY_sk_live_…6789');
    expect(r.stderr).toContain('%3Drk_live_…wxyz');
    expect(r.stderr).toContain('bad key sk_live_…AAAA');
  });

  it("in --json's reason, when Stripe's last line quotes a key", async () => {
    const dir = exampleApp();
    // 2 s of silence after the line: node starts and prints it well before, however loaded the machine.
    const r = await runWithFakeStripe(['upload', '--yes', '--json', '--prompt-timeout', '2'], {
      cwd: dir,
      scenario: 'upload-silent',
      env: { CI: undefined, FAKE_STRIPE_SAY: 'Authenticating with sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789' },
    });
    expect(r.code).toBe(4);
    const document = JSON.parse(r.stdout);
    expect(document.status).toBe('blocked');
    expect(document.reason).toContain('after "Authenticating with sk_live_…6789"');
    expect(r.stdout + r.stderr).not.toMatch(/sk_live_51H/);
  });

  it('in a line Stripe has not ended, quoted once it is longer than what rak-app keeps of it', async () => {
    // The line is kept to its last 4,096 characters: here the cut falls inside the key, whose
    // prefix goes, and whose rest must go with it.
    const body = '51Habcdefghijklmnopqrstuvwxyz0123456789';
    for (const tail of ['.'.repeat(4072), '\r⠋ Uploading...'.repeat(255)]) {
      const r = await runWithFakeStripe(['upload', '--yes', '--json', '--prompt-timeout', '2'], {
        cwd: exampleApp(),
        scenario: 'upload-silent',
        env: { CI: undefined, FAKE_STRIPE_SAY: `Using sk_live_${body}${tail}`, FAKE_STRIPE_SAY_END: '' },
      });
      expect(r.code).toBe(4);
      expect(JSON.parse(r.stdout).reason).toMatch(/^Stripe printed nothing for 2 s after "/);
      expect(r.stdout + r.stderr).not.toMatch(/[a-z0-9]{5}6789/);
    }
  });

  it("in a folder's name, in every command's messages, and in report files", async () => {
    const key = `sk_live_${'9'.repeat(30)}`;
    const root = tempDir();
    const dir = join(root, key);
    cpSync(EXAMPLE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'stripe-app.json'), '{ "id": ');
    const out = join(root, 'report.json');
    const checked = await run(['check', dir, '--report', `json=${out}`]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('sk_live_…9999');
    expect(checked.stdout + checked.stderr + readFileSync(out, 'utf8')).not.toContain(key);
    for (const args of [
      ['upload', dir],
      ['convert', dir],
      ['permissions', 'scan', dir, '--manifest', dir],
    ]) {
      const r = await run(args);
      expect(r.stdout + r.stderr, args[0]).not.toContain(key);
    }
  });
});

describe('a stripe that never ends', () => {
  it('is stopped at --stripe-timeout, however much it prints, with exit 4 and what it last printed', async () => {
    const dir = exampleApp();
    const r = await runWithFakeStripe(['upload', '--yes', '--stripe-timeout', '3'], {
      cwd: dir,
      scenario: 'upload-spinner',
      env: { CI: undefined },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /`\S+\/fake-stripe\/stripe apps upload` ran for 3 s without finishing; it last printed "⠋+"/,
    );
    expect(r.stderr).toContain('Nothing was recorded in .rak-app/uploads.json.');
  });
});

describe('a report is never written over an input', () => {
  it.each([
    [['--report', 'json=stripe-app.json']],
    [['-f', 'json', '-o', 'stripe-app.json']],
    [['-f', 'json', '-o', 'link.json']],
  ])('check %j', async (flags) => {
    const dir = exampleApp();
    symlinkSync('stripe-app.json', join(dir, 'link.json'));
    const before = readFileSync(join(dir, 'stripe-app.json'));
    const r = await run(['check', '.', ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to write the json report over a file it checks/);
    expect(readFileSync(join(dir, 'stripe-app.json')).equals(before)).toBe(true);
  });
});

describe('keys inside the files rak-app quotes', () => {
  const key = `rk_live_${'7'.repeat(40)}`;

  it("convert --dry-run: the diff's context lines", async () => {
    const dir = exampleApp();
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    delete manifest.stripe_api_access_type;
    manifest.description = `key: ${key}`;
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const r = await run(['convert', dir, '--dry-run']);
    expect(r.stdout).toContain('rk_live_…7777');
    expect(r.stdout + r.stderr).not.toContain(key);
  });

  it('permissions scan: a finding that quotes source holding a key', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, 'server.js'), `const stripe = require('stripe')('${key}');\nstripe[\`${key}\`].list();\n`);
    const r = await run(['permissions', 'scan', 'server.js', '--fix'], { cwd: dir });
    expect(r.stdout + r.stderr).not.toContain(key);
  });
});

describe('the upload ledger: locked, re-read, never lost', () => {
  const ledgerPath = (dir: string): string => join(dir, '.rak-app', 'uploads.json');
  const upload = (
    dir: string,
    args: string[] = [],
    scenario = 'default',
    env: Record<string, string | undefined> = {},
  ) => runWithFakeStripe(['upload', '--yes', ...args], { cwd: dir, scenario, env: { CI: undefined, ...env } });

  it('two uploads at once: the second is refused while the first holds the lock; one entry is recorded', async () => {
    const dir = exampleApp();
    const release = join(tempDir(), 'release');
    // The first upload holds the lock while its stripe waits for the test's word (a file it makes).
    const first = upload(dir, [], 'upload-silent', { FAKE_STRIPE_RELEASE: release });
    await whenFileExists(join(dir, '.rak-app.lock'));
    const second = await upload(dir);
    writeFileSync(release, '');
    expect((await first).code).toBe(0);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another rak-app is changing this app \(`rak-app upload`, process \d+, since /);
    expect(second.stderr).toMatch(/If no rak-app is running, remove .*\.rak-app\.lock\./);
    expect(JSON.parse(readFileSync(ledgerPath(dir), 'utf8')).uploads).toHaveLength(1);
  });

  it('a lock left by an upload that no longer runs is taken over, released at the end, and what it may have left unrecorded said', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: 2 ** 22 + 1, command: 'upload', since: 'then' }));
    const r = await upload(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `a \`rak-app upload\` (process ${2 ** 22 + 1}, since then) ended without finishing: if it was stopped after Stripe uploaded, .rak-app/uploads.json may lack that upload. Check the app's version history in the Dashboard.`,
    );
    expect(() => readFileSync(join(dir, '.rak-app.lock'))).toThrow();
    // A dead convert's lock says nothing of uploads; nor does a dead dry run's.
    for (const command of ['convert', 'upload --dry-run']) {
      writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: 2 ** 22 + 1, command, since: 'then' }));
      const again = await upload(dir, ['--skip-duplicate']);
      expect(again.stderr, command).not.toContain('ended without finishing');
    }
  });

  it('a dry run holds the lock as a dry run', async () => {
    const dir = exampleApp();
    const { release, exited } = await uploadAskingVersion(dir, ['--dry-run']);
    await whenFileExists(`${release}.started`);
    expect(JSON.parse(readFileSync(join(dir, '.rak-app.lock'), 'utf8')).command).toBe('upload --dry-run');
    writeFileSync(release, '');
    expect(await exited).toBe(0);
  });

  it('a manifest changed after consent: Stripe is told no, exit 1, nothing recorded', async () => {
    const dir = exampleApp();
    const r = await upload(dir, [], 'upload-edited-before-proceed');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /stripe-app\.json changed after you consented to digest [0-9a-f]{64}; Stripe was told not to proceed/,
    );
    expect(r.stdout).toMatch(/proceed\? \[Y\/n\]: n\n/);
    expect(() => readFileSync(ledgerPath(dir))).toThrow();
  });

  it('a ledger with a key written twice is refused at its position, never rewritten', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    const text =
      '{\n  "uploads": [],\n  "uploads": [{"appId": "x", "version": "1", "accessType": "platform", "digest": "d", "uploadedAt": "t"}]\n}\n';
    writeFileSync(ledgerPath(dir), text);
    const r = await upload(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /\.rak-app\/uploads\.json:3:3: the upload ledger is not valid \("uploads" is written twice in one object\)/,
    );
    expect(readFileSync(ledgerPath(dir), 'utf8')).toBe(text);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('fields added by hand survive the next entry', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    const entry = {
      appId: 'com.example.other',
      version: '1',
      accessType: 'restricted_api_key',
      digest: 'd',
      uploadedAt: 't',
      ticket: 'OPS-12',
    };
    writeFileSync(ledgerPath(dir), `${JSON.stringify({ comment: 'Commit this file.', uploads: [entry] }, null, 2)}\n`);
    const r = await upload(dir);
    expect(r.code).toBe(0);
    const ledger = JSON.parse(readFileSync(ledgerPath(dir), 'utf8'));
    expect(ledger.comment).toBe('Commit this file.');
    expect(ledger.uploads[0].ticket).toBe('OPS-12');
    expect(ledger.uploads).toHaveLength(2);
  });

  it.each([
    [
      '.rak-app is a link out of the app folder',
      (dir: string, outside: string) => symlinkSync(outside, join(dir, '.rak-app')),
    ],
    [
      'uploads.json is a link out of the app folder',
      (dir: string, outside: string) => {
        mkdirSync(join(dir, '.rak-app'));
        symlinkSync(join(outside, 'uploads.json'), ledgerPath(dir));
      },
    ],
  ])('%s: refused before the upload, nothing written outside', async (_name, arrange) => {
    const dir = exampleApp();
    const outside = tempDir();
    writeFileSync(join(outside, 'uploads.json'), '{"uploads": []}\n');
    arrange(dir, outside);
    const r = await upload(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /uploads\.json leads outside the app folder \(to .*\) through a link; rak-app does not write there/,
    );
    expect(readFileSync(join(outside, 'uploads.json'), 'utf8')).toBe('{"uploads": []}\n');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('a ledger that is a link to nowhere is named by where it points: outside refused, inside written', async () => {
    const dir = exampleApp();
    const outside = join(tempDir(), 'gone', 'uploads.json');
    mkdirSync(join(dir, '.rak-app'));
    symlinkSync(outside, ledgerPath(dir));
    const r = await upload(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`uploads.json leads outside the app folder (to ${outside}) through a link`);
    // A link to nowhere inside the folder: the entry is written in its place.
    const inside = exampleApp();
    mkdirSync(join(inside, '.rak-app'));
    symlinkSync('nowhere.json', ledgerPath(inside));
    const written = await upload(inside);
    expect(written.code).toBe(0);
    expect(JSON.parse(readFileSync(ledgerPath(inside), 'utf8')).uploads).toHaveLength(1);
  });

  it('--json prints its document when the ledger cannot be written', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, '.rak-app'), 'a file, not a folder\n');
    const r = await upload(dir, ['--json']);
    expect(r.code).toBe(2);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ command: 'upload', status: 'failed', exitCode: 2, next: [] });
    expect(document.reason).toMatch(/uploads\.json cannot be written/);
  });
});

describe('convert never leaves an app half-converted', () => {
  const OAUTH = {
    id: 'com.acme.alerts',
    version: '1.2.0',
    name: 'Payment Alerts',
    permissions: [{ permission: 'charge_read', purpose: 'Show payments next to each charge.' }],
    stripe_api_access_type: 'oauth',
    ui_extension: { views: [{ viewport: 'stripe.dashboard.payment.detail', component: 'PaymentView' }] },
  };
  const oauthApp = (manifest: object = OAUTH): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return dir;
  };
  const convert = (dir: string, scenario = 'default', env: Record<string, string | undefined> = {}) =>
    runWithFakeStripe(['convert', '--yes'], { cwd: dir, scenario, env: { CI: undefined, ...env } });

  it('a settings view that could not be written is found before Stripe runs', async () => {
    const dir = oauthApp();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'views'), 'a file where the views folder goes\n');
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await convert(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /src\/views\/AppSettings\.tsx cannot be written \(.*src\/views is a file, not a folder\); nothing was changed\./,
    );
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it('two converts at once: the second is refused', async () => {
    const dir = oauthApp();
    writeFileSync(join(dir, '.rak-app.lock'), JSON.stringify({ pid: process.pid, command: 'convert', since: 'now' }));
    const r = await convert(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/another rak-app is changing this app \(`rak-app convert`, process \d+/);
    expect(r.calls).toEqual([]);
  });

  it('a config.toml the Stripe CLI cannot read stops convert before Stripe runs, --dry-run too (exit 4): the CLI would write a new one over it, the profiles lost', async () => {
    for (const flags of [['--yes'], ['--dry-run']]) {
      const dir = oauthApp();
      const r = await runWithFakeStripe(['convert', ...flags], {
        cwd: dir,
        home: { more: '\n[broken]\ncolor = \n' },
        env: { CI: undefined },
      });
      expect(r.code, flags[0]).toBe(4);
      // Where the fault is, as file:line:column.
      expect(r.stderr).toMatch(/config\.toml:\d+:\d+ cannot be read: /);
      expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
      expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(`${JSON.stringify(OAUTH, null, 2)}\n`);
    }
  });

  it('a stripe-app.json that is a link to nothing is said to be one (exit 2), not missing', async () => {
    const dir = tempDir();
    symlinkSync('prod.json', join(dir, 'stripe-app.json'));
    const r = await convert(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stripe-app.json: is a link to prod.json, which does not exist.');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    // The commands that read its permissions say the same.
    const scan = await run(['permissions', 'scan', '.'], { cwd: dir });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('stripe-app.json: is a link to prod.json, which does not exist.');
    // So does check, given the folder or the file.
    for (const given of ['.', 'stripe-app.json']) {
      const check = await run(['check', given], { cwd: dir });
      expect(check.code).toBe(2);
      expect(check.stderr).toContain('stripe-app.json: is a link to prod.json, which does not exist.');
    }
  });

  it('a views folder that is a link to nothing is found before Stripe runs (exit 2), nothing changed', async () => {
    const dir = oauthApp();
    mkdirSync(join(dir, 'src'));
    symlinkSync(join(dir, 'gone'), join(dir, 'src', 'views'));
    const before = readFileSync(join(dir, 'stripe-app.json'), 'utf8');
    const r = await convert(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /src\/views\/AppSettings\.tsx cannot be written \(.*src\/views is a link to .*gone, which does not exist\); nothing was changed\./,
    );
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(before);
  });

  it('a link to nothing where the settings view would go takes that name: the view gets another, never written through the link', async () => {
    const dir = oauthApp();
    mkdirSync(join(dir, 'src', 'views'), { recursive: true });
    symlinkSync(join(dir, 'nowhere.tsx'), join(dir, 'src', 'views', 'AppSettings.tsx'));
    const r = await convert(dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'src', 'views', 'RakSettings.tsx'))).toBe(true);
    expect(existsSync(join(dir, 'nowhere.tsx'))).toBe(false);
  });

  it('with --yes, a manifest saved while the Stripe CLI is checked is not converted (exit 1), and the edit is kept', async () => {
    const dir = oauthApp();
    const release = join(tempDir(), 'release');
    const edited = `${JSON.stringify({ ...OAUTH, version: '2.0.0' }, null, 2)}\n`;
    const running = runWithFakeStripe(['convert', '--yes'], {
      cwd: dir,
      scenario: 'set-fails',
      env: { CI: undefined, FAKE_STRIPE_VERSION_WAIT: release },
    });
    await whenFileExists(`${release}.started`);
    writeFileSync(join(dir, 'stripe-app.json'), edited);
    writeFileSync(release, '');
    const r = await running;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stripe-app.json changed after rak-app planned the change');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(edited);
  });

  it('a manifest with a key written twice is refused before Stripe runs, as check reports it: Stripe would keep one value and drop the other unseen', async () => {
    const text = `${JSON.stringify(OAUTH, null, 2)}\n`.replace(
      '"id": "com.acme.alerts",',
      '"id": "com.acme.first",\n  "id": "com.acme.alerts",',
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.json'), text);
    for (const flags of [['--yes'], ['--dry-run']]) {
      const r = await runWithFakeStripe(['convert', ...flags], { cwd: dir, env: { CI: undefined } });
      expect(r.code, flags[0]).toBe(1);
      expect(r.stdout).toMatch(/3:3 +error +Duplicate key "id"/);
      expect(r.stderr).toContain(
        'rak-app: fix the manifest first: the Stripe CLI rewrites the whole file (and rak-app edits it only where one key is written once), so a key written twice would keep only one of its values.',
      );
      expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    }
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(text);
    // A RAK app with its settings view has nothing to change: that is said, whatever the file repeats.
    const rak = tempDir();
    cpSync(join(EXAMPLE_DIR, 'src'), join(rak, 'src'), { recursive: true });
    const done = readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8').replace(
      '"version": "1.0.0",',
      '"version": "1.0.0",\n  "version": "1.0.1",',
    );
    writeFileSync(join(rak, 'stripe-app.json'), done);
    const again = await runWithFakeStripe(['convert', '--yes'], { cwd: rak, env: { CI: undefined } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already uses restricted API keys; nothing to change');
  });

  it.each([
    ['not set', (m: Record<string, unknown>) => void delete m['stripe_api_access_type'], 'is not set'],
    ['oauth', (m: Record<string, unknown>) => void (m['stripe_api_access_type'] = 'oauth'), 'is "oauth"'],
  ])(
    'convert refusing a manifest with a key written twice (access type %s) does not suggest convert itself',
    async (_, change, said) => {
      const { dir, text } = exampleWithVersionTwice(change);
      const r = await runWithFakeStripe(['convert', dir, '--yes'], { cwd: tempDir(), env: { CI: 'true' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/error +Duplicate key "version"/);
      // The access type is still said to be wrong, with no command to run that just refused.
      expect(r.stdout).toContain(`stripe_api_access_type ${said}`);
      expect(r.stdout).not.toContain('rak-app convert');
      expect(r.stderr).toContain('rak-app: fix the manifest first');
      expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
      expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(text);
    },
  );

  it('convert refusing a manifest names the Stripe CLI in its findings as check does: the one it would run', async () => {
    const { FAKE_STRIPE } = await import('../helpers/stripe-home.js');
    const { dir } = exampleWithVersionTwice((m) => void delete m['ui_extension']);
    const r = await runWithFakeStripe(['convert', dir, '--yes'], { cwd: tempDir(), env: { CI: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`\`${FAKE_STRIPE} apps add settings\``);
    expect(r.stdout).not.toContain('`stripe apps add settings`');
  });

  it('--dry-run on a manifest nested 10,000 deep reports it as check does, with no stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stripe-app.json'), `{"id": "x", "deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const r = await run(['convert', dir, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Nested more than 256/);
    expect(r.stderr).toMatch(/fix the manifest first/);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('an app name holding */ does not become code in the settings view', async () => {
    const dir = oauthApp({ ...OAUTH, name: 'Alerts */ process.exit(1) /*' });
    const r = await convert(dir);
    expect(r.code).toBe(0);
    const source = readFileSync(join(dir, 'src', 'views', 'AppSettings.tsx'), 'utf8');
    const comment = source.slice(source.indexOf('/**'), source.indexOf('*/', source.indexOf('/**')) + 2);
    expect(comment).toContain('Alerts * / process.exit(1) /*');
    expect(source.slice(source.indexOf(comment) + comment.length)).not.toContain('process.exit(1)\n');
  });
});

describe('smaller hostile cases', () => {
  it('permissions scan --fix refuses a manifest with "permissions" twice, and changes nothing', async () => {
    const dir = exampleApp();
    const text = readFileSync(join(dir, 'stripe-app.json'), 'utf8').replace(
      '"permissions": [',
      '"permissions": [{ "permission": "customer_read", "purpose": "Hand-written purpose." }],\n  "permissions": [',
    );
    writeFileSync(join(dir, 'stripe-app.json'), text);
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.subscriptions.list();\n");
    const r = await run(['permissions', 'scan', 'server.js', '--fix', '--yes', '--purpose', 'subscription_read=x'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /stripe-app\.json: "permissions" is written twice in one object, so --fix will not edit it\./,
    );
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(text);
  });

  it('terminal escapes in a folder name are printed as \\xNN, never raw', async () => {
    const root = tempDir();
    const name = 'app\u001b]0;pwned\u0007';
    cpSync(EXAMPLE_DIR, join(root, name), { recursive: true });
    writeFileSync(join(root, name, 'stripe-app.json'), '{ "id": ');
    const checked = await run(['check', name], { cwd: root });
    expect(checked.stdout).toContain('app\\x1b]0;pwned\\x07');
    const missing = await run(['check', `${name}-gone`, 'upload'], { cwd: root });
    for (const r of [checked, missing, await run(['upload', `${name}-gone`], { cwd: root })]) {
      expect(r.stdout + r.stderr).not.toMatch(/[\u0007\u001b]\]/);
    }
  });
});

describe.skipIf(process.platform === 'win32')('CI=true at a terminal: nothing prompts', () => {
  it('convert exits 3 instead of waiting at (y/N)', async () => {
    const { runInTerminal } = await import('../helpers/pty.js');
    const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
    const dir = tempDir();
    const manifest = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8'));
    delete manifest.stripe_api_access_type;
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const { env } = stripeHome();
    const r = await runInTerminal(['convert'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: 'true' },
      steps: [],
    });
    expect(r.code).toBe(3);
    expect(r.screen).toMatch(/convert cannot ask here \(this is CI\), so it changes nothing unless told to/);
    expect(r.screen).not.toMatch(/\(y\/N\)/);
  });

  it('permissions scan --fix --yes names the --purpose flags instead of asking', async () => {
    const { runInTerminal } = await import('../helpers/pty.js');
    const dir = exampleApp();
    writeFileSync(join(dir, 'server.js'), "const stripe = require('stripe')(key);\nstripe.subscriptions.list();\n");
    const r = await runInTerminal(['permissions', 'scan', 'server.js', '--fix', '--yes'], {
      cwd: dir,
      env: { CI: 'true' },
      steps: [],
    });
    expect(r.code).toBe(2);
    expect(r.screen).toMatch(/Pass --purpose subscription_read="…"/);
  });
});

describe('a chain of 1,000 local manifests', () => {
  it('is resolved once per file: each is checked against its own merge', async () => {
    const dir = exampleApp();
    let previous = 'stripe-app.json';
    for (let i = 0; i < 1000; i++) {
      const name = `stripe-app.l${i}.json`;
      // One link in the middle breaks the schema; every manifest above it inherits the fault.
      const layer = i === 500 ? { extends: previous, version: 5 } : { extends: previous, version: `1.0.${i}` };
      writeFileSync(join(dir, name), JSON.stringify(layer));
      previous = name;
    }
    const r = await run(['check', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
    expect(report.files).toHaveLength(1001);
    const withSchemaError = report.files
      .filter((f) => f.findings.some((x) => x.ruleId === 'schema'))
      .map((f) => f.path);
    expect(withSchemaError).toEqual([expect.stringMatching(/stripe-app\.l500\.json$/)]);
  });
});

describe.skipIf(process.platform !== 'linux')('signals', () => {
  it('SIGTERM before stripe apps runs (while its version is asked) exits 130 at once, not 143, and leaves no lock', async () => {
    const dir = exampleApp();
    const { child, release, exited } = await uploadAskingVersion(dir, ['--yes']);
    // `stripe --version` has started: rak-app is past its start-up, before any `stripe apps`.
    await whenFileExists(`${release}.started`);
    expect(existsSync(join(dir, '.rak-app.lock'))).toBe(true);
    const versionPid = Number(readFileSync(`${release}.started`, 'utf8'));
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(existsSync(join(dir, '.rak-app.lock'))).toBe(false);
    // `stripe --version` runs in a process group of its own: it is stopped with the run, not left behind.
    // SIGKILL is sent as rak-app exits; on a loaded machine the kernel may end it a moment later.
    if (process.platform === 'linux')
      await vi.waitFor(() => expect(runningProcess(versionPid)).toBe(false), { timeout: 5_000 });
    writeFileSync(release, '');
  });

  it.each(['SIGTERM', 'SIGHUP'])(
    '%s while stripe rewrites the manifest (SIGHUP: the terminal closed): restored byte for byte, exit 130',
    async (signal) => {
      const { spawnSync } = await import('node:child_process');
      const { BIN, testEnv } = await import('../helpers/run.js');
      const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
      const dir = exampleApp();
      const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
      delete manifest.stripe_api_access_type;
      writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 4));
      const before = readFileSync(join(dir, 'stripe-app.json'));
      const { env } = stripeHome();
      const r = spawnSync(process.execPath, [BIN, 'convert', '--yes'], {
        cwd: dir,
        env: testEnv({
          ...env,
          RAK_APP_STRIPE: FAKE_STRIPE,
          FAKE_STRIPE_SCENARIO: 'set-then-signal',
          FAKE_STRIPE_SIGNAL: signal,
          CI: undefined,
        }),
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(130);
      expect(r.stderr).toContain(`Interrupted (${signal})`);
      expect(r.stderr).toMatch(/stripe-app\.json was restored, byte for byte\./);
      expect(readFileSync(join(dir, 'stripe-app.json')).equals(before)).toBe(true);
    },
  );

  it('a signal that stripe finishes its work through: converted, and --json says exit 130 as the process does', async () => {
    const { spawnSync } = await import('node:child_process');
    const { BIN, testEnv } = await import('../helpers/run.js');
    const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
    const dir = exampleApp((m) => void delete m['stripe_api_access_type']);
    const { env } = stripeHome();
    const r = spawnSync(process.execPath, [BIN, 'convert', '--yes', '--json'], {
      cwd: dir,
      env: testEnv({
        ...env,
        RAK_APP_STRIPE: FAKE_STRIPE,
        FAKE_STRIPE_SCENARIO: 'set-signal-then-finish',
        CI: undefined,
      }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'converted', exitCode: 130 });
  });

  it('a RAK app with no settings view, as an interrupted convert leaves it, is finished by the next convert', async () => {
    const dir = tempDir();
    const manifest = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8'));
    manifest.ui_extension.views = manifest.ui_extension.views.filter(
      (v: { viewport: string }) => v.viewport !== 'settings',
    );
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const r = await runWithFakeStripe(['convert', '--yes'], { cwd: dir, env: { CI: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created src\/views\/AppSettings\.tsx/);
    const after = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    expect(after.ui_extension.views).toContainEqual({ viewport: 'settings', component: 'AppSettings' });
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });
});

describe('the files rules read beside a manifest are regular files only', () => {
  it('a FIFO named icon.png or AppSettings.tsx is reported or passed over, never waited on', async () => {
    const dir = exampleApp();
    rmSync(join(dir, 'icon.png'));
    mkfifo(join(dir, 'icon.png'));
    rmSync(join(dir, 'src', 'views', 'AppSettings.tsx'));
    mkfifo(join(dir, 'src', 'views', 'AppSettings.tsx'));
    const r = await run(['check', dir, '--format', 'json']);
    const findings = JSON.parse(r.stdout).files.flatMap(
      (f: { findings: { ruleId: string; message: string }[] }) => f.findings,
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'icon',
        message: 'Icon "./icon.png" does not exist beside the manifest (as a regular file).',
      }),
    );
  });

  it('a config.toml that cannot be read: the plugin, whose listing is in it, is not said to be ready', async () => {
    const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
    const { home, env } = stripeHome();
    const config = join(home, '.config', 'stripe', 'config.toml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}this is [not toml\n`);
    const r = await run(['doctor'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/config\.toml:\d+:\d+ cannot be read/);
    expect(r.stdout).not.toMatch(/✔ apps plugin/);
    expect(r.stdout).toMatch(
      /apps plugin 1\.15\.22: whether .*config\.toml lists it in installed_plugins is not known while the file cannot be read/,
    );
  });

  it('a FIFO named config.toml: doctor says it cannot be read', async () => {
    const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
    const { home, env } = stripeHome({ login: false, plugin: false });
    mkfifo(join(home, '.config', 'stripe', 'config.toml'));
    const r = await run(['doctor'], { env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/config\.toml cannot be read: is not a regular file/);
  });
});

/** The example app's manifest, changed, with its "version" written twice (which convert refuses), in a folder of its own. */
function exampleWithVersionTwice(change: (manifest: Record<string, unknown>) => void): { dir: string; text: string } {
  const manifest = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8')) as Record<string, unknown>;
  change(manifest);
  const text = `${JSON.stringify(manifest, null, 2)}\n`.replace(
    '"version": "1.0.0",',
    '"version": "1.0.0",\n  "version": "1.0.0",',
  );
  const dir = tempDir();
  writeFileSync(join(dir, 'stripe-app.json'), text);
  return { dir, text };
}

/** Whether a process runs (Linux: a zombie left for a parent that is gone counts as ended). */
function runningProcess(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * `rak-app upload <dir> …` as a process of its own, with the fake Stripe CLI's `--version` waiting
 * until the returned `release` file is made: the run holds the app's lock, before any `stripe apps`.
 */
async function uploadAskingVersion(dir: string, args: string[]) {
  const { spawn } = await import('node:child_process');
  const { BIN, testEnv } = await import('../helpers/run.js');
  const { stripeHome, FAKE_STRIPE } = await import('../helpers/stripe-home.js');
  const release = join(tempDir(), 'release');
  const child = spawn(process.execPath, [BIN, 'upload', dir, ...args], {
    env: testEnv({
      ...stripeHome().env,
      RAK_APP_STRIPE: FAKE_STRIPE,
      FAKE_STRIPE_VERSION_WAIT: release,
      CI: undefined,
    }),
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.on('exit', (c, s) => r(c ?? s)));
  return { child, release, exited };
}
