#!/usr/bin/env node
// Where the scan's time goes, phase by phase, in-process (no start-up, no reading, no report): over
// bench/scan.js's corpus, each phase in a fresh node, the phases interleaved, medians of --runs.
//   parse                 parse each file (what bench/scan.js's parse-only child does, minus start-up)
//   parse, walk every node  parse each file and visit every node of its tree, doing nothing there:
//                         the least any reading of Babel's tree adds to the parse
//   summarise, dropped    parse and summarise each file, the summary dropped at once
//   summarise, kept       the same, every summary kept until the end (what the scan does)
//   parse, keep objects   parse each file and keep as many plain objects as its summary holds, nothing
//                         else: the price of keeping that many objects, whatever they hold
//   scan                  scanSources(): parse, summarise, resolve across files
// The harness (bench/scan-phases-harness.ts) is bundled from src/scan/ by esbuild as this runs.
// Usage: node bench/scan-phases.js [--lines 100000 --runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { countOption, median, root, runsOption, writeScanCorpus } from './common.js';

const targetLines = countOption('lines', 100_000);
const runs = runsOption(5);
const PHASES = [
  ['parse', 'parse'],
  ['walk', 'parse, walk every node'],
  ['summarise-drop', 'summarise, dropped'],
  ['summarise-keep', 'summarise, kept'],
  ['parse-keep-objects', 'parse, keep objects'],
  ['scan', 'scan'],
];

const work = mkdtempSync(join(tmpdir(), 'rak-app-scan-phases-'));
try {
  const { files, lines } = writeScanCorpus(work, targetLines);
  const harness = join(work, 'harness.cjs');
  // As scripts/build.js bundles the command: CommonJS, node20, jsonc-parser's ES-module build.
  await build({
    entryPoints: [join(root, 'bench', 'scan-phases-harness.ts')],
    outfile: harness,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const run = (phase) => {
    const child = spawnSync(process.execPath, [harness, phase, join(work, 'src'), join(work, 'objects.json')], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${phase}: exit ${child.status}\n${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  run('count');
  const results = new Map(PHASES.map(([phase]) => [phase, []]));
  for (let i = 0; i < runs; i++) for (const [phase] of PHASES) results.get(phase).push(run(phase));
  const objects = JSON.parse((await import('node:fs')).readFileSync(join(work, 'objects.json'), 'utf8'));
  console.log(`source files                 ${files}`);
  console.log(`source lines                 ${lines}`);
  console.log(`objects the summaries hold   ${objects.reduce((a, b) => a + b, 0)}`);
  const parse = median(results.get('parse').map((r) => r.ms));
  for (const [phase, label] of PHASES) {
    const ms = median(results.get(phase).map((r) => r.ms));
    const mb = Math.max(...results.get(phase).map((r) => r.rssMb));
    console.log(
      `${label.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / parse).toFixed(2)}x parse  rss ${mb.toFixed(0)} MB`,
    );
  }
  console.log(`(median of ${runs}, in-process: no start-up, no reading, no report)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
