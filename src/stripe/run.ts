/**
 * Running `stripe apps …` for a command (init, convert, upload): doctor's checks first, then the run
 * with the command's answers, then one typed result; a run that stopped is reported the same way by
 * every command. Also the app lock those commands hold while they change an app.
 */
import { dirname, join, resolve } from 'node:path';
import { quoteForShell } from '../words.js';
import { lockApp, savedCopiesOf } from '../adapters/files.js';
import { LEDGER_FILE } from '../core/ledger.js';
import { type PromptAnswer, runStripe, stripeCommandFor } from '../adapters/stripe-cli.js';
import { diagnose, type DoctorReport, type EnvironmentFacts } from '../core/doctor.js';
import { describeStripeStop } from '../core/messages.js';
import { displayPath } from '../core/source-file.js';
import type { StripeOutcome, StripeStopOutcome } from '../core/stripe-outcome.js';
import type { Outcome } from '../exit-codes.js';
import { gatherFacts } from './facts.js';
import type { StripeCommandOptions } from './options.js';

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

/** One `stripe apps …` call of a command. */
export interface StripeCall {
  args: readonly string[];
  /** Where stripe runs: the app folder, or where a new app is made. */
  cwd: string;
  /** Without a terminal: the prompts rak-app answers. */
  answers?: PromptAnswer[];
  /** The line Stripe prints when the work is done (reported as sawSuccess). */
  successLine?: RegExp;
  /** A line by which Stripe says a step failed: after the answer, the run is no success (runStripe). */
  failureLine?: RegExp;
  /** At a terminal, stripe gets it (its prompts are the user's); default: the options say. */
  interactive?: boolean;
}

/** A run that stopped, with the command as the user can paste it. */
export interface StripeStop {
  outcome: StripeStopOutcome;
  /** The whole command line, e.g. `stripe apps upload`. */
  command: string;
  /** The Stripe CLI as the user can run it: `stripe`, or the path of one not on their PATH. */
  stripe: string;
  /** The folder it ran in, as the user names it from where they ran rak-app, when that is another. */
  runIn?: string;
}

export type StripeRun =
  | { kind: 'ok'; outcome: Extract<StripeOutcome, { kind: 'ok' }> }
  | { kind: 'stopped'; stop: StripeStop };

/** The Stripe CLI as hints name it, for a preflight that found it. */
export const stripeAsTyped = (ready: Extract<Preflight, { kind: 'ready' }>): string =>
  stripeCommandFor(ready.facts.stripe);

/** Runs `stripe` with the command's options: its timeouts, its terminal, its output and --verbose. */
export async function runStripeApps(
  ready: Extract<Preflight, { kind: 'ready' }>,
  options: StripeCommandOptions,
  call: StripeCall,
): Promise<StripeRun> {
  const outcome = await runStripe(ready.stripePath, {
    args: [...call.args],
    cwd: call.cwd,
    env: options.env,
    interactive: call.interactive ?? options.interactive,
    ...(call.answers ? { answers: call.answers } : {}),
    ...(call.successLine ? { successLine: call.successLine } : {}),
    ...(call.failureLine ? { failureLine: call.failureLine } : {}),
    promptTimeoutMs: options.promptTimeoutSeconds * 1000,
    maxRunMs: options.stripeTimeoutSeconds * 1000,
    write: options.write,
    ...(options.verbose ? { onCommand: (c: string) => options.verbose?.(`running: ${c}`) } : {}),
  });
  if (outcome.kind === 'ok') return { kind: 'ok', outcome };
  const stripe = stripeAsTyped(ready);
  const runIn = resolve(call.cwd) === resolve(options.cwd) ? undefined : displayPath(call.cwd, options.cwd);
  return {
    kind: 'stopped',
    stop: { outcome, command: `${stripe} ${call.args.join(' ')}`, stripe, ...(runIn ? { runIn } : {}) },
  };
}

/** A command's result that is Stripe stopped by a signal: its --json status is `interrupted`, as the exit is 130. */
export const stoppedBySignal = (result: { kind: string; stop?: StripeStop }): boolean =>
  result.kind === 'stripe' && result.stop?.outcome.kind === 'interrupted';

/** What a stopped run means, what to run next (commands only), and the exit it gives. */
export function stopReport(
  stop: StripeStop,
  promptTimeoutSeconds: number,
): { message: string; hint: string; next: string[]; outcome: Outcome } {
  const { message, hint } = describeStripeStop(stop.outcome, stop.command, promptTimeoutSeconds, stop.stripe);
  const kind = stop.outcome.kind;
  const next =
    kind === 'not-logged-in'
      ? [`${stop.stripe} login`]
      : kind === 'plugin-missing'
        ? [`${stop.stripe} login`, `${stop.stripe} plugin install apps`]
        : kind === 'prompt-blocked'
          ? // Pasted where rak-app ran, it must run where Stripe did: in the app's folder.
            [stop.runIn ? `cd ${quoteForShell(stop.runIn)} && ${stop.command}` : stop.command]
          : [];
  const outcome: Outcome = kind === 'interrupted' ? 'interrupted' : kind === 'failed' ? 'failure' : 'stripe';
  return { message, hint, next, outcome };
}

/**
 * Runs `work` holding the app's lock, so that no other rak-app changes the app or its ledger at the
 * same time; temporary files a killed run left are removed, and said so.
 */
export async function withAppLock<T>(
  manifestPath: string,
  command: string,
  options: { cwd: string; write: (fd: 1 | 2, text: string) => void },
  work: () => Promise<T>,
  /** The work writes nothing (a dry run): in a folder that cannot be written, it runs unlocked. */
  writesNothing = false,
): Promise<T> {
  const lock = lockApp(dirname(manifestPath), command, writesNothing);
  for (const file of lock.removed) {
    options.write(2, `rak-app: removed ${displayPath(file, options.cwd)}, left by an interrupted run's write.\n`);
  }
  // An upload killed after Stripe uploaded (SIGKILL, a crash) could record nothing.
  const dead = lock.takenFrom;
  if (dead?.command === 'upload') {
    const ledger = displayPath(join(dirname(manifestPath), LEDGER_FILE), options.cwd);
    options.write(
      2,
      `rak-app: a \`rak-app upload\` (process ${dead.pid ?? '?'}, since ${dead.since ?? '?'}) ended without finishing: if it was stopped after Stripe uploaded, ${ledger} may lack that upload. Check the app's version history in the Dashboard.\n`,
    );
  }
  // A convert killed while Stripe rewrote the manifest (SIGKILL, a crash) may have left it half
  // written; the copy it kept of the bytes before is named, never put back unasked.
  if (dead?.command === 'convert' && dead.pid !== undefined) {
    for (const copy of savedCopiesOf(manifestPath, dead.pid)) {
      const shown = displayPath(manifestPath, options.cwd);
      options.write(
        2,
        `rak-app: a \`rak-app convert\` (process ${dead.pid}, since ${dead.since ?? '?'}) ended without finishing; ${shown} as it was before it is kept in ${displayPath(copy, options.cwd)}. If ${shown} is not as you want it, copy that file back over it; then remove the copy.\n`,
      );
    }
  }
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** Runs work that changes the user's files so that a Ctrl-C lets it finish (src/cli.ts gives it). */
export const shielded =
  (uninterruptible: (<T>(work: () => Promise<T>) => Promise<T>) | undefined) =>
  <T>(work: () => Promise<T>): Promise<T> =>
    uninterruptible ? uninterruptible(work) : work();
