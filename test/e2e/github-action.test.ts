// The GitHub Action's install step (action.yml, step `install`), run as the runner runs it: bash in
// the action's checkout. A release ref ships dist/ and installs nothing; any other ref is built with
// the small install (no optional Stripe CLI). Then its script checks an app with what was installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/run.js';

/** The shell script of the step with this id, as action.yml gives it (a `run: |` block). */
function stepScript(id: string): string {
  const lines = readFileSync(join(ROOT, 'action.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `- id: ${id}`);
  const run = lines.findIndex((l, i) => i > start && l.trim() === 'run: |');
  const indent = (l: string): number => l.length - l.trimStart().length;
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== '' && indent(line) <= indent(lines[run]!)) break;
    body.push(line);
  }
  return body.join('\n');
}

/** The action's checkout at a ref: rak-app's tracked and new files, with dist/ if the ref ships it. */
function checkout(withDist: boolean): string {
  const path = join(tempDir(), 'action');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(path, file)), { recursive: true });
    cpSync(join(ROOT, file), join(path, file));
  }
  if (withDist) cpSync(join(ROOT, 'dist'), join(path, 'dist'), { recursive: true });
  return path;
}

/** The install step, then the check step, as the runner runs them. */
function runAction(actionPath: string) {
  const install = spawnSync('bash', ['-e', '-c', stepScript('install')], { cwd: actionPath, encoding: 'utf8' });
  const workspace = tempDir();
  cpSync(EXAMPLE_DIR, join(workspace, 'app'), { recursive: true });
  const check = spawnSync(process.execPath, [join(actionPath, 'scripts', 'github-action.js')], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTION_PATH: actionPath, INPUT_PATHS: 'app', INPUT_SARIF_FILE: 'rak-app.sarif' },
  });
  return { install, check, workspace };
}

describe('the GitHub Action installs what it runs', () => {
  it('from a release ref: nothing to install', () => {
    const action = checkout(true);
    const r = runAction(action);
    expect(r.install.stdout).toBe('rak-app: using the dist/ this ref ships; nothing to install.\n');
    expect(r.install.status).toBe(0);
    expect(existsSync(join(action, 'node_modules'))).toBe(false);
    expect(r.check.status).toBe(0);
    expect(JSON.parse(readFileSync(join(r.workspace, 'rak-app.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('from any other ref: the small install, without the Stripe CLI', { timeout: 300_000 }, () => {
    const action = checkout(false);
    const r = runAction(action);
    expect(r.install.status, r.install.stderr).toBe(0);
    expect(existsSync(join(action, 'dist', 'commands', 'check.cjs'))).toBe(true);
    expect(existsSync(join(action, 'node_modules', '@stripe', 'cli'))).toBe(false);
    expect(r.check.status, r.check.stdout + r.check.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(r.workspace, 'rak-app.sarif'), 'utf8')).version).toBe('2.1.0');
  });
});
