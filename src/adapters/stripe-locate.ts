/**
 * Where the Stripe CLI is, and how a hint names it: the part of the Stripe CLI adapter that runs
 * nothing, kept apart so that a command naming the Stripe CLI in its output (check) does not load
 * what runs it.
 */
import { quoteForShell } from '../words.js';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';

export interface StripeSetup {
  env: NodeJS.ProcessEnv;
  /** Where rak-app runs: a relative path is resolved from here, never from the app folder stripe runs in. */
  cwd: string;
  /** `--stripe <path>`, when given. */
  stripeFlag?: string;
}

export interface LocatedStripe {
  path: string;
  /** How it was found: --stripe, RAK_APP_STRIPE, PATH, or the @stripe/cli package rak-app depends on. */
  source: 'flag' | 'env' | 'path' | 'package';
}

export function locateStripe({ env, cwd, stripeFlag }: StripeSetup): LocatedStripe | undefined {
  // A path with a folder in it is resolved here, once: the version check and the run (with the app
  // folder as its cwd) must run the same file. A bare name is looked up on PATH, as a shell would.
  const given = (path: string): string => (/[/\\]/.test(path) ? resolve(cwd, path) : path);
  if (stripeFlag) return { path: given(stripeFlag), source: 'flag' };
  if (env['RAK_APP_STRIPE']) return { path: given(env['RAK_APP_STRIPE']), source: 'env' };
  const names = process.platform === 'win32' ? ['stripe.exe', 'stripe.cmd'] : ['stripe'];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (dir && isExecutableFile(candidate)) {
        // npx puts node_modules/.bin on PATH: its stripe is the @stripe/cli package's, which is not
        // on the user's own PATH. That one is the package's Node shim, which runs the binary as its
        // child: a signal rak-app sends would stop the shim and leave the binary (an upload) running.
        // A global install (`npm i -g @stripe/cli`) links to the shim from a folder of the user's own.
        const fromProject = /[/\\]node_modules[/\\]\.bin$/.test(dir);
        const shim = shimPackage(candidate, fromProject);
        if (shim) return { path: packagedStripe(shim) ?? candidate, source: fromProject ? 'package' : 'path' };
        return { path: candidate, source: isFromStripePackage(candidate) ? 'package' : 'path' };
      }
    }
  }
  const packaged = packagedStripe();
  return packaged ? { path: packaged, source: 'package' } : undefined;
}

/**
 * The @stripe/cli folder whose `bin/shim.js` a `stripe` on PATH runs: npm links to it; pnpm and
 * npm on Windows write a script that names it from the script's own folder (`"$basedir/../@stripe/
 * cli/bin/shim.js"`, `"%~dp0\\..\\@stripe\\cli\\bin\\shim.js"`), in a project's node_modules/.bin.
 */
function shimPackage(path: string, inProject: boolean): string | undefined {
  try {
    const real = realpathSync(path);
    if (/[/\\]node_modules[/\\]@stripe[/\\]cli[/\\]bin[/\\]shim\.js$/.test(real)) return dirname(dirname(real));
    if (!inProject || statSync(real).size > 4096) return undefined;
    const text = readFileSync(real, 'utf8');
    // Named another way (an absolute path): the package beside the .bin folder, as npm lays it out.
    const from =
      SCRIPT_NAMES_SHIM.exec(text)?.[1] ?? (/@stripe[/\\]cli[/\\]bin[/\\]shim\.js/.test(text) ? '..' : undefined);
    const folder = from !== undefined && join(dirname(path), from.replace(/\\/g, '/'), '@stripe', 'cli');
    // Its real folder: pnpm keeps a package's own dependencies (the platform's binary) beside it there.
    return folder && existsSync(folder) ? realpathSync(folder) : undefined;
  } catch {
    return undefined;
  }
}
/** The shim's folder as a script names it, from the script's own: `$basedir/…` (sh), `%~dp0\\…` or `%dp0%\\…` (cmd). */
const SCRIPT_NAMES_SHIM = /(?:\$basedir|%~dp0|%dp0%)[/\\]?((?:[^"'\s]*[/\\])?)@stripe[/\\]cli[/\\]bin[/\\]shim\.js/;

function isFromStripePackage(path: string): boolean {
  try {
    return /[/\\]node_modules[/\\]@stripe[/\\]cli[^/\\]*[/\\]/.test(realpathSync(path));
  } catch {
    return false;
  }
}

/**
 * How to write the Stripe CLI in a hint the user can paste: `stripe` when it is theirs on PATH,
 * else the binary's path (the one bundled with rak-app is not on their PATH).
 */
export function stripeCommandFor(stripe: LocatedStripe | undefined): string {
  return !stripe || stripe.source === 'path' ? 'stripe' : quoteForShell(stripe.path);
}

export function isExecutableFile(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFile() && (process.platform === 'win32' || (s.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/**
 * The binary of the npm package @stripe/cli (rak-app's own, or the one at `cliDir`), which ships it
 * in a per-platform package. Its own `stripe` shim is a Node script that re-spawns the binary;
 * running the binary directly keeps signals and the terminal simple.
 */
function packagedStripe(cliDir = ownStripePackage()): string | undefined {
  if (cliDir === undefined) return undefined;
  try {
    const platforms = JSON.parse(readFileSync(join(cliDir, 'platforms.json'), 'utf8')) as Record<
      string,
      { pkg: string; bin: string }
    >;
    const platform = platforms[`${process.platform}-${process.arch}`];
    if (!platform) return undefined;
    const candidates = [join(cliDir, 'vendor', 'bin', platform.bin)];
    try {
      const platformDir = dirname(createRequire(join(cliDir, 'package.json')).resolve(`${platform.pkg}/package.json`));
      candidates.unshift(join(platformDir, 'bin', platform.bin));
    } catch {
      // Installed without optional dependencies: the vendor folder is the fallback.
    }
    return candidates.find((c) => existsSync(c));
  } catch {
    return undefined;
  }
}

function ownStripePackage(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@stripe/cli/package.json'));
  } catch {
    return undefined;
  }
}
