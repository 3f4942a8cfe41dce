import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';
import { run, tempDir } from './run.js';

export const FAKE_STRIPE = join(ROOT, 'test', 'fixtures', 'fake-stripe', 'stripe');

/**
 * A home folder for the Stripe CLI, as `stripe login` and `stripe plugin install apps` leave it:
 * the apps plugin under stripe/plugins/apps/<version>/ and a profile with an account in config.toml.
 */
export function stripeHome(
  options: {
    plugin?: string | false;
    login?: boolean;
    expires?: string;
    /** More of config.toml after the default profile: another profile's table. */
    more?: string;
  } = {},
): {
  home: string;
  env: Record<string, string>;
} {
  const home = tempDir();
  const config = join(home, '.config', 'stripe');
  mkdirSync(config, { recursive: true });
  const plugin = options.plugin === undefined ? '1.15.22' : options.plugin;
  if (plugin) {
    const dir = join(config, 'plugins', 'apps', plugin);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stripe-cli-apps'), '');
    chmodSync(join(dir, 'stripe-cli-apps'), 0o755);
    // The metadata `stripe plugin install apps` caches, without which the CLI cannot start it.
    writeFileSync(
      join(config, 'plugins.toml'),
      `[[Plugin]]\nShortname = 'apps'\nBinary = 'stripe-cli-apps'\nMagicCookieValue = 'x'\n\n[[Plugin.Release]]\nArch = 'amd64'\nOS = 'linux'\nVersion = '${plugin}'\nSum = ''\n`,
    );
  }
  // `stripe plugin install apps` lists the plugin in config.toml; `stripe login` adds the profile.
  const listed = plugin ? "installed_plugins = ['apps']\n\n" : '';
  const profile =
    options.login === false
      ? ''
      : `color = ''\nproject-name = 'default'\n\n[default]\naccount_id = 'acct_1Example'\ndisplay_name = 'Example Co'\ntest_mode_key_expires_at = '${options.expires ?? '2099-01-01'}'\n`;
  if (listed || profile || options.more)
    writeFileSync(join(config, 'config.toml'), `${listed}${profile}${options.more ? `\n${options.more}` : ''}`);
  return { home, env: { HOME: home, XDG_CONFIG_HOME: '', STRIPE_PLUGINS_PATH: '', STRIPE_API_KEY: '' } };
}

export interface FakeStripeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The argv of each `stripe` call the fake received, in order. */
  calls: string[][];
}

/** Runs rak-app with the fake `stripe` (a scenario), in a Stripe home set up as asked. */
export async function runWithFakeStripe(
  args: string[],
  options: {
    cwd: string;
    scenario?: string;
    home?: Parameters<typeof stripeHome>[0];
    env?: Record<string, string | undefined>;
  },
): Promise<FakeStripeRun> {
  const { env } = stripeHome(options.home);
  const log = join(tempDir(), 'stripe-calls.jsonl');
  const result = await run(args, {
    cwd: options.cwd,
    env: {
      ...env,
      RAK_APP_STRIPE: FAKE_STRIPE,
      FAKE_STRIPE_SCENARIO: options.scenario ?? 'default',
      FAKE_STRIPE_LOG: log,
      ...options.env,
    },
  });
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).args as string[])
    : [];
  return { ...result, calls };
}
