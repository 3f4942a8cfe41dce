import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test/helpers/fixtures.js';

// The bench's figures are judged by people (docs/performance.md); this only proves the script runs and
// reports what it says it does. It asserts no timing.
describe('bench/startup.js', () => {
  it('with a start-up setting in the environment, reports the ratio both without it and as given', async () => {
    const env = { ...process.env, NODE_OPTIONS: '--no-warnings' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'startup.js'), '--runs', '1'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('environment'))).toEqual([
      'environment                without NODE_OPTIONS',
      'environment                as given',
    ]);
    const ratios = lines.filter((l) => l.startsWith('ratio of medians')).map((l) => Number(l.split(/\s+/)[3]));
    expect(ratios).toHaveLength(2);
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(0);
    const spreads = lines.filter((l) => l.startsWith('ratio of each pair'));
    expect(spreads).toHaveLength(2);
    for (const spread of spreads)
      expect(spread).toMatch(
        /^ratio of each pair +median \d+\.\d\d, middle half \d+\.\d\d–\d+\.\d\d \(target at most 1\.30\)/,
      );
    // Under strace where it is installed: the bin, the command line and the check bundle.
    const opened = lines.find((l) => l.startsWith('own files opened'));
    if (!/not counted/.test(opened ?? ''))
      expect(opened).toMatch(
        /^own files opened +3 \(target at most 5\): bin\/rak-app\.cjs, dist\/cli\.cjs, dist\/commands\/check\.cjs$/,
      );
    expect(lines.find((l) => l.startsWith('each added manifest'))).toMatch(/^each added manifest +-?\d+\.\d{3} ms/);
  }, 60_000);
});

// Skipped, saying so, where valgrind is not installed: the script needs it and says so itself.
const hasValgrind = !spawnSync('valgrind', ['--version']).error;
describe.skipIf(!hasValgrind)('bench/instructions.js (needs valgrind)', () => {
  it("counts both commands' instructions under callgrind and prints their ratio", async () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'instructions.js'), '--runs', '1'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const counts = [
      ...r.stdout.matchAll(/^(?:node one-line ES module|rak-app check example) +(\d+\.\d)M instructions/gm),
    ].map((m) => Number(m[1]));
    expect(counts).toHaveLength(2);
    // rak-app does everything the bare node does, and then checks a manifest.
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(r.stdout).toMatch(/^ratio +\d\.\d{3}$/m);
  }, 120_000);
});

describe('bench/proxy.js', () => {
  it('sends the requests three ways and reports latency, throughput and the memory of the proxy', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bench', 'proxy.js'), '--requests', '100', '--sequential', '10'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^100 requests each, 50 at a time/);
    expect(r.stdout).toMatch(
      /\n {2}added by proxy +p50 -?\d+\.\d\d ms, p99 -?\d+\.\d\d ms, throughput \d+% of direct\n/,
    );
    expect(r.stdout).toMatch(/\n10 requests each, one at a time\n/);
    for (const when of ['start', 'middle', 'end'])
      expect(r.stdout).toMatch(new RegExp(`\\nproxy memory, ${when} +rss \\d+\\.\\d MB, heap used \\d+\\.\\d MB`));
  }, 60_000);
});

