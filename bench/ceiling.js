#!/usr/bin/env node
// The ceiling of start-up on rak-app's stack (ES modules compiled by plain tsc, no bundler): how fast
// a cold `rak-app check` of the example app could start if the modules it loads held only what a
// clean check runs, all compiled at the first pass. It copies the build, runs the copy's check once
// under V8 coverage, and rewrites the copy's dist/ from what that run called:
// - each function the check never called is emptied, as if the code had moved to a module that
//   `check` does not load, at no cost for the extra modules;
// - each function it called is wrapped in parentheses, which V8 takes as a sign to compile it at
//   once, instead of skimming it as the module loads and parsing it again on the first call.
// No build that keeps these modules can compile less for this check; only fewer modules would cost
// less. The copy is a bound to judge the start-up target by, not a build to ship; it must still print
// what the build prints, or this script fails.
// It then times the bare node, the build, an unchanged copy of it and the rewritten copy,
// interleaved. The copies go in .ceiling/ inside the project, removed at the end, in two folders
// whose paths have the same length, because that length changes the start-up: node's loader runs
// path and URL loops for each import, and past 20 to 30 characters of install path V8 finds two of
// them hot enough to optimise (bench/common.js, countInstructions).
// Usage: npm run bench:ceiling [-- --runs 41] [-- --instructions] (instructions need valgrind).
import { parse } from '@babel/parser';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bin, countInstructions, example, hasValgrind, median, millions, root, runsOption, timeRun, VALGRIND_MISSING, withoutStartUpSettings, writeBaseline } from './common.js';

const runs = runsOption(41);
const withInstructions = process.argv.includes('--instructions');
if (withInstructions && !hasValgrind()) {
  console.error(`--instructions needs ${VALGRIND_MISSING}.`);
  process.exit(1);
}

const env = withoutStartUpSettings({ ...process.env, NO_COLOR: '1' });
const work = join(root, '.ceiling');
rmSync(work, { recursive: true, force: true });
mkdirSync(work);

