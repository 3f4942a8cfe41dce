import { spawn } from 'node:child_process';
import { BIN } from './run.js';

/**
 * Runs rak-app in a real pseudo-terminal (util-linux `script`), typing each answer once the screen
 * shows what it waits for. Returns the screen and the exit code.
 */
export function runInTerminal(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string | undefined>;
    /** `first`: done once the screen shows `waitFor`, before the keys are typed (a file edited meanwhile). */
    steps: { waitFor: string; type: string; first?: () => void }[];
    timeoutMs?: number;
  },
): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const env = { ...process.env, NO_COLOR: '1', ...options.env } as Record<string, string | undefined>;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  const steps = [...options.steps];
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    const next = steps[0];
    if (next && screen.includes(next.waitFor)) {
      steps.shift();
      next.first?.();
      child.stdin.write(next.type);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; screen so far:\n${screen}`));
    }, options.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
