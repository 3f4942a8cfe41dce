/**
 * The options every command that runs `stripe apps` takes (init, convert, upload), declared once:
 * a Stripe flag added here reaches each of them, its --help and its options.
 */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { canPrompt, type Io } from '../adapters/io.js';
import { UserError } from '../errors.js';
import { parseSeconds } from '../flags.js';

export const STRIPE_FLAG =
  'the Stripe CLI to run (default: RAK_APP_STRIPE, else stripe on PATH, else the bundled @stripe/cli)';
/** --stripe: a path; an empty one is a mistake (an unset variable), not "look for one". */
export function parseStripePath(value: string): string {
  if (value === '')
    throw new UserError(
      '--stripe takes the path of a Stripe CLI; got an empty one.',
      'Leave it out to use RAK_APP_STRIPE, else stripe on PATH, else the bundled @stripe/cli.',
    );
  return value;
}
export const VERBOSE_FLAG = 'say which stripe is used and print every command run';

/** What a command's --prompt-timeout stops: Stripe waiting for an answer, or printing nothing. */
export interface PromptTimeout {
  what: string;
  seconds: number;
  /** When both timeouts apply: without a terminal, or always for upload, which never gives stripe one. */
  when?: string;
}

/** Declares the Stripe options on a command: --prompt-timeout, --stripe-timeout, --stripe, --verbose. */
export function withStripeOptions<Args extends unknown[], Opts extends OptionValues>(
  command: Command<Args, Opts>,
  promptTimeout: PromptTimeout,
) {
  return command
    .option(
      '--prompt-timeout <seconds>',
      `${promptTimeout.when ?? 'without a terminal'}: stop stripe when it ${promptTimeout.what} for this long, in seconds`,
      parseSeconds('--prompt-timeout'),
      promptTimeout.seconds,
    )
    .option(
      '--stripe-timeout <seconds>',
      `${promptTimeout.when ?? 'without a terminal'}: stop stripe when it has run this long, in seconds`,
      parseSeconds('--stripe-timeout'),
      900,
    )
    .option('--stripe <path>', STRIPE_FLAG, parseStripePath)
    .option('--verbose', VERBOSE_FLAG);
}

/** The Stripe options as commander parses them. */
export interface StripeFlags {
  promptTimeout: number;
  stripeTimeout: number;
  stripe?: string;
  verbose?: boolean;
}

/** Everything a command that runs Stripe takes from its flags and the io. */
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

/** What the --stripe and --verbose flags give a command (doctor takes these two alone). */
export function stripeSettings(
  options: { stripe?: string; verbose?: boolean },
  io: Io,
): Pick<StripeCommandOptions, 'stripe' | 'verbose'> {
  return {
    stripe: options.stripe,
    ...(options.verbose ? { verbose: (line: string) => io.stderr.write(`rak-app: ${line}\n`) } : {}),
  };
}

/** The flags and the io as a command's Stripe options; `write` defaults to the io's own streams. */
export function stripeCommandOptions(options: StripeFlags, io: Io, shown: Io = io): StripeCommandOptions {
  return {
    env: io.env,
    cwd: io.cwd,
    ci: io.ci,
    ...stripeSettings(options, io),
    // Nobody answers a prompt without a terminal, or in CI even at one.
    interactive: canPrompt(io),
    promptTimeoutSeconds: options.promptTimeout,
    stripeTimeoutSeconds: options.stripeTimeout,
    write: (fd, text) => (fd === 1 ? shown.stdout : shown.stderr).write(text),
  };
}
