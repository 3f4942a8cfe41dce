/**
 * The only module that asks the user anything. It is used only at a terminal; a cancel (Ctrl-C,
 * or the terminal closing) is a value, not a throw.
 */
export type Answer = 'yes' | 'no' | 'cancelled';

export async function confirm(message: string, defaultAnswer: boolean): Promise<Answer> {
  const { confirm: ask } = await import('@inquirer/prompts');
  try {
    return (await ask({ message, default: defaultAnswer })) ? 'yes' : 'no';
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') return 'cancelled';
    throw error;
  }
}
