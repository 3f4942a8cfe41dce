/**
 * `--json` for a command that prints a result: standard output carries one document, whatever ends
 * the run (an input error included), and everything else the command says goes to stderr.
 */
import type { Io } from './adapters/io.js';
import { isUserError } from './errors.js';
import type { Outcome } from './exit-codes.js';

export interface Reported {
  outcome: Outcome;
  /** The result as data, for --json. */
  document: Record<string, unknown>;
}

export async function reportWithJson(
  io: Io,
  json: boolean,
  work: (shown: Io) => Promise<Reported>,
  finish: (outcome: Outcome) => void,
): Promise<void> {
  // With --json, what a person reads goes to stderr, and standard output is the document alone.
  const shown: Io = json ? { ...io, stdout: io.stderr } : io;
  let reported: Reported;
  try {
    reported = await work(shown);
  } catch (error) {
    if (!json || !isUserError(error)) throw error;
    const reason = `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
    io.stdout.write(`${JSON.stringify({ status: 'failed', reason }, null, 2)}\n`);
    finish('usage');
    return;
  }
  if (json) io.stdout.write(`${JSON.stringify({ ...reported.document, exitCode: reported.outcome }, null, 2)}\n`);
  finish(reported.outcome);
}
