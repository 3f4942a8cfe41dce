#!/usr/bin/env node
// Start-up in instructions: the same two commands as bench/startup.js (a cold `rak-app check` of the
// example app, and a bare `node` running a one-line ES module), counted under valgrind's callgrind.
// Times on a shared machine move by a tenth of the ratio from one run to the next; instruction counts
// repeat within a few hundredths of a percent, so this tells a real change from the machine's load.
// They are not times: they leave out what memory, caches and other threads cost. Usage:
// npm run bench:instructions [-- --runs 3]. Needs valgrind (Debian: apt install valgrind).
//
// node runs with --single-threaded, so that V8's helper threads do not interleave, and with a fixed
// --hash-seed, so that V8's start-up search for a random hash seed costs the same every run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, example, median, runsOption, withoutStartUpSettings, writeBaseline } from './common.js';

const runs = runsOption(3);

if (spawnSync('valgrind', ['--version']).error) {
  console.error('bench/instructions.js needs valgrind, which is not on PATH (Debian: apt install valgrind).');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'rak-app-instructions-'));
const baseline = writeBaseline(work);
const env = withoutStartUpSettings({ ...process.env, NO_COLOR: '1' });

function instructions(args) {
  const log = join(work, 'callgrind.log');
  const child = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', `--log-file=${log}`, process.execPath, '--single-threaded', '--hash-seed=1', ...args], { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status} under valgrind: ${child.stderr}${child.stdout}`);
  const collected = /Collected : (\d+)/.exec(readFileSync(log, 'utf8'));
  if (!collected) throw new Error(`callgrind reported no instruction count for ${args.join(' ')}`);
  return Number(collected[1]);
}
const millions = (n) => `${(n / 1e6).toFixed(1)}M`;

try {
  const node = [];
  const check = [];
  for (let i = 0; i < runs; i++) {
    node.push(instructions([baseline]));
    check.push(instructions([bin, 'check', example]));
  }
  const spread = (xs) => `${(((Math.max(...xs) - Math.min(...xs)) / median(xs)) * 100).toFixed(2)}%`;
  console.log(`runs per command           ${runs} (median reported)`);
  console.log(`node one-line ES module    ${millions(median(node))} instructions (spread ${spread(node)})`);
  console.log(`rak-app check example      ${millions(median(check))} instructions (spread ${spread(check)})`);
  console.log(`ratio                      ${(median(check) / median(node)).toFixed(3)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
