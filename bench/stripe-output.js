#!/usr/bin/env node
// Stripe output benchmark: `rak-app upload --yes` while the (fake) Stripe CLI prints megabytes with
// no newline (a progress bar redrawn with \r), beside the same fake Stripe CLI alone writing the same
// bytes to /dev/null, in the same run. What rak-app adds must grow with the output's size, not its
// square. Usage: npm run bench:stripe-output [-- --mb 40 --runs 3 --bin <another checkout's bin>]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countOption, bin as ownBin, example, median, root, runsOption } from './common.js';

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const megabytes = countOption('mb', 40, 'megabytes');
const runs = runsOption(3);
const bin = option('--bin', ownBin);
const fakeStripe = join(root, 'test', 'fixtures', 'fake-stripe', 'stripe');

const work = mkdtempSync(join(tmpdir(), 'rak-app-output-'));
try {
  // A Stripe home with the plugin and a login, as `stripe login` and `stripe plugin install apps` leave it.
  const config = join(work, 'home', '.config', 'stripe');
  mkdirSync(join(config, 'plugins', 'apps', '1.15.22'), { recursive: true });
  writeFileSync(join(config, 'plugins', 'apps', '1.15.22', 'stripe-cli-apps'), '', { mode: 0o755 });
  writeFileSync(
    join(config, 'plugins.toml'),
    "[[Plugin]]\nShortname = 'apps'\nBinary = 'stripe-cli-apps'\nMagicCookieValue = 'x'\n",
  );
  writeFileSync(
    join(config, 'config.toml'),
    "installed_plugins = ['apps']\n\n[default]\naccount_id = 'acct_1Example'\ndisplay_name = 'Example Co'\ntest_mode_key_expires_at = '2099-01-01'\n",
  );
  const env = {
    ...process.env,
    HOME: join(work, 'home'),
    XDG_CONFIG_HOME: '',
    CI: '',
    RAK_APP_STRIPE: fakeStripe,
    FAKE_STRIPE_SCENARIO: 'upload-flood',
    FAKE_STRIPE_FLOOD_MB: String(megabytes),
  };
  const time = (command, args, options) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { env, stdio: ['pipe', 'ignore', 'pipe'], ...options });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const direct = [];
  const through = [];
  for (let i = 0; i < runs; i++) {
    const app = join(work, `app-${i}`);
    cpSync(example, app, { recursive: true });
    // The baseline: the fake Stripe CLI alone, its proceed question answered on standard input.
    direct.push(time(fakeStripe, ['apps', 'upload'], { cwd: app, input: 'y\n' }));
    rmSync(join(app, 'stripe-app.json'));
    cpSync(join(example, 'stripe-app.json'), join(app, 'stripe-app.json'));
    through.push(time(process.execPath, [bin, 'upload', '--yes'], { cwd: app }));
  }
  const [d, t] = [median(direct), median(through)];
  console.log(`${megabytes} MB without a newline, median of ${runs}:`);
  console.log(`  fake stripe alone      ${d.toFixed(0)} ms`);
  console.log(
    `  through rak-app upload ${t.toFixed(0)} ms  (${(t / d).toFixed(2)}x; rak-app adds ${(t - d).toFixed(0)} ms)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
