/**
 * The files `permissions scan` reads under the paths it is given: source files, minus what
 * .gitignore files (at each level, and above the paths up to the repository's root) and
 * `--ignore` patterns leave out, and minus build output and dependencies, which are skipped by
 * folder name, and tests unless asked for. The project's tsconfig/jsconfig and package.json files
 * come too, for import aliases. Patterns are matched by the `ignore` package, which implements
 * git's rules.
 */
import { type Dirent, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { packageNameOf } from '../scan/module-graph.js';
import { readTextFile } from './files.js';

/**
 * Folders never scanned below a path given: dependencies, version control, and what frameworks
 * and tools build or cache (a stale bundle there would ask for what the code no longer does).
 */
export const SKIPPED_FOLDERS: readonly string[] = [
  'node_modules',
  '.git',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.netlify',
  '.build',
  '.cache',
  'dist',
  'build',
  'out',
  'coverage',
];

/**
 * Tests, skipped below a path given unless --include-tests: a test's calls (seeding customers and
 * products with a test-mode secret key) are not the backend's, and would ask every installed user's
 * key for permissions only the test suite uses. `__tests__` and `__mocks__` anywhere; `test`,
 * `tests`, `e2e` and `spec` only at a package's top (beside its package.json, or in the current folder),
 * since deeper down such a name may be the app's own (a route served at `/api/test`); and files
 * named `*.test.*` or `*.spec.*`.
 */
export const TEST_FOLDERS: readonly string[] = ['__tests__', '__mocks__'];
export const PACKAGE_TEST_FOLDERS: readonly string[] = ['test', 'tests', 'e2e', 'spec'];
const TEST_FILE = /\.(?:test|spec)\./;

const CONFIG_FILES = new Set(['tsconfig.json', 'jsconfig.json', 'package.json']);

export interface SkippedPaths {
  /** Folders skipped by name, as `dist` or `.next`, with how many times. */
  buildOutput: Map<string, number>;
  /** Files and folders a .gitignore leaves out. */
  gitignored: number;
  /** Files and folders an --ignore pattern leaves out. */
  ignoredByPattern: number;
  /** Test folders and files left out (TEST_FOLDERS, PACKAGE_TEST_FOLDERS, TEST_FILE), unless --include-tests. */
  tests: number;
  /** The --ignore patterns, as given, that left out nothing (a negation `!x` is never one). */
  unmatchedPatterns: string[];
}

export interface SourceSearch {
  files: string[];
  /** tsconfig.json, jsconfig.json and package.json files in the paths and above them. */
  configs: string[];
  /** The .gitignore files read. */
  ignoreFiles: string[];
  skipped: SkippedPaths;
  /**
   * Why a path (relative to cwd, its extension optional: as an import names it) was not read, when
   * the search left it out: in a build or dependency folder, by a .gitignore, by --ignore.
   */
  skippedAt: (path: string) => string | undefined;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** The .gitignore rules of one folder, matched against paths relative to it. */
interface Rules {
  dir: string;
  rules: Ignore;
}

function rulesIn(dir: string, read: Set<string>): Rules | undefined {
  const path = join(dir, '.gitignore');
  if (!existsSync(path)) return undefined;
  const text = readTextFile(path, 1024 * 1024);
  if (!text.ok) return undefined;
  read.add(path);
  return { dir, rules: ignore().add(text.text) };
}

/**
 * The folders above `root` whose .gitignore files apply to it, nearest last: up to the repository's
 * root (the folder holding .git), or, outside a repository, up to the current folder.
 */
function foldersAbove(root: string, cwd: string): string[] {
  if (existsSync(join(root, '.git')) || root === cwd) return [];
  const above: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    above.unshift(dir);
    if (existsSync(join(dir, '.git'))) return above;
    if (dirname(dir) === dir) break;
  }
  // No repository: the folders from the current one down, when the path is inside it.
  const inside = relative(cwd, root);
  return inside.startsWith('..') || inside === root ? [] : above.filter((dir) => !relative(cwd, dir).startsWith('..'));
}

const ignores = (rules: readonly Rules[], path: string, isDir: boolean): boolean => {
  for (const { dir, rules: r } of rules) {
    const rel = toPosix(relative(dir, path));
    if (rel === '' || rel.startsWith('..')) continue;
    if (r.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
};

export function findSourceFiles(
  roots: readonly string[],
  options: {
    cwd: string;
    wanted: (path: string) => boolean;
    /** Patterns in .gitignore's syntax, relative to cwd. */
    ignorePatterns: readonly string[];
    /** Read test folders and files too (TEST_FOLDERS, PACKAGE_TEST_FOLDERS, TEST_FILE). */
    includeTests?: boolean;
    missing: (root: string) => never;
  },
): SourceSearch {
  const files: string[] = [];
  const configs = new Set<string>();
  const ignoreFiles = new Set<string>();
  const skipped: SkippedPaths = {
    buildOutput: new Map(),
    gitignored: 0,
    ignoredByPattern: 0,
    tests: 0,
    unmatchedPatterns: [],
  };
  const patterns = options.ignorePatterns.map((given) => {
    const pattern = asGitignorePattern(given, options.cwd);
    return { given, pattern, alone: ignore().add(pattern), matched: given.startsWith('!') };
  });
  const byPattern = ignore().add(patterns.map((p) => p.pattern));
  const left: { path: string; folder: boolean; why: string }[] = [];
  const seen = new Set<string>();
  const noPatterns = patterns.length === 0;
  const givenRoots = new Set(roots);
  const patternIgnores = (path: string, isDir: boolean): boolean => {
    if (noPatterns) return false;
    const rel = toPosix(relative(options.cwd, path));
    const name = isDir ? `${rel}/` : rel;
    if (rel === '' || rel.startsWith('..') || !byPattern.ignores(name)) return false;
    // Which pattern left it out, so that one that never does can be named; a folder left out takes
    // with it the patterns naming what is in it (`--ignore server --ignore server/index.js`).
    for (const p of patterns)
      if (!p.matched && (p.alone.ignores(name) || (isDir && p.pattern.replace(/^\//, '').startsWith(name))))
        p.matched = true;
    return true;
  };
  // A test folder left out takes with it the patterns naming what is in it (`--ignore test/fixtures`):
  // without --include-tests there is nothing there for them to leave out, and no mistake to name.
  const claimPatternsIn = (folder: string): void => {
    const name = `${toPosix(relative(options.cwd, folder))}/`;
    for (const p of patterns) if (!p.matched && p.pattern.replace(/^\//, '').startsWith(name)) p.matched = true;
  };
  const visitDir = (dir: string, rules: readonly Rules[]): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    // Each real folder once: a link loop ends.
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const own = rulesIn(dir, ignoreFiles);
    const here = own ? [...rules, own] : rules;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The current folder is one too: `scan .` in a project without a package.json.
    const packageTop = dir === options.cwd || entries.some((e) => e.name === 'package.json' && !e.isDirectory());
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // A path given is read on its own, whatever it is named: not counted as left out here.
      if (givenRoots.has(path)) continue;
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = statSync(path).isDirectory();
        } catch {
          continue;
        }
      }
      if (isDir && SKIPPED_FOLDERS.includes(entry.name)) {
        if (entry.name !== '.git') {
          skipped.buildOutput.set(entry.name, (skipped.buildOutput.get(entry.name) ?? 0) + 1);
          left.push({ path, folder: true, why: `in a build or dependency folder, ${entry.name}` });
        }
        continue;
      }
      if (!isDir && CONFIG_FILES.has(entry.name)) configs.add(path);
      if (ignores(here, path, isDir)) {
        if (isDir || options.wanted(path)) {
          skipped.gitignored++;
          left.push({ path, folder: isDir, why: 'left out by a .gitignore' });
        }
        continue;
      }
      if (patternIgnores(path, isDir)) {
        if (isDir || options.wanted(path)) {
          skipped.ignoredByPattern++;
          left.push({ path, folder: isDir, why: 'left out by --ignore' });
        }
        continue;
      }
      const test = isDir
        ? TEST_FOLDERS.includes(entry.name) || (packageTop && PACKAGE_TEST_FOLDERS.includes(entry.name))
        : TEST_FILE.test(entry.name);
      if (test && !options.includeTests) {
        if (isDir) claimPatternsIn(path);
        if (isDir || options.wanted(path)) {
          skipped.tests++;
          left.push({
            path,
            folder: isDir,
            why: isDir
              ? `in a test folder, ${entry.name}; --include-tests reads it`
              : 'a test; --include-tests reads it',
          });
        }
        continue;
      }
      if (isDir) visitDir(path, here);
      else if (options.wanted(path)) files.push(path);
    }
  };
  for (const root of roots) {
    let isDir: boolean;
    try {
      isDir = statSync(root).isDirectory();
    } catch {
      options.missing(root);
    }
    const above = foldersAbove(isDir ? root : dirname(root), options.cwd);
    for (const dir of above)
      for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) configs.add(join(dir, name));
    const outer = above.map((dir) => rulesIn(dir, ignoreFiles)).filter((r): r is Rules => r !== undefined);
    // A folder named on the command line is read even if a .gitignore above it leaves it out
    // (scanning node_modules/some-package/dist on purpose); its own .gitignore files still apply.
    const rules = ignores(outer, root, isDir) ? [] : outer;
    // A path named on the command line is read, whatever a .gitignore says of it.
    if (!isDir) {
      if (!seen.has(root)) files.push(root);
      seen.add(root);
      continue;
    }
    visitDir(root, rules);
  }
  skipped.unmatchedPatterns = patterns.filter((p) => !p.matched).map((p) => p.given);
  const stem = (path: string): string => path.replace(/\.[cm]?[jt]sx?$/, '');
  // Looked up by path, since a scan asks once for each relative import no file read answers (a
  // stylesheet's among them): a file by its name without extension, a folder by each folder above.
  const leftFiles = new Map<string, string>();
  const leftFolders = new Map<string, string>();
  for (const { path, folder, why } of left)
    if (folder) leftFolders.set(path, why);
    else leftFiles.set(stem(path), why);
  const skippedAt = (path: string): string | undefined => {
    const at = stem(resolve(options.cwd, path));
    const file = leftFiles.get(at) ?? leftFiles.get(join(at, 'index'));
    if (file !== undefined) return file;
    for (let dir = at; ; dir = dirname(dir)) {
      const why = leftFolders.get(dir);
      if (why !== undefined) return why;
      if (dirname(dir) === dir) return undefined;
    }
  };
  return { files, configs: [...configs], ignoreFiles: [...ignoreFiles], skipped, skippedAt };
}

/**
 * An --ignore pattern in .gitignore's syntax, relative to `cwd`: `./src/x.ts`, and an absolute path
 * inside `cwd`, name what `src/x.ts` does (.gitignore's syntax has neither). An absolute path outside
 * `cwd` could match nothing, so its leading `/` is .gitignore's: `/gen` is `gen` in `cwd` alone.
 */
function asGitignorePattern(given: string, cwd: string): string {
  if (isAbsolute(given)) {
    const rel = toPosix(relative(cwd, given));
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
    return given;
  }
  return given.replace(/^(?:\.\/)+/, '');
}

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;
/**
 * How many dependencies one scan looks into for a stripe among them, in all: each package is read
 * once (its answer kept), so this bounds the work on a tree far larger than any app's, and is far
 * above the 1,000–3,000 packages a large app installs.
 */
const MAX_PACKAGES_LOOKED_AT = 20_000;

/** Whether a package.json's field (`dependencies`, …) lists `stripe`. */
function lists(json: Record<string, unknown>, field: string): boolean {
  const deps = json[field];
  return typeof deps === 'object' && deps !== null && 'stripe' in deps;
}

/** A folder with every link followed; as it is when that fails. */
function realFolderOf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/**
 * Whether an installed package's folder links to the workspace's own package (as npm and pnpm link
 * them); not pnpm's link into its store (`node_modules/.pnpm/…`), which is a package installed.
 * `real`: the folder's real path, found once by the caller.
 */
function isLinked(folder: string, real: string): boolean {
  try {
    return lstatSync(folder).isSymbolicLink() && !/[\\/]node_modules[\\/]/.test(real);
  } catch {
    return false;
  }
}

// Its types too: a package may hand out Stripe's client type (`export type PaymentsClient = Stripe`).
const IMPORTS_STRIPE = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]stripe['"]/;
const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** Folders of a package that are not its source: installed packages, build output, coverage, dot folders. */
const NOT_SOURCE = /^(?:node_modules|dist|build|out|coverage|\..*)$/;
const SOURCE_FOLDER = /^(?:src|lib)$/;

/**
 * Whether a workspace's own package imports `stripe` in its code (its node_modules, build output and
 * dot folders left out, `src` and `lib` first; at most 2,000 code files; an import of its types counts,
 * since it may hand out the client's type): one that lists no stripe may still import the one its workspace
 * installs above it. Any other package of the workspace (a database's, `db.customers.create()`) is
 * not taken for a Stripe wrapper because it could.
 */
function importsStripe(folder: string): boolean {
  const folders = [folder];
  let files = 0;
  while (folders.length > 0 && files < 2000) {
    const dir = folders.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    // `src` and `lib` last on the stack, so read first: a package's code, before its tests' fixtures.
    entries.sort((a, b) => Number(SOURCE_FOLDER.test(a.name)) - Number(SOURCE_FOLDER.test(b.name)));
    for (const entry of entries) {
      if (NOT_SOURCE.test(entry.name)) continue;
      if (entry.isDirectory()) folders.push(join(dir, entry.name));
      else if (entry.isFile() && CODE_FILE.test(entry.name) && files++ < 2000) {
        const read = readTextFile(join(dir, entry.name), 1024 * 1024);
        if (read.ok && IMPORTS_STRIPE.test(read.text)) return true;
      }
    }
  }
  return false;
}

/** Whether a folder's code imports a `stripe` installed where Node.js would find it: its node_modules, or one above. */
const usesHoistedStripe = (folder: string): boolean => reachesStripe(folder) && importsStripe(folder);

/** Whether `stripe` is installed where Node.js would find it from a folder: its node_modules, or one above. */
function reachesStripe(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'stripe', 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Whether a package, as Node.js would find it from a file (node_modules folders from the file's
 * folder up), depends on `stripe`, itself or through its own dependencies: a company's own package
 * (`@acme/billing`, a workspace one too) may then hand out Stripe clients under names of its own.
 * Undefined when nothing is known for sure: not installed (nor one of its dependencies), its
 * package.json unreadable, `stripe` among its devDependencies only (it may be bundled), or more
 * packages to read than MAX_PACKAGES_LOOKED_AT. One linked in from the workspace whose code imports
 * a stripe installed for it (a workspace's, hoisted) uses it; one not seen to is null (DependsOnStripe).
 * Each package.json is read once.
 */
export function stripeDependents(cwd: string): (fromFile: string, specifier: string) => boolean | null | undefined {
  const known = new Map<string, boolean | null | undefined>();
  const inProgress = new Set<string>();
  let cuts = 0;
  // Answers that leaned on a cycle cut short, kept for the one query they were found in: each
  // package is then read once a query, and a diamond of dependencies is not walked path by path.
  let provisional = new Map<string, boolean | null | undefined>();
  const dependsOnStripe = (manifest: string): boolean | null | undefined => {
    if (known.has(manifest)) return known.get(manifest);
    // A provisional answer is one this answer leans on: it is then provisional too.
    if (provisional.has(manifest)) {
      cuts++;
      return provisional.get(manifest);
    }
    // A cycle back to a package still being looked at adds nothing to what its other dependencies say.
    if (inProgress.has(manifest)) {
      cuts++;
      return false;
    }
    inProgress.add(manifest);
    const cutsBefore = cuts;
    const json = packageJson(manifest);
    let found: boolean | null | undefined;
    if (json) {
      const folder = realFolderOf(dirname(manifest));
      const linked = isLinked(dirname(manifest), folder);
      found =
        DEPENDENCY_FIELDS.some((field) => lists(json, field)) ||
        // The workspace's own package may import the stripe its workspace installs above it (hoisted).
        (linked && usesHoistedStripe(folder)) ||
        (lists(json, 'devDependencies') ? undefined : throughDependencies(json, folder));
      // The workspace's own package, not seen to use stripe: its classes are its own, but a function
      // of it may be handed a Stripe client (`verifyEvent(stripe, …)`).
      if (linked && found === false) found = null;
    }
    inProgress.delete(manifest);
    // An answer that leaned on a cycle cut short is this query's, not the package's own.
    if (found === true || cuts === cutsBefore) known.set(manifest, found);
    else provisional.set(manifest, found);
    return found;
  };
  // Each package.json is read once, and counts once against the scan's budget, however many
  // packages depend on it and however many queries look at it again (a provisional answer).
  const read = new Map<string, Record<string, unknown> | undefined>();
  const packageJson = (manifest: string): Record<string, unknown> | undefined => {
    if (read.has(manifest)) return read.get(manifest);
    looked++;
    const text = readTextFile(manifest, 1024 * 1024);
    let json: Record<string, unknown> | undefined;
    try {
      json = text.ok ? (JSON.parse(text.text) as Record<string, unknown>) : undefined;
    } catch {
      // Not JSON: nothing known of it.
    }
    read.set(manifest, json);
    return json;
  };
  // `@acme/pay` may hand out the clients its own dependency `@acme/pay-core` makes with stripe. A
  // dependency not installed leaves it unknown, but an optional or peer one not installed gives nothing.
  // Dependencies are found from the package's real folder: pnpm keeps them beside it in its store.
  let looked = 0;
  const throughDependencies = (json: Record<string, unknown>, folder: string): boolean | undefined => {
    let answer: boolean | undefined = false;
    for (const field of DEPENDENCY_FIELDS) {
      const deps = json[field];
      if (typeof deps !== 'object' || deps === null) continue;
      for (const name of Object.keys(deps)) {
        // A dependency tree far larger than a company's wrapper: unknown, rather than read it all.
        if (looked > MAX_PACKAGES_LOOKED_AT) return undefined;
        const through = lookUp(folder, name);
        if (through === true) return true;
        // Unknown: not installed (a peer or optional one so gives nothing), or installed and unknown.
        if (through === undefined && (field === 'dependencies' || manifestOf(folder, name) !== undefined))
          answer = undefined;
      }
    }
    return answer;
  };
  const answers = new Map<string, boolean | null | undefined>();
  // Where a name resolves from a folder (node_modules folders from it up), found once: a cycle's
  // packages are looked at again each query.
  const resolved = new Map<string, string | undefined>();
  const manifestOf = (from: string, name: string): string | undefined => {
    const key = `${from}\0${name}`;
    if (!resolved.has(key)) {
      let found: string | undefined;
      for (let dir = from; found === undefined; dir = dirname(dir)) {
        const manifest = join(dir, 'node_modules', name, 'package.json');
        if (known.has(manifest) || existsSync(manifest)) found = manifest;
        else if (dirname(dir) === dir) break;
      }
      resolved.set(key, found);
    }
    return resolved.get(key);
  };
  const lookUp = (from: string, name: string): boolean | null | undefined => {
    const manifest = manifestOf(from, name);
    return manifest === undefined ? undefined : dependsOnStripe(manifest);
  };
  return (fromFile, specifier) => {
    const from = dirname(isAbsolute(fromFile) ? fromFile : join(cwd, fromFile));
    const name = packageNameOf(specifier);
    const key = `${from}\0${name}`;
    provisional = new Map();
    if (!answers.has(key)) {
      const answer = lookUp(from, name);
      // Nothing the query reached depends on stripe: a cycle cut short in it hid nothing either.
      if (answer === false || answer === null) for (const [manifest, found] of provisional) known.set(manifest, found);
      answers.set(key, answer);
    }
    return answers.get(key);
  };
}
