import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

// The bench's figures are judged by people (README, Speed); this only proves the script runs and
// reports what it says it does. It asserts no timing.
describe('bench/startup.js', () => {
  it('with a start-up setting in the environment, reports the ratio both without it and as given', () => {
    const env = { ...process.env, NODE_OPTIONS: '--no-warnings' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'startup.js'), '--runs', '1'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('environment'))).toEqual(['environment                without NODE_OPTIONS', 'environment                as given']);
    const ratios = lines.filter((l) => /^ratio {5,}/.test(l)).map((l) => Number(l.split(/\s+/)[1]));
    expect(ratios).toHaveLength(2);
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(0);
    const spreads = lines.filter((l) => l.startsWith('ratio of each pair'));
    expect(spreads).toHaveLength(2);
    for (const spread of spreads) expect(spread).toMatch(/^ratio of each pair +median \d+\.\d\d, middle half \d+\.\d\d–\d+\.\d\d$/);
    expect(lines.find((l) => l.startsWith('each added manifest'))).toMatch(/^each added manifest +-?\d+\.\d{3} ms/);
  }, 60_000);
});

// Skipped, saying so, where valgrind is not installed: the script needs it and says so itself.
const hasValgrind = !spawnSync('valgrind', ['--version']).error;
describe.skipIf(!hasValgrind)('bench/instructions.js (needs valgrind)', () => {
  it('counts both commands\' instructions under callgrind and prints their ratio', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'instructions.js'), '--runs', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const counts = [...r.stdout.matchAll(/^(?:node one-line ES module|rak-app check example) +(\d+\.\d)M instructions/gm)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(2);
    // rak-app does everything the bare node does, and then checks a manifest.
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(r.stdout).toMatch(/^ratio +\d\.\d{3}$/m);
  }, 120_000);
});

describe('bench/ceiling.js', () => {
  it('rewrites a copy of the build to what a clean check runs, checks that it still works, and times it', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'ceiling.js'), '--runs', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rewritten = /^rewritten +(\d+) modules: (\d+\.\d) KB of functions the check never calls emptied, (\d+) functions it calls compiled at once$/m.exec(r.stdout);
    expect(rewritten).not.toBeNull();
    // Every module `check` loads is rewritten, and a clean check leaves much of their code unused.
    expect(Number(rewritten![1])).toBeGreaterThan(10);
    expect(Number(rewritten![2])).toBeGreaterThan(5);
    expect(Number(rewritten![3])).toBeGreaterThan(10);
    const rows = [...r.stdout.matchAll(/^(.+?) +(\d+\.\d) ms, ratio (\d\.\d\d)$/gm)].map((m) => m[1]!.trim());
    expect(rows).toEqual(['node one-line ES module', 'rak-app check example', 'the same, copied', 'ceiling, copied']);
    // Its copies are removed.
    expect(existsSync(join(ROOT, '.ceiling'))).toBe(false);
  }, 60_000);
});
