import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// Each script regenerates a committed file; asked for help or given a mistyped option, it must say
// how it is used and leave the file alone.
describe.each([
  ['build-api-catalog.js', 'src/catalog/api-methods.generated.ts', 'npm run catalog'],
  ['build-expandable.js', 'src/catalog/expandable.generated.ts', 'npm run expandable'],
  ['build-child-keys.js', 'src/scan/child-keys.generated.ts', 'node scripts/build-child-keys.js'],
])('scripts/%s', (script, generated, command) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8' });
  const file = join(ROOT, generated);

  it('--help says how it is used and writes nothing', () => {
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: ${command}`);
    expect(r.stdout).toContain('--check');
    expect(readFileSync(file, 'utf8')).toBe(before.text);
    expect(statSync(file).mtimeMs).toBe(before.mtime);
  });

  it('refuses an option it does not know, exit 2, and writes nothing', () => {
    const mtime = statSync(file).mtimeMs;
    const r = run('--chek');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${script}: unknown option --chek`);
    expect(r.stderr).toContain(`Usage: ${command}`);
    expect(r.stdout).toBe('');
    expect(statSync(file).mtimeMs).toBe(mtime);
  });
});
