#!/usr/bin/env node
// Start-up benchmark: a cold `rak-app check` of the example app against a bare `node` running a
// one-line ES module, interleaved in pairs so both see the same machine load; the files of rak-app's
// own that the check opens (under strace, where it is installed); then one run over 1,000 manifests,
// to price each added manifest. Usage: npm run bench [-- --runs 31] [--against <another build's bin>]
// (--against times that build's check too, in the same interleaved rounds: before and after a change.)
//
// Settings that make every node start do extra work add the same milliseconds to both commands and
// so flatter the ratio: NODE_EXTRA_CA_CERTS makes node parse a certificate bundle at start (about
// 40 ms on a machine where it names the system bundle). When one is set, both commands are also
// timed without them, and that ratio is the one to judge.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bin,
  example,
  hasStrace,
  median,
  ownFilesOpened,
  quantile,
  runsOption,
  START_UP_SETTINGS,
  timeRun,
  withoutStartUpSettings,
  writeBaseline,
} from './common.js';

const runs = runsOption(21);
const againstAt = process.argv.indexOf('--against');
const against = againstAt > 0 ? process.argv[againstAt + 1] : undefined;
const work = mkdtempSync(join(tmpdir(), 'rak-app-bench-'));
const baseline = writeBaseline(work);

const givenEnv = { ...process.env, NO_COLOR: '1' };
const cleanEnv = withoutStartUpSettings(givenEnv);
const setHere = START_UP_SETTINGS.filter((key) => process.env[key] !== undefined);

const time = (args, env = cleanEnv) => timeRun(args, env);
try {
  // Warm the file-system cache once, outside the measurement.
  time([baseline]);
  time([bin, 'check', example]);
  const envs =
    setHere.length > 0
      ? [
          ['without ' + setHere.join(', '), cleanEnv],
          ['as given', givenEnv],
        ]
      : [['', cleanEnv]];
  const node = envs.map(() => []);
  const check = envs.map(() => []);
  const other = envs.map(() => []);
  for (let i = 0; i < runs; i++) {
    envs.forEach(([, env], j) => {
      node[j].push(time([baseline], env));
      check[j].push(time([bin, 'check', example], env));
      if (against) other[j].push(time([against, 'check', example], env));
    });
  }

  // 1,000 copies of the example app, checked in one run; the price of each is the difference
  // from a run over one app, divided by the 999 added.
  const many = join(work, 'apps');
  const count = 1000;
  const dirs = [];
  for (let i = 0; i < count; i++) {
    const dir = join(many, `app-${i}`);
    mkdirSync(dir, { recursive: true });
    cpSync(example, dir, { recursive: true });
    dirs.push(dir);
  }
  const single = [];
  const thousand = [];
  for (let i = 0; i < 5; i++) {
    single.push(time([bin, 'check', dirs[0]]));
    thousand.push(time([bin, 'check', ...dirs]));
  }
  const perManifest = (median(thousand) - median(single)) / (count - 1);

  console.log(`runs per command           ${runs} (median reported)`);
  envs.forEach(([label], j) => {
    const nodeMs = median(node[j]);
    const checkMs = median(check[j]);
    // Each check is divided by the node run just before it, so that both saw the same load on a
    // shared machine; the spread of these ratios says how far to trust the verdict.
    const paired = check[j].map((ms, i) => ms / node[j][i]);
    if (label) console.log(`environment                ${label}`);
    console.log(`node one-line ES module    ${nodeMs.toFixed(1)} ms`);
    console.log(`rak-app check example      ${checkMs.toFixed(1)} ms (${(checkMs - nodeMs).toFixed(1)} ms more)`);
    console.log(`ratio of medians           ${(checkMs / nodeMs).toFixed(2)}`);
    console.log(
      `ratio of each pair         median ${median(paired).toFixed(2)}, middle half ${quantile(paired, 0.25).toFixed(2)}–${quantile(paired, 0.75).toFixed(2)}` +
        ` (target at most 1.30)${j > 0 ? ', flattered by the settings above' : ''}`,
    );
    if (against) {
      const theirs = other[j].map((ms, i) => ms / node[j][i]);
      console.log(
        `--against's check          ${median(other[j]).toFixed(1)} ms, pair ratio median ${median(theirs).toFixed(2)}`,
      );
    }
  });
  if (hasStrace()) {
    const files = ownFilesOpened([bin, 'check', example], cleanEnv);
    console.log(`own files opened           ${files.length} (target at most 5): ${files.join(', ')}`);
  } else {
    console.log('own files opened           not counted: strace is not on PATH (Debian: apt install strace)');
  }
  console.log(`check of ${count} apps        ${median(thousand).toFixed(1)} ms`);
  console.log(`each added manifest        ${perManifest.toFixed(3)} ms (target under 1 ms)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
