import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWithFakeStripe } from '../helpers/stripe-home.js';
import { EXAMPLE_DIR, validManifest } from '../helpers/fixtures.js';
import { run as runCli } from '../../src/cli.js';
import { captureIo, run, tempDir } from '../helpers/run.js';

const EXAMPLE = 'examples/ledger-sync';

/** An app folder whose manifest has two warnings and no error. */
function warningsOnly(): string {
  const dir = tempDir();
  cpSync(EXAMPLE_DIR, dir, { recursive: true });
  writeFileSync(
    join(dir, 'stripe-app.json'),
    JSON.stringify({ ...validManifest(), allowed_redirect_uris: ['https://example.com/cb'], icon: '' }, null, 2),
  );
  return dir;
}

describe('the command line, parsed by commander', () => {
  it('takes paths, and an option value after "=" or as the next word', async () => {
    const out = tempDir();
    const r = await run(['check', EXAMPLE, '--format=sarif', '-o', join(out, 'out.sarif')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout).toBe('✔ No problems (1 file checked).\n');
  });

  it('repeats --report and --rule', async () => {
    const out = tempDir();
    const dir = warningsOnly();
    const r = await run([
      'check',
      dir,
      '--report',
      `json=${join(out, 'a.json')}`,
      '--report',
      `sarif=${join(out, 'b.sarif')}`,
      '--rule',
      'icon=off',
      '--rule',
      'redirect-uris=off',
      '--strict',
    ]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'a.json')) && existsSync(join(out, 'b.sarif'))).toBe(true);
  });

  it('reads "-" as standard input, and a path after "--" as a path', async () => {
    const stdin = await run(['check', '-', '-f', 'json'], {
      input: readFileSync(join(EXAMPLE_DIR, 'stripe-app.json')),
    });
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout).files[0].path).toBe('<stdin>');
    const weird = await run(['check', '--', '--weird-folder-name']);
    expect(weird.code).toBe(2);
    expect(weird.stderr).toMatch(/--weird-folder-name: no such file or folder/);
  });

  it('--json is --format json, for check and permissions scan', async () => {
    const json = await run(['check', EXAMPLE, '--json']);
    expect(json).toEqual(await run(['check', EXAMPLE, '--format', 'json']));
    expect(JSON.parse(json.stdout)).toMatchObject({ errorCount: 0 });
  });

  it('--max-warnings -1 is no limit, 0 fails on one warning and says why; --quiet keeps errors only', async () => {
    const dir = warningsOnly();
    expect((await run(['check', dir, '--max-warnings', '-1'])).code).toBe(0);
    const strict = await run(['check', dir, '--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('rak-app: too many warnings: 2, and --max-warnings is 0.\n');
    expect((await run(['check', dir, '--strict'])).stderr).toMatch(/--strict fails on any finding/);
    expect((await run(['check', dir, '-q'])).stdout).not.toMatch(/warning/);
  });

  it("--rule id=warn is ESLint's word for warning", async () => {
    const dir = warningsOnly();
    const r = await run(['check', dir, '--rule', 'icon=warn', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'icon').severity).toBe(
      'warning',
    );
  });

  it('--color and --no-color on every command, before or after it', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ ...validManifest(), permissions: [{ permission: 'customers_read', purpose: 'x' }] }),
    );
    expect((await run(['check', dir, '--color'])).stdout).toContain('\u001b[31m');
    expect((await run(['--color', 'check', dir])).stdout).toContain('\u001b[31m');
    expect((await run(['check', dir, '--color', '--no-color'])).stdout).not.toContain('\u001b[');
    expect((await run(['doctor', '--no-color'], { env: { RAK_APP_STRIPE: '/no/such/stripe' } })).stdout).not.toContain(
      '\u001b[',
    );
  });

  it('help for the program, each command and each subcommand; the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n {2}check/);
    expect((await run(['help', 'check'])).stdout).toContain('--max-warnings <n>');
    expect((await run(['check', '-h'])).stdout).toContain('Usage: rak-app check [options] [paths...]');
    const scan = await run(['permissions', 'scan', '--help']);
    expect(scan.stdout).toContain('Usage: rak-app permissions scan [options] [paths...]');
    expect(scan.stdout).toContain('--purpose <name=text>');
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    for (const args of [['-v'], ['--version'], ['version']])
      expect(await run(args)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('help fits 80 columns when rak-app runs as `npx rak-app`, which names commands longer', async () => {
    const asNpx = async (argv: string[]): Promise<string> => {
      const captured = captureIo();
      await runCli(argv, { ...captured.io, invokedAs: () => 'npx rak-app' });
      return captured.stdout();
    };
    const commands = [...(await asNpx(['--help'])).matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    const subcommands = [...(await asNpx(['permissions', '--help'])).matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    const key = [...(await asNpx(['key', '--help'])).matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    expect(subcommands).toContain('trace');
    const helps = [
      ...commands.map((c) => [c, '--help']),
      ...subcommands.map((c) => ['permissions', c, '--help']),
      ...key.map((c) => ['key', c, '--help']),
    ];
    let named = 0;
    for (const argv of helps) {
      const text = await asNpx(argv);
      if (text.includes('`npx rak-app ')) named++;
      expect(text.replace(/\s+/g, ' '), argv.join(' ')).not.toContain('npx npx');
      for (const line of text.split('\n')) expect(line.length, `${argv.join(' ')}: ${line}`).toBeLessThanOrEqual(80);
    }
    expect(named).toBeGreaterThan(0);
  });

  it("help names a subcommand as the command line does: `help permissions scan` is scan's help", async () => {
    const r = await run(['help', 'permissions', 'scan']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe((await run(['permissions', 'scan', '--help'])).stdout);
    expect(r.stdout).toMatch(/^Usage: rak-app permissions scan \[options\] \[paths\.\.\.\]/);
    expect((await run(['help', 'permissions'])).stdout).toMatch(/^Usage: rak-app permissions \[options\] \[command\]/);
    // `help` after a command is that command's help.
    expect(await run(['help', 'help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: rak-app <command>/),
    });
    expect((await run(['help', 'permissions', 'help'])).stdout).toBe((await run(['permissions', '--help'])).stdout);
  });

  it.each([
    [['help', 'nonexistent'], "rak-app: Unknown command 'nonexistent'.\n  Run `rak-app --help` to see the commands.\n"],
    [
      ['help', 'chek'],
      "rak-app: Unknown command 'chek'. Did you mean 'check'?\n  Run `rak-app --help` to see the commands.\n",
    ],
    [
      ['help', 'permissions', 'lst'],
      "rak-app: Unknown command 'permissions lst'. Did you mean 'list'?\n  Run `rak-app permissions --help` to see its subcommands.\n",
    ],
  ])('%j says the command does not exist, with exit 2 and no help', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('a default is said once, and a repeatable option that starts empty says none', async () => {
    for (const argv of [
      ['init', '--help'],
      ['upload', '--help'],
      ['check', '--help'],
      ['permissions', 'scan', '--help'],
    ]) {
      const help = (await run(argv)).stdout.replace(/\s+/g, ' ');
      expect(help, argv.join(' ')).not.toMatch(/\(default: [^)]*\) \(default:/);
      expect(help, argv.join(' ')).not.toContain('(default: [])');
    }
    const init = (await run(['init', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(init).toContain('for this long, in seconds (default: 30) ');
    expect(init).toContain('this long, in seconds (default: 900) ');
    expect(init).toContain('--prompt-timeout <seconds> without a terminal: stop stripe');
    // upload answers Stripe's question itself, so stripe never has the terminal: both always apply.
    const upload = (await run(['upload', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(upload).toContain(
      '--prompt-timeout <seconds> with or without a terminal: stop stripe when it prints nothing',
    );
    expect(upload).toContain('--stripe-timeout <seconds> with or without a terminal: stop stripe');
    expect((await run(['check', '--help'])).stdout).toMatch(
      /(choices: "stylish", "json", "sarif",\s+"github", default: "stylish")/,
    );
  });

  it('bare rak-app prints the help, with the commands, as a usage error', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: rak-app <command> \[options\]/);
    for (const command of ['check', 'permissions', 'doctor', 'init', 'convert', 'upload', 'key'])
      expect(r.stderr).toContain(`  ${command}`);
  });

  it.each([
    [
      ['check', '--frobnicate'],
      "rak-app: Unknown option '--frobnicate'.\n  Run `rak-app check --help` to see its options.\n",
    ],
    [
      ['check', '--max-warning', '1'],
      "rak-app: Unknown option '--max-warning'. Did you mean '--max-warnings'?\n  Run `rak-app check --help` to see its options.\n",
    ],
    [['check', '-x'], "rak-app: Unknown option '-x'.\n  Run `rak-app check --help` to see its options.\n"],
    [
      ['check', '--format', 'yaml'],
      /Option '-f, --format <format>' argument 'yaml' is invalid\. Allowed choices are stylish, json, sarif, github\./,
    ],
    [['check', '--max-warnings'], /Option '--max-warnings <n>' argument missing\./],
    [
      ['check', '--max-warnings', 'many'],
      /--max-warnings takes a whole number, 0 or more \(or -1 for no limit\); got "many"\./,
    ],
    [['check', '--max-warnings', '-2'], /got "-2"/],
    [
      ['convert', '--format', 'json'],
      "rak-app: Unknown option '--format'.\n  Run `rak-app convert --help` to see its options.\n",
    ],
    [['--json'], "rak-app: Unknown option '--json'.\n  Run `rak-app --help` to see the commands.\n"],
    [['chek'], "rak-app: Unknown command 'chek'. Did you mean 'check'?\n  Run `rak-app --help` to see the commands.\n"],
    [
      ['permissions', 'lsit'],
      "rak-app: Unknown command 'lsit'. Did you mean 'list'?\n  Run `rak-app permissions --help` to see its subcommands.\n",
    ],
    [
      ['permissions', 'scan', '--bogus'],
      "rak-app: Unknown option '--bogus'.\n  Run `rak-app permissions scan --help` to see its options.\n",
    ],
    [
      ['permissions', 'list', '--bogus'],
      "rak-app: Unknown option '--bogus'.\n  Run `rak-app permissions list --help` to see its options.\n",
    ],
    [['convert', 'a', 'b'], /Too many arguments for 'convert'\. Expected 1 argument but got 2\./],
    [['init'], /Missing required argument 'name'\./],
    [
      ['upload', '--prompt-timeout', '0'],
      /--prompt-timeout takes a number of seconds above 0 and at most 86400 \(a day\); got "0"\./,
    ],
    // Past Node's longest timer (24.8 days) a timeout would fire at once, stopping Stripe at its start.
    [['upload', '--stripe-timeout', '2200000'], /--stripe-timeout takes .* at most 86400 \(a day\); got "2200000"\./],
    [
      ['init', 'x', '--prompt-timeout', '99999999'],
      /--prompt-timeout takes .* at most 86400 \(a day\); got "99999999"\./,
    ],
    [['upload', '--expect-digest', 'abc'], /--expect-digest takes the 64 hex digits rak-app printed; got "abc"\./],
    // The flags only --fix reads: alone, they would seem to have changed something.
    [['permissions', 'scan', EXAMPLE_DIR, '--yes'], /--yes works only with --fix, which changes nothing without it\./],
    [
      ['permissions', 'scan', EXAMPLE_DIR, '--purpose', 'x=y', '--remove-despite-unresolved'],
      /--purpose, --remove-despite-unresolved work only with --fix/,
    ],
    // trace takes --fix's flags too, on the same terms.
    [
      ['permissions', 'trace', 'trace.jsonl', '--remove-despite-unresolved'],
      /--remove-despite-unresolved works only with --fix/,
    ],
  ])('refuses %j with exit 2 and one message', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['doctor']],
    [['upload', EXAMPLE_DIR, '--dry-run']],
    [['convert', EXAMPLE_DIR, '--dry-run']],
    [['init', 'newone', '--id', 'com.example.newone', '--display-name', 'New One']],
  ])('%j --stripe "": refused with exit 2, as an empty --host is; no Stripe CLI runs', async (argv) => {
    const r = await runWithFakeStripe([...argv, '--stripe', ''], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rak-app: --stripe takes the path of a Stripe CLI; got an empty one\./);
    expect(r.calls).toEqual([]);
  });
});

describe('--json on every command that prints a result', () => {
  it('convert --dry-run --json: one document on stdout, the plan on stderr', async () => {
    const dir = tempDir();
    const manifest = validManifest();
    delete manifest.stripe_api_access_type;
    writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest, null, 2));
    const r = await runWithFakeStripe(['convert', dir, '--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const document = JSON.parse(r.stdout);
    expect(document).toMatchObject({
      schemaVersion: 1,
      command: 'convert',
      status: 'dry-run',
      exitCode: 0,
      manifest: expect.stringMatching(/stripe-app\.json$/),
    });
    expect(document.diff).toContain('+  "stripe_api_access_type": "restricted_api_key"');
    expect(r.stderr).toContain('Plan for');
  });

  it('init --json: an input error is a document too', async () => {
    const r = await run(['init', 'a/b', '--id', 'x', '--display-name', 'y', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', reason: expect.stringContaining('path separator') });
  });

  it('every command that prints a result takes --json', async () => {
    const { everyCommand } = await import('../../src/cli.js');
    const { captureIo } = await import('../helpers/run.js');
    const program = await everyCommand(captureIo().io);
    const withJson = program.commands
      .flatMap((c) => (c.commands.length > 0 ? c.commands : [c]))
      .filter((c) => c.options.some((o) => o.long === '--json'))
      .map((c) => c.name());
    expect(withJson.sort()).toEqual([
      'check',
      'check',
      'convert',
      'doctor',
      'explain',
      'init',
      'list',
      'scan',
      'trace',
      'upload',
    ]);
  });
});
