#!/usr/bin/env node
// npm's `prepare`: builds dist/ (scripts/build.js) in a clone, where `npm install` has installed the
// dev dependencies the build needs. npm also runs it when it installs rak-app from git, and there it
// may run without them: `npm install -g git+…` (how pre-commit installs a hook) prepares the clone as
// a global install, so esbuild is never installed beside it. A release ref ships dist/ built
// (scripts/release-ref.js), and there it is used as it is; a plain commit has no dist/ to use, and
// this says so rather than fail with a missing module.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Whether the build's tools are installed: esbuild (bundling) and ajv (the schema validator). */
async function canBuild() {
  try {
    await import('esbuild');
    await import('ajv/dist/standalone/index.js');
    return true;
  } catch {
    return false;
  }
}

if (await canBuild()) {
  await import('./build.js');
} else if (existsSync(join(root, 'dist', 'cli.cjs'))) {
  console.error('rak-app: the build tools are not installed here; using the dist/ this ref ships.');
} else {
  console.error(
    'rak-app: cannot build dist/: its build tools (dev dependencies) are not installed, and this ref ships no dist/.\n' +
      '  Pin a release tag, which ships dist/ built (docs/ci.md), or run `npm install` in a clone.',
  );
  process.exitCode = 1;
}
