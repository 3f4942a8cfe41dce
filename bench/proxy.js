#!/usr/bin/env node
// Proxy benchmark: 2,000 requests, 50 at a time, through `rak-app proxy` (the built bin, writing its
// trace and its terminal lines, read from a pipe) to a local upstream, beside the same requests
// sent straight to that upstream and through the smallest node:http forwarder (what any Node.js
// proxy costs), in alternating rounds of one run; then 500 more, one at a time. Reports the latency
// the proxy adds at p50 and p99, throughput against direct, and the proxy's memory (rss, and the
// heap after a full GC) at the start, middle and end. Targets: added p50 under 1 ms, p99 under
// 5 ms, throughput at least 80% of direct, memory flat.
// Usage: npm run bench:proxy [-- --requests <n>] [--sequential <n>]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, countOption, quantile, root } from './common.js';

const KEY = 'sk_test_51BenchKey000000000000000000000000000000000000bench';
const CUSTOMER = JSON.stringify({
  id: 'cus_bench',
  object: 'customer',
  email: 'jenny@example.com',
  metadata: { plan: 'pro', region: 'eu' },
  name: 'Jenny Rosen',
  created: 1700000000,
  livemode: false,
});
const SELF = join(root, 'bench', 'proxy.js');

/** Resolves with the first message a child sends. */
const firstMessage = (child) => new Promise((resolve) => child.once('message', resolve));

/** Resolves with the port a child prints in its "listening on http://127.0.0.1:<port>" line. */
const listeningPort = (child) =>
  new Promise((resolve) => {
    let head = '';
    child.stdout.on('data', (chunk) => {
      // Read and dropped, as a terminal would take it; only the first lines are looked at.
      if (head.length > 4096) return;
      head += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(head);
      if (m) resolve(Number(m[1]));
    });
  });

