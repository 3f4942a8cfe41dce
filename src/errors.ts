/** Errors that end a command. Only src/cli.ts turns them into output and an exit code. */

/** Bad input the user can fix: a missing path, an unreadable file, a wrong flag value. Exit 2. */
export class UserError extends Error {
  constructor(
    message: string,
    /** What to do about it, printed on its own line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
