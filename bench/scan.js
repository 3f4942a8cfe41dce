#!/usr/bin/env node
// Scan benchmark: `rak-app permissions scan` over backend code (copies of the test fixtures'
// backends, renamed per file), beside, in the same run, a bare `node` start and a child that only
// parses the same files with the same parser and options. Targets on 100,000 lines: the scan takes
// at most 1.5 times the parse-only child, and its peak resident memory stays under 150 MB. Beside
// them, TypeScript binding the same files, set against the room that target leaves the scan.
// Usage: npm run bench:scan [-- --lines 100000 --runs 3 --bin <another build's bin/rak-app.cjs>
//        --corpus nested-calls|monorepo]; a corpus it does not know, or a count that is not a whole
//        number of 1 or more: a message, exit 2
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bin,
  countOption,
  median,
  root,
  runsOption,
  writeBaseline,
  writeMonorepoCorpus,
  writeNestedCallCorpus,
  writeScanCorpus,
} from './common.js';

const targetLines = countOption('lines', 100_000);
// --corpus nested-calls: larger files of nested calls (writeNestedCallCorpus) instead of the backends;
// --corpus monorepo: packages re-exported through barrels, imported by tsconfig paths (writeMonorepoCorpus).
const CORPORA = { backends: writeScanCorpus, 'nested-calls': writeNestedCallCorpus, monorepo: writeMonorepoCorpus };
const corpusAt = process.argv.indexOf('--corpus');
const corpus = corpusAt > 0 ? process.argv[corpusAt + 1] : 'backends';
if (!Object.hasOwn(CORPORA, corpus)) {
  process.stderr.write(`bench/scan.js: --corpus ${corpus}: one of ${Object.keys(CORPORA).join(', ')}\n`);
  process.exit(2);
}
const runs = runsOption(3);
const otherBin = process.argv.includes('--bin') ? process.argv[process.argv.indexOf('--bin') + 1] : undefined;

