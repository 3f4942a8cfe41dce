/** `rak-app doctor`: gathers what the Stripe CLI adapter can tell about this machine, then diagnoses. */
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { canPrompt, type Io } from '../adapters/io.js';
import { createPainter, formatDoctor, wantsColor } from '../adapters/output.js';
import {
  findAppsPlugin,
  locateStripe,
  quoteForShell,
  MINIMUM_APPS_PLUGIN_VERSION,
  MINIMUM_STRIPE_VERSION,
  readInstalledPlugins,
  whyPluginCannotStart,
  readLoginProfile,
  readStripeVersion,
  stripeCommandFor,
  stripeConfigFolder,
} from '../adapters/stripe-cli.js';
import type { CommandContext } from '../command.js';
import { diagnose, type DoctorReport, type EnvironmentFacts } from '../core/doctor.js';

/** The descriptions of the --stripe and --verbose flags, which every command that runs Stripe takes. */
export const STRIPE_FLAG =
  'the Stripe CLI to run (default: RAK_APP_STRIPE, else stripe on PATH, else the bundled @stripe/cli)';
export const VERBOSE_FLAG = 'say which stripe is used and print every command run';

/** What the --stripe and --verbose flags give a command. */
export function stripeSettings(
  options: { stripe?: string; verbose?: boolean },
  io: Io,
): Pick<StripeCommandOptions, 'stripe' | 'verbose'> {
  return {
    ...(options.stripe !== undefined ? { stripe: options.stripe } : {}),
    ...(options.verbose ? { verbose: (line: string) => io.stderr.write(`rak-app: ${line}\n`) } : {}),
  };
}

/** Everything a command that runs Stripe takes from its flags and the io, but where output goes. */
export function stripeCommandOptions(
  options: { stripe?: string; verbose?: boolean; promptTimeout: number; stripeTimeout: number },
  io: Io,
): Omit<StripeCommandOptions, 'write'> {
  return {
    env: io.env,
    cwd: io.cwd,
    ci: io.ci,
    ...stripeSettings(options, io),
    // Nobody answers a prompt without a terminal, or in CI even at one.
    interactive: canPrompt(io),
    promptTimeoutSeconds: options.promptTimeout,
    stripeTimeoutSeconds: options.stripeTimeout,
  };
}

export function register(command: Command, { io, color, finish }: CommandContext): void {
  command
    .description('Check this machine: Node.js, the Stripe CLI, its apps plugin, the login.')
    .option('--json', 'print the report as JSON')
    .option('--stripe <path>', STRIPE_FLAG)
    .option('--verbose', VERBOSE_FLAG)
    .action(async (options) => {
      const report = await doctorCommand({
        env: io.env,
        cwd: io.cwd,
        ci: io.ci,
        terminal: { stdin: io.stdinIsTTY, stdout: io.stdout.isTTY },
        ...stripeSettings(options, io),
      });
      if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else
        io.stdout.write(
          formatDoctor(report, await createPainter(color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env))),
        );
      finish(report.blocking ? 'stripe' : 'ok');
    });
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  ci: Io['ci'];
  /** `--stripe <path>`. */
  stripe?: string;
  terminal: { stdin: boolean; stdout: boolean };
  /** Told which stripe is used and each command run (--verbose). */
  verbose?: (line: string) => void;
}

export async function gatherFacts(options: DoctorOptions): Promise<EnvironmentFacts> {
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

export async function doctorCommand(options: DoctorOptions): Promise<DoctorReport> {
  return diagnose(await gatherFacts(options));
}

/** What every command that runs `stripe apps` is given. */
export interface StripeCommandOptions {
  env: NodeJS.ProcessEnv;
  /** Where rak-app runs: a relative --stripe or RAK_APP_STRIPE is resolved from here. */
  cwd: string;
  ci: Io['ci'];
  /** `--stripe <path>`. */
  stripe?: string;
  /** A person at a terminal answers Stripe's prompts. */
  interactive: boolean;
  /** Without a terminal: how long stripe may wait or stay silent, in seconds. */
  promptTimeoutSeconds: number;
  /** Without a terminal: how long the whole stripe run may take, in seconds. */
  stripeTimeoutSeconds: number;
  /** Streams Stripe's output through. */
  write: (fd: 1 | 2, text: string) => void;
  verbose?: (line: string) => void;
}

export type Preflight =
  | { kind: 'ready'; facts: EnvironmentFacts; stripePath: string }
  | { kind: 'blocked'; facts: EnvironmentFacts; report: DoctorReport };

/**
 * Doctor's checks before a command runs `stripe apps`: what fails and matters to that command
 * blocks it (every failing check, unless `matters` says otherwise).
 */
export async function preflight(
  options: StripeCommandOptions,
  matters: (check: DoctorReport['checks'][number], facts: EnvironmentFacts) => boolean = () => true,
): Promise<Preflight> {
  const facts = await gatherFacts({
    env: options.env,
    cwd: options.cwd,
    ci: options.ci,
    ...(options.stripe ? { stripe: options.stripe } : {}),
    terminal: { stdin: options.interactive, stdout: options.interactive },
    ...(options.verbose ? { verbose: options.verbose } : {}),
  });
  const blocking = diagnose(facts).checks.filter((c) => c.status === 'fail' && matters(c, facts));
  if (blocking.length > 0 || !facts.stripe)
    return { kind: 'blocked', facts, report: { checks: blocking, blocking: true } };
  return { kind: 'ready', facts, stripePath: facts.stripe.path };
}
