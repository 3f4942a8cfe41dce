import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the published package', () => {
  let project: string;
  let files: string[];

  let installOutput: string;
  let tarball: string;
  let packedManifest: { scripts: Record<string, string> };

  beforeAll(() => {
    // What `npm pack` packs, in a folder of its own (dist/ is built by `npm test` before the suite
    // runs), with the prepack and postpack steps package.json names, run there.
    const source = tempDir();
    for (const entry of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin',
      'dist',
      'schemas',
      'docs',
      'scripts/pack-manifest.js',
    ]) {
      cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
    }
    const packageJson = readFileSync(join(source, 'package.json'), 'utf8');
    const step = (verb: string) =>
      execFileSync(process.execPath, [join(source, 'scripts', 'pack-manifest.js'), verb, source]);
    step('strip');
    const packDir = tempDir();
    const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: source,
      encoding: 'utf8',
    });
    step('restore');
    expect(readFileSync(join(source, 'package.json'), 'utf8')).toBe(packageJson);
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    execFileSync('tar', ['xzf', join(packDir, info!.filename), '-C', packDir, 'package/package.json']);
    packedManifest = JSON.parse(readFileSync(join(packDir, 'package', 'package.json'), 'utf8'));
    // Install the tarball into an empty project, as a user would.
    project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }));
    const install = spawnSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, info!.filename)],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(install.status).toBe(0);
    installOutput = install.stdout + install.stderr;
    tarball = join(packDir, info!.filename);
  });

  it("has no prepare script once packed, so installing it warns about no script of rak-app's", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts).toMatchObject({
      prepack: 'node scripts/pack-manifest.js strip',
      postpack: 'node scripts/pack-manifest.js restore',
    });
    expect(packedManifest.scripts['prepare']).toBeUndefined();
    expect(installOutput).not.toMatch(/rak-app@[\d.]+ \(prepare/);
  });

  it('ships the binary, the compiled code, the schemas and the rule docs, and no sources or tests', async () => {
    expect(files).toContain('bin/rak-app.cjs');
    expect(files).toContain('dist/cli.cjs');
    expect(files).toContain('dist/cli.cjs.map'); // an internal error's stack is mapped back to src/
    for (const command of ['check', 'permissions', 'doctor', 'init', 'convert', 'upload', 'key'])
      expect(files).toContain(`dist/commands/${command}.cjs`);
    // The API's entry and its types: `import { checkKey } from 'rak-app'`.
    expect(files).toContain('dist/api.js');
    expect(files).toContain('dist/types/api.d.ts');
    expect(files).toContain('dist/types/partner/key-check.d.ts');
    expect(files).toContain('docs/key.md');
    expect(files).toContain('schemas/stripe-app.schema.json');
    expect(files).toContain('schemas/stripe-app-local.schema.json');
    expect(files).toContain('docs/rules/secret-key.md');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it("ships the licence notices of every package whose code is in its bundles, from the package's own files", () => {
    expect(files).toContain('dist/THIRD-PARTY-NOTICES.md');
    const notices = readFileSync(join(project, 'node_modules', 'rak-app', 'dist', 'THIRD-PARTY-NOTICES.md'), 'utf8');
    // The packages, as the installed bundles' source maps name their sources (a package's own map
    // may name files of its monorepo that were never a package of their own: those are skipped).
    const installed = join(project, 'node_modules', 'rak-app');
    const bundled = new Set<string>();
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      for (const source of (JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[] }).sources) {
        const parts = source.split('/');
        const at = parts.lastIndexOf('node_modules');
        if (at < 0) continue;
        const name = parts.slice(at + 1, at + (parts[at + 1]!.startsWith('@') ? 3 : 2)).join('/');
        if (existsSync(join(ROOT, 'node_modules', name, 'package.json'))) bundled.add(name);
      }
    }
    expect(bundled).toContain('commander');
    expect(bundled).toContain('@babel/parser');
    for (const name of bundled)
      expect(notices, name).toMatch(new RegExp(`^## ${name.replace(/[/.]/g, '\\$&')} \\d`, 'm'));
    // Each with its licence's own words: the MIT, ISC, BSD and Apache ones.
    const commander = readFileSync(join(ROOT, 'node_modules', 'commander', 'LICENSE'), 'utf8').trim();
    expect(notices).toContain(commander);
    expect(notices).toMatch(
      /## diff \S+ \(BSD-3-Clause\)\n\n````text\n[^`]*Redistributions of source code must retain/,
    );
    expect(notices).toMatch(/## human-signals \S+ \(Apache-2\.0\)\n\n````text\n\s*Apache License/);
  });

  it('imports checkKey from the installed package, as an ES module, with types', async () => {
    const script =
      "import { checkKey } from 'rak-app'; const r = await checkKey({ key: 'pk_test_x', permissions: ['customer_read'] }); console.log(r.verdict);";
    const imported = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('wrong-key\n');
    const types = readFileSync(join(project, 'node_modules', 'rak-app', 'dist', 'types', 'api.d.ts'), 'utf8');
    expect(types).toContain('export declare function checkKey(options: CheckKeyApiOptions): Promise<KeyCheckResult>;');
  });

  it('installs without the Stripe CLI for check-only CI (--omit=optional), and says how to get one', () => {
    const small = tempDir();
    writeFileSync(join(small, 'package.json'), JSON.stringify({ name: 'ci-app', version: '1.0.0', private: true }));
    const npmIn = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
      spawnSync(npm, args, { cwd: small, encoding: 'utf8', env });
    const install = npmIn(['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', tarball]);
    expect(install.status).toBe(0);
    expect(existsSync(join(small, 'node_modules', 'rak-app', 'dist', 'commands', 'check.cjs'))).toBe(true);
    expect(existsSync(join(small, 'node_modules', '@stripe'))).toBe(false);
    // In the big install, @stripe/cli and its binary are there.
    expect(existsSync(join(project, 'node_modules', '@stripe', 'cli', 'package.json'))).toBe(true);

    cpSync(EXAMPLE_DIR, join(small, 'app'), { recursive: true });
    const check = npmIn(['exec', '--', 'rak-app', 'check', 'app']);
    expect(check.stdout).toBe('✔ No problems (1 file checked).\n');
    expect(check.status).toBe(0);

    // No stripe on PATH but node's own folder (npm exec adds node_modules/.bin, which has none).
    const noStripe = { ...process.env, PATH: dirname(process.execPath), HOME: tempDir() };
    const doctor = npmIn(['exec', '--', 'rak-app', 'doctor'], noStripe);
    expect(doctor.status).toBe(4);
    expect(doctor.stdout).toContain(
      "✖ Stripe CLI not found: none on PATH, and rak-app's optional @stripe/cli is not installed",
    );
    expect(doctor.stdout).toContain(
      'fix: Install it in this project with `npm install --save-dev @stripe/cli`, or as Stripe shows at https://docs.stripe.com/stripe-cli#install',
    );
  });

  it('runs `rak-app check` from the installed package', async () => {
    const app = join(project, 'app');
    cpSync(EXAMPLE_DIR, app, { recursive: true });
    const ok = spawnSync(npm, ['exec', '--', 'rak-app', 'check', 'app'], { cwd: project, encoding: 'utf8' });
    expect(ok.stdout).toBe('✔ No problems (1 file checked).\n');
    expect(ok.status).toBe(0);
    // Its schema works from node_modules, as the README tells editors to use it.
    const manifest = join(app, 'stripe-app.json');
    const text = JSON.parse(readFileSync(manifest, 'utf8'));
    text.$schema = './node_modules/rak-app/schemas/stripe-app.schema.json';
    text.permissions[0].permission = 'customers_read';
    writeFileSync(manifest, JSON.stringify(text, null, 2));
    const bad = spawnSync(npm, ['exec', '--', 'rak-app', 'check', 'app', '--format', 'json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    const [finding] = JSON.parse(bad.stdout).files[0].findings;
    expect(finding).toMatchObject({ ruleId: 'permission-unknown', suggestion: 'customer_read' });
    // Its page's link is this version's file in the package on unpkg: a file the package ships.
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const prefix = `https://unpkg.com/rak-app@${version}/`;
    expect(finding.docs.startsWith(prefix)).toBe(true);
    expect(files).toContain(finding.docs.slice(prefix.length));
  });

  it('every hint it prints runs where the user is: npx rak-app, and the bundled Stripe CLI by its path', () => {
    // No stripe and no rak-app on PATH: only node's own folder. npx finds rak-app in the project.
    const env = { ...process.env, PATH: dirname(process.execPath), HOME: tempDir(), CI: 'true' };
    delete env['RAK_APP_STRIPE'];
    cpSync(EXAMPLE_DIR, join(project, 'app'), { recursive: true });
    const rakApp = (...args: string[]) =>
      spawnSync(npm, ['exec', '--', 'rak-app', ...args], { cwd: project, encoding: 'utf8', env });
    const hints = new Set<string>();
    for (const args of [
      ['doctor', '--json'],
      ['upload', 'app', '--json'],
      ['upload', 'app', '--dry-run', '--json'],
      ['convert', 'app', '--json'],
      ['check', join('app', 'missing'), '--json'],
    ]) {
      const r = rakApp(...args);
      const document = JSON.parse(r.stdout) as { next: string[] };
      for (const step of document.next) hints.add(step);
    }
    // Hints in text: backticked commands.
    const text = rakApp('upload', 'app');
    for (const m of `${text.stdout}${text.stderr}`.matchAll(/`((?:npx rak-app|\/)[^`]*)`/g)) hints.add(m[1]!);
    expect([...hints].some((h) => h.startsWith('npx rak-app '))).toBe(true);
    expect([...hints].some((h) => /node_modules\/(\.bin\/stripe|@stripe)/.test(h))).toBe(true);
    for (const hint of hints) {
      expect(hint, hint).not.toMatch(/^(rak-app|stripe) /);
      // Run as printed: it may fail for what it finds (no login, no network), but not as "not found".
      const r = spawnSync('bash', ['-c', hint], { cwd: project, encoding: 'utf8', env, timeout: 20_000, input: '' });
      expect(r.status, `${hint}\n${r.stderr}`).not.toBe(127);
      expect(r.stderr, hint).not.toMatch(/command not found|No such file or directory/);
    }
  });
});
