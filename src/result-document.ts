/**
 * `--json`: one result envelope for every command. Standard output carries one document, whatever
 * ends the run (an input error included): `schemaVersion`, `command`, `status`, a numeric `exitCode`
 * equal to the process's, `reason` (prose, for people) and `next` (commands only), then the
 * command's own fields. Everything else the command says goes to stderr.
 */
import type { Io } from './adapters/io.js';
import { isUserError } from './errors.js';
import { EXIT, type Outcome } from './exit-codes.js';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const RESULT_SCHEMA_VERSION = 1;

export interface Envelope {
  /** The command as typed: `upload`, `permissions scan`. */
  command: string;
  outcome: Outcome;
  status: string;
  reason?: string;
  next?: readonly string[];
}

/** The document for a result: the envelope's fields first, then the command's own. */
export function resultDocument(envelope: Envelope, fields: Record<string, unknown> = {}): string {
  const { command, outcome, status, reason, next } = envelope;
  const document = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    command,
    status,
    exitCode: EXIT[outcome],
    ...(reason !== undefined ? { reason } : {}),
    next: next ?? [],
    ...fields,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export interface Reported {
  outcome: Outcome;
  status: string;
  reason?: string;
  next?: readonly string[];
  /** The command's own fields. */
  document: Record<string, unknown>;
}

/** Runs a command's work; with --json, prints its envelope whatever ends it, a usage error included. */
export async function reportWithJson(
  io: Io,
  command: string,
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
    io.stdout.write(usageErrorDocument(command, error));
    finish('usage');
    return;
  }
  if (json) {
    const { outcome, status, reason, next, document } = reported;
    io.stdout.write(
      resultDocument(
        { command, outcome, status, ...(reason !== undefined ? { reason } : {}), ...(next ? { next } : {}) },
        document,
      ),
    );
  }
  finish(reported.outcome);
}

/** The envelope of a run ended by bad input (exit 2). */
export function usageErrorDocument(
  command: string,
  error: { message: string; hint?: string | undefined },
  /** The command's own fields, present (as null) whatever ends the run. */
  document?: Record<string, unknown>,
): string {
  const reason = `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  return resultDocument({ command, outcome: 'usage', status: 'failed', reason }, document);
}
