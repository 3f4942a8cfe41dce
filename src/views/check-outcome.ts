/** How a check's result ends a run: inputs that could not be read, then the thresholds. */
import type { Io } from '../adapters/io.js';
import type { CheckResult } from '../core/finding.js';
import { failedThreshold, type Outcome, type Thresholds } from '../exit-codes.js';

/** What a check's result comes to: inputs that could not be read are a usage error; then the thresholds. */
export function checkOutcome(result: CheckResult, thresholds: Thresholds): Outcome {
  if ((result.inputErrors ?? []).length > 0) return 'usage';
  return failedThreshold(result, thresholds) ? 'failure' : 'ok';
}

/** Writes what fails the run to stderr; returns the outcome. */
export function reportOutcome(result: CheckResult, thresholds: Thresholds, io: Io): Outcome {
  // Paths that could not be checked come last, after everything that could be, and decide the code.
  for (const problem of result.inputErrors ?? []) {
    io.stderr.write(`rak-app: ${problem.path}: ${problem.message}\n${problem.hint ? `  ${problem.hint}\n` : ''}`);
  }
  if ((result.inputErrors ?? []).length > 0) return 'usage';
  const failed = failedThreshold(result, thresholds);
  if (failed === 'max-warnings') {
    io.stderr.write(
      `rak-app: too many warnings: ${result.warningCount}, and --max-warnings is ${thresholds.maxWarnings}.\n`,
    );
  } else if (failed === 'strict') {
    io.stderr.write('rak-app: --strict fails on any finding, and there are some.\n');
  }
  return failed ? 'failure' : 'ok';
}