describe('bench/scan.js and bench/scan-phases.js', () => {
  /** The script run once over 2,000 lines; it must end well and say nothing on stderr. */
  const smallRun = (script: string, ...more: string[]): string => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', script), '--lines', '2000', '--runs', '1', ...more], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it('scan.js times the scan beside the parse-only child and prints the ratio', () => {
    const r = { stdout: smallRun('scan.js') };
    expect(r.stdout).toMatch(/^parse only \(@babel\/parser\) +\d+ ms \(cpu \d+ ms\), peak \d+ MB$/m);
    expect(r.stdout).toMatch(/^scan \/ parse +\d+\.\d\dx, cpu \d+\.\d\dx/m);
    expect(r.stdout).toMatch(/^parse only, scan's V8 flag +\d+ ms \(cpu \d+ ms\), peak \d+ MB$/m);
    expect(r.stdout).toMatch(/^scan \/ parse with its flag +\d+\.\d\dx, cpu \d+\.\d\dx$/m);
    // TypeScript's binder over the same files, beside the room the 1.5x target leaves the scan.
    const [, parse, bind] =
      /^TypeScript: parse, bind +(\d+) ms, (\d+) ms \(in-process, file by file\)$/m.exec(r.stdout) ?? [];
    expect(Number(parse)).toBeGreaterThan(0);
    expect(Number(bind)).toBeGreaterThan(0);
    const room = Number(/^the target's room +(\d+) ms: half the parse-only child's/m.exec(r.stdout)?.[1]);
    const child = Number(/^parse only \(@babel\/parser\) +(\d+) ms/m.exec(r.stdout)?.[1]);
    expect(Math.abs(room - child / 2)).toBeLessThanOrEqual(1);
    expect(r.stdout).toMatch(/^TypeScript's binder alone +\d+\.\d\dx that room$/m);
  }, 120_000);

  it('each bench refuses a number of runs that is not a whole number of 1 or more, before it runs any', () => {
    for (const script of ['scan.js', 'scan-phases.js', 'startup.js', 'stripe-output.js', 'instructions.js'])
      for (const runs of ['0', '1.5', 'few']) {
        const r = spawnSync(process.execPath, [join(ROOT, 'bench', script), '--runs', runs], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`bench/${script}: --runs ${runs}: a whole number of runs, 1 or more\n`);
        expect(r.stdout).toBe('');
      }
    const bare = spawnSync(process.execPath, [join(ROOT, 'bench', 'scan.js'), '--runs'], { encoding: 'utf8' });
    expect(bare.stderr).toBe('bench/scan.js: --runs needs a number: a whole number of runs, 1 or more\n');
  });

  it('scan.js refuses a number of lines that is not a whole number of 1 or more', () => {
    const bare = spawnSync(process.execPath, [join(ROOT, 'bench', 'scan.js'), '--lines'], { encoding: 'utf8' });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe('bench/scan.js: --lines needs a number: a whole number of lines, 1 or more\n');
    for (const lines of ['0', '-5', '2.5', 'many']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'scan.js'), '--lines', lines], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`bench/scan.js: --lines ${lines}: a whole number of lines, 1 or more\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('scan.js refuses a corpus it does not know, saying which it knows, before writing any', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'scan.js'), '--corpus', 'nested'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('bench/scan.js: --corpus nested: one of backends, nested-calls, monorepo\n');
    expect(r.stdout).toBe('');
  });

  it('scan.js --corpus nested-calls scans 500-line files of nested calls instead', () => {
    const stdout = smallRun('scan.js', '--corpus', 'nested-calls');
    expect(stdout).toMatch(/^source files +4$/m);
    expect(stdout).toMatch(/^scan \/ parse +\d+\.\d\dx, cpu \d+\.\d\dx/m);
  }, 120_000);

  it('scan.js --corpus monorepo scans packages re-exported through barrels, imported by a tsconfig path', () => {
    const stdout = smallRun('scan.js', '--corpus', 'monorepo');
    // 20 packages of 21 files, their Stripe client, the tsconfig, and route files.
    expect(Number(/^source files +(\d+)$/m.exec(stdout)?.[1])).toBeGreaterThan(422);
    expect(stdout).toMatch(/^scan \/ parse +\d+\.\d\dx, cpu \d+\.\d\dx/m);
  }, 120_000);

  it('scan-phases.js times each phase of the scan in-process, with the objects the summaries hold', () => {
    const r = { stdout: smallRun('scan-phases.js') };
    expect(Number(/^objects the summaries hold +(\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThan(0);
    for (const phase of [
      'parse',
      'parse, walk every node',
      'summarise, dropped',
      'summarise, kept',
      'parse, keep objects',
      'scan',
    ])
      expect(r.stdout).toMatch(new RegExp(`^${phase} +\\d+ ms +\\d+\\.\\d\\dx parse +rss \\d+ MB$`, 'm'));
  }, 120_000);
});
