import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './fixtures.js';

export const BIN = join(ROOT, 'bin', 'rak-app.js');

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

/** Runs the built rak-app as a user would: a real process, no terminal. */
export function run(args: string[], options: RunOptions = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const devNull = options.stdoutToNull ? openSync('/dev/null', 'w') : undefined;
  try {
    const child = spawnSync(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      input: options.input ?? '',
      env: env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['pipe', devNull ?? 'pipe', 'pipe'],
    });
    return { code: child.status, stdout: child.stdout ?? '', stderr: child.stderr };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
  }
}

/** A new empty folder, inside the run's temporary folder (test/global-setup.ts removes it). */
export const tempDir = (): string => mkdtempSync(join(inject('tempRoot'), 'dir-'));
