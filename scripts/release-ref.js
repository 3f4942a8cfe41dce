#!/usr/bin/env node
// Makes a release ref: a commit that ships dist/ built, tagged, for what installs rak-app straight
// from the repository. The GitHub Action runs dist/ from the ref a workflow pins (an Action ships what
// it runs), and pre-commit installs the hook with `npm install -g git+…`, which cannot build it (see
// scripts/prepare.js). dist/ stays out of the branches (.gitignore): the commit is made on top of
// HEAD with a temporary index, so neither the branch, the index nor the working tree changes.
// Usage: npm run build && node scripts/release-ref.js <tag>   (for example v0.1.0)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tag = process.argv[2];
if (!tag) {
  console.error('usage: node scripts/release-ref.js <tag>');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'cli.cjs'))) {
  console.error('release-ref: dist/ is not built; run `npm run build` first.');
  process.exit(1);
}
const git = (args, env = {}) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } }).trim();
if (git(['status', '--porcelain', '--untracked-files=no']) !== '') {
  console.error('release-ref: the working tree has uncommitted changes; dist/ would not match HEAD.');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'rak-app-release-'));
try {
  const index = { GIT_INDEX_FILE: join(scratch, 'index') };
  git(['read-tree', 'HEAD'], index);
  git(['add', '--force', 'dist'], index);
  const tree = git(['write-tree'], index);
  const head = git(['rev-parse', 'HEAD']);
  const commit = git(['commit-tree', tree, '-p', head, '-m', `Release ${tag}: ${head.slice(0, 12)} with dist/ built`]);
  git(['tag', tag, commit]);
  console.log(`${tag} → ${commit} (HEAD ${head.slice(0, 12)} with dist/)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
