/**
 * Which scanned file an import names: relative paths (with or without an extension, or an index
 * file), tsconfig/jsconfig `paths` and `baseUrl` (following `extends`), and package.json `imports`
 * (`#lib/stripe`), and a monorepo's own packages by their package.json's name. `stripe` itself is
 * the package. The configuration files are data the command reads; nothing here touches the file
 * system.
 */
import * as jsonc from 'jsonc-parser';

export interface ConfigText {
  path: string;
  text: string;
}

export type Resolved = { kind: 'stripe' } | { kind: 'file'; path: string } | undefined;

export const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json', 'package.json'];

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The CDNs a Deno or edge function imports packages from, up to a package's name (esm.sh's build `/v135/` too). */
const CDN = String.raw`https?:\/\/(?:esm\.sh(?:\/v\d+)?|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/`;

/**
 * The stripe package as Node.js, Deno and Bun name it: `stripe`, `stripe/…`, `npm:stripe@17`, and
 * the CDNs Deno and Supabase's edge functions import it from (`https://esm.sh/stripe@14?target=deno`).
 */
const STRIPE_MODULE = new RegExp(
  String.raw`^(?:npm:)?stripe(?:@[^/]*)?(?:\/.*)?$|^${CDN}stripe(?:@[^/?#]*)?(?:[/?#].*)?$`,
);

/**
 * A specifier naming a package (`@prisma/client`, `openai`), not an alias the scan may fail to
 * resolve (`$lib/…`, `~/…`, `@/…`, `#lib`), nor a relative path: what such an alias gives is the
 * project's own, and may well be Stripe's.
 */
export const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/|$)/i;

/** A package's specifier not named for Stripe (`@prisma/client`, `svix`): what it gives may be another provider's. */
export const isOtherPackage = (specifier: string): boolean =>
  PACKAGE_NAME.test(specifier) && !/stripe/i.test(specifier);

const REGISTRY_PACKAGE = new RegExp(String.raw`^(?:npm:|jsr:|${CDN})((?:@[^/@?#]+\/)?[^/@?#]+)`);

/** Whether a specifier names the stripe package (STRIPE_MODULE). */
export const isStripeModule = (specifier: string): boolean => STRIPE_MODULE.test(specifier);

/**
 * The package a specifier names through a registry, as its bare name would: `redis` of `npm:redis@4`,
 * `@std/path` of `jsr:@std/path`, `@acme/pay` of `https://esm.sh/@acme/pay@1` (one of CDN's); undefined for any other.
 */
export function registryPackage(specifier: string): string | undefined {
  return REGISTRY_PACKAGE.exec(specifier)?.[1];
}

/** A package's name in an import's specifier: `@acme/billing` of `@acme/billing/client`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export const normalisePath = (path: string): string => path.replace(/\\/g, '/');

/**
 * Whether what a package makes is its own, no Stripe client, by what is known of its dependence on
 * stripe: installed and free of it (false), or the workspace's own, not seen to use it (null).
 */
export const ownedElsewhere = (dependsOnStripe: boolean | null | undefined): boolean =>
  dependsOnStripe === false || dependsOnStripe === null;

export const dirOf = (path: string): string => {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
};

/** `dir` joined with `relative`, `.` and `..` folded (a leading `..` kept when there is nothing to fold). */
export function joinPath(dir: string, relative: string): string {
  const parts = relative.startsWith('/') ? [''] : dir === '' ? [] : dir.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') {
      if (parts.length > 0 && parts.at(-1) !== '..' && parts.at(-1) !== '') parts.pop();
      else parts.push('..');
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** The files a module path may name: the path itself, with an extension, or an index. */
function candidates(base: string): string[] {
  // TypeScript's ES-module imports name the compiled file: './stripe.js' is ./stripe.ts.
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  return [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
}

interface TsConfig {
  dir: string;
  baseUrl?: string;
  paths: [pattern: string, targets: string[], base: string][];
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner: unknown = Reflect.get(value, key);
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? { ...inner } : undefined;
}

/** A pattern with at most one `*`, matched against a specifier: what the `*` stands for, or undefined. */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier ? '' : undefined;
  const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
  return specifier.startsWith(head) && specifier.endsWith(tail) && specifier.length >= head.length + tail.length
    ? specifier.slice(head.length, specifier.length - tail.length)
    : undefined;
}

/** The first string in a package.json `imports` target, taking conditions in Node's order. */
function importTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(importTarget).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  for (const condition of ['source', 'development', 'types', 'import', 'require', 'node', 'default']) {
    const found = importTarget(Reflect.get(target, condition));
    if (found) return found;
  }
  return undefined;
}