// Parses each file as the scan does (same parser package, same options as parserOptions() in
// src/scan/parse.ts), and nothing else.
const PARSE_ONLY = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require(${JSON.stringify(join(root, 'node_modules', '@babel', 'parser'))});
const dir = process.argv[2];
for (const name of readdirSync(dir, { recursive: true })) {
  if (!/\\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(name)) continue;
  const ts = /\\.(ts|tsx|mts|cts)$/.test(name);
  parse(readFileSync(join(dir, name), 'utf8'), {
    sourceType: 'unambiguous', errorRecovery: true, allowReturnOutsideFunction: true, attachComment: false,
    plugins: [ts ? 'typescript' : 'jsx', 'decorators', 'decoratorAutoAccessors'],
  });
}
`;
// A reference for what binding names costs, in the same run: TypeScript's compiler (a devDependency)
// parses each file and binds it (a symbol for each declaration, each function's flow graph, parent
// pointers; uses are resolved later, by its checker, not here), each tree then dropped as the scan
// drops its own, timed by its own counters. Bound in one program instead, every tree stays alive and
// the collector's work on them (11–21% more on 100,000 lines) is timed as binding.
const TYPESCRIPT_BIND = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require(${JSON.stringify(join(root, 'node_modules', 'typescript'))});
const dir = process.argv[2];
ts.performance.enable();
for (const name of readdirSync(dir, { recursive: true })) {
  if (!/\\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(name)) continue;
  const file = ts.createSourceFile(name, readFileSync(join(dir, name), 'utf8'), ts.ScriptTarget.Latest);
  ts.bindSourceFile(file, { allowJs: true });
}
process.stdout.write(JSON.stringify({ parse: ts.performance.getDuration('Parse'), bind: ts.performance.getDuration('Bind') }));
`;
// Loaded before the command: reports the process's peak resident memory as it exits.
const PEAK = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nmaxRSS ' + u.maxRSS + ' cpu ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`;

const work = mkdtempSync(join(tmpdir(), 'rak-app-scan-'));
try {
  const { files, lines } = CORPORA[corpus](work, targetLines);
  writeBaseline(work);
  writeFileSync(join(work, 'peak.cjs'), PEAK);
  writeFileSync(join(work, 'parse-only.cjs'), PARSE_ONLY);
  writeFileSync(join(work, 'typescript-bind.cjs'), TYPESCRIPT_BIND);

  const time = (args) => {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--require', './peak.cjs', ...args], {
      cwd: work,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0 && child.status !== 1)
      throw new Error(`${args.join(' ')}: exit ${child.status}\n${child.stderr}`);
    const [, kb, cpu] = /maxRSS (\d+) cpu (\d+)/.exec(child.stderr) ?? [];
    // CPU time too: on a shared machine, others' work stretches wall-clock time, not CPU time.
    return { ms, mb: Number(kb) / 1024, cpu: Number(cpu) / 1000 };
  };
  const node = [];
  const parse = [];
  // The parse alone with the one V8 setting `permissions scan` makes (src/adapters/heap.ts), so that
  // what the setting gives the parse is seen apart from what the scan adds.
  const parseTuned = [];
  const scan = [];
  const other = [];
  const binder = [];
  for (let i = 0; i < runs; i++) {
    node.push(time(['baseline.mjs']));
    parse.push(time(['parse-only.cjs', 'src']));
    parseTuned.push(time(['--no-allocation-site-pretenuring', 'parse-only.cjs', 'src']));
    scan.push(time([bin, 'permissions', 'scan', 'src', '--format', 'json']));
    if (otherBin) other.push(time([otherBin, 'permissions', 'scan', 'src', '--format', 'json']));
    const typescript = spawnSync(process.execPath, ['typescript-bind.cjs', 'src'], { cwd: work, encoding: 'utf8' });
    if (typescript.status !== 0)
      throw new Error(`typescript-bind.cjs: exit ${typescript.status}\n${typescript.stderr}`);
    binder.push(JSON.parse(typescript.stdout));
  }
  const ms = (xs) => median(xs.map((x) => x.ms));
  const cpu = (xs) => median(xs.map((x) => x.cpu));
  const mb = (xs) => Math.max(...xs.map((x) => x.mb));
  console.log(`source files                 ${files}`);
  console.log(`source lines                 ${lines}`);
  const line = (xs) => `${ms(xs).toFixed(0)} ms (cpu ${cpu(xs).toFixed(0)} ms), peak ${mb(xs).toFixed(0)} MB`;
  console.log(`bare node start              ${line(node)}`);
  console.log(`parse only (@babel/parser)   ${line(parse)}`);
  console.log(`parse only, scan's V8 flag   ${line(parseTuned)}`);
  console.log(`rak-app permissions scan     ${line(scan)}`);
  if (otherBin)
    console.log(
      `--bin's permissions scan     ${line(other)}, ${(ms(other) / ms(parse)).toFixed(2)}x parse (cpu ${(cpu(other) / cpu(parse)).toFixed(2)}x)`,
    );
  console.log(
    `scan / parse                 ${(ms(scan) / ms(parse)).toFixed(2)}x, cpu ${(cpu(scan) / cpu(parse)).toFixed(2)}x (median of ${runs}; targets: at most 1.5x, under 150 MB)`,
  );
  console.log(
    `scan / parse with its flag   ${(ms(scan) / ms(parseTuned)).toFixed(2)}x, cpu ${(cpu(scan) / cpu(parseTuned)).toFixed(2)}x`,
  );
  // The target leaves the scan half the parse-only child's time for all it adds to it (start-up and
  // reading are in both). TypeScript's bind is timed in-process by its own counters: no start-up, no
  // reading, only the work a binder does after its parse.
  const room = ms(parse) / 2;
  const tsBind = median(binder.map((b) => b.bind));
  console.log(
    `TypeScript: parse, bind      ${median(binder.map((b) => b.parse)).toFixed(0)} ms, ${tsBind.toFixed(0)} ms (in-process, file by file)`,
  );
  console.log(
    `the target's room            ${room.toFixed(0)} ms: half the parse-only child's, for all the scan adds to it`,
  );
  console.log(`TypeScript's binder alone    ${(tsBind / room).toFixed(2)}x that room`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
