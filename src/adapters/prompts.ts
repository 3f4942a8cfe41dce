/**
 * The only module that asks the user anything. It is used only at a terminal; a cancel (Ctrl-C,
 * or the terminal closing) is a value, not a throw.
 */
export type Answer = 'yes' | 'no' | 'cancelled';

/** How @inquirer/prompts ends a prompt that the user cancelled or the terminal closed. */
const isCancel = (error: unknown): boolean => ['ExitPromptError', 'AbortPromptError'].includes((error as Error).name);

export async function confirm(message: string, defaultAnswer: boolean): Promise<Answer> {
  const { confirm: ask } = await import('@inquirer/prompts');
  try {
    return (await ask({ message, default: defaultAnswer })) ? 'yes' : 'no';
  } catch (error) {
    if (isCancel(error)) return 'cancelled';
    throw error;
  }
}

/** Asks the user to type a value (the app id) to confirm; anything else is a no. */
export async function typeToConfirm(message: string, expected: string): Promise<Answer> {
  const { input } = await import('@inquirer/prompts');
  try {
    return (await input({ message })).trim() === expected ? 'yes' : 'no';
  } catch (error) {
    if (isCancel(error)) return 'cancelled';
    throw error;
  }
}

/** Asks for a line of text that may not be empty; undefined when cancelled. */
export async function askText(message: string): Promise<string | undefined> {
  const { input } = await import('@inquirer/prompts');
  try {
    return (await input({ message, required: true })).trim();
  } catch (error) {
    if (isCancel(error)) return undefined;
    throw error;
  }
}
