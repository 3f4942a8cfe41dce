/** Errors that end a command. Only src/cli.ts turns them into output and an exit code. */

/**
 * Marks a UserError wherever it was made. Each command is bundled into a file of its own with its
 * own copy of this class, so `instanceof` in src/cli.ts would not know one thrown by a command.
 */
const USER_ERROR = Symbol.for('rak-app.user-error');

/** Bad input the user can fix: a missing path, an unreadable file, a wrong flag value. Exit 2. */
export class UserError extends Error {
  readonly [USER_ERROR] = true;

  constructor(
    message: string,
    /** What to do about it, printed on its own line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const isUserError = (error: unknown): error is UserError =>
  typeof error === 'object' && error !== null && (error as { [USER_ERROR]?: boolean })[USER_ERROR] === true;
