/** What the Stripe CLI adapter can tell about this machine: what doctor diagnoses, and preflight too. */
import { quoteForShell } from '../words.js';
import { join } from 'node:path';
import type { Io } from '../adapters/io.js';
import {
  findAppsPlugin,
  locateStripe,
  MINIMUM_APPS_PLUGIN_VERSION,
  MINIMUM_STRIPE_VERSION,
  readInstalledPlugins,
  readLoginProfile,
  readStripeVersion,
  stripeCommandFor,
  stripeConfigFolder,
  whyPluginCannotStart,
} from '../adapters/stripe-cli.js';
import type { EnvironmentFacts } from '../core/doctor.js';
import { NODE_RANGE } from '../engines.js';

export interface FactsOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  ci: Io['ci'];
  /** `--stripe <path>`. */
  stripe?: string;
  terminal: { stdin: boolean; stdout: boolean };
  /** Told which stripe is used and each command run (--verbose). */
  verbose?: (line: string) => void;
}

export async function gatherFacts(options: FactsOptions): Promise<EnvironmentFacts> {
  const { env } = options;
  const stripe = locateStripe({ env, cwd: options.cwd, ...(options.stripe ? { stripeFlag: options.stripe } : {}) });
  if (stripe) options.verbose?.(`stripe: ${stripe.path} (${stripe.source})`);
  const [stripeVersion, login, installedPlugins] = await Promise.all([
    stripe ? readStripeVersion(stripe.path, env) : Promise.resolve(undefined),
    readLoginProfile(env),
    readInstalledPlugins(env),
  ]);
  if (stripe) options.verbose?.(`ran: ${quoteForShell(stripe.path)} --version`);
  const plugin = findAppsPlugin(env);
  const pluginUnrunnable = plugin ? await whyPluginCannotStart(env, plugin) : undefined;
  return {
    nodeVersion: process.versions.node,
    nodeRange: NODE_RANGE,
    stripe,
    stripeCommand: stripeCommandFor(stripe),
    stripeVersion,
    minimumStripeVersion: MINIMUM_STRIPE_VERSION,
    plugin,
    ...(pluginUnrunnable ? { pluginUnrunnable } : {}),
    pluginListed: installedPlugins === undefined ? undefined : installedPlugins.includes('apps'),
    configFile: join(stripeConfigFolder(env), 'config.toml'),
    minimumPluginVersion: MINIMUM_APPS_PLUGIN_VERSION,
    pluginsFolder: env['STRIPE_PLUGINS_PATH'] || join(stripeConfigFolder(env), 'plugins'),
    login,
    apiKeyFromEnv: env['STRIPE_API_KEY'] || undefined,
    ci: options.ci,
    terminal: options.terminal,
    today: new Date().toISOString().slice(0, 10),
  };
}
