/**
 * What a command touches outside itself: standard output and error, whether each is a terminal,
 * the environment, the current folder, standard input and the CI it runs in. src/cli.ts builds the
 * real one with processIo(); tests build their own, so that commands run in-process.
 */
import { fstatSync, realpathSync, statSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import ci from 'ci-info';

export interface Writer {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Why writing stopped (a full disk, a dropped terminal), if it did; what followed was dropped. */
  failure?(): string | undefined;
}

export interface Io {
  stdout: Writer;
  stderr: Writer;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input; a function, so that it is opened only when read. */
  stdin: () => NodeJS.ReadableStream;
  readonly stdinIsTTY: boolean;
  /** Whether a CI service runs rak-app, and which; in CI nothing prompts, terminal or not. */
  readonly ci: { isCI: boolean; name: string | null };
  /**
   * How the user runs rak-app here, for hints: `rak-app` when it is on PATH, else `npx rak-app`.
   * A function: worked out (a look along PATH) only when something written names a command.
   */
  readonly invokedAs?: () => string;
  /** The terminal's width when standard output is one; asked only by what lays out a table. */
  readonly columns?: () => number | undefined;
}

/**
 * Writes to standard output (fd 1) or error (fd 2) synchronously, so that everything is written
 * when a command returns, whatever the exit. It never throws: a reader that has gone away (`| head`)
 * ends the writing quietly, and any other failure (ENOSPC on `> /dev/full`, EIO on a dropped SSH
 * session) stops it and is kept for failure(), so that a run under way (an upload) finishes, its
 * lock is released, and src/cli.ts reports the failure where it still can.
 */
export function fdWriter(fd: 1 | 2, isTTY: boolean): Writer {
  let failed: string | undefined;
  let closed = false;
  return {
    isTTY,
    failure: () => failed,
    write(text: string): void {
      if (closed) return;
      const buffer = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < buffer.length) {
        try {
          offset += writeSync(fd, buffer, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
          closed = true;
          if (code !== 'EPIPE') failed = code === 'ENOSPC' ? 'the device is full' : (code ?? String(error));
          return;
        }
      }
    },
  };
}

/**
 * Whether a file descriptor is a terminal. Only a character device can be one, and /dev/null never
 * is: pipes, files and `> /dev/null` (CI, redirects, hooks that keep only the exit code) are answered
 * without loading node:tty, which loads node's network stack.
 */
export async function isTerminal(fd: 0 | 1 | 2): Promise<boolean> {
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice() || stats.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  const { isatty } = await import('node:tty');
  return isatty(fd);
}

/** The current folder; undefined when it was removed while the shell was in it (node cannot say). */
export function currentFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** The process's own io. */
export async function processIo(): Promise<Io> {
  const [stdin, stdout, stderr] = await Promise.all([isTerminal(0), isTerminal(1), isTerminal(2)]);
  return {
    stdout: fdWriter(1, stdout),
    stderr: fdWriter(2, stderr),
    env: process.env,
    // A folder removed under the shell is refused by src/cli.ts before a command needs it.
    cwd: currentFolder() ?? process.env['PWD'] ?? '/',
    stdin: () => process.stdin,
    stdinIsTTY: stdin,
    ci: { isCI: ci.isCI, name: ci.name },
    invokedAs: () => invokedAs(process.argv[1], process.env['PATH']),
    // process.stdout loads node's terminal module: only when a table asks, at a terminal.
    ...(stdout ? { columns: () => process.stdout.columns } : {}),
  };
}

/**
 * `rak-app` when the `rak-app` PATH finds is this very program (a global install), else `npx rak-app`
 * (a project's dev dependency, run through npx or an npm script, or a clone).
 */
export function invokedAs(script: string | undefined, path: string | undefined): string {
  if (!script) return 'npx rak-app';
  const self = realpathOrSelf(script);
  for (const dir of (path ?? '').split(delimiter)) {
    // npx and npm scripts put the project's node_modules/.bin on PATH: that rak-app is not the
    // user's own PATH, so it does not count.
    if (!dir || /[/\\]node_modules[/\\]\.bin$/.test(dir)) continue;
    if (realpathOrSelf(join(dir, 'rak-app')) === self) return 'rak-app';
  }
  return 'npx rak-app';
}

const realpathOrSelf = (path: string): string => {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
};

/** A person can answer a prompt: both ends are a terminal, and no CI service runs rak-app. */
export const canPrompt = (io: Io): boolean => io.stdinIsTTY && io.stdout.isTTY && !io.ci.isCI;

/** Why a command that asks did not: why canPrompt is false, and a RAK_APP_YES that is set but is not 1. */
export function whyNoQuestion(io: Io): string {
  const yes = io.env['RAK_APP_YES'];
  const set = yes !== undefined && yes !== '' && yes !== '1' ? `; RAK_APP_YES is ${JSON.stringify(yes)}, not 1` : '';
  return `${whyNoPrompt(io)}${set}`;
}

/** Why canPrompt is false, in words: what keeps rak-app from asking. */
export const whyNoPrompt = (io: Io): string =>
  io.ci.isCI
    ? 'this is CI'
    : !io.stdinIsTTY
      ? 'standard input is not a terminal'
      : 'standard output is not a terminal (it is redirected)';
