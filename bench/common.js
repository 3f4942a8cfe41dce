// What the bench scripts share: where rak-app is, the baseline they compare it with, the settings
// they leave out of the environment, and their statistics.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = join(root, 'bin', 'rak-app.cjs');
export const example = join(root, 'examples', 'ledger-sync');

/**
 * The value of `--<name> <n>` on the command line, else `fallback`: a whole number of 1 or more, or
 * the script stops with a message and exit 2 before it measures anything (0 runs printed NaN).
 */
export function countOption(name, fallback, unit = name) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const given = process.argv[at + 1];
  const n = Number(given);
  if (given !== undefined && Number.isInteger(n) && n >= 1) return n;
  const script = `bench/${basename(process.argv[1] ?? '')}`;
  const what = given === undefined ? 'needs a number' : given;
  process.stderr.write(`${script}: --${name} ${what}: a whole number of ${unit}, 1 or more\n`);
  process.exit(2);
}

/** The value of `--runs <n>` on the command line, else `fallback`. */
export const runsOption = (fallback) => countOption('runs', fallback);

/** Writes the baseline, a bare node running a one-line ES module, into `dir`; returns its path. */
export function writeBaseline(dir) {
  const path = join(dir, 'baseline.mjs');
  writeFileSync(path, 'export const ready = true;\n');
  return path;
}

// Each makes every node start do work of its own: read certificates, load modules, write coverage or
// debug output. They add the same time to both commands, and so flatter the ratio.
export const START_UP_SETTINGS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'NODE_V8_COVERAGE', 'NODE_DEBUG'];
export const withoutStartUpSettings = (env) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => !START_UP_SETTINGS.includes(key)));

/** The value below which a share `p` of xs lies, interpolated between neighbours (p = 0.5: the median). */
export function quantile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * p;
  const below = Math.floor(at);
  return s[below] + (s[Math.min(below + 1, s.length - 1)] - s[below]) * (at - below);
}
export const median = (xs) => quantile(xs, 0.5);

/** Lines as an editor and `rak-app permissions scan` count them: each newline ends one; a last one without is one too. */
const linesOf = (text) => (text.match(/\n/g) ?? []).length + (text.length > 0 && !text.endsWith('\n') ? 1 : 0);

/**
 * Writes the scan benches' corpus into `dir`: copies of the test fixtures' four backends, renamed per
 * file, in `dir/src` until they hold `targetLines` lines, and a manifest granting what the first
 * backend's does. Returns how many files and lines were written.
 */
export function writeScanCorpus(dir, targetLines) {
  const backends = join(root, 'test', 'fixtures', 'backends');
  const sources = [
    ['express-webhook/server.js', '.js'],
    ['sync-job/sync.mjs', '.mjs'],
    ['ts-service/src/ledger-service.ts', '.ts'],
    ['event-router/router.ts', '.ts'],
  ].map(([path, ext]) => [readFileSync(join(backends, path), 'utf8'), ext]);
  mkdirSync(join(dir, 'src'));
  let lines = 0;
  let files = 0;
  while (lines < targetLines) {
    const [text, ext] = sources[files % sources.length];
    writeFileSync(join(dir, 'src', `module-${files}${ext}`), text);
    lines += linesOf(text);
    files++;
  }
  cpSync(join(backends, 'express-webhook', 'stripe-app.json'), join(dir, 'stripe-app.json'));
  return { files, lines };
}

/**
 * A second corpus for the scan benches: fewer, larger files (500 lines each) of nested calls, every
 * line handing names to functions declared below (`log(fmt(order), total(order))`). It is the shape
 * that makes the scan keep most, and where V8's garbage collector behaves worst (docs/performance.md).
 * Files as writeScanCorpus writes them.
 */
export function writeNestedCallCorpus(dir, targetLines) {
  mkdirSync(join(dir, 'src'));
  const head = [
    "import Stripe from 'stripe';",
    "import { order, log } from './shared';",
    'const stripe = new Stripe(process.env.STRIPE_KEY);',
    'export const customer = (id) => stripe.customers.retrieve(id);',
  ];
  const tail = ['function fmt(a) { return a + 1; }', 'function total(a) { return a * 2; }'];
  const body = 'log(fmt(order), total(order)); use(fmt(total(order)), fmt(order)); order.save(fmt(order));';
  let lines = 0;
  let files = 0;
  while (lines < targetLines) {
    const text = [...head, ...Array.from({ length: 494 }, () => body), ...tail].join('\n');
    writeFileSync(join(dir, 'src', `module-${files}.js`), `${text}\n`);
    lines += 500;
    files++;
  }
  cpSync(
    join(root, 'test', 'fixtures', 'backends', 'express-webhook', 'stripe-app.json'),
    join(dir, 'stripe-app.json'),
  );
  return { files, lines };
}

/**
 * A monorepo's shape: 20 packages whose entry re-exports 20 modules each (`export * from './m3'`),
 * and route files that import from the packages through a tsconfig path (`@pkg/p7`), one of them
 * the Stripe client. What it weighs is resolving imports and looking names up through barrels.
 */
