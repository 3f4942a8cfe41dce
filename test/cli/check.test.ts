import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON, ROOT, SETTINGS_SOURCE, validManifest } from '../helpers/fixtures.js';
import { run, tempDir } from '../helpers/run.js';

const pretty = (m: unknown): string => JSON.stringify(m, null, 2) + '\n';

function appWith(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'stripe-app.json'), typeof manifest === 'string' ? manifest : pretty(manifest));
  writeFileSync(join(dir, 'icon.png'), ICON);
  mkdirSync(join(dir, 'src', 'views'), { recursive: true });
  writeFileSync(join(dir, 'src', 'views', 'AppSettings.tsx'), SETTINGS_SOURCE);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('rak-app check, as a user runs it', () => {
  it('passes the bundled example app (the README\'s main job)', () => {
    const r = run(['check', 'examples/ledger-sync']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('✔ No problems (1 file checked).\n');
  });

  it('checks the current folder by default', () => {
    const r = run(['check'], { cwd: join(process.cwd(), 'examples', 'ledger-sync') });
    expect(r.code).toBe(0);
  });

  it('exits 1 with findings grouped by file, and a summary', () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth', icon: '' });
    const r = run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/stripe-app.json\n`);
    expect(r.stdout).toMatch(/ {2}6:11 +warning +No icon.+ icon\n/);
    expect(r.stdout).toMatch(/ {2}9:29 +error +stripe_api_access_type is "oauth".+ access-type\n/);
    expect(r.stdout).toContain('✖ 2 problems (1 error, 1 warning) in 1 file.');
  });

  it('a manifest that is not JSON is a finding, not a crash', () => {
    const dir = appWith('{\n  "id": "x",\n  // comment\n}');
    const r = run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].findings).toEqual([
      expect.objectContaining({ ruleId: 'json-syntax', line: 2, column: 12, message: expect.stringContaining('Trailing comma') }),
      expect.objectContaining({ ruleId: 'json-syntax', line: 3, column: 3, message: expect.stringContaining('Comments') }),
    ]);
  });

  it('points into the settings view\'s source, named from the current folder like the manifest', () => {
    const template = ['<SettingsView>', '  <Button href="https://stripe.com">View setup instructions</Button>', '</SettingsView>'].join('\n');
    const dir = appWith(validManifest(), { 'src/views/AppSettings.tsx': template });
    const r = run(['check', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/views/AppSettings.tsx\n  2:11  warning  The settings page still links to the template\'s placeholder "https://stripe.com"');
  });

  it('reads a manifest from standard input', () => {
    const r = run(['check', '-', '--format', 'json'], { input: pretty({ ...validManifest(), permissions: [] }) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files[0].path).toBe('<stdin>');
    expect(report.files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('permission-none');
  });

  it('checks many apps in one run', () => {
    const dirs = Array.from({ length: 30 }, (_, i) => appWith({ ...validManifest(), id: `com.example.app${i}` }));
    writeFileSync(join(dirs[7]!, 'stripe-app.json'), pretty({ ...validManifest(), permissions: [] }));
    const r = run(['check', ...dirs, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toHaveLength(30);
    expect(report.errorCount).toBe(1);
    expect(report.files[7].findings[0].ruleId).toBe('permission-none');
  });
});

describe('usage and input errors exit 2 with a message that says what to do', () => {
  it.each([
    [['check', '--frobnicate'], /Unknown option '--frobnicate' for check\./],
    [['check', '--fromat', 'json'], /Unknown option '--fromat' for check\. Did you mean '--format'\?/],
    [['check', '--format'], /Option '--format' needs a value/],
    [['check', '--strict=yes'], /Option '--strict' takes no value/],
    [['check', '--format', 'xml'], /--format must be one of stylish, json, sarif, github; got "xml"/],
    [[], /No command given/],
    [['check', '--max-warnings', 'many'], /whole number/],
    [['check', 'no/such/folder'], /no\/such\/folder: no such file or folder/],
    [['check', 'src'], /src: no stripe-app.json in this folder/],
    // `rak-app check apps/*` in a folder that also holds a README: the glob's catch is named, with the fix.
    [['check', 'examples/ledger-sync', 'README.md'], /README\.md: not a manifest, which is a \.json file\.\n.*apps\/\*\/` matches only folders/],
    [['check', 'examples/ledger-sync', '--rule', 'icn=off'], /unknown rule "icn". Did you mean "icon"\?/],
    [['check', 'examples/ledger-sync', '--rule', 'icon=loud'], /severity must be one of off, info, warning, error/],
    [['check', 'examples/ledger-sync', '--report', 'sarif'], /--report takes format=path/],
    [['check', 'examples/ledger-sync', '-f', 'json', '-o', '-'], /A report cannot be written to "-": standard output gets the --format report already/],
    [['check', 'examples/ledger-sync', '--report', 'sarif=-'], /A report cannot be written to "-"/],
    [['chek'], /Unknown command 'chek'. Did you mean 'check'\?/],
    [['upload'], /no stripe-app.json in this folder/],
  ])('rak-app %j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a file far too large to be a manifest', () => {
    const dir = appWith(' '.repeat(5 * 1024 * 1024) + '{}');
    const r = run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stripe-app.json: is 5.0 MiB; a manifest is at most 4 MiB./);
  });

  it('--help lists every command and --version prints the version', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'convert', 'check', 'upload']) expect(help.stdout).toContain(`  ${command}`);
    const version = run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: JSON.parse(readFileSync('package.json', 'utf8')).version + '\n' });
  });

  it('check --help documents every flag', () => {
    const help = run(['check', '--help']).stdout;
    for (const flag of ['--format', '--output-file', '--report', '--max-warnings', '--strict', '--quiet', '--rule', '--no-color']) expect(help).toContain(flag);
  });
});

describe('exit codes and thresholds', () => {
  const warningsOnly = () => appWith({ ...validManifest(), allowed_redirect_uris: ['https://example.com/cb'], icon: '' });

  it('warnings alone exit 0, unless --max-warnings is exceeded or --strict', () => {
    const dir = warningsOnly();
    expect(run(['check', dir]).code).toBe(0);
    expect(run(['check', dir, '--max-warnings', '2']).code).toBe(0);
    expect(run(['check', dir, '--max-warnings', '1']).code).toBe(1);
    expect(run(['check', dir, '--strict']).code).toBe(1);
  });

  it('--quiet reports errors only', () => {
    const r = run(['check', warningsOnly(), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('warning');
  });

  it('--rule turns a rule off or up', () => {
    const dir = warningsOnly();
    expect(run(['check', dir, '--rule', 'icon=off', '--rule', 'redirect-uris=off', '--strict']).code).toBe(0);
    expect(run(['check', dir, '--rule', 'icon=error']).code).toBe(1);
  });
});

describe('reports', () => {
  const broken = () => appWith({ ...validManifest(), permissions: [{ permission: 'customers_read', purpose: 'Read, 100% of "customers"\nnow' }] });

  it('json is one document with the documented shape', () => {
    const r = run(['check', broken(), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['files', 'errorCount', 'warningCount', 'infoCount']);
    expect(report.files[0].findings[0]).toEqual({
      ruleId: 'permission-unknown',
      severity: 'error',
      message: 'Unknown permission "customers_read"; did you mean "customer_read"?',
      pointer: '/permissions/0/permission',
      line: 12,
      column: 21,
      suggestion: 'customer_read',
    });
  });

  it('sarif is SARIF 2.1.0 with rules and locations', () => {
    const dir = broken();
    const sarif = JSON.parse(run(['check', dir, '--format', 'sarif']).stdout);
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('rak-app');
    const [result] = sarif.runs[0].results;
    expect(result).toMatchObject({ ruleId: 'permission-unknown', level: 'error', message: { text: expect.stringContaining('customers_read') } });
    expect(driver.rules[result.ruleIndex].id).toBe('permission-unknown');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `file://${dir}/stripe-app.json` }, region: { startLine: 12, startColumn: 21 } });
  });

  it('github writes escaped workflow commands', () => {
    const dir = join(tempDir(), 'apps,100%');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stripe-app.json'), '{"id": "a,b", "version": 1}');
    const r = run(['check', dir, '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=rak-app [a-z-]+::/.test(l))).toBe(true);
    expect(r.stdout).toContain(`::error file=${dir.replace('%', '%25').replace(',', '%2C')}/stripe-app.json,line=1,col=26,title=rak-app schema::version must be a string, not a number.`);
  });

  it('github and sarif paths start at GITHUB_WORKSPACE, where GitHub reads them; the report for people does not', () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dirname(dir) };
    const fromWorkspace = `${basename(dir)}/stripe-app.json`;
    const stylish = run(['check'], { cwd: dir, env });
    expect(stylish.stdout).toMatch(/^stripe-app\.json$/m);
    expect(stylish.stdout).toContain(`::error file=${fromWorkspace},line=`);
    const sarif = JSON.parse(run(['check', '--format', 'sarif'], { cwd: dir, env }).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(fromWorkspace);
    expect(JSON.parse(run(['check', '--format', 'json'], { cwd: dir, env }).stdout).files[0].path).toBe('stripe-app.json');
  });

  it('the default report also annotates in GitHub Actions', () => {
    const r = run(['check', broken()], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).toMatch(/error +Unknown permission/);
    expect(r.stdout).toMatch(/^::error file=.*title=rak-app permission-unknown::Unknown permission/m);
  });

  it('--output-file and --report write reports while the terminal gets stylish', () => {
    const out = tempDir();
    const r = run(['check', broken(), '--format', 'json', '--output-file', join(out, 'r.json'), '--report', `sarif=${join(out, 'r.sarif')}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ 1 problem/);
    expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).errorCount).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('a report that cannot be written is an input error', () => {
    const r = run(['check', 'examples/ledger-sync', '--report', 'json=/no/such/dir/r.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rak-app: Cannot write the json report to /no/such/dir/r.json: its folder does not exist.\n');
  });

  it('colour only at a terminal or when forced, never with NO_COLOR', () => {
    const dir = broken();
    expect(run(['check', dir]).stdout).not.toContain('\u001b[');
    expect(run(['check', dir, '--color']).stdout).toContain('\u001b[31m');
    expect(run(['check', dir], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(run(['check', dir, '--format', 'json', '--color']).stdout).not.toContain('\u001b[');
  });
});

describe('secrets are never printed whole', () => {
  const key = 'sk_live_' + '51NzQ8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijKLMNOP';
  it.each(['stylish', 'json', 'sarif', 'github'])('in %s output, nor on stderr', (format) => {
    const dir = appWith({ ...validManifest(), constants: { [key]: key, API: key } });
    const r = run(['check', dir, '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(key);
    expect(r.stdout).toContain('sk_live_…MNOP');
  });
});

// bin/rak-app.js require()s the CLI where node can do it quietly (20.19, 22.13, 23.5 and later) and
// imports it elsewhere; turning require(esm) off here takes the path an older node takes.
describe('on a node that cannot require() an ES module', () => {
  const older = { NODE_OPTIONS: '--no-experimental-require-module' };
  it.each([
    [['check', 'examples/ledger-sync']],
    [['check', 'no/such/folder']],
    [['permissions', 'list', '--json']],
  ])('rak-app %j behaves the same', (args) => {
    const r = run(args, { env: older });
    expect(r).toEqual(run(args));
    expect(r.code).not.toBeNull();
  });

  it('findings and their exit code are the same', () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const r = run(['check', dir, '--format', 'json'], { env: older });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('access-type');
    expect(r).toEqual(run(['check', dir, '--format', 'json']));
  });
});

describe('on a node too old for rak-app', () => {
  it('says which Node.js it needs and exits 2, with no stack trace', () => {
    const preload = join(ROOT, 'test', 'fixtures', 'without-get-builtin-module.cjs');
    const r = run(['check', 'examples/ledger-sync'], { env: { NODE_OPTIONS: `--require ${JSON.stringify(preload)}` } });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `rak-app: Node.js ${process.versions.node} is too old; rak-app needs Node.js 20.16 or later (22.3 or later on Node.js 22).\n`,
    });
  });
});

// Start-up speed is measured by bench/startup.js; this guards its cause: what `check` loads.
describe('check loads only what it uses', () => {
  const preload = join(ROOT, 'test', 'fixtures', 'load-trace.cjs');
  function trace(path: string, expectedCode: number, options: { stdoutToNull?: boolean } = {}): { builtins: string[]; required: string[] } {
    const traceFile = join(tempDir(), 'trace.json');
    const r = run(['check', path], { ...options, env: { LOAD_TRACE_FILE: traceFile, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` } });
    expect(r.code).toBe(expectedCode);
    const loaded = JSON.parse(readFileSync(traceFile, 'utf8')) as { builtins: string[]; required: string[] };
    return { builtins: loaded.builtins, required: loaded.required.filter((p) => p !== preload).map((p) => p.slice(ROOT.length)) };
  }

  const unwanted = ['stream', 'internal/fs/streams', 'net', 'tty', 'child_process', 'readline', 'worker_threads'];
  const unwantedIn = (builtins: string[]): string[] => builtins.filter((m) => unwanted.includes(m.replace(/^NativeModule /, '')));

  it('none of node\'s stream, network, terminal or process modules, and for a clean manifest nothing from node_modules', () => {
    const loaded = trace('examples/ledger-sync', 0);
    expect(unwantedIn(loaded.builtins)).toEqual([]);
    // JSON.parse reads a clean manifest; jsonc-parser is needed only to place a finding.
    expect(loaded.required.filter((p) => p.startsWith('/node_modules/'))).toEqual([]);
  });

  // /dev/null is a character device, as a terminal is; asking node:tty about it would load the
  // network stack behind it.
  it.skipIf(process.platform === 'win32')('none of them either with its output sent to /dev/null', () => {
    expect(unwantedIn(trace('examples/ledger-sync', 0, { stdoutToNull: true }).builtins)).toEqual([]);
  });

  // Node 20.19, 22.13, 23.5 and later require() an ES module without a warning.
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const quietRequire = process.features.require_module && !(major === 22 && minor < 13) && !(major === 23 && minor < 5);
  it.runIf(quietRequire)('the CLI and the check command through require(), not node\'s slower asynchronous loader', () => {
    expect(trace('examples/ledger-sync', 0).required).toEqual(['/bin/rak-app.js', '/dist/cli.js', '/dist/commands/check.js']);
  });

  it('jsonc-parser\'s scanner and parser, and nothing else of it, once a finding needs a position', () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const fromPackages = trace(dir, 1).required.filter((p) => p.startsWith('/node_modules/'));
    expect(fromPackages).toEqual(['/node_modules/jsonc-parser/lib/umd/impl/scanner.js', '/node_modules/jsonc-parser/lib/umd/impl/parser.js']);
  });

  it('no ES module of another command, and none from node_modules', () => {
    // NODE_DEBUG=esm makes node's module loader log each module it stores.
    const r = run(['check', 'examples/ledger-sync'], { env: { NODE_DEBUG: 'esm' } });
    expect(r.code).toBe(0);
    const root = pathToFileURL(ROOT).href;
    const loaded = [...r.stderr.matchAll(/Storing (file:\S+)/g)].map((m) => m[1]!.slice(root.length));
    expect(loaded).toContain('/dist/commands/check.js');
    expect(loaded.filter((url) => !url.startsWith('/dist/'))).toEqual([]);
    const others = /cli-commands|commands\/(?!check)|stripe-cli|prompts|scan|permissions-|ledger|upload|convert|doctor|init/;
    expect(loaded.filter((url) => others.test(url))).toEqual([]);
  });
});