async function main() {
  const total = countOption('requests', 2000);
  const sequential = countOption('sequential', 500);
  const concurrency = 50;
  const rounds = 4;
  const work = mkdtempSync(join(tmpdir(), 'rak-app-proxy-bench-'));
  const children = [];
  const start = (args, stdio = ['ignore', 'pipe', 'inherit', 'ipc']) => {
    const child = spawn(process.execPath, args, { cwd: work, stdio, env: { ...process.env, NO_COLOR: '1' } });
    children.push(child);
    return child;
  };
  try {
    writeFileSync(
      join(work, 'stripe-app.json'),
      JSON.stringify({
        id: 'com.example.bench',
        version: '1.0.0',
        name: 'Bench',
        permissions: [{ permission: 'customer_write', purpose: 'Bench.' }],
      }),
    );
    const upstream = start([SELF, '--upstream'], ['ignore', 'inherit', 'inherit', 'ipc']);
    const upstreamPort = await firstMessage(upstream);
    const forwarder = start([SELF, '--forwarder', String(upstreamPort)]);
    // The real bin, with a probe that answers memory questions over IPC (bench/memory-probe.cjs).
    const proxy = start(
      [
        '--expose-gc',
        '--require',
        join(root, 'bench', 'memory-probe.cjs'),
        bin,
        'proxy',
        '--port',
        '0',
        '--upstream',
        `http://127.0.0.1:${upstreamPort}`,
        '--trace',
        join(work, 'trace.jsonl'),
      ],
      ['ignore', 'pipe', 'pipe', 'ipc'],
    );
    // Kept, to show should the proxy fail; its "Interrupted" line at the end is expected.
    let proxyErrors = '';
    proxy.stderr.on('data', (chunk) => {
      proxyErrors += chunk;
    });
    const [forwarderPort, proxyPort] = await Promise.all([listeningPort(forwarder), listeningPort(proxy)]);
    const memory = () => {
      proxy.send('memory');
      return firstMessage(proxy);
    };

    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const one = (port, i) =>
      new Promise((resolve, reject) => {
        // Three reads of a customer to one update of it, as a backend's traffic often is.
        const post = i % 4 === 3;
        const body = post ? 'email=jenny%40example.com&metadata[plan]=pro' : undefined;
        const started = process.hrtime.bigint();
        const req = request(
          {
            host: '127.0.0.1',
            port,
            agent,
            method: post ? 'POST' : 'GET',
            path: post ? '/v1/customers/cus_bench' : '/v1/customers/cus_bench?expand[]=default_source',
            headers: {
              authorization: `Bearer ${KEY}`,
              'stripe-version': '2025-01-27.acacia',
              ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
              else resolve(Number(process.hrtime.bigint() - started) / 1e6);
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    /** `count` requests to `port`, `width` at a time, added to `into`'s latencies and wall time. */
    const batch = async (port, count, width, into) => {
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < count) into.latencies.push(await one(port, next++));
        }),
      );
      into.ms += Number(process.hrtime.bigint() - started) / 1e6;
    };
    const paths = () => ({
      direct: { port: upstreamPort, latencies: [], ms: 0 },
      forwarder: { port: forwarderPort, latencies: [], ms: 0 },
      proxy: { port: proxyPort, latencies: [], ms: 0 },
    });

    // Warm every path (connections, JIT), then take turns, in a rotating order, so that drift in the
    // machine's load hits all three alike.
    const warm = paths();
    for (const p of Object.values(warm)) await batch(p.port, 200, concurrency, p);
    const memoryAt = { start: await memory() };
    const busy = paths();
    const order = Object.values(busy);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < order.length; k++) {
        const p = order[(round + k) % order.length];
        await batch(p.port, Math.ceil(total / rounds), concurrency, p);
      }
      if (round === rounds / 2 - 1) memoryAt.middle = await memory();
    }
    memoryAt.end = await memory();
    const alone = paths();
    for (let i = 0; i < sequential; i++) for (const p of Object.values(alone)) p.latencies.push(await one(p.port, i));
    memoryAt['after one at a time'] = await memory();
    agent.destroy();

    const q = (r, p) => quantile(r.latencies, p);
    const rate = (r) => (r.latencies.length / r.ms) * 1000;
    const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const report = (title, set, withRate) => {
      console.log(`${title}`);
      for (const [name, r] of Object.entries(set))
        console.log(
          `  ${name.padEnd(26)} p50 ${q(r, 0.5).toFixed(2)} ms, p99 ${q(r, 0.99).toFixed(2)} ms` +
            (withRate ? `, ${rate(r).toFixed(0)} requests/s` : ''),
        );
      for (const name of ['forwarder', 'proxy'])
        console.log(
          `  added by ${name.padEnd(17)} p50 ${(q(set[name], 0.5) - q(set.direct, 0.5)).toFixed(2)} ms, p99 ${(q(set[name], 0.99) - q(set.direct, 0.99)).toFixed(2)} ms` +
            (withRate ? `, throughput ${((rate(set[name]) / rate(set.direct)) * 100).toFixed(0)}% of direct` : ''),
        );
    };
    report(
      `${total} requests each, ${concurrency} at a time (targets for rak-app proxy: added p50 < 1 ms, p99 < 5 ms, throughput >= 80%)`,
      busy,
      true,
    );
    report(`${sequential} requests each, one at a time`, alone, false);
    console.log(
      `rak-app proxy against the bare forwarder: ${((rate(busy.proxy) / rate(busy.forwarder)) * 100).toFixed(0)}% of its throughput`,
    );
    for (const [when, m] of Object.entries(memoryAt))
      console.log(`proxy memory, ${when.padEnd(20)} rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}`);

    const exited = new Promise((resolve) => proxy.on('exit', resolve));
    proxy.kill('SIGINT');
    const code = await exited;
    if (code !== 130) throw new Error(`the proxy exited ${code}, not 130\n${proxyErrors}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--upstream') {
  // The upstream: a process of its own, answering at once, so what is measured is the proxy.
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_bench' });
      res.end(CUSTOMER);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else if (process.argv[2] === '--forwarder') {
  // The floor: the smallest node:http forwarder (no decision, trace or terminal line), what any
  // Node.js proxy in this place pays.
  const upstreamPort = Number(process.argv[3]);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const out = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    req.pipe(out);
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
} else {
  await main();
}
