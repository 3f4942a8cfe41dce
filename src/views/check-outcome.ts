/** How a check's result ends a run: inputs that could not be read, then the thresholds. */
import type { Io } from '../adapters/io.js';
import type { CheckResult } from '../core/finding.js';
import { convertCommand } from '../core/messages.js';
import { placedIn } from '../core/source-file.js';
import { failedThreshold, type Outcome, type Thresholds } from '../exit-codes.js';

/** What a check's result comes to: inputs that could not be read are a usage error; then the thresholds. */
export function checkOutcome(result: CheckResult, thresholds: Thresholds): Outcome {
  if ((result.inputErrors ?? []).length > 0) return 'usage';
  return failedThreshold(result, thresholds) ? 'failure' : 'ok';
}

/**
 * Why a check's result fails the run, in a sentence, where it is not the errors themselves (which the
 * report lists): paths that could not be checked, or a threshold. The `reason` of --json's envelope.
 */
export function outcomeReason(result: CheckResult, thresholds: Thresholds): string | undefined {
  const unread = result.inputErrors ?? [];
  if (unread.length === 1) return placedIn(unread[0]!.path, unread[0]!.message);
  if (unread.length > 1)
    return `${unread.length} paths could not be checked; the first, ${placedIn(unread[0]!.path, unread[0]!.message)}`;
  const failed = failedThreshold(result, thresholds);
  if (failed === 'max-warnings')
    return `too many warnings: ${result.warningCount}, and --max-warnings is ${thresholds.maxWarnings}.`;
  if (failed === 'strict') return '--strict fails on any finding, and there are some.';
  return undefined;
}

/** Writes what fails the run to stderr; returns the outcome. */
export function reportOutcome(result: CheckResult, thresholds: Thresholds, io: Io): Outcome {
  // Paths that could not be checked come last, after everything that could be, and decide the code.
  for (const problem of result.inputErrors ?? []) {
    io.stderr.write(
      `rak-app: ${placedIn(problem.path, problem.message)}\n${problem.hint ? `  ${problem.hint}\n` : ''}`,
    );
  }
  if ((result.inputErrors ?? []).length > 0) return 'usage';
  const failed = failedThreshold(result, thresholds);
  if (failed === 'max-warnings' || failed === 'strict')
    io.stderr.write(`rak-app: ${outcomeReason(result, thresholds)}\n`);
  return failed ? 'failure' : 'ok';
}

/** The --json envelope of a check's result: the command, how it ends, and why where it fails. */
export function checkEnvelope(
  command: string,
  result: CheckResult,
  thresholds: Thresholds,
): { command: string; outcome: Outcome; reason?: string; next: string[] } {
  const reason = outcomeReason(result, thresholds);
  return {
    command,
    outcome: checkOutcome(result, thresholds),
    ...(reason !== undefined ? { reason } : {}),
    next: nextCommands(result),
  };
}

/** The commands the findings name for the user to run (`rak-app convert <folder>`), each once. */
function nextCommands(result: CheckResult): string[] {
  const commands = result.files.flatMap((f) =>
    f.findings.flatMap((x) => {
      const folder = x.data?.['folder'];
      const convert =
        (x.messageId === 'accessTypeMissing' ||
          (x.messageId === 'accessTypeWrong' && x.data?.['nearMiss'] === false)) &&
        typeof folder === 'string';
      return convert ? [convertCommand(folder)] : [];
    }),
  );
  return [...new Set(commands)];
}
