/** The exit codes every rak-app command uses (README.md documents them); src/cli.ts applies them. */
import type { CheckResult } from './core/finding.js';

export const EXIT = {
  /** Done; no errors. */
  ok: 0,
  /** Findings with errors, or a refused, failed or declined operation. */
  failure: 1,
  /** Usage or input error: unknown flag, missing path, unreadable file; also an internal error (as ESLint does). */
  usage: 2,
  /** Consent needed and not given. */
  consent: 3,
  /** The Stripe CLI cannot do it; for key check, the Stripe API did not answer. */
  stripe: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

/** What a command's run came to; EXIT gives its code. */
export type Outcome = keyof typeof EXIT;

export interface Thresholds {
  /** Fail when there are more warnings than this; a negative number means no limit. */
  maxWarnings?: number;
  /** Fail on any finding at all. */
  strict?: boolean;
}

/** Why a report with findings fails, or undefined when it passes. */
export function failedThreshold(
  result: CheckResult,
  options: Thresholds,
): 'errors' | 'strict' | 'max-warnings' | undefined {
  if (result.errorCount > 0) return 'errors';
  if (options.strict && result.warningCount + result.infoCount > 0) return 'strict';
  const max = options.maxWarnings;
  if (max !== undefined && max >= 0 && result.warningCount > max) return 'max-warnings';
  return undefined;
}
