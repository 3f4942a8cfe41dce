/** Findings are data: what a rule saw, where, and how bad. Wording is made in messages.ts. */
import type { MessageId } from './messages.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** What the message says, as data: a stable id (one per kind of message) and its values. */
  messageId?: MessageId;
  data?: Record<string, unknown>;
  /** JSON pointer of the offending value in the manifest ('' for the whole document). */
  pointer: string;
  /** The file the offending value came from. */
  file: string;
  line: number;
  column: number;
  suggestion?: string;
}

/** What a rule reports; the checker turns it into a Finding with a file, line and column. */
export interface Report {
  pointer: string;
  message: string;
  messageId?: MessageId;
  data?: Record<string, unknown>;
  suggestion?: string;
  /** When one rule reports problems of two weights (a missing purpose, a placeholder one). */
  severity?: Severity;
  /** Point at the key rather than the value (for a key that should not be there). */
  at?: 'key' | 'value';
  /** A place in another file (a view's source), when the problem is not in the manifest. */
  location?: { file: string; line: number; column: number };
}

export interface CheckedFile {
  path: string;
  findings: Finding[];
}

export interface CheckResult {
  files: CheckedFile[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /**
   * Paths that could not be checked at all (missing, not a manifest, unreadable): each is reported,
   * the others are checked, and the run ends with exit 2.
   */
  inputErrors?: InputError[];
}

export interface InputError {
  /** The path as the user gave it, or as shown. */
  path: string;
  message: string;
  hint?: string;
}
