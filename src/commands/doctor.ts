/** `rak-app doctor`: gathers what the Stripe CLI adapter can tell about this machine, then diagnoses. */
import { join } from 'node:path';
import {
  compareVersions,
  findAppsPlugin,
  locateStripe,
  quoteForShell,
  MINIMUM_APPS_PLUGIN_VERSION,
  MINIMUM_STRIPE_VERSION,
  readLoginProfile,
  readStripeVersion,
  stripeConfigFolder,
} from '../adapters/stripe-cli.js';
import { diagnose, type DoctorReport, type EnvironmentFacts } from '../core/doctor.js';

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  /** `--stripe <path>`. */
  stripe?: string;
  terminal: { stdin: boolean; stdout: boolean };
  /** Told which stripe is used and each command run (--verbose). */
  verbose?: (line: string) => void;
}

export async function gatherFacts(options: DoctorOptions): Promise<EnvironmentFacts> {
  const { env } = options;
  const stripe = locateStripe({ env, ...(options.stripe ? { stripeFlag: options.stripe } : {}) });
  if (stripe) options.verbose?.(`stripe: ${stripe.path} (${stripe.source})`);
  const [stripeVersion, login, ci] = await Promise.all([
    stripe ? readStripeVersion(stripe.path, env) : Promise.resolve(undefined),
    readLoginProfile(env),
    import('ci-info'),
  ]);
  if (stripe) options.verbose?.(`ran: ${quoteForShell(stripe.path)} --version`);
  return {
    nodeVersion: process.versions.node,
    stripe,
    stripeVersion,
    minimumStripeVersion: MINIMUM_STRIPE_VERSION,
    plugin: findAppsPlugin(env),
    minimumPluginVersion: MINIMUM_APPS_PLUGIN_VERSION,
    pluginsFolder: env['STRIPE_PLUGINS_PATH'] || join(stripeConfigFolder(env), 'plugins'),
    login,
    apiKeyFromEnv: env['STRIPE_API_KEY'] || undefined,
    ci: { isCI: ci.default.isCI, name: ci.default.name },
    terminal: options.terminal,
    today: new Date().toISOString().slice(0, 10),
    compareVersions,
  };
}

export async function doctorCommand(options: DoctorOptions): Promise<DoctorReport> {
  return diagnose(await gatherFacts(options));
}
