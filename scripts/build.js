#!/usr/bin/env node
// Builds dist/: one CommonJS bundle for the command line and one for each command, with source maps.
// CommonJS because node loads it faster than ES modules (docs/performance.md has the figures); one
// file per command because CommonJS output cannot be split, and `check` must not load Babel, execa
// or inquirer. src/cli.ts imports each command with import(), which becomes a require() of its file.
// Type-checking is `tsc --noEmit` (npm run typecheck); esbuild only strips the types.
// The package's API (`import { checkKey } from 'rak-app'`) is an entry of its own: dist/api.js, an ES
// module, with declarations from tsc in dist/types/; the command line never loads it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildValidator } from './build-schemas.js';
import { writeThirdPartyNotices } from './third-party-notices.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commands = readdirSync(join(root, 'src', 'commands'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.replace(/\.ts$/, ''));
const cli = join(root, 'src', 'cli.ts');

/** src/cli.ts's `import('./commands/x.js')` stays a file of its own: dist/commands/x.cjs. */
const commandsApart = {
  name: 'commands-apart',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) =>
      args.importer === cli ? { path: args.path.replace(/\.js$/, '.cjs'), external: true } : undefined,
    );
  },
};

/**
 * A command's `import('../adapters/prompts.js')` (asked only when a run prompts) stays a file of its
 * own, dist/adapters/prompts.cjs: inquirer and the encodings its editor prompt carries are half of
 * `permissions`'s bundle, and node compiles all of a bundle it loads (5 ms of every scan).
 */
const promptsApart = {
  name: 'prompts-apart',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/adapters\/prompts\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && dirname(args.importer) === join(root, 'src', 'commands')
        ? { path: '../adapters/prompts.cjs', external: true }
        : undefined,
    );
  },
};

/** commander's node:child_process, loaded when first used (scripts/shims/child-process.cjs says why). */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'commander')}`)
        ? { path: join(root, 'scripts', 'shims', 'child-process.cjs') }
        : undefined,
    );
  },
};

/**
 * jsonc-parser declares no "sideEffects", so a bundler keeps all of it; but its modules only define
 * functions and caches, and `check` needs only its scanner and parser (the formatter alone fills
 * 1,200 strings when it loads).
 */
const jsoncWithoutSideEffects = {
  name: 'jsonc-without-side-effects',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(jsonc-parser$|\.\/impl\/|\.\/)/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      if (args.path !== 'jsonc-parser' && !args.importer.includes(join('node_modules', 'jsonc-parser')))
        return undefined;
      const resolved = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

buildValidator();
rmSync(join(root, 'dist'), { recursive: true, force: true });
const commandLine = await build({
  absWorkingDir: root,
  metafile: true,
  entryPoints: [
    { in: 'src/cli.ts', out: 'cli' },
    // Every file of src/commands is a command (what commands share lives elsewhere; a command's
    // subcommands sit in its folder and are bundled with it).
    ...commands.map((name) => ({ in: `src/commands/${name}.ts`, out: `commands/${name}` })),
    { in: 'src/adapters/prompts.ts', out: 'adapters/prompts' },
  ],
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() becomes require(): node's ES-module loader is the larger part of a start-up.
  supported: { 'dynamic-import': false },
  // jsonc-parser's UMD build hides its require() calls from bundlers; its ES-module build does not.
  mainFields: ['module', 'main'],
  // Each bundle sits where its source did (dist/cli.cjs for src/cli.ts), so import.meta.url finds the
  // same files from either.
  // A getter: the URL is worked out only where a module asks for it.
  define: { 'import.meta.url': '__rak_app_module.url' },
  banner: {
    js: "const __rak_app_module = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
  },
  // Less for V8 to scan at every start (instructions: 1.372 to 1.34 of a bare node). Names are kept,
  // so an internal error's stack reads as the source does; its places are mapped back to src/.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [commandsApart, promptsApart, lazyChildProcess, jsoncWithoutSideEffects],
});

const api = await build({
  absWorkingDir: root,
  metafile: true,
  entryPoints: [{ in: 'src/api.ts', out: 'api' }],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser (read with the manifest) as an ES module: its UMD build's require() calls cannot run in one.
  mainFields: ['module', 'main'],
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});
writeThirdPartyNotices(root, [commandLine.metafile, api.metafile], join(root, 'dist', 'THIRD-PARTY-NOTICES.md'));
// Declarations for the API only (tsconfig.api.json): what `import { checkKey } from 'rak-app'` types.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.api.json')], { stdio: 'inherit' });