/** Runs a rak-app bin's check of the example; returns what it printed and its exit code. */
function runCheck(binPath, extraEnv = {}) {
  const child = spawnSync(process.execPath, [binPath, 'check', example], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A copy of the build's bin, dist and package.json; it finds the project's packages above it. */
function copyBuild(to) {
  for (const entry of ['bin', 'dist', 'package.json']) cpSync(join(root, entry), join(to, entry), { recursive: true });
  return join(to, 'bin', 'rak-app.js');
}

/** Per module of the copy's dist/ that the check loaded: its functions' call counts, from V8 coverage. */
function coverageOf(copyBin, copyDist) {
  const dir = join(work, 'coverage');
  const run = runCheck(copyBin, { NODE_V8_COVERAGE: dir });
  if (run.status !== 0) throw new Error(`the copy's check exited ${run.status}: ${run.stderr}`);
  const prefix = pathToFileURL(copyDist).href + '/';
  const scripts = readdirSync(dir).flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')).result);
  return scripts.filter((s) => s.url.startsWith(prefix));
}

const UNWRAPPABLE = /\b(?:this|arguments|super|new\.target)\b/;

/**
 * Rewrites one module's source: never-called functions emptied, called ones compiled eagerly.
 * Returns the new source and what changed.
 */
function rewrite(source, functions) {
  // A function's coverage range ends where its node ends; nested arrows (a => b => c) can share that
  // end, so the range that starts nearest the node is the node's.
  const byEnd = new Map();
  for (const f of functions) {
    const range = f.ranges[0];
    byEnd.set(range.endOffset, [...(byEnd.get(range.endOffset) ?? []), range]);
  }
  const rangeOf = (node) =>
    (byEnd.get(node.end) ?? []).filter((r) => r.startOffset <= node.body.start).sort((a, b) => Math.abs(a.startOffset - node.start) - Math.abs(b.startOffset - node.start))[0];

  const edits = [];
  let order = 0;
  // `open` edits at one offset keep the outer function's first; `close` edits, the inner one's.
  const edit = (at, end, text, kind) => edits.push({ at, end, text, kind, order: order++ });
  const stats = { emptiedBytes: 0, eager: 0 };

  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    const isFunction = /Function|Method/.test(node.type) && node.body;
    const range = isFunction ? rangeOf(node) : undefined;
    if (range && range.count === 0) {
      const body = node.body;
      const replacement = body.type === 'BlockStatement' ? '{}' : '0';
      stats.emptiedBytes += body.end - body.start - replacement.length;
      edit(body.start, body.end, replacement, 'replace');
      return;
    }
    if (range && range.count > 0 && !node.generator) visitCalled(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'extra') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  const visitCalled = (node) => {
    if (node.type === 'FunctionDeclaration' && node.id) {
      edit(node.start, node.start, `var ${node.id.name} = (`, 'open');
      edit(node.end, node.end, ');', 'close');
      stats.eager++;
    } else if (node.type === 'FunctionExpression' && !node.extra?.parenthesized) {
      edit(node.start, node.start, '(', 'open');
      edit(node.end, node.end, ')', 'close');
      stats.eager++;
    } else if (node.type === 'ArrowFunctionExpression' && !UNWRAPPABLE.test(source.slice(node.start, node.end))) {
      const bodyStart = node.body.extra?.parenthesized ? node.body.extra.parenStart : node.body.start;
      let params = source.slice(node.start, source.lastIndexOf('=>', bodyStart)).trim();
      if (node.async) params = params.replace(/^async\s*/, '');
      if (!params.startsWith('(')) params = `(${params})`;
      const expression = node.body.type !== 'BlockStatement';
      edit(node.start, bodyStart, `(${node.async ? 'async ' : ''}function ${params} ${expression ? '{ return ' : ''}`, 'replace');
      edit(node.end, node.end, expression ? '; })' : ')', 'close');
      stats.eager++;
    }
  };
  visit(parse(source, { sourceType: 'module' }).program);

  edits.sort((a, b) => b.at - a.at || (a.kind === 'open' ? b.order - a.order : a.order - b.order));
  let text = source;
  for (const { at, end, text: insert } of edits) text = text.slice(0, at) + insert + text.slice(end);
  return { text, ...stats };
}

try {
  const baseline = writeBaseline(work);
  const buildCopyBin = copyBuild(join(work, 'b'));
  const copyDir = join(work, 'l');
  const copyBin = copyBuild(copyDir);
  const copyDist = join(copyDir, 'dist');

  let emptiedBytes = 0;
  let eager = 0;
  const modules = coverageOf(copyBin, copyDist);
  for (const { url, functions } of modules) {
    const path = fileURLToPath(url);
    const result = rewrite(readFileSync(path, 'utf8'), functions);
    writeFileSync(path, result.text);
    emptiedBytes += result.emptiedBytes;
    eager += result.eager;
  }

  const expected = runCheck(bin);
  const actual = runCheck(copyBin);
  if (actual.status !== expected.status || actual.stdout !== expected.stdout) {
    throw new Error(`the rewritten copy no longer checks the example as the build does (exit ${actual.status}, not ${expected.status}):\n${actual.stderr || actual.stdout}`);
  }

  const commands = [
    ['node one-line ES module', [baseline]],
    ['rak-app check example', [bin, 'check', example]],
    ['  the same, copied', [buildCopyBin, 'check', example]],
    ['  ceiling, copied', [copyBin, 'check', example]],
  ];
  const times = commands.map(() => []);
  for (const [, args] of commands) timeRun(args, env); // warm the file-system cache
  for (let i = 0; i < runs; i++) commands.forEach(([, args], j) => times[j].push(timeRun(args, env)));
  const counts = withInstructions ? commands.map(([, args]) => countInstructions(args, env, join(work, 'callgrind.log'))) : [];

  console.log(`runs per command           ${runs} (median reported)`);
  console.log(`rewritten                  ${modules.length} modules: ${(emptiedBytes / 1024).toFixed(1)} KB of functions the check never calls emptied, ${eager} functions it calls compiled at once`);
  const nodeMs = median(times[0]);
  commands.forEach(([label], j) => {
    const ms = median(times[j]);
    const instructions = withInstructions ? `   ${millions(counts[j]).padStart(7)} instructions, ratio ${(counts[j] / counts[0]).toFixed(3)}` : '';
    console.log(`${label.padEnd(26)} ${ms.toFixed(1).padStart(5)} ms, ratio ${(ms / nodeMs).toFixed(2)}${instructions}`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
