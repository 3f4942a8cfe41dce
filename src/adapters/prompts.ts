/**
 * The only module that asks the user anything. It is used only at a terminal; a cancel (Ctrl-C,
 * or the terminal closing) is a value, not a throw.
 */
import { wantsColor } from './painter.js';

export type Answer = 'yes' | 'no' | 'cancelled';

const same = (text: string): string => text;

/**
 * @inquirer/prompts' look without colour, for when colour is off: NO_COLOR, TERM=dumb, or
 * --no-color (which src/cli.ts passes on as NO_COLOR). Prompts run only at a terminal.
 */
const PLAIN = {
  prefix: { idle: '?', done: '✔' },
  style: {
    answer: same,
    message: same,
    error: (text: string) => `> ${text}`,
    defaultAnswer: (text: string) => `(${text})`,
    help: same,
    highlight: same,
    key: (text: string) => `<${text}>`,
  },
};

/** The theme a prompt gets: inquirer's own when colour is on, else the plain one. */
const theme = (): { theme?: typeof PLAIN } => (wantsColor({ isTTY: true }, process.env) ? {} : { theme: PLAIN });

/** How @inquirer/prompts ends a prompt that the user cancelled or the terminal closed. */
const isCancel = (error: unknown): boolean => ['ExitPromptError', 'AbortPromptError'].includes((error as Error).name);

/**
 * Runs a prompt with a signal that cancels it once nothing else is left to wait for. When its input
 * ends (Ctrl-D), @inquirer/prompts closes its line reader and neither answers nor fails: node would
 * run out of work and exit 0 with the question unanswered, and the cancel would come only as it
 * exits, too late to decide the exit code.
 */
async function asking<T>(ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const ended = (): void => controller.abort();
  process.once('beforeExit', ended);
  try {
    return await ask(controller.signal);
  } finally {
    process.off('beforeExit', ended);
  }
}

export async function confirm(message: string, defaultAnswer: boolean): Promise<Answer> {
  const { confirm: ask } = await import('@inquirer/prompts');
  try {
    return (await asking((signal) => ask({ message, default: defaultAnswer, ...theme() }, { signal }))) ? 'yes' : 'no';
  } catch (error) {
    if (isCancel(error)) return 'cancelled';
    throw error;
  }
}

/** How many times a typed confirmation may miss before it stops. */
const TYPING_ATTEMPTS = 3;

/**
 * Asks the user to type a value (the app id) to confirm. Text that does not match is said to, and
 * asked for again; after three misses it is 'mismatch'.
 */
export async function typeToConfirm(message: string, expected: string): Promise<Answer | 'mismatch'> {
  const { input } = await import('@inquirer/prompts');
  let misses = 0;
  const validate = (value: string): true | string => {
    if (value.trim() === expected || ++misses >= TYPING_ATTEMPTS) return true;
    const left = TYPING_ATTEMPTS - misses;
    return `That is not ${expected}: type it exactly, or press Ctrl-C to cancel (${left} more ${left === 1 ? 'try' : 'tries'}).`;
  };
  // After a miss the line is cleared: what was typed wrong must not be typed onto.
  const typing = { ...theme().theme, validationFailureMode: 'clear' as const };
  try {
    const typed = await asking((signal) => input({ message, validate, theme: typing }, { signal }));
    return typed.trim() === expected ? 'yes' : 'mismatch';
  } catch (error) {
    if (isCancel(error)) return 'cancelled';
    throw error;
  }
}

/** Asks for a line of text that may not be empty; undefined when cancelled. */
export async function askText(
  message: string,
  /** Why an answer will not do (asked again), or undefined when it will. */
  refuse: (answer: string) => string | undefined = () => undefined,
): Promise<string | undefined> {
  const { input } = await import('@inquirer/prompts');
  try {
    // Spaces alone are no answer: asked again, as for an empty one.
    const validate = (answer: string): string | true =>
      answer.trim() === '' ? 'An answer is needed.' : (refuse(answer.trim()) ?? true);
    // A refused answer is cleared, so that the next is not typed onto it ("TODO" + "Shows…").
    const typing = { ...theme().theme, validationFailureMode: 'clear' as const };
    return (await asking((signal) => input({ message, required: true, validate, theme: typing }, { signal }))).trim();
  } catch (error) {
    if (isCancel(error)) return undefined;
    throw error;
  }
}

/**
 * Asks for a secret (a key) without showing it: nothing is echoed, not even a mask, so its length
 * does not show either. The prompt is written to standard error, so standard output can be a report
 * (`--json > result.json`). Undefined when cancelled.
 */
export async function askSecret(message: string): Promise<string | undefined> {
  const { password } = await import('@inquirer/prompts');
  try {
    return await asking((signal) => password({ message }, { output: process.stderr, signal }));
  } catch (error) {
    if (isCancel(error)) return undefined;
    throw error;
  }
}
