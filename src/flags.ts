/** Parsers for option values that more than one command takes; a bad value is a usage error. */
import { UserError } from './errors.js';

/** A repeatable option: each value added to the list. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** --max-warnings: a whole number; -1 (as ESLint takes it) means no limit. */
export function parseMaxWarnings(value: string): number {
  if (!/^(-1|\d+)$/.test(value))
    throw new UserError(`--max-warnings takes a whole number, 0 or more (or -1 for no limit); got "${value}".`);
  return Number(value);
}

/**
 * The longest wait any option sets. Node's timers hold at most 2^31 - 1 ms (24.8 days) and fire at
 * once past it, so a "never time out" of 99999999 s would stop a run at its start.
 */
export const MAX_SECONDS = 86_400;

/** A parser for an option that takes seconds above 0, up to a day (--prompt-timeout, --stripe-timeout, --timeout). */
export const parseSeconds =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > MAX_SECONDS) {
      throw new UserError(
        `${flag} takes a number of seconds above 0 and at most ${MAX_SECONDS} (a day); got "${value}".`,
      );
    }
    return Number(value);
  };
