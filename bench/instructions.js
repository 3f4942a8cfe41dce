#!/usr/bin/env node
// Start-up in instructions: the same two commands as bench/startup.js (a cold `rak-app check` of the
// example app, and a bare `node` running a one-line ES module), counted under valgrind's callgrind.
// Times on a shared machine move by a tenth of the ratio from one run to the next; instruction counts
// repeat within a few hundredths of a percent, so this tells a real change from the machine's load.
// They are not times: they leave out what memory, caches and other threads cost. Usage:
// npm run bench:instructions [-- --runs 3]. Needs valgrind (Debian: apt install valgrind).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bin,
  countInstructions,
  example,
  hasValgrind,
  median,
  millions,
  runsOption,
  VALGRIND_MISSING,
  withoutStartUpSettings,
  writeBaseline,
} from './common.js';

const runs = runsOption(3);

if (!hasValgrind()) {
  console.error(`bench/instructions.js needs ${VALGRIND_MISSING}.`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'rak-app-instructions-'));
const baseline = writeBaseline(work);
const env = withoutStartUpSettings({ ...process.env, NO_COLOR: '1' });

const instructions = (args) => countInstructions(args, env, join(work, 'callgrind.log'));

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
