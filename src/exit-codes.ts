/** The exit codes every rak-app command uses (README.md documents them). */
import type { CheckResult } from './core/finding.js';

export const EXIT = {
  /** Done; no errors. */
  ok: 0,
  /** Findings with errors, or a refused, failed or declined operation. */
  failure: 1,
  /** Usage or input error: unknown flag, missing path, unreadable file. */
  usage: 2,
  /** Consent needed and not given. */
  consent: 3,
  /** The Stripe CLI cannot do it. */
  stripe: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export interface CheckExitOptions {
  /** Fail when there are more warnings than this. */
  maxWarnings?: number;
  /** Fail on any finding at all. */
  strict?: boolean;
}

export function checkExitCode(result: CheckResult, options: CheckExitOptions): number {
  if (result.errorCount > 0) return EXIT.failure;
  if (options.strict && result.warningCount + result.infoCount > 0) return EXIT.failure;
  if (options.maxWarnings !== undefined && result.warningCount > options.maxWarnings) return EXIT.failure;
  return EXIT.ok;
}
