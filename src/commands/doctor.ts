/** `rak-app doctor`: gathers what the Stripe CLI adapter can tell about this machine, then diagnoses. */
import { join } from 'node:path';
import {
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
  };
}

export async function doctorCommand(options: DoctorOptions): Promise<DoctorReport> {
  return diagnose(await gatherFacts(options));
}

/** What every command that runs `stripe apps` is given. */
export interface StripeCommandOptions {
  env: NodeJS.ProcessEnv;
  /** `--stripe <path>`. */
  stripe?: string;
  /** A person at a terminal answers Stripe's prompts. */
  interactive: boolean;
  /** Without a terminal: how long stripe may wait or stay silent, in seconds. */
  promptTimeoutSeconds: number;
  /** Streams Stripe's output through. */
  write: (fd: 1 | 2, text: string) => void;
  verbose?: (line: string) => void;
}

export type Preflight = { kind: 'ready'; facts: EnvironmentFacts; stripePath: string } | { kind: 'blocked'; facts: EnvironmentFacts; report: DoctorReport };

/**
 * Doctor's checks before a command runs `stripe apps`: what fails and matters to that command
 * blocks it (every failing check, unless `matters` says otherwise).
 */
export async function preflight(options: StripeCommandOptions, matters: (check: DoctorReport['checks'][number], facts: EnvironmentFacts) => boolean = () => true): Promise<Preflight> {
  const facts = await gatherFacts({
    env: options.env,
    ...(options.stripe ? { stripe: options.stripe } : {}),
    terminal: { stdin: options.interactive, stdout: options.interactive },
    ...(options.verbose ? { verbose: options.verbose } : {}),
  });
  const blocking = diagnose(facts).checks.filter((c) => c.status === 'fail' && matters(c, facts));
  if (blocking.length > 0 || !facts.stripe) return { kind: 'blocked', facts, report: { checks: blocking, blocking: true } };
  return { kind: 'ready', facts, stripePath: facts.stripe.path };
}