export function writeMonorepoCorpus(dir, targetLines) {
  const src = join(dir, 'src');
  const PACKAGES = 20;
  const MODULES = 20;
  let lines = 0;
  let files = 0;
  const write = (path, text) => {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), `${text}\n`);
    lines += text.split('\n').length;
    files++;
  };
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@pkg/*': ['packages/*/src'] } } }),
  );
  for (let p = 0; p < PACKAGES; p++) {
    write(
      `packages/p${p}/src/index.ts`,
      Array.from({ length: MODULES }, (_, m) => `export * from './m${m}';`).join('\n'),
    );
    for (let m = 0; m < MODULES; m++) {
      const body = Array.from({ length: 18 }, (_, i) => `  const v${i} = x * ${i} + ${m};`).join('\n');
      write(`packages/p${p}/src/m${m}.ts`, `export function f${p}_${m}(x: number) {\n${body}\n  return x;\n}`);
    }
  }
  write(
    'packages/p0/src/client.ts',
    "import Stripe from 'stripe';\nexport const stripe = new Stripe(process.env.STRIPE_KEY!);",
  );
  write(
    'packages/p0/src/index.ts',
    `export * from './client';\n${Array.from({ length: MODULES }, (_, m) => `export * from './m${m}';`).join('\n')}`,
  );
  for (let r = 0; lines < targetLines; r++) {
    const used = Array.from({ length: 10 }, (_, i) => [(r + i * 7) % PACKAGES, (r * 3 + i) % MODULES]);
    const text = [
      "import { stripe } from '@pkg/p0';",
      ...used.map(([p, m]) => `import { f${p}_${m} } from '@pkg/p${p}';`),
      `export async function route${r}(id: string, n: number) {`,
      ...used.map(([p, m]) => `  n = f${p}_${m}(n);`),
      ...Array.from({ length: 24 }, (_, i) => `  if (n > ${i}) n -= 1;`),
      '  return stripe.customers.retrieve(id);',
      '}',
    ].join('\n');
    write(`apps/api/src/routes/r${r}.ts`, text);
  }
  cpSync(
    join(root, 'test', 'fixtures', 'backends', 'express-webhook', 'stripe-app.json'),
    join(dir, 'stripe-app.json'),
  );
  return { files, lines };
}

/** Runs node with `args` and returns how long it took, in milliseconds; throws if it fails. */
export function timeRun(args, env) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}${child.stdout}`);
  return ms;
}

export const hasValgrind = () => !spawnSync('valgrind', ['--version']).error;
export const VALGRIND_MISSING = 'valgrind, which is not on PATH (Debian: apt install valgrind)';

/**
 * Counts the instructions node executes to run `args`, under valgrind's callgrind. node runs with
 * --single-threaded, so that V8's helper threads do not interleave, and with a fixed --hash-seed, so
 * that V8's start-up search for a random hash seed costs the same every run. It also runs with
 * --no-turbofan: single-threaded, V8 would run on the main thread the optimising compiles that a real
 * run leaves to a helper thread, and whether any happens at all depends on the length of the path
 * rak-app is installed at (node's loader loops over it for each import), which moved the count by
 * 10 to 25M between two copies of one build. `log` is a scratch file.
 */
export function countInstructions(args, env, log) {
  const child = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      `--log-file=${log}`,
      process.execPath,
      '--single-threaded',
      '--hash-seed=1',
      '--no-turbofan',
      ...args,
    ],
    { env, encoding: 'utf8' },
  );
  if (child.status !== 0)
    throw new Error(`${args.join(' ')} exited ${child.status} under valgrind: ${child.stderr}${child.stdout}`);
  const collected = /Collected : (\d+)/.exec(readFileSync(log, 'utf8'));
  if (!collected) throw new Error(`callgrind reported no instruction count for ${args.join(' ')}`);
  return Number(collected[1]);
}

export const millions = (n) => `${(n / 1e6).toFixed(1)}M`;

export const hasStrace = () => !spawnSync('strace', ['-V']).error;

/**
 * The files of rak-app's own (its bin and dist/) that one run of `args` opens, traced with
 * `strace -f -e trace=openat`: what node's loader reads, whatever the module system.
 */
export function ownFilesOpened(args, env) {
  const child = spawnSync(
    'strace',
    ['-f', '-qq', '-e', 'trace=openat', '-e', 'signal=none', process.execPath, ...args],
    { env, encoding: 'utf8' },
  );
  const opened = [...child.stderr.matchAll(/openat\([^,]+, "([^"]+)"[^)]*\) = \d+/g)].map((m) => m[1]);
  const own = opened.filter(
    (path) => path.startsWith(`${root}/`) && /\.(c|m)?js$/.test(path) && !path.includes('/node_modules/'),
  );
  return [...new Set(own)].map((path) => path.slice(root.length + 1));
}
