import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';
import { tempDir } from './run.js';

export const EMULATED_PLUGIN = join(ROOT, 'test', 'fixtures', 'apps-plugin', 'stripe-cli-apps.cjs');

/**
 * A Stripe CLI home where the real binary (@stripe/cli) runs the emulated apps plugin, offline: a
 * logged-in profile with made-up keys, the plugin listed as installed (config.toml) and in the cached
 * plugin metadata (plugins.toml), and its binary where STRIPE_PLUGINS_PATH makes the CLI look,
 * as the local development build `local.build.dev`, which it runs without a checksum.
 */
export function pluginSandbox(options: { login?: boolean } = {}): {
  env: Record<string, string>;
  /** The CLI's cached plugin metadata, which must list "apps" for the CLI to run it. */
  pluginsToml: string;
  /** The plugin's executable, which the CLI runs. */
  pluginBinary: string;
} {
  const root = tempDir();
  const config = join(root, 'config', 'stripe');
  const plugins = join(root, 'plugins');
  const binary = join(plugins, 'apps', 'local.build.dev', 'stripe-cli-apps');
  mkdirSync(config, { recursive: true });
  mkdirSync(join(plugins, 'apps', 'local.build.dev'), { recursive: true });
  const profile =
    options.login === false
      ? ''
      : [
          '[default]',
          "account_id = 'acct_1Example'",
          "display_name = 'Example Co'",
          `test_mode_api_key = 'sk_test_${'0'.repeat(24)}'`,
          `test_mode_pub_key = 'pk_test_${'0'.repeat(24)}'`,
          "test_mode_key_expires_at = '2099-01-01'",
          '',
        ].join('\n');
  writeFileSync(join(config, 'config.toml'), `installed_plugins = ['apps']\n\n${profile}`);
  writeFileSync(
    join(config, 'plugins.toml'),
    [
      '[[Plugin]]',
      '  Shortname = "apps"',
      '  Binary = "stripe-cli-apps"',
      '  MagicCookieValue = "rak-app-emulated-apps-plugin"',
      '  [[Plugin.Release]]',
      `    Arch = "${process.arch === 'x64' ? 'amd64' : process.arch}"`,
      `    OS = "${process.platform}"`,
      '    Version = "1.15.22"',
      '    Sum = "0000000000000000000000000000000000000000000000000000000000000000"',
      '',
    ].join('\n'),
  );
  writeFileSync(
    binary,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(EMULATED_PLUGIN)} "$@"\n`,
  );
  chmodSync(binary, 0o755);
  return {
    pluginsToml: join(config, 'plugins.toml'),
    pluginBinary: binary,
    env: {
      HOME: join(root, 'home'),
      XDG_CONFIG_HOME: join(root, 'config'),
      STRIPE_PLUGINS_PATH: plugins,
      STRIPE_API_KEY: '',
    },
  };
}
