#!/usr/bin/env node
// Scan benchmark: `rak-app permissions scan` over 10,000 lines of backend code (copies of the test
// fixtures' backends, renamed per file), beside a bare `node` start in the same run. Target: the
// scan finishes in under 2 seconds. Usage: npm run bench:scan
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, median, root, writeBaseline } from './common.js';

const backends = join(root, 'test', 'fixtures', 'backends');
const sources = [
  ['express-webhook/server.js', '.js'],
  ['sync-job/sync.mjs', '.mjs'],
  ['ts-service/src/ledger-service.ts', '.ts'],
  ['event-router/router.ts', '.ts'],
].map(([path, ext]) => [readFileSync(join(backends, path), 'utf8'), ext]);

const work = mkdtempSync(join(tmpdir(), 'rak-app-scan-'));
try {
  mkdirSync(join(work, 'src'));
  let lines = 0;
  let files = 0;
  while (lines < 10_000) {
    const [text, ext] = sources[files % sources.length];
    writeFileSync(join(work, 'src', `module-${files}${ext}`), text);
    lines += text.split('\n').length;
    files++;
  }
  cpSync(join(backends, 'express-webhook', 'stripe-app.json'), join(work, 'stripe-app.json'));
  writeBaseline(work);

  const time = (args) => {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (child.status !== 0 && child.status !== 1)
      throw new Error(`${args.join(' ')}: exit ${child.status}\n${child.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const node = [];
  const scan = [];
  for (let i = 0; i < 5; i++) {
    node.push(time(['baseline.mjs']));
    scan.push(time([bin, 'permissions', 'scan', 'src', '--format', 'json']));
  }
  console.log(`source files                 ${files}`);
  console.log(`source lines                 ${lines}`);
  console.log(`bare node start              ${median(node).toFixed(0)} ms`);
  console.log(`rak-app permissions scan     ${median(scan).toFixed(0)} ms (median of 5; target under 2000 ms)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
