import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { say } from '../../src/core/messages.js';
import { EXAMPLE_DIR, ICON, ROOT, SETTINGS_SOURCE, validManifest } from '../helpers/fixtures.js';
import {
  HAS_SETPRIV,
  inFolderForOthers,
  RUNS_AS_ROOT,
  run,
  runBin,
  runBinUnprivileged,
  tempDir,
} from '../helpers/run.js';

const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
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
  it("passes the bundled example app (the README's main job)", async () => {
    const r = await run(['check', 'examples/ledger-sync']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('✔ No problems (1 file checked).\n');
  });

  it('checks the current folder by default', async () => {
    const r = await run(['check'], { cwd: join(process.cwd(), 'examples', 'ledger-sync') });
    expect(r.code).toBe(0);
  });

  it('exits 1 with findings grouped by file, and a summary', async () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth', icon: '' });
    const r = await run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/stripe-app.json\n`);
    // The words of each message are tested once, in test/unit/messages.test.ts.
    expect(r.stdout).toMatch(/ {2}6:11 +warning +.+ icon\n/);
    expect(r.stdout).toMatch(/ {2}9:29 +error +.+ access-type\n/);
    expect(r.stdout).toContain('✖ 2 problems (1 error, 1 warning) in 1 file.');
  });

  it('a manifest that is not JSON is a finding, not a crash', async () => {
    const dir = appWith('{\n  "id": "x",\n  // comment\n}');
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].findings).toEqual([
      expect.objectContaining({
        ruleId: 'json-syntax',
        line: 2,
        column: 12,
        messageId: 'jsonSyntax',
        data: expect.objectContaining({ problem: expect.objectContaining({ kind: 'trailing-comma' }) }),
      }),
      expect.objectContaining({
        ruleId: 'json-syntax',
        line: 3,
        column: 3,
        messageId: 'jsonSyntax',
        data: expect.objectContaining({ problem: expect.objectContaining({ kind: 'comment' }) }),
      }),
    ]);
  });

  it("points into the settings view's source, named from the current folder like the manifest", async () => {
    const template = [
      '<SettingsView>',
      '  <Button href="https://stripe.com">View setup instructions</Button>',
      '</SettingsView>',
    ].join('\n');
    const dir = appWith(validManifest(), { 'src/views/AppSettings.tsx': template });
    const r = await run(['check', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^src\/views\/AppSettings\.tsx\n {2}2:11 {2}warning {2}.+ {2}settings-placeholder$/m);
  });

  it('reads a manifest from standard input', async () => {
    const r = await run(['check', '-', '--format', 'json'], { input: pretty({ ...validManifest(), permissions: [] }) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files[0].path).toBe('<stdin>');
    expect(report.files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('permission-none');
  });

  it('checks many apps in one run', async () => {
    const dirs = Array.from({ length: 30 }, (_, i) => appWith({ ...validManifest(), id: `com.example.app${i}` }));
    writeFileSync(join(dirs[7]!, 'stripe-app.json'), pretty({ ...validManifest(), permissions: [] }));
    const r = await run(['check', ...dirs, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toHaveLength(30);
    expect(report.errorCount).toBe(1);
    expect(report.files[7].findings[0].ruleId).toBe('permission-none');
  });
});

describe('usage and input errors exit 2 with a message that says what to do', () => {
  it.each([
    [['check', '--frobnicate'], /Unknown option '--frobnicate'\.\n {2}Run `rak-app check --help` to see its options\./],
    [['check', '--fromat', 'json'], /Unknown option '--fromat'\. Did you mean '--format'\?/],
    [['check', '--format'], /Option '-f, --format <format>' argument missing/],
    [['check', '--strict=yes'], /Unknown option '--strict=yes'/],
    [['check', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are stylish, json, sarif, github/],
    [[], /^Usage: rak-app <command>/],
    [['check', '--max-warnings', 'many'], /whole number/],
    [['check', 'no/such/folder'], /no\/such\/folder: no such file or folder/],
    [['check', 'src'], /src: no stripe-app.json in this folder/],
    // `rak-app check apps/*` in a folder that also holds a README: the glob's catch is named, with the fix.
    [
      ['check', 'examples/ledger-sync', 'README.md'],
      /README\.md: not a manifest, which is a \.json file\.\n.*apps\/\*\/` matches only folders/,
    ],
    // The same for the commands that take the manifest as --manifest.
    ...[
      ['permissions', 'scan', 'examples/ledger-sync/src'],
      ['permissions', 'explain', 'customer_read'],
      ['key', 'check'],
      ['proxy'],
    ].map((command) => [
      [...command, '--manifest', 'README.md'],
      /^rak-app: README\.md: not a manifest, which is a \.json file\.\n {2}Pass --manifest <app folder or its stripe-app\.json>\./,
    ]),
    [['check', 'examples/ledger-sync', '--rule', 'icn=off'], /unknown rule "icn". Did you mean "icon"\?/],
    [['check', 'examples/ledger-sync', '--rule', 'icon=loud'], /severity must be one of off, info, warning, error/],
    // Without "=", the flag's shape is what is wrong, as --report and --purpose say.
    [
      ['check', 'examples/ledger-sync', '--rule', 'icon'],
      /^rak-app: --rule takes id=severity, got "icon"\.\n {2}For example: --rule icon=off\n/,
    ],
    [['check', 'examples/ledger-sync', '--rule', '=off'], /^rak-app: --rule takes id=severity, got "=off"\./],
    [['check', 'examples/ledger-sync', '--report', 'sarif'], /--report takes format=path/],
    [
      ['check', 'examples/ledger-sync', '-f', 'json', '-o', '-'],
      /A report cannot be written to "-": standard output gets the --format report already/,
    ],
    [['check', 'examples/ledger-sync', '--report', 'sarif=-'], /A report cannot be written to "-"/],
    [['chek'], /Unknown command 'chek'. Did you mean 'check'\?/],
    // --json is --format json: beside another --format, two reports would share standard output.
    [
      ['check', 'examples/ledger-sync', '--json', '--format', 'sarif'],
      /--json is --format json, so it does not go with --format sarif\./,
    ],
    [
      [
        'permissions',
        'scan',
        'examples/ledger-sync/src',
        '--manifest',
        'examples/ledger-sync',
        '--json',
        '-f',
        'github',
      ],
      /--json is --format json, so it does not go with --format github\./,
    ],
    // A command in capitals is the command: commander alone counts each letter's case as an edit.
    [['HELP'], /Unknown command 'HELP'. Did you mean 'help'\?/],
    [['UPLOAD'], /Unknown command 'UPLOAD'. Did you mean 'upload'\?/],
    [['upload'], /no stripe-app.json in this folder/],
  ])('rak-app %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a file far too large to be a manifest', async () => {
    const dir = appWith(' '.repeat(5 * 1024 * 1024) + '{}');
    const r = await run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stripe-app.json: is 5.0 MiB; a manifest is at most 4 MiB./);
    // One byte over: in bytes, as a tenth of a MiB would read as the limit itself.
    const over = await run(['check', appWith(' '.repeat(4 * 1024 * 1024 - 1) + '{}')]);
    expect(over.stderr).toMatch(/stripe-app.json: is 4,194,305 bytes; a manifest is at most 4 MiB./);
  });

  it('--help lists every command and --version prints the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'convert', 'check', 'upload']) expect(help.stdout).toContain(`  ${command}`);
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: JSON.parse(readFileSync('package.json', 'utf8')).version + '\n' });
  });

  it('check --help documents every flag', async () => {
    const help = (await run(['check', '--help'])).stdout;
    for (const flag of [
      '--format',
      '--output-file',
      '--report',
      '--max-warnings',
      '--strict',
      '--quiet',
      '--rule',
      '--no-color',
    ])
      expect(help).toContain(flag);
  });
});

describe('--rule json-syntax below error', () => {
  it.each(['warning', 'info'])(
    '=%s shows the syntax finding, and the file still cannot be checked (exit 2)',
    async (level) => {
      const r = await run(['check', '-', '--rule', `json-syntax=${level}`], { input: '{"id": "com.example.x",}' });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('json-syntax');
      expect(r.stderr).toContain('<stdin>: cannot be checked: it is not JSON (its syntax findings are above)');
    },
  );
});

describe('--rule json-syntax=off', () => {
  it.each([
    ['garbage', 'garbage'],
    ['an empty file', ''],
    ['a manifest cut short', '{"id": "com.example.x", "permissions": ['],
  ])('on %s is no pass: the file cannot be checked (exit 2)', async (_what, text) => {
    const r = await run(['check', '-', '--rule', 'json-syntax=off'], { input: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>: cannot be checked: it is not JSON, and --rule json-syntax=off hides where.');
    expect(r.stdout).not.toContain('No problems');
  });
});

describe('exit codes and thresholds', () => {
  const warningsOnly = () =>
    appWith({ ...validManifest(), allowed_redirect_uris: ['https://example.com/cb'], icon: '' });

  it('warnings alone exit 0, unless --max-warnings is exceeded or --strict', async () => {
    const dir = warningsOnly();
    expect((await run(['check', dir])).code).toBe(0);
    expect((await run(['check', dir, '--max-warnings', '2'])).code).toBe(0);
    expect((await run(['check', dir, '--max-warnings', '1'])).code).toBe(1);
    expect((await run(['check', dir, '--strict'])).code).toBe(1);
  });

  it('--quiet reports errors only', async () => {
    const r = await run(['check', warningsOnly(), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('warning');
  });

  it('--rule turns a rule off or up', async () => {
    const dir = warningsOnly();
    expect((await run(['check', dir, '--rule', 'icon=off', '--rule', 'redirect-uris=off', '--strict'])).code).toBe(0);
    expect((await run(['check', dir, '--rule', 'icon=error'])).code).toBe(1);
  });
});

describe('reports', () => {
  const broken = () =>
    appWith({
      ...validManifest(),
      permissions: [{ permission: 'customers_read', purpose: 'Read, 100% of "customers"\nnow' }],
    });

  it('json is one document with the documented shape', async () => {
    const r = await run(['check', broken(), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    // The result envelope every --json document starts with, then the report.
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'command',
      'status',
      'exitCode',
      'next',
      'files',
      'errorCount',
      'warningCount',
      'infoCount',
    ]);
    expect(report).toMatchObject({ schemaVersion: 1, command: 'check', status: 'failed', exitCode: r.code });
    const data = { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false };
    expect(report.files[0].findings[0]).toEqual({
      ruleId: 'permission-unknown',
      severity: 'error',
      // The text its messageId and data give; test/unit/messages.test.ts has the words.
      message: say('permissionUnknown', data).message,
      pointer: '/permissions/0/permission',
      line: 12,
      column: 21,
      suggestion: 'customer_read',
      // The message as data: consumers need not match on its text.
      messageId: 'permissionUnknown',
      data,
      docs: `https://unpkg.com/rak-app@${VERSION}/docs/rules/permission-unknown.md`,
    });
  });

  it('sarif is SARIF 2.1.0 with rules and locations', async () => {
    const dir = broken();
    const sarif = JSON.parse((await run(['check', dir, '--format', 'sarif'])).stdout);
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('rak-app');
    // Each rule's page in the published package of this very version: a link GitHub code scanning
    // can open, which no later release changes. The page is one the package ships.
    const packageFiles: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files;
    expect(packageFiles).toContain('docs');
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`https://unpkg.com/rak-app@${VERSION}/docs/rules/${rule.id}.md`);
      expect(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`))).toBe(true);
    }
    const [result] = sarif.runs[0].results;
    expect(result.properties).toEqual({
      messageId: 'permissionUnknown',
      data: { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false },
    });
    expect(result).toMatchObject({
      ruleId: 'permission-unknown',
      level: 'error',
      message: { text: expect.any(String) },
    });
    expect(driver.rules[result.ruleIndex].id).toBe('permission-unknown');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `file://${dir}/stripe-app.json` },
      region: { startLine: 12, startColumn: 21 },
    });
  });

  it('github writes escaped workflow commands', async () => {
    const dir = join(tempDir(), 'apps,100%');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stripe-app.json'), '{"id": "a,b", "version": 1}');
    const r = await run(['check', dir, '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    expect(
      lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=rak-app [a-z-]+::/.test(l)),
    ).toBe(true);
    expect(r.stdout).toContain(
      `::error file=${dir.replace('%', '%25').replace(',', '%2C')}/stripe-app.json,line=1,col=26,title=rak-app schema::`,
    );
  });

  it('github and sarif paths start at GITHUB_WORKSPACE, where GitHub reads them; the report for people does not', async () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dirname(dir) };
    const fromWorkspace = `${basename(dir)}/stripe-app.json`;
    const stylish = await run(['check'], { cwd: dir, env });
    expect(stylish.stdout).toMatch(/^stripe-app\.json$/m);
    expect(stylish.stdout).toContain(`::error file=${fromWorkspace},line=`);
    const sarif = JSON.parse((await run(['check', '--format', 'sarif'], { cwd: dir, env })).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(fromWorkspace);
    expect(JSON.parse((await run(['check', '--format', 'json'], { cwd: dir, env })).stdout).files[0].path).toBe(
      'stripe-app.json',
    );
  });

  it('GITHUB_WORKSPACE reached through a link (a runner whose workspace is one, macOS /var) is still the root', async () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const link = join(tempDir(), 'workspace');
    symlinkSync(dirname(dir), link);
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: link };
    const github = await run(['check', '--format', 'github'], { cwd: dir, env });
    expect(github.stdout).toContain(`::error file=${basename(dir)}/stripe-app.json,line=`);
  });

  it('the default report also annotates in GitHub Actions', async () => {
    const r = await run(['check', broken()], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).toMatch(/error +.+ permission-unknown$/m);
    expect(r.stdout).toMatch(/^::error file=.*title=rak-app permission-unknown::.+$/m);
  });

  it('--output-file and --report write reports while the terminal gets stylish', async () => {
    const out = tempDir();
    const r = await run([
      'check',
      broken(),
      '--format',
      'json',
      '--output-file',
      join(out, 'r.json'),
      '--report',
      `sarif=${join(out, 'r.sarif')}`,
    ]);
    expect(r.code).toBe(1);
    // The purpose's line break is a warning of its own (permission-purpose).
    expect(r.stdout).toMatch(/✖ 2 problems \(1 error, 1 warning\)/);
    expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).errorCount).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('a report that cannot be written is an input error', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    for (const report of [`${file}/r.json`, `${file}/sub/r.json`]) {
      const r = await run(['check', 'examples/ledger-sync', '--report', `json=${report}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rak-app: Cannot write the json report to ${report}: ${file} is a file, not a folder.\n`);
    }
  });

  it.skipIf(process.platform !== 'linux')(
    '--report to /dev/stdout on a pipe is refused as a pipe, not as a missing folder',
    () => {
      // /dev/stdout leads to /proc/self/fd/1, whose real path on a pipe (`…/fd/pipe:[123]`) names no file.
      // A process of its own, its stdout a pipe: in this one, /dev/stdout is wherever the tests print.
      const r = runBin(['check', 'examples/ledger-sync', '--report', 'json=/dev/stdout']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'rak-app: Cannot write the json report to /dev/stdout: it is not a regular file (a device, a pipe or a socket).\n',
      );
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'a report in a folder that exists but makes no files (/proc) is said to be so, not a missing folder',
    async () => {
      const r = await run(['check', 'examples/ledger-sync', '-o', '/proc/rak-app-report.json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'rak-app: Cannot write the stylish report to /proc/rak-app-report.json: no file can be made in its folder.\n',
      );
    },
  );

  it('-o and --report make the folders a report goes in, as ESLint does', async () => {
    const cwd = tempDir();
    const app = join(ROOT, 'examples', 'ledger-sync');
    const r = await run(['check', app, '-f', 'sarif', '-o', 'out/report.sarif', '--report', 'json=deep/er/r.json'], {
      cwd,
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(readFileSync(join(cwd, 'deep', 'er', 'r.json'), 'utf8')).errorCount).toBe(0);
  });

  it.each([
    ['spelt alike', ['-f', 'json', '-o', 'same.json', '--report', 'sarif=same.json']],
    ['spelt differently', ['-f', 'json', '-o', 'same.json', '--report', 'sarif=./sub/../same.json']],
    ['two --report', ['--report', 'json=out/r', '--report', 'sarif=out//r']],
    ['through a linked folder', ['-o', 'real/r.json', '--report', 'sarif=link/r.json']],
  ])('two reports to one file (%s) are refused before anything is written', async (_, flags) => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'real'));
    mkdirSync(join(cwd, 'sub'));
    symlinkSync(join(cwd, 'real'), join(cwd, 'link'));
    const r = await run(['check', join(ROOT, 'examples', 'ledger-sync'), ...flags], { cwd });
    expect(r.code).toBe(2);
    // No report on standard output; with -f json, the usage error's envelope, as --json prints it.
    if (flags.includes('json')) expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', exitCode: 2 });
    else expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^rak-app: Two reports would be written to one file: .+ and .+; one would replace the other\.\n {2}Name a different file for each report\.\n$/,
    );
    expect(readdirSync(cwd).sort()).toEqual(['link', 'real', 'sub']);
    expect(readdirSync(join(cwd, 'real'))).toEqual([]);
  });

  it('SARIF: a backslash in a folder name is a letter of it outside Windows, escaped in the URI', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'we\\ird'));
    writeFileSync(
      join(cwd, 'we\\ird', 'stripe-app.json'),
      pretty({ ...validManifest(), stripe_api_access_type: 'oauth' }),
    );
    const sarif = JSON.parse((await run(['check', 'we\\ird', '--format', 'sarif'], { cwd })).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'we%5Cird/stripe-app.json',
    );
  });

  it('an app given twice, once through a linked folder or a ./, is checked once, under the name given first; a manifest linked from another folder is checked there', async () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const link = join(tempDir(), 'linked-app');
    symlinkSync(dir, link);
    const r = await run(['check', dir, link, `${link}/./stripe-app.json`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'stripe-app.json')]);
    expect(report.files[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'access-type')).toHaveLength(1);
    // Another app folder whose manifest is a link to this one is another app: its icon is its own.
    const other = join(tempDir(), 'other-app');
    mkdirSync(other);
    symlinkSync(join(dir, 'stripe-app.json'), join(other, 'stripe-app.json'));
    const both = JSON.parse((await run(['check', dir, other, '--format', 'json'])).stdout);
    expect(both.files.map((f: { path: string }) => f.path)).toEqual([
      join(dir, 'stripe-app.json'),
      join(other, 'stripe-app.json'),
    ]);
  });

  it('a run that checked nothing says only why, not "No problems"', async () => {
    const r = await run(['check', 'no/such/folder', 'nor/this']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rak-app: no/such/folder: no such file or folder.');
    expect(r.stderr).toContain('rak-app: nor/this: no such file or folder.');
  });

  it('colour only at a terminal or when forced, never with NO_COLOR', async () => {
    const dir = broken();
    expect((await run(['check', dir])).stdout).not.toContain('\u001b[');
    expect((await run(['check', dir, '--color'])).stdout).toContain('\u001b[31m');
    expect((await run(['check', dir], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await run(['check', dir, '--format', 'json', '--color'])).stdout).not.toContain('\u001b[');
  });
});

describe('secrets are never printed whole', () => {
  const key = 'sk_live_' + '51NzQ8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijKLMNOP';
  it.each(['stylish', 'json', 'sarif', 'github'])('in %s output, nor on stderr', async (format) => {
    const dir = appWith({ ...validManifest(), constants: { [key]: key, API: key } });
    const r = await run(['check', dir, '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(key);
    expect(r.stdout).toContain('sk_live_…MNOP');
  });
});

// bin/rak-app.js require()s the CLI where node can do it quietly (20.19, 22.13, 23.5 and later) and
// imports it elsewhere; turning require(esm) off here takes the path an older node takes.
describe('on a node that cannot require() an ES module', () => {
  const older = { NODE_OPTIONS: '--no-experimental-require-module' };
  it.each([[['check', 'examples/ledger-sync']], [['check', 'no/such/folder']], [['permissions', 'list', '--json']]])(
    'rak-app %j behaves the same',
    async (args) => {
      const r = await run(args, { env: older });
      expect(r).toEqual(await run(args));
      expect(r.code).not.toBeNull();
    },
  );

  it('findings and their exit code are the same', async () => {
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    const r = await run(['check', dir, '--format', 'json'], { env: older });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('access-type');
    expect(r).toEqual(await run(['check', dir, '--format', 'json']));
  });
});

describe('on a node too old for rak-app', () => {
  it('says which Node.js it needs and exits 2, with no stack trace', () => {
    const preload = join(ROOT, 'test', 'fixtures', 'old-node.cjs');
    const r = runBin(['check', 'examples/ledger-sync'], {
      env: { NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
    });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'rak-app: Node.js 20.4.0 is too old; rak-app needs Node.js >=20.5.0.\n',
    });
    // With --json, the document all the same.
    const json = runBin(['check', 'examples/ledger-sync', '--json'], {
      env: { NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
    });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      command: 'check',
      status: 'failed',
      exitCode: 2,
      reason: 'Node.js 20.4.0 is too old; rak-app needs Node.js >=20.5.0.',
    });
  });
});

// Start-up speed is measured by bench/startup.js; this guards its cause: what `check` loads.
describe('the built check loads only its own bundle', () => {
  const preload = join(ROOT, 'test', 'fixtures', 'load-trace.cjs');
  function trace(path: string, expectedCode: number): string[] {
    const traceFile = join(tempDir(), 'trace.json');
    const r = runBin(['check', path], {
      env: { LOAD_TRACE_FILE: traceFile, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
    });
    expect(r.code).toBe(expectedCode);
    const loaded = JSON.parse(readFileSync(traceFile, 'utf8')) as { required: string[] };
    return loaded.required.filter((p) => p !== preload).map((p) => p.slice(ROOT.length));
  }

  it('the bin, the command line and the check bundle: nothing of another command, nothing from node_modules', () => {
    expect(trace('examples/ledger-sync', 0)).toEqual(['/bin/rak-app.cjs', '/dist/cli.cjs', '/dist/commands/check.cjs']);
    // A finding needs jsonc-parser's positions: bundled too.
    const dir = appWith({ ...validManifest(), stripe_api_access_type: 'oauth' });
    expect(trace(dir, 1)).toEqual(['/bin/rak-app.cjs', '/dist/cli.cjs', '/dist/commands/check.cjs']);
  });

  // What start-up costs most: node's stream, network, terminal and process modules. A check whose
  // streams are pipes or /dev/null (CI, hooks) loads none of them.
  it.skipIf(process.platform === 'win32').each([false, true])(
    "none of node's stream, network, terminal or process modules (output to /dev/null: %s)",
    (stdoutToNull) => {
      const traceFile = join(tempDir(), 'trace.json');
      const r = runBin(['check', 'examples/ledger-sync'], {
        stdoutToNull,
        env: { LOAD_TRACE_FILE: traceFile, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
      });
      expect(r.code).toBe(0);
      const { builtins } = JSON.parse(readFileSync(traceFile, 'utf8')) as { builtins: string[] };
      const unwanted = ['stream', 'internal/fs/streams', 'net', 'tty', 'child_process', 'readline', 'worker_threads'];
      expect(builtins.filter((m) => unwanted.includes(m.replace(/^NativeModule /, '')))).toEqual([]);
    },
  );

  it("no ES module at all: node's asynchronous loader never starts", () => {
    // NODE_DEBUG=esm makes node's module loader log each ES module it stores.
    const r = runBin(['check', 'examples/ledger-sync'], { env: { NODE_DEBUG: 'esm' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Storing file:/);
  });

  it("an input error raised inside a command's bundle is an input error, not an internal one", () => {
    // Each bundle has its own copy of UserError: src/cli.ts must know it all the same.
    for (const args of [
      ['check', 'no/such/folder'],
      ['upload', 'no/such/folder'],
      ['permissions', 'explain', 'customers_read'],
    ]) {
      const r = runBin(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(
        /^rak-app: (no\/such\/folder: no such file or folder|Unknown permission "customers_read")/,
      );
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it("an internal error's stack points into src/, through the bundle's source map", () => {
    // A manifest path whose stat() throws something no code expects: a getter that throws.
    const preload = join(ROOT, 'test', 'fixtures', 'internal-error.cjs');
    const r = runBin(['check', 'examples/ledger-sync'], {
      env: { NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rak-app: internal error; please report it with the command you ran\./);
    expect(r.stderr).toMatch(/src\/[\w/-]+\.ts:\d+:\d+/);
    expect(r.stderr).not.toMatch(/dist\/commands\/check\.cjs:\d+/);
  });
});

describe("check's convert hint runs where it is pasted", () => {
  it('names the folder for a stripe-app.json, and says where to run it for standard input or another file name', async () => {
    const dir = tempDir();
    const manifest = JSON.stringify({ ...validManifest(), stripe_api_access_type: 'platform' });
    writeFileSync(join(dir, 'stripe-app.json'), manifest);
    writeFileSync(join(dir, 'copy.json'), manifest);
    const folder = await run(['check', dir]);
    expect(folder.stdout).toContain(`run \`rak-app convert ${dir}\`.`);
    for (const r of [await run(['check', '-'], { input: manifest }), await run(['check', join(dir, 'copy.json')])])
      expect(r.stdout).toContain("run `rak-app convert` in the app's folder, where it is stripe-app.json.");
    // --json's next holds the command the finding names, where there is one to paste.
    expect(JSON.parse((await run(['check', dir, '--json'])).stdout).next).toEqual([`rak-app convert ${dir}`]);
    expect(JSON.parse((await run(['check', '-', '--json'], { input: manifest })).stdout).next).toEqual([]);
  });
});

describe('report files', () => {
  it('one that cannot be written stops the run before any is written, so none disagrees with the exit code', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const r = await run(['check', EXAMPLE_DIR, '--json', '-o', 'ok.json', '--report', 'sarif=blocker/x.sarif'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot write the sarif report to blocker/x.sarif');
    expect(existsSync(join(dir, 'ok.json'))).toBe(false);
  });
});

describe('report folders', () => {
  it.skipIf(RUNS_AS_ROOT && !HAS_SETPRIV)(
    'a report that cannot be written stops the run before any folder is made for another (skipped as root without setpriv)',
    () =>
      inFolderForOthers('rak-app-report-folders-', 0o777, (dir) => {
        mkdirSync(join(dir, 'ro'), { mode: 0o555 });
        chmodSync(join(dir, 'ro'), 0o555);
        const r = runBinUnprivileged(dir, ['check', EXAMPLE_DIR, '-o', 'o1/a.json', '--report', 'sarif=ro/b.sarif']);
        expect(r.stderr).toContain('Cannot write the sarif report to ro/b.sarif: permission denied.');
        expect(r.status).toBe(2);
        expect(existsSync(join(dir, 'o1'))).toBe(false);
      }),
  );
});

describe('a folder it cannot read', () => {
  it.skipIf(RUNS_AS_ROOT && !HAS_SETPRIV)(
    'is said to be unreadable, not to hold no manifest (skipped as root without setpriv)',
    () =>
      inFolderForOthers('rak-app-unreadable-', 0o755, (dir) => {
        const app = join(dir, 'app');
        cpSync(EXAMPLE_DIR, app, { recursive: true });
        chmodSync(app, 0o000);
        const r = runBinUnprivileged(dir, ['check', 'app']);
        expect(r.stderr).toContain('app: this folder cannot be read (permission denied).');
        expect(r.status).toBe(2);
      }),
  );
});
