import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInTerminal } from '../helpers/pty.js';
import { BIN, run, tempDir, testEnv } from '../helpers/run.js';
import { FAKE_STRIPE, runWithFakeStripe, stripeHome } from '../helpers/stripe-home.js';

const OAUTH_APP = `{
  "id": "com.acme.alerts",
  "version": "1.2.0",
  "name": "Payment Alerts",
  "permissions": [
    { "permission": "charge_read", "purpose": "Show payments next to each charge." }
  ],
  "stripe_api_access_type": "oauth",
  "allowed_redirect_uris": ["https://acme.example.com/oauth/callback"],
  "ui_extension": {
    "views": [
      { "viewport": "stripe.dashboard.payment.detail", "component": "PaymentView" }
    ]
  }
}
`;

function app(manifest = OAUTH_APP, files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'stripe-app.json'), manifest);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function convert(
  dir: string,
  args: string[] = [],
  options: {
    scenario?: string;
    home?: Parameters<typeof stripeHome>[0];
    env?: Record<string, string | undefined>;
  } = {},
) {
  const result = await runWithFakeStripe(['convert', ...args], { cwd: dir, ...options });
  return { ...result, manifest: readFileSync(join(dir, 'stripe-app.json'), 'utf8') };
}

describe('rak-app convert', () => {
  it("--dry-run shows the plan and the diff, keeping the file's format, and changes nothing", async () => {
    const dir = app();
    const r = await convert(dir, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.manifest).toBe(OAUTH_APP);
    // The dry run checks the machine (the Stripe CLI's version) and never runs `stripe apps`.
    expect(r.calls).toEqual([['--version']]);
    expect(r.stdout).toContain('stripe_api_access_type: "oauth" → "restricted_api_key"');
    expect(r.stdout).toContain('add a settings view, AppSettings (src/views/AppSettings.tsx)');
    expect(r.stdout).toContain('stripe.dashboard.payment.detail (PaymentView)');
    expect(r.stdout).toContain(
      'allowed_redirect_uris stays, unused by a RAK app: https://acme.example.com/oauth/callback',
    );
    expect(r.stdout).toContain(
      '-  "stripe_api_access_type": "oauth",\n+  "stripe_api_access_type": "restricted_api_key",\n',
    );
    // The existing view line is untouched; only the new one is added.
    expect(r.stdout).toContain(
      '-      { "viewport": "stripe.dashboard.payment.detail", "component": "PaymentView" }\n+      { "viewport": "stripe.dashboard.payment.detail", "component": "PaymentView" },\n+      { "viewport": "settings", "component": "AppSettings" }',
    );
    expect(r.stdout).toContain('its authentication method can never be changed');
  });

  it('shows a manifest indented with tabs, or with CRLF line ends, as it is: the diff consented to is readable', async () => {
    const tabbed = OAUTH_APP.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2)).replace(/\n/g, '\r\n');
    const r = await convert(app(tabbed), ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '-\t"stripe_api_access_type": "oauth",\r\n+\t"stripe_api_access_type": "restricted_api_key",\r\n',
    );
    expect(r.stdout).not.toContain('\\x09');
    expect(r.stdout).not.toContain('\\x0d');
    // A carriage return inside a line (JSON whitespace) would draw the line's end over its start.
    const hidden = await convert(
      app(OAUTH_APP.replace('"stripe_api_access_type": "oauth"', '"stripe_api_access_type":\r"oauth"')),
      ['--dry-run'],
    );
    expect(hidden.stdout).toContain('-  "stripe_api_access_type":\\x0d"oauth",\n');
    expect(hidden.stdout).not.toMatch(/\r(?!\n)/);
  });

  it.each([
    ['Invoice Notes', "Paste it into Invoice Notes' Stripe settings."],
    ['Payment Alerts', "Paste it into Payment Alerts' Stripe settings."],
    ['Ledger Sync', "Paste it into Ledger Sync's Stripe settings."],
  ])('the settings view it adds names %s as English does', async (name, sentence) => {
    const dir = app(OAUTH_APP.replace('"Payment Alerts"', JSON.stringify(name)));
    expect((await convert(dir, ['--yes'])).code).toBe(0);
    const view = readFileSync(join(dir, 'src', 'views', 'AppSettings.tsx'), 'utf8');
    expect(view.replace(/\s+/g, ' ')).toContain(sentence);
  });

  it.each([
    ['no terminal', {}, 'standard input is not a terminal'],
    ['CI=true', { CI: 'true' }, 'this is CI'],
    ['RAK_APP_YES=true', { RAK_APP_YES: 'true' }, 'RAK_APP_YES is "true", not 1'],
  ])(
    'without --yes, refuses with exit 3, saying why it cannot ask, and changes nothing: %s',
    async (_name, env, why) => {
      const dir = app();
      // Not the CI this suite may run in: each case says what it sets.
      const r = await convert(dir, [], { env: { CI: undefined, ...env } });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('pass --yes (or set RAK_APP_YES=1)');
      expect(r.stderr).toContain('convert cannot ask here (');
      expect(r.stderr).toContain(why);
      expect(r.manifest).toBe(OAUTH_APP);
      // Only what tells whether the run could go ahead: asked before consent, so a yes is not wasted.
      expect(r.calls).toEqual([['--version']]);
    },
  );

  it.each([[['--yes']], [['-y']]])(
    '%j converts: Stripe switches the access type, rak-app adds the settings view',
    async (args) => {
      const dir = app();
      const r = await convert(dir, args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.calls).toEqual([['--version'], ['apps', 'set', 'api-access-type', 'restricted_api_key']]);
      const manifest = JSON.parse(r.manifest);
      expect(manifest.stripe_api_access_type).toBe('restricted_api_key');
      expect(manifest.extensions).toBeNull(); // written by the Stripe CLI, and fine
      expect(manifest.allowed_redirect_uris).toEqual(['https://acme.example.com/oauth/callback']);
      expect(manifest.ui_extension.views).toEqual([
        { component: 'PaymentView', viewport: 'stripe.dashboard.payment.detail' },
        { viewport: 'settings', component: 'AppSettings' },
      ]);
      const view = readFileSync(join(dir, 'src', 'views', 'AppSettings.tsx'), 'utf8');
      expect(view).toContain('View API keys');
      expect(view).toContain('const AppSettings = () =>');
      expect(r.stdout).toContain('now uses restricted API keys');
      expect(r.stdout).toContain('created src/views/AppSettings.tsx');
      // What check says afterwards: the view that loses context, the unused redirect URIs; no errors.
      expect(r.stdout).toMatch(/warning +The view on "stripe.dashboard.payment.detail".+view-context/);
      expect(r.stdout).not.toMatch(/ error /);
    },
  );

  it('RAK_APP_YES=1 is consent too', async () => {
    const r = await convert(app(), [], { env: { RAK_APP_YES: '1' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.manifest).stripe_api_access_type).toBe('restricted_api_key');
  });

  it("--json gives the change as written, Stripe's rewrite of the file included, beside the plan's", async () => {
    const crlf = OAUTH_APP.replace(/\n/g, '\r\n');
    const r = await convert(app(crlf), ['--yes', '--json']);
    expect(r.code).toBe(0);
    const document = JSON.parse(r.stdout);
    // The plan keeps the file's line endings; the fake Stripe CLI, as the real one, rewrites it all.
    expect(document.diff).toContain('\r');
    expect(document.written).toContain('+  "extensions": null,');
    expect(document.written.split('\n').filter((l: string) => l.startsWith('+') && l.endsWith('\r'))).toEqual([]);
    expect(r.manifest).not.toContain('\r');
    const human = await convert(app(crlf), ['--yes']);
    expect(human.stdout).toContain('the Stripe CLI rewrote more of stripe-app.json than the plan shows');
    // Not "git diff": the app may be in no repository.
    expect(human.stdout).toContain('--json gives the change as written (`written`)');
  });

  it('an app that already uses restricted API keys, with its settings view, is left alone', async () => {
    const rak = OAUTH_APP.replace('"oauth"', '"restricted_api_key"').replace(
      '{ "viewport": "stripe.dashboard.payment.detail", "component": "PaymentView" }',
      '{ "viewport": "stripe.dashboard.payment.detail", "component": "PaymentView" },\n      { "viewport": "settings", "component": "AppSettings" }',
    );
    const r = await convert(app(rak), ['--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already uses restricted API keys; nothing to change');
    expect(r.manifest).toBe(rak);
    expect(r.calls).toEqual([]);
  });

  it('an app that uses restricted API keys but lacks its settings view gets it, without Stripe, and is not said to be switched', async () => {
    const rak = OAUTH_APP.replace('"oauth"', '"restricted_api_key"');
    const r = await convert(app(rak), ['--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already used restricted API keys; what it lacked was added.');
    expect(r.stdout).not.toContain('now uses restricted API keys');
    expect(JSON.parse(r.manifest).ui_extension.views).toContainEqual({
      viewport: 'settings',
      component: 'AppSettings',
    });
    expect(r.calls.filter((c) => c[0] === 'apps')).toEqual([]);
  });

  it('keeps a settings view the app already has, and never overwrites a view file', async () => {
    const withSettings = OAUTH_APP.replace(
      '"component": "PaymentView" }',
      '"component": "PaymentView" },\n      { "viewport": "settings", "component": "Settings" }',
    );
    const r = await convert(app(withSettings), ['--yes']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.manifest).ui_extension.views).toHaveLength(2);
    expect(r.stdout).not.toContain('add a settings view');

    const taken = app(OAUTH_APP, { 'src/views/AppSettings.tsx': 'export default 1; // mine\n' });
    const r2 = await convert(taken, ['--yes']);
    expect(r2.code).toBe(0);
    expect(readFileSync(join(taken, 'src', 'views', 'AppSettings.tsx'), 'utf8')).toBe('export default 1; // mine\n');
    expect(JSON.parse(r2.manifest).ui_extension.views[1]).toEqual({ viewport: 'settings', component: 'RakSettings' });
    expect(existsSync(join(taken, 'src', 'views', 'RakSettings.tsx'))).toBe(true);
  });

  it.each([
    ['set-fails', 1, /failed \(exit code 1\)/],
    ['set-corrupts', 1, /failed \(exit code 2\)/],
    // Exit 0 without the work done is the Stripe CLI unable to do it (exit 4), as for an init that made no app.
    ['set-noop', 4, /reported success but stripe-app.json still says "oauth"/],
    // Another access type than asked for is a change, not the Stripe CLI unable to work: exit 1.
    ['set-other', 1, /reported success but set stripe_api_access_type to "platform", not "restricted_api_key"/],
    ['login-prompt', 4, /asked to log in/],
  ])('when Stripe %s, the manifest is as it was, byte for byte', async (scenario, code, message) => {
    const dir = app();
    const r = await convert(dir, ['--yes'], { scenario });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.manifest).toBe(OAUTH_APP);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  it('says a manifest with no access type still has none, when Stripe changed nothing', async () => {
    const r = await convert(app(OAUTH_APP.replace('  "stripe_api_access_type": "oauth",\n', '')), ['--yes'], {
      scenario: 'set-noop',
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('reported success but stripe-app.json still has no stripe_api_access_type');
    expect(r.stderr).not.toContain('"nothing"');
  });

  it('what the manifest held when it was restored is kept aside and named, never restored away unseen', async () => {
    const dir = app();
    const r = await convert(dir, ['--yes'], { scenario: 'set-corrupts' });
    expect(r.code).toBe(1);
    expect(r.manifest).toBe(OAUTH_APP);
    const named =
      /what stripe-app\.json held when it was restored \(the Stripe CLI's writing, or an edit made while it ran\) is kept in (.+)\.\n/.exec(
        r.stderr,
      );
    expect(named).not.toBeNull();
    const aside = resolvePath(dir, named![1]!);
    expect(readFileSync(aside, 'utf8')).toBe('{"id": "half-writ');
    rmSync(aside);
  });

  it('masks a key that Stripe prints in its own output', async () => {
    const key = 'sk_live_51Nabcdefghijklmnopqrstuvwxyz0123456789QRST';
    const r = await convert(app(), ['--yes'], { scenario: 'set-fails', env: { STRIPE_API_KEY: key } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('request made with sk_live_…QRST');
    expect(r.stdout + r.stderr).not.toContain(key);
  });

  it.each([
    ['set-corrupts', 1],
    ['set-then-signal', 130],
    ['set-replaces-with-folder', 1],
    ['set-atomic', 1],
    ['default', 0],
  ])('a manifest that is a symbolic link stays one, and its target is what is restored (%s)', (scenario, code) => {
    const dir = app();
    renameSync(join(dir, 'stripe-app.json'), join(dir, 'prod.json'));
    symlinkSync('prod.json', join(dir, 'stripe-app.json'));
    const { env } = stripeHome();
    const r = spawnSync(process.execPath, [BIN, 'convert', '--yes'], {
      cwd: dir,
      env: testEnv({ ...env, RAK_APP_STRIPE: FAKE_STRIPE, FAKE_STRIPE_SCENARIO: scenario, CI: undefined }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(code);
    expect(lstatSync(join(dir, 'stripe-app.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'stripe-app.json'))).toBe('prod.json');
    const now = readFileSync(join(dir, 'prod.json'), 'utf8');
    if (code === 0) expect(JSON.parse(now).stripe_api_access_type).toBe('restricted_api_key');
    else {
      expect(now).toBe(OAUTH_APP);
      expect(r.stderr).toContain('stripe-app.json was restored, byte for byte.');
      if (scenario === 'set-atomic')
        expect(r.stderr).toContain('replaced stripe-app.json, a link to prod.json, with a file of its own');
    }
  });

  it('says when it restored the file Stripe had broken', async () => {
    const r = await convert(app(), ['--yes'], { scenario: 'set-corrupts' });
    expect(r.stderr).toContain('stripe-app.json was restored, byte for byte.');
  });

  it('a manifest that is not JSON is reported, and Stripe is not run', async () => {
    const broken = OAUTH_APP.replace('"oauth",', '"oauth", // TODO');
    const r = await convert(app(broken), ['--yes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error +.+ json-syntax$/m);
    expect(r.calls).toEqual([]);
  });

  it.each([[['--yes']], [[]]])('exits 4 without the apps plugin, %j, and changes nothing', async (args) => {
    const dir = app();
    const r = await convert(dir, args, { home: { plugin: false } });
    // What stops the run is said before consent is asked for: no "pass --yes" that would lead here.
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/apps plugin is not installed/);
    expect(r.stderr).not.toContain('pass --yes');
    expect(r.manifest).toBe(OAUTH_APP);
  });

  it('refuses a path without a manifest', async () => {
    const r = await run(['convert', 'src'], { env: { RAK_APP_STRIPE: FAKE_STRIPE } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/src: no stripe-app.json in this folder/);
  });
});

describe('rak-app convert at a terminal', () => {
  const question = 'Switch this app to restricted API keys?';
  const atTerminal = (dir: string, keys: string) => {
    const { env } = stripeHome();
    return runInTerminal(['convert'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: undefined },
      steps: [{ waitFor: question, type: keys }],
    });
  };

  it('asks first; the default is no', async () => {
    const dir = app();
    const r = await atTerminal(dir, '\r');
    expect(r.screen).toContain('(y/N)');
    expect(r.code).toBe(1);
    expect(r.screen).toContain('Convert cancelled; nothing changed.');
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(OAUTH_APP);
  });

  it('converts when the user says yes', async () => {
    const dir = app();
    const r = await atTerminal(dir, 'y\r');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).stripe_api_access_type).toBe(
      'restricted_api_key',
    );
  });

  it('a manifest saved while the question waits is not converted: the plan was for the bytes before (exit 1), and the edit is kept', async () => {
    const dir = app();
    const edited = OAUTH_APP.replace('"version"', '"description": "edited meanwhile",\n  "version"');
    const { env } = stripeHome();
    const r = await runInTerminal(['convert'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: undefined },
      steps: [{ waitFor: question, type: 'y\r', first: () => writeFileSync(join(dir, 'stripe-app.json'), edited) }],
    });
    expect(r.code).toBe(1);
    expect(r.screen).toContain(
      "stripe-app.json changed after rak-app planned the change (while it waited for your answer, or for the Stripe CLI's checks), so the plan is not for it as it is now; nothing was changed. Run rak-app convert again to see the plan for it.",
    );
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(edited);
  });

  it.each([
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004'],
  ])('%s at the question exits 130 and changes nothing', async (_, key) => {
    const dir = app();
    const r = await atTerminal(dir, key);
    expect(r.code).toBe(130);
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(OAUTH_APP);
  });
});

describe('signals', () => {
  it.each([[[]], [['--json']]])(
    'SIGTERM while Stripe runs is passed on; rak-app restores the manifest and exits 130 (%j)',
    async (flags) => {
      const { spawn } = await import('node:child_process');
      const { BIN } = await import('../helpers/run.js');
      const dir = app();
      const { env } = stripeHome();
      const child = spawn(process.execPath, [BIN, 'convert', '--yes', ...flags], {
        cwd: dir,
        env: { ...process.env, ...env, RAK_APP_STRIPE: FAKE_STRIPE, FAKE_STRIPE_SCENARIO: 'set-hangs', NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let sent = false;
      // Stripe's line is on stdout, or with --json on stderr.
      const stopOnceStripeRuns = () => {
        if (!sent && (stdout + stderr).includes('Setting api-access-type...')) {
          sent = true;
          child.kill('SIGTERM');
        }
      };
      const code = await new Promise<number | null>((resolve) => {
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          stopOnceStripeRuns();
        });
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          stopOnceStripeRuns();
        });
        child.on('close', resolve);
      });
      expect(code).toBe(130);
      expect(stderr).toContain('Interrupted (SIGTERM)');
      expect(flags.length > 0 ? JSON.parse(stdout).reason : stderr).toContain(
        'stripe-app.json was restored, byte for byte.',
      );
      if (flags.length > 0) expect(JSON.parse(stdout).status).toBe('interrupted');
      expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(OAUTH_APP);
    },
  );

  it('at a terminal, a second Ctrl-C stops a stripe the first did not: it is stopped (killed after 5 s), the manifest restored, exit 130', {
    timeout: 60_000,
  }, async () => {
    const dir = app();
    const { env } = stripeHome();
    const r = await runInTerminal(['convert', '--yes'], {
      cwd: dir,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, FAKE_STRIPE_SCENARIO: 'set-hangs-deaf', CI: undefined },
      steps: [
        { waitFor: 'Setting api-access-type...', type: '\u0003' },
        // rak-app says it waits: the second Ctrl-C is then one it takes apart from the first.
        { waitFor: 'press Ctrl-C again to stop it', type: '\u0003' },
      ],
      // The kill comes 5 s after the second Ctrl-C, on a machine that may be busy.
      timeoutMs: 45_000,
    });
    expect(r.code).toBe(130);
    expect(r.screen).toContain('stripe-app.json was restored, byte for byte.');
    expect(readFileSync(join(dir, 'stripe-app.json'), 'utf8')).toBe(OAUTH_APP);
  });

  it("Ctrl-C at Stripe's own prompt, at a terminal: rak-app waits for stripe, then exits 130", async () => {
    const cwd = tempDir();
    const { env } = stripeHome();
    const r = await runInTerminal(['init', 'ledger-sync'], {
      cwd,
      env: { ...env, RAK_APP_STRIPE: FAKE_STRIPE, CI: undefined },
      steps: [{ waitFor: '? ID:', type: '\u0003' }],
    });
    expect(r.code).toBe(130);
    expect(r.screen).toContain('Interrupted (SIGINT)');
    expect(existsSync(join(cwd, 'ledger-sync'))).toBe(false);
  });
});

describe("rak-app convert refuses a file that is not an app's stripe-app.json", () => {
  it.each([['stripe-app.dev.json'], ['my-stripe-app.json']])('%s', async (name) => {
    const dir = app();
    writeFileSync(join(dir, name), OAUTH_APP);
    const r = await convert(dir, ['--yes', name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("works on an app's stripe-app.json");
    expect(r.calls).toEqual([]);
    expect(readFileSync(join(dir, name), 'utf8')).toBe(OAUTH_APP);
  });
});
