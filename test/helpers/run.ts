import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inject } from 'vitest';
import type { Io } from '../../src/adapters/io.js';
import { run as runCli } from '../../src/cli.js';
import { ROOT } from './fixtures.js';

export const BIN = join(ROOT, 'bin', 'rak-app.cjs');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Send standard output to /dev/null, as `rak-app … > /dev/null` does; stdout is then ''. */
  stdoutToNull?: boolean;
}

/** The environment a test runs rak-app in: this one, without colour or GitHub's settings, plus the test's. */
export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_ACTIONS: undefined,
    FORCE_COLOR: undefined,
    ...extra,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/** What ci-info would say of an environment, for the in-process io (ci-info reads only process.env). */
export function ciOf(env: NodeJS.ProcessEnv): Io['ci'] {
  if (env['CI'] === 'false') return { isCI: false, name: null };
  const name = env['GITHUB_ACTIONS'] ? 'GitHub Actions' : env['GITLAB_CI'] ? 'GitLab CI' : null;
  const isCI = Boolean(
    env['CI'] || env['CONTINUOUS_INTEGRATION'] || env['BUILD_NUMBER'] || env['BUILD_ID'] || env['RUN_ID'] || name,
  );
  return { isCI, name };
}

/** An io that keeps what a command writes; nothing is a terminal. */
export function captureIo(options: RunOptions = {}): { io: Io; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  const env = testEnv(options.env);
  const io: Io = {
    stdout: { isTTY: false, write: (text) => void (options.stdoutToNull ? undefined : (stdout += text)) },
    stderr: { isTTY: false, write: (text) => void (stderr += text) },
    env,
    cwd: options.cwd ?? ROOT,
    stdin: () => Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    stdinIsTTY: false,
    ci: ciOf(env),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** Runs rak-app's command line in this process, as src/cli.ts does for the real one. */
export async function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const captured = captureIo(options);
  const code = await runCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Runs the built rak-app as a user would: a real process, no terminal. */
export function runBin(args: string[], options: RunOptions = {}): RunResult {
  const devNull = options.stdoutToNull ? openSync('/dev/null', 'w') : undefined;
  try {
    const child = spawnSync(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      input: options.input ?? '',
      env: testEnv(options.env),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['pipe', devNull ?? 'pipe', 'pipe'],
    });
    return { code: child.status, stdout: child.stdout ?? '', stderr: child.stderr };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
  }
}

/**
 * The built rak-app as a process, without blocking this thread while it runs (so the test's own
 * timeout still applies): resolves with what it wrote and its exit code once it has exited and
 * closed its output. No terminal; standard input is empty.
 */
export function spawnBin(args: string[], options: Omit<RunOptions, 'stdoutToNull'> = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: testEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => void (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => void (stderr += text));
  // A rak-app that exits before it reads its input closes the pipe: that is no failure of the test's.
  child.stdin.on('error', () => undefined).end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A new empty folder, inside the run's temporary folder (test/global-setup.ts removes it). */
export const tempDir = (): string => mkdtempSync(join(inject('tempRoot'), 'dir-'));

/** Permissions bind root only through another user: as root, a run is made as nobody (setpriv). */
export const RUNS_AS_ROOT = process.getuid?.() === 0;
export const HAS_SETPRIV = spawnSync('setpriv', ['--version']).error === undefined;
/** A command line as a user file permissions bind: itself, or run as nobody when this is root. */
export const asUnprivileged = (argv: readonly string[]): string[] =>
  RUNS_AS_ROOT ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : [...argv];

/**
 * Runs `use` in a folder of the system's temporary folder (the test run's own folder is closed to
 * other users), opened to them with `mode`; the folder is removed after.
 */
export function inFolderForOthers(prefix: string, mode: number, use: (dir: string) => void): void {
  const dir = mkdtempSync(join(process.env['RAK_APP_TEST_SYSTEM_TMPDIR'] ?? tmpdir(), prefix));
  try {
    chmodSync(dir, mode);
    use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The built rak-app run in `dir` (its HOME too) as a user file permissions bind (asUnprivileged). */
export function runBinUnprivileged(dir: string, args: readonly string[]) {
  const [command, ...rest] = asUnprivileged([process.execPath, BIN, ...args]);
  return spawnSync(command!, rest, { cwd: dir, encoding: 'utf8', env: testEnv({ HOME: dir }) });
}