export function createModuleResolver(files: ReadonlySet<string>, configs: readonly ConfigText[]) {
  const texts = new Map(configs.map((c) => [normalisePath(c.path), c.text]));
  const parsed = new Map<string, unknown>();
  const json = (path: string): unknown => {
    if (!parsed.has(path)) parsed.set(path, texts.has(path) ? jsonc.parse(texts.get(path)!) : undefined);
    return parsed.get(path);
  };
  const tsconfigs = new Map<string, TsConfig | undefined>();
  // compilerOptions from a config and those it extends (relative `extends` only), nearest first.
  const tsconfigAt = (path: string, depth = 0): TsConfig | undefined => {
    if (tsconfigs.has(path)) return tsconfigs.get(path);
    const value = json(path);
    if (value === undefined || depth > 10) return undefined;
    const dir = dirOf(path);
    const extendsValue: unknown = typeof value === 'object' && value ? Reflect.get(value, 'extends') : undefined;
    const parents = (Array.isArray(extendsValue) ? extendsValue : [extendsValue])
      .filter((e): e is string => typeof e === 'string' && e.startsWith('.'))
      .map((e) => tsconfigAt(joinPath(dir, e.endsWith('.json') ? e : `${e}.json`), depth + 1));
    const config: TsConfig = { dir, paths: [] };
    for (const parent of parents) {
      if (!parent) continue;
      if (parent.baseUrl !== undefined) config.baseUrl = parent.baseUrl;
      config.paths = [...parent.paths, ...config.paths];
    }
    const options = objectAt(value, 'compilerOptions');
    if (typeof options?.['baseUrl'] === 'string') config.baseUrl = joinPath(dir, options['baseUrl']);
    const paths = objectAt(options, 'paths');
    if (paths) {
      // Paths are relative to baseUrl when there is one, else to the config that declares them.
      const base = config.baseUrl ?? dir;
      config.paths = Object.entries(paths).map(([pattern, targets]) => [
        pattern,
        Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
        base,
      ]);
    }
    tsconfigs.set(path, config);
    return config;
  };
  /** The nearest file of one of `names` in `from`'s folder or above it. */
  const nearest = (from: string, names: string[]): string | undefined => {
    for (let dir = dirOf(from); ; dir = dirOf(dir)) {
      for (const name of names) {
        const path = dir === '' ? name : `${dir}/${name}`;
        if (texts.has(path)) return path;
      }
      if (dir === '') return undefined;
    }
  };
  const firstFile = (bases: string[]): Resolved => {
    for (const base of bases)
      for (const candidate of candidates(base)) if (files.has(candidate)) return { kind: 'file', path: candidate };
    return undefined;
  };

  // A monorepo's own packages, by the name their package.json gives (`@acme/billing` in
  // packages/billing): an import of one is of its source, whether or not it is installed. Only a
  // package of the workspace (a root package.json's `workspaces` covers its folder) or one the
  // importing package names with a local spec (`workspace:*`, `file:`, `link:`, `*`): another
  // package.json of that name (a fixture's, a copy's) is not the dependency.
  let packages: { named: Map<string, string[]>; covered: RegExp[] } | undefined;
  // `packages/*`, `packages/**`, and `{apps,packages}/*` as npm and yarn read them.
  const globRegex = (glob: string): RegExp => {
    const source = glob
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\?/g, '\u0001')
      .replace(/\\\{([^{}]*)\\\}/g, (_, options: string) => `(?:${options.split(',').join('|')})`)
      .replace(/\*\*/g, '\0')
      .replace(/\*/g, '[^/]+')
      .replace(/\0/g, '.*')
      .replace(/\u0001/g, '[^/]');
    return new RegExp(`^${source}$`);
  };
  function workspacePackages() {
    if (packages) return packages;
    packages = { named: new Map(), covered: [] };
    for (const path of texts.keys()) {
      if (!path.endsWith('package.json')) continue;
      const manifest: unknown = json(path);
      const name: unknown = Reflect.get(Object(manifest), 'name');
      if (typeof name === 'string') packages.named.set(name, [...(packages.named.get(name) ?? []), dirOf(path)]);
      const globs: unknown = Reflect.get(Object(manifest), 'workspaces');
      const list: unknown = Array.isArray(globs) ? globs : Reflect.get(Object(globs), 'packages');
      for (const glob of Array.isArray(list) ? list : [])
        if (typeof glob === 'string') packages.covered.push(globRegex(joinPath(dirOf(path), glob)));
    }
    return packages;
  }
  const LOCAL_SPEC = /^(workspace:|file:|link:|\*$)/;
  function workspaceEntries(fromPath: string, specifier: string): string[] {
    const { named, covered } = workspacePackages();
    const name = packageNameOf(specifier);
    const importer = nearest(fromPath, ['package.json']);
    const spec = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
      .map((field) => Reflect.get(Object(Reflect.get(Object(importer && json(importer)), field)), name))
      .find((value): value is string => typeof value === 'string');
    // Named with a version by the importer, a package beside it is the workspace's (npm's, pnpm's);
    // one inside the importer's own folder (`test/fixtures/openai`) is not the dependency.
    const home = importer === undefined ? '' : dirOf(importer);
    const inside = (d: string): boolean => home === '' || d === home || d.startsWith(`${home}/`);
    const dir = (named.get(name) ?? []).find(
      (d) => (spec !== undefined && (LOCAL_SPEC.test(spec) || !inside(d))) || covered.some((glob) => glob.test(d)),
    );
    if (dir === undefined) return [];
    const manifest: unknown = json(joinPath(dir, 'package.json'));
    const exportsMap: unknown = Reflect.get(Object(manifest), 'exports');
    const sub = specifier.slice(name.length);
    if (sub !== '') {
      // `@acme/billing/server`: its `exports` entry (`"./server"`, or a `"./*"` pattern), else the path.
      const mapped = Object.entries(Object(exportsMap)).flatMap(([pattern, target]) => {
        const star = pattern.startsWith('./') ? matchPattern(pattern.slice(1), sub) : undefined;
        const to = star === undefined ? undefined : importTarget(target);
        return to ? [joinPath(dir, to.replace('*', star!))] : [];
      });
      return [...mapped, joinPath(dir, `.${sub}`), joinPath(dir, `src${sub}`)];
    }
    // Its entry as package.json names it; built output is not scanned, so its source is tried too
    // (`build/main.js` as `src/main`).
    const entries = ['source', 'types', 'module', 'main']
      .map((field) => Reflect.get(Object(manifest), field))
      .concat(importTarget(Reflect.get(Object(exportsMap), '.')), importTarget(exportsMap))
      .filter((entry): entry is string => typeof entry === 'string')
      .map((entry) => entry.replace(/\.d\.[mc]?ts$/, ''));
    return [
      ...entries.map((entry) => joinPath(dir, entry)),
      ...entries.map((entry) => joinPath(dir, `src/${entry.replace(/^(\.\/)?[^/]+\//, '').replace(/\.[mc]?js$/, '')}`)),
      joinPath(dir, 'src/index'),
      joinPath(dir, 'index'),
    ];
  }

  /** The modules `specifier` may name from `from`, nearest first; a package's entries only if `workspace`. */
  const basesOf = (fromPath: string, specifier: string, workspace: boolean): string[] => {
    if (specifier.startsWith('.')) return [joinPath(dirOf(fromPath), specifier)];
    if (specifier.startsWith('#')) {
      const packagePath = nearest(fromPath, ['package.json']);
      const imports = packagePath ? objectAt(json(packagePath), 'imports') : undefined;
      for (const [pattern, target] of Object.entries(imports ?? {})) {
        const star = matchPattern(pattern, specifier);
        const to = importTarget(target);
        if (star !== undefined && to) return [joinPath(dirOf(packagePath!), to.replace('*', star))];
      }
      return [];
    }
    const configPath = nearest(fromPath, ['tsconfig.json', 'jsconfig.json']);
    const config = configPath ? tsconfigAt(configPath) : undefined;
    const bases: string[] = [];
    for (const [pattern, targets, base] of config?.paths ?? []) {
      const star = matchPattern(pattern, specifier);
      if (star !== undefined) bases.push(...targets.map((t) => joinPath(base, t.replace('*', star))));
    }
    if (config?.baseUrl !== undefined) bases.push(joinPath(config.baseUrl, specifier));
    return workspace ? [...bases, ...workspaceEntries(fromPath, specifier)] : bases;
  };

  // What a specifier names depends only on the importing file's folder (its configs, its package):
  // each is worked out once, however often values ask (on a large monorepo, most of the scan's time),
  // and asked again of a file without building a key.
  const resolved = new Map<string, Resolved>();
  const byFile = new Map<string, Map<string, Resolved>>();
  const resolveOnce = (fromPath: string, specifier: string): Resolved => {
    // A package's entries are looked for only when no path or alias names a file.
    const found = firstFile(basesOf(fromPath, specifier, false));
    if (found || specifier.startsWith('.') || specifier.startsWith('#')) return found;
    return firstFile(workspaceEntries(fromPath, specifier));
  };

  return {
    resolve(from: string, specifier: string): Resolved {
      let mine = byFile.get(from);
      if (!mine) byFile.set(from, (mine = new Map()));
      if (mine.has(specifier)) return mine.get(specifier);
      const fromPath = normalisePath(from);
      const key = `${dirOf(fromPath)}\0${specifier}`;
      let found: Resolved;
      if (isStripeModule(specifier)) found = { kind: 'stripe' };
      else if (resolved.has(key)) found = resolved.get(key);
      else resolved.set(key, (found = resolveOnce(fromPath, specifier)));
      mine.set(specifier, found);
      return found;
    },
    /**
     * The project's modules an import may name, whether or not the scan read them: one the search
     * left out is out of sight. Not an installed package a path maps a name to (`"*":
     * ["node_modules/*"]`): the package is the dependency, looked up as one.
     */
    placesOf(from: string, specifier: string): string[] {
      if (isStripeModule(specifier)) return [];
      const bases = basesOf(normalisePath(from), specifier, true);
      return specifier.startsWith('.') ? bases : bases.filter((base) => !/(^|\/)node_modules(\/|$)/.test(base));
    },
  };
}

/** Configurations a loaded one extends that are not loaded yet (relative `extends` only). */
export function missingConfigs(configs: readonly ConfigText[]): string[] {
  const have = new Set(configs.map((c) => normalisePath(c.path)));
  const missing: string[] = [];
  for (const config of configs) {
    const value: unknown = jsonc.parse(config.text);
    const extendsValue: unknown = typeof value === 'object' && value ? Reflect.get(value, 'extends') : undefined;
    for (const e of Array.isArray(extendsValue) ? extendsValue : [extendsValue]) {
      if (typeof e !== 'string' || !e.startsWith('.')) continue;
      const path = joinPath(dirOf(normalisePath(config.path)), e.endsWith('.json') ? e : `${e}.json`);
      if (!have.has(path)) missing.push(path);
    }
  }
  return missing;
}
