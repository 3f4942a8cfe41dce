import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInTerminal } from '../helpers/pty.js';
import { tempDir } from '../helpers/run.js';
import { FAKE_STRIPE, runWithFakeStripe, stripeHome } from '../helpers/stripe-home.js';
import { exampleApp } from '../helpers/apps.js';

const ledgerOf = (dir: string) => {
  const path = join(dir, '.rak-app', 'uploads.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).uploads : undefined;
};

async function upload(
  dir: string,
  args: string[] = [],
  options: {
    scenario?: string;
    env?: Record<string, string | undefined>;
    home?: Parameters<typeof stripeHome>[0];
  } = {},
) {
  return await runWithFakeStripe(['upload', ...args], { cwd: dir, ...options, env: { CI: undefined, ...options.env } });
}

describe('rak-app upload: check, plan, consent', () => {
  it('refuses an app with errors, and there is no flag to override it', async () => {
    const dir = exampleApp((m) => (m.permissions[0].permission = 'customers_read'));
    const r = await upload(dir, ['--yes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error +.+ permission-unknown$/m);
    expect(r.stderr).toContain('rak-app: The app has 1 error; nothing was uploaded.');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('--json names what the check found, as check --json does, where the app has errors', async () => {
    const dir = exampleApp((m) => (m.permissions[0].permission = 'customers_read'));
    const r = await upload(dir, ['--yes', '--json']);
    expect(r.code).toBe(1);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ status: 'blocked', reason: 'The app has 1 error; nothing was uploaded.' });
    const errors = document.files.flatMap((f: { findings: { severity: string }[] }) =>
      f.findings.filter((x) => x.severity === 'error'),
    );
    expect(errors).toEqual([
      expect.objectContaining({ ruleId: 'permission-unknown', line: expect.any(Number), column: expect.any(Number) }),
    ]);
    expect(document.files[0].path).toBe('stripe-app.json');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('a manifest that cannot be read (not UTF-8) is named, file:line:column, with exit 2, --json or not', async () => {
    const dir = exampleApp();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      Buffer.concat([readFileSync(join(dir, 'stripe-app.json')), Buffer.from([0xff])]),
    );
    const plain = await upload(dir, ['--yes']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/stripe-app\.json:\d+:\d+: is not UTF-8 text \(byte 0xFF\).* Nothing was uploaded\./);
    const json = await upload(dir, ['--yes', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).reason).toMatch(/stripe-app\.json:\d+:\d+: is not UTF-8 text/);
    expect(json.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('--dry-run shows the plan, what becomes permanent and the digest, and uploads nothing', async () => {
    const dir = exampleApp();
    const r = await upload(dir, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'app           com.example.ledger-sync "Ledger Sync by Example Co", version 1.0.0 (its first upload)',
    );
    expect(r.stdout).toContain('access type   restricted_api_key');
    expect(r.stdout).toContain(
      'permissions   5: customer_read, invoice_read, charge_read, balance_transaction_source_read, event_read',
    );
    // The Stripe CLI as the user can run it: here the one RAK_APP_STRIPE names, by its path.
    expect(r.stdout).toContain(`command       ${FAKE_STRIPE} apps upload`);
    expect(r.stdout).toContain('credentials   your login, profile "default" (Example Co)');
    expect(r.stdout).toContain('its method can never change after this upload');
    expect(r.stdout).toContain("This is the account's one public app");
    expect(r.stdout).toMatch(/Dry run: nothing was uploaded. Plan digest [0-9a-f]{64}\./);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    expect(ledgerOf(dir)).toBeUndefined();
  });

  it('--dry-run --json prints one document with the plan', async () => {
    const r = await upload(exampleApp(), ['--dry-run', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      status: 'dry-run',
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      next: [expect.stringContaining('--expect-digest')],
    });
    expect(doc.plan).toMatchObject({
      appId: 'com.example.ledger-sync',
      accessType: 'restricted_api_key',
      firstUpload: true,
    });
  });

  it.each([
    ['no terminal', {}, 'standard input is not a terminal'],
    ['CI=true', { CI: 'true' }, 'this is CI'],
    ['RAK_APP_YES=true', { RAK_APP_YES: 'true' }, 'RAK_APP_YES is "true", not 1'],
  ])('refuses with exit 3 without --yes, saying why it cannot ask: %s', async (_name, env, why) => {
    const dir = exampleApp();
    const r = await upload(dir, [], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('pass --yes (or set RAK_APP_YES=1)');
    expect(r.stderr).toContain(why);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('refuses in CI even at a terminal', async () => {
    const dir = exampleApp();
    const { env } = stripeHome();
    const r = await runInTerminal(['upload'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: 'true' },
      steps: [],
    });
    expect(r.code).toBe(3);
  });

  it('--expect-digest refuses a plan that changed after review, printing the new digest', async () => {
    const dir = exampleApp();
    const reviewed = JSON.parse((await upload(dir, ['--dry-run', '--json'])).stdout).digest as string;
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    manifest.permissions.push({ permission: 'customer_write', purpose: 'Update customers with ledger ids.' });
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2) + '\n');
    const r = await upload(dir, ['--expect-digest', reviewed, '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('confirmation-required');
    expect(doc.digest).not.toBe(reviewed);
    expect(doc.reason).toContain(doc.digest);
    // What to run next is to review the new plan, not to consent to it unread.
    expect(doc.next).toEqual(['rak-app upload --dry-run']);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('--dry-run with --expect-digest compares it: a mismatch is exit 3 as without --dry-run, a match is said', async () => {
    const dir = exampleApp();
    const digest = JSON.parse((await upload(dir, ['--dry-run', '--json'])).stdout).digest as string;
    const wrong = '0'.repeat(64);
    const mismatch = await upload(dir, ['--dry-run', '--expect-digest', wrong]);
    expect(mismatch.code).toBe(3);
    expect(mismatch.stderr).toContain(
      `rak-app: The plan changed since it was reviewed: its digest is now ${digest}, not ${wrong}. Nothing was uploaded.`,
    );
    const asJson = await upload(dir, ['--dry-run', '--expect-digest', wrong, '--json']);
    expect(asJson.code).toBe(3);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ status: 'confirmation-required', exitCode: 3, digest });
    const match = await upload(dir, ['--dry-run', '--expect-digest', digest]);
    expect(match.code).toBe(0);
    expect(match.stdout).toContain(`Plan digest ${digest}, the one --expect-digest gave.`);
    for (const r of [mismatch, asJson, match]) expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    expect(existsSync(join(dir, '.rak-app', 'uploads.json'))).toBe(false);
  });
});

describe('rak-app upload: running stripe apps upload', () => {
  it.each([['default'], ['upload-wording-b']])(
    "answers Stripe's proceed question (%s), streams its output, records the upload",
    async (scenario) => {
      const dir = exampleApp();
      const r = await upload(dir, ['--yes'], { scenario });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.calls).toEqual([['--version'], ['apps', 'upload']]);
      expect(r.stdout).toContain('✔ Built files for production');
      expect(r.stdout).toMatch(/proceed[^\n]*y\n/);
      expect(r.stdout).toContain('✔ Uploaded Ledger Sync by Example Co');
      expect(r.stdout).toContain('recorded in .rak-app/uploads.json');
      expect(ledgerOf(dir)).toEqual([
        {
          appId: 'com.example.ledger-sync',
          version: '1.0.0',
          accessType: 'restricted_api_key',
          digest: expect.stringMatching(/^[0-9a-f]{64}$/),
          uploadedAt: expect.any(String),
          permissions: [
            'customer_read',
            'invoice_read',
            'charge_read',
            'balance_transaction_source_read',
            'event_read',
          ],
          contentDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ]);
    },
  );

  it('names a ledger outside the current folder by its full path, not by ../', async () => {
    const dir = exampleApp();
    const r = await runWithFakeStripe(['upload', dir, '--yes'], { cwd: tempDir(), env: { CI: undefined } });
    expect(r.code).toBe(0);
    const ledger = join(dir, '.rak-app', 'uploads.json');
    expect(r.stdout).toContain(`recorded in ${ledger}.`);
    expect(r.stdout).toContain(`git add ${ledger}`);
    expect(r.stdout).not.toContain('../');
  });

  it('RAK_APP_YES=1 and a matching --expect-digest are consent too', async () => {
    expect((await upload(exampleApp(), [], { env: { RAK_APP_YES: '1' } })).code).toBe(0);
    const dir = exampleApp();
    const digest = JSON.parse((await upload(dir, ['--dry-run', '--json'])).stdout).digest as string;
    const r = await upload(dir, ['--expect-digest', digest, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'uploaded', digest });
    expect(r.stderr).toContain('✔ Uploaded'); // with --json, Stripe's output goes to stderr
  });

  it('--expect-digest takes the digest in upper-case hex too', async () => {
    const dir = exampleApp();
    const digest = JSON.parse((await upload(dir, ['--dry-run', '--json'])).stdout).digest as string;
    const r = await upload(dir, ['--expect-digest', digest.toUpperCase(), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'uploaded', digest });
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it('--skip-duplicate skips a manifest the Stripe CLI rewrote: keys re-sorted, its empty keys added', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const manifestFile = join(dir, 'stripe-app.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const rewritten = { ...manifest, connect_permissions: null, app_backend: { webhooks: null }, extensions: [] };
    const sorted = Object.fromEntries(
      Object.keys(rewritten)
        .sort()
        .map((k) => [k, rewritten[k]]),
    );
    writeFileSync(manifestFile, JSON.stringify(sorted));
    const r = await upload(dir, ['--yes', '--skip-duplicate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('skipped');
  });

  it('--skip-duplicate never skips a manifest changed since that version was uploaded', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const manifestFile = join(dir, 'stripe-app.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    // Another purpose, no new version: the change would never reach Stripe.
    manifest.permissions[0].purpose = 'Match customers to accounts, and now more.';
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const r = await upload(dir, ['--yes', '--skip-duplicate', '--json']);
    expect(r.code).toBe(1);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({ status: 'blocked', next: [] });
    expect(document.reason).toContain('stripe-app.json has changed since');
    expect(document.reason).toContain('Bump "version"');
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('an entry from before contentDigest: its permissions tell a change; an uncertain one is said so', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const ledgerFile = join(dir, '.rak-app', 'uploads.json');
    const [entry] = ledgerOf(dir);
    delete entry.contentDigest;
    writeFileSync(ledgerFile, JSON.stringify({ uploads: [{ ...entry, uncertain: 'stripe-did-not-finish' }] }));
    const same = await upload(dir, ['--yes', '--skip-duplicate', '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).reason).toContain(
      'The ledger records it as "uncertain" (stripe-did-not-finish): check the version in the Dashboard\'s version history.',
    );
    const manifestFile = join(dir, 'stripe-app.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.permissions.push({ permission: 'payout_read', purpose: 'Show payouts.' });
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const changed = await upload(dir, ['--yes', '--skip-duplicate']);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('has changed since');
  });

  it('a version in the ledger is refused, or skipped with --skip-duplicate', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const again = await upload(dir, ['--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Version 1.0.0 of com.example.ledger-sync was already uploaded/);
    expect(again.calls.filter((c) => c[0] === 'apps')).toEqual([]);
    const skipped = await upload(dir, ['--yes', '--skip-duplicate', '--json']);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).status).toBe('skipped');
    expect(ledgerOf(dir)).toHaveLength(1);
    // Named from where the run was made: upload <folder> names the folder's ledger and manifest.
    const fromAbove = await runWithFakeStripe(['upload', basename(dir), '--yes'], {
      cwd: dirname(dir),
      env: { CI: undefined },
    });
    expect(fromAbove.stderr).toContain(
      `(${join(basename(dir), '.rak-app', 'uploads.json')}): Stripe does not take a version twice. Bump "version" in ${join(basename(dir), 'stripe-app.json')}.`,
    );
  });

  it('refuses to change the access type of an app uploaded as RAK, quoting the rule', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    manifest.version = '1.0.1';
    manifest.stripe_api_access_type = 'oauth';
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    // check itself already fails an oauth manifest; the ledger's rule is the second line of defence.
    const r = await upload(dir, ['--yes', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).status).toBe('blocked');
  });

  it('refuses before uploading when the ledger could not be written afterwards', async () => {
    const dir = exampleApp();
    writeFileSync(join(dir, '.rak-app'), "a file where the ledger's folder goes\n");
    const r = await upload(dir, ['--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `rak-app: .rak-app/uploads.json cannot be written (${join(dir, '.rak-app')} is a file, not a folder), so this upload could not be recorded; nothing was uploaded.`,
    );
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('says the upload stands, and prints the entry to record by hand, when the ledger write fails after it', async () => {
    const dir = exampleApp();
    const r = await upload(dir, ['--yes'], { scenario: 'upload-then-ledger-blocked' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `rak-app: Uploaded com.example.ledger-sync 1.0.0, but it could not be recorded in .rak-app/uploads.json: ${join(dir, '.rak-app')} is a file, not a folder. Add this entry`,
    );
    expect(r.stderr).toMatch(
      /Add this entry to its "uploads" list by hand, .*"appId":"com\.example\.ledger-sync","version":"1\.0\.0"/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // For a script: the upload happened, and the entry to add is data.
    const json = await upload(exampleApp(), ['--yes', '--json'], { scenario: 'upload-then-ledger-blocked' });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'uploaded',
      exitCode: 2,
      entry: { appId: 'com.example.ledger-sync', version: '1.0.0' },
    });
  });

  it('a ledger that starts with a byte-order mark is named as such, and left alone', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    writeFileSync(join(dir, '.rak-app', 'uploads.json'), '\uFEFF{"uploads": []}\n');
    const r = await upload(dir, ['--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '.rak-app/uploads.json:1:1: the upload ledger is not valid (it starts with a byte-order mark',
    );
    expect(readFileSync(join(dir, '.rak-app', 'uploads.json'), 'utf8')).toBe('\uFEFF{"uploads": []}\n');
  });

  it('reports "uploads" that is no list at its value, not at the start of the file', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    writeFileSync(join(dir, '.rak-app', 'uploads.json'), '{\n  "uploads": {}\n}\n');
    const r = await upload(dir, ['--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '.rak-app/uploads.json:2:14: the upload ledger is not valid (expected {"uploads": [...]})',
    );
  });

  it('reports a corrupt ledger at its position and never rewrites it', async () => {
    const dir = exampleApp();
    mkdirSync(join(dir, '.rak-app'));
    const corrupt = '{\n  "uploads": [\n    { "appId": "com.example.ledger-sync", "version": 1 }\n  ]\n}\n';
    writeFileSync(join(dir, '.rak-app', 'uploads.json'), corrupt);
    const r = await upload(dir, ['--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '.rak-app/uploads.json:3:54: the upload ledger is not valid (each upload needs "version" as a string)',
    );
    expect(readFileSync(join(dir, '.rak-app', 'uploads.json'), 'utf8')).toBe(corrupt);
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it.each([
    ['upload-version-exists', 1, /failed \(exit code 1\)/, /Version already exists/],
    ['upload-build-fails', 1, /failed \(exit code 1\)/, /Failed to compile scripts/],
    ['upload-terms', 4, /waiting for the Stripe Apps terms/, /Accept Terms/],
    ['login-prompt', 4, /asked to log in/, /Press Enter to run 'stripe login'/],
  ])('when Stripe %s: exit %i, its output shown, nothing recorded', async (scenario, code, message, stripeSaid) => {
    const dir = exampleApp();
    const r = await upload(dir, ['--yes'], { scenario });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).toMatch(stripeSaid);
    expect(r.stderr).toContain('Nothing was recorded in .rak-app/uploads.json.');
    expect(ledgerOf(dir)).toBeUndefined();
    // Accepting the terms by hand must not upload outside rak-app, unrecorded.
    if (scenario === 'upload-terms') expect(r.stderr).toMatch(/accept the terms, and answer n when it asks to proceed/);
  });

  it('waits through pauses shorter than --prompt-timeout, and stops a stripe that goes silent', async () => {
    const slow = await upload(exampleApp(), ['--yes', '--prompt-timeout', '30'], {
      scenario: 'upload-slow',
      env: { FAKE_STRIPE_STEP_MS: '100' },
    });
    expect(slow.code).toBe(0);
    expect(slow.stdout).toContain('Still building...');
    const dir = exampleApp();
    const silent = await upload(dir, ['--yes', '--prompt-timeout', '0.2'], { scenario: 'upload-silent' });
    expect(silent.code).toBe(4);
    expect(silent.stderr).toMatch(/printed nothing for 0.2 s/);
    expect(ledgerOf(dir)).toBeUndefined();
  });

  it('STRIPE_PROJECT_NAME picks the profile, as it does for the Stripe CLI: the plan names it, and the digest differs', async () => {
    const home = { more: "[other]\naccount_id = 'acct_1Other'\ndisplay_name = 'Other Co'\n" };
    const dir = exampleApp();
    const usual = await upload(dir, ['--dry-run', '--json'], { home });
    const other = await upload(dir, ['--dry-run', '--json'], { home, env: { STRIPE_PROJECT_NAME: 'other' } });
    expect(JSON.parse(usual.stdout).plan.credentials).toEqual({
      kind: 'login',
      profile: 'default',
      account: 'Example Co',
    });
    expect(JSON.parse(other.stdout).plan.credentials).toEqual({ kind: 'login', profile: 'other', account: 'Other Co' });
    expect(JSON.parse(other.stdout).digest).not.toBe(JSON.parse(usual.stdout).digest);
  });

  it('warns, masked, when STRIPE_API_KEY will be used instead of the login', async () => {
    const key = 'sk_test_51Habcdefghijklmnopqrstuvwxyz0123456789WXYZ';
    const r = await upload(exampleApp(), ['--dry-run'], { env: { STRIPE_API_KEY: key }, home: { login: false } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'credentials   STRIPE_API_KEY (sk_test_…WXYZ), which overrides your login without telling anyone',
    );
    expect(r.stdout + r.stderr).not.toContain(key);
  });
});

describe('rak-app upload at a terminal', () => {
  const atTerminal = (dir: string, steps: { waitFor: string; type: string }[]) => {
    const { env } = stripeHome();
    return runInTerminal(['upload'], { cwd: dir, env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: undefined }, steps });
  };

  it("a first upload is confirmed by typing the app id, once: rak-app answers Stripe's own question", async () => {
    const dir = exampleApp();
    const r = await atTerminal(dir, [{ waitFor: 'Type its id to upload it', type: 'com.example.ledger-sync\r' }]);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/Do you want to proceed\? \[Y\/n\]: y/);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it('a wrong id is said not to match and asked again, on a cleared line; the right one then uploads', async () => {
    const dir = exampleApp();
    const r = await atTerminal(dir, [
      { waitFor: 'Type its id to upload it', type: 'ledger-sync\r' },
      // Typed as is, not after clearing the line by hand: the miss is cleared.
      { waitFor: 'That is not com.example.ledger-sync: type it exactly', type: 'com.example.ledger-sync\r' },
    ]);
    expect(r.code).toBe(0);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it('three wrong ids stop it, saying why', async () => {
    const dir = exampleApp();
    const wrong = { waitFor: '(2 more tries)', type: 'nope\r' };
    const r = await atTerminal(dir, [
      { waitFor: 'Type its id to upload it', type: 'nope\r' },
      wrong,
      { ...wrong, waitFor: '(1 more try)' },
    ]);
    expect(r.code).toBe(1);
    expect(r.screen).toContain(
      'What was typed did not match the app id, com.example.ledger-sync; nothing was uploaded.',
    );
    expect(ledgerOf(dir)).toBeUndefined();
  });

  it('a later upload is a yes/no question whose default is no', async () => {
    const dir = exampleApp();
    expect((await upload(dir, ['--yes'])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    manifest.version = '1.0.1';
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const r = await atTerminal(dir, [{ waitFor: 'Upload com.example.ledger-sync 1.0.1? (y/N)', type: '\r' }]);
    expect(r.code).toBe(1);
    expect(ledgerOf(dir)).toHaveLength(1);
  });

  it.each([
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004'],
  ])('%s exits 130 and uploads nothing', async (_, key) => {
    const dir = exampleApp();
    const r = await atTerminal(dir, [{ waitFor: 'Type its id to upload it', type: key }]);
    expect(r.code).toBe(130);
    expect(r.screen).toContain('Upload cancelled.');
    expect(ledgerOf(dir)).toBeUndefined();
  });

  it('with --json, a cancel at the question is "interrupted", exit 130, in the document too', async () => {
    const dir = exampleApp();
    const { env } = stripeHome();
    const r = await runInTerminal(['upload', '--json'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: undefined },
      steps: [{ waitFor: 'Type its id to upload it', type: '\u0004' }],
    });
    expect(r.code).toBe(130);
    expect(r.screen).toMatch(/"status": "interrupted",\s+"exitCode": 130/);
    expect(ledgerOf(dir)).toBeUndefined();
  });
});

describe('rak-app upload --dry-run reports every blocker up front', () => {
  it('without a login: the plan, what blocks the upload, and exit 4, not a --yes to try', async () => {
    const dir = exampleApp();
    const r = await upload(dir, ['--dry-run'], { home: { login: false } });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('Upload plan');
    expect(r.stderr).toMatch(/✖ not logged in/);
    expect(r.stderr).toMatch(
      /The Stripe CLI cannot upload from here yet: fix what is marked ✖ first, then run the dry run again/,
    );
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('from another folder, each next command names the app folder, so it works pasted there', async () => {
    const dir = exampleApp();
    const r = await runWithFakeStripe(['upload', '--dry-run', 'app folder'], {
      cwd: join(dir, '..'),
      env: { CI: undefined },
    });
    expect(r.code).toBe(2); // no such folder: the path is quoted in what it says
    const real = await runWithFakeStripe(['upload', '--dry-run', basename(dir)], {
      cwd: join(dir, '..'),
      env: { CI: undefined },
    });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(new RegExp(`next: rak-app upload ${basename(dir)} --yes --expect-digest [0-9a-f]{64}`));
  });
});
