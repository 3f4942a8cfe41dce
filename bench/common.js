// What the bench scripts share: where rak-app is, the baseline they compare it with, the settings
// they leave out of the environment, and their statistics.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = join(root, 'bin', 'rak-app.js');
export const example = join(root, 'examples', 'ledger-sync');

/** The value of `--runs <n>` on the command line, else `fallback`. */
export function runsOption(fallback) {
  const at = process.argv.indexOf('--runs');
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Writes the baseline, a bare node running a one-line ES module, into `dir`; returns its path. */
export function writeBaseline(dir) {
  const path = join(dir, 'baseline.mjs');
  writeFileSync(path, 'export const ready = true;\n');
  return path;
}

// Each makes every node start do work of its own: read certificates, load modules, write coverage or
// debug output. They add the same time to both commands, and so flatter the ratio.
export const START_UP_SETTINGS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'NODE_V8_COVERAGE', 'NODE_DEBUG'];
export const withoutStartUpSettings = (env) => Object.fromEntries(Object.entries(env).filter(([key]) => !START_UP_SETTINGS.includes(key)));

/** The value below which a share `p` of xs lies, interpolated between neighbours (p = 0.5: the median). */
export function quantile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * p;
  const below = Math.floor(at);
  return s[below] + (s[Math.min(below + 1, s.length - 1)] - s[below]) * (at - below);
}
export const median = (xs) => quantile(xs, 0.5);
