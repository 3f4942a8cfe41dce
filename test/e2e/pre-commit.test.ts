// The pre-commit hook (.pre-commit-hooks.yaml), installed and run by pre-commit itself, from a clone
// of this repository: pre-commit installs a `language: node` hook with `npm install -g git+file://…`,
// which prepares the clone without its dev dependencies (scripts/prepare.js). A release ref ships
// dist/ built (scripts/release-ref.js) and installs; a plain commit says why it cannot.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/run.js';
import { unlessSkipped } from '../helpers/skip-reasons.js';

const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const preCommitMissing =
  found.status === 0 ? undefined : 'pre-commit not found on PATH (.ci/run installs it: pip install pre-commit)';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();

/**
 * A clone of rak-app as it is now (its tracked and new files, committed), with a release tag made by
 * scripts/release-ref.js from the dist/ that `npm run test:e2e` built.
 */
function hookRepository(): { path: string; tag: string; plainCommit: string } {
  const path = join(tempDir(), 'rak-app');
  mkdirSync(path);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      mkdirSync(dirname(join(path, file)), { recursive: true });
      cpSync(join(ROOT, file), join(path, file));
    } catch (e) {
      // A file deleted in the working tree but not yet in the index.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  cpSync(join(ROOT, 'dist'), join(path, 'dist'), { recursive: true });
  git(path, ['init', '--quiet']);
  git(path, ['add', '--all']);
  git(path, ['commit', '--quiet', '--message', 'rak-app as tested']);
  execFileSync(process.execPath, [join(path, 'scripts', 'release-ref.js'), 'v0.0.0-test'], {
    cwd: path,
    env: { ...process.env, ...IDENTITY },
  });
  return { path, tag: 'v0.0.0-test', plainCommit: git(path, ['rev-parse', 'HEAD']) };
}

/** An app project with the hook configured at `rev`, and pre-commit run on all its files. */
function runHook(repository: string, rev: string, manifest?: (text: string) => string) {
  const project = join(tempDir(), 'app');
  cpSync(EXAMPLE_DIR, project, { recursive: true });
  if (manifest) {
    const path = join(project, 'stripe-app.json');
    writeFileSync(path, manifest(readFileSync(path, 'utf8')));
  }
  writeFileSync(
    join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${repository}\n    rev: ${rev}\n    hooks:\n      - id: rak-app-check\n`,
  );
  git(project, ['init', '--quiet']);
  git(project, ['add', '--all']);
  const r = spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: tempDir(), NO_COLOR: '1' },
  });
  return { code: r.status, output: r.stdout + r.stderr };
}

describe.skipIf(preCommitMissing !== undefined)(
  unlessSkipped('the pre-commit hook, installed by pre-commit', preCommitMissing),
  () => {
    it('installs from a release tag and checks the manifests', { timeout: 180_000 }, () => {
      const repository = hookRepository();
      const clean = runHook(repository.path, repository.tag);
      expect(clean.output).toMatch(/rak-app check\.+Passed/);
      expect(clean.code).toBe(0);

      const broken = runHook(repository.path, repository.tag, (text) =>
        text.replace('"customer_read"', '"customers_read"'),
      );
      expect(broken.code).toBe(1);
      expect(broken.output).toMatch(/rak-app check\.+Failed/);
      expect(broken.output).toMatch(/error +.+ permission-unknown$/m);

      // A commit with no dist/ cannot be built where npm prepares it, and says so.
      const plain = runHook(repository.path, repository.plainCommit);
      expect(plain.code).not.toBe(0);
      expect(plain.output).toContain(
        'rak-app: cannot build dist/: its build tools (dev dependencies) are not installed, and this ref ships no dist/.',
      );
    });
  },
);
