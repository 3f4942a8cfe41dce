/** What src/cli.ts hands each command module, and what such a module is. */
import type { Command } from '@commander-js/extra-typings';
import type { Io } from './adapters/io.js';
import type { Outcome } from './exit-codes.js';

/** What a command module gets: its commander command to declare itself on, and the world. */
export interface CommandContext {
  io: Io;
  /** rak-app's version, for reports that name it. */
  version: () => string;
  /** Whether colour was forced on (--color) or off (--no-color); undefined lets the terminal decide. */
  color: () => boolean | undefined;
  /** Records what the command came to; src/cli.ts turns it into the exit code. */
  finish: (outcome: Outcome) => void;
  /**
   * Runs work that changes the user's files so that Ctrl-C or SIGTERM lets it finish (or restore)
   * before the run ends with exit 130.
   */
  uninterruptible: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Whether Ctrl-C or SIGTERM came during the run: the run then ends with exit 130, whatever the
   * work it let finish came to, and a --json document must say so.
   */
  interrupted: () => boolean;
}

/** How a run meets SIGINT and SIGTERM. */
export interface Interrupts {
  uninterruptible: <T>(work: () => Promise<T>) => Promise<T>;
  /** Whether a signal came during the run. */
  interrupted: () => boolean;
}

/** A command module: declares the command's arguments, options and action. */
export interface CommandModule {
  register(command: Command, context: CommandContext): void;
}
