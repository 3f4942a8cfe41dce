// Where users run rak-app: the GitHub Action (action.yml and its script) and the pre-commit hook.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, ROOT, validManifest } from '../helpers/fixtures.js';
import { run, tempDir, testEnv } from '../helpers/run.js';

describe('the GitHub Action', () => {
  const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');

  it('is a composite action whose inputs reach its script', () => {
    expect(action).toMatch(/^runs:\n {2}using: composite$/m);
    for (const input of ['paths', 'max-warnings', 'sarif-file', 'node-version', 'working-directory']) {
      expect(action).toMatch(new RegExp(`^ {2}${input}:\\n {4}description: `, 'm'));
    }
    // GitHub's expression syntax, in a plain string on purpose.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text action.yml holds, not a template.
    expect(action).toContain('node-version: ${{ inputs.node-version }}');
    expect(action).toContain('run: node "$GITHUB_ACTION_PATH/scripts/github-action.js"');
    for (const [env, input] of [
      ['INPUT_PATHS', 'paths'],
      ['INPUT_MAX_WARNINGS', 'max-warnings'],
      ['INPUT_SARIF_FILE', 'sarif-file'],
    ]) {
      expect(action).toContain(`${env}: \${{ inputs.${input} }}`);
    }
  });

  it('its script annotates, writes SARIF, fills the job summary and fails on --max-warnings', () => {
    const workspace = tempDir();
    cpSync(EXAMPLE_DIR, join(workspace, 'app'), { recursive: true });
    writeFileSync(
      join(workspace, 'app', 'stripe-app.json'),
      JSON.stringify({ ...validManifest(), allowed_redirect_uris: ['https://example.com/cb'] }, null, 2),
    );
    const summary = join(workspace, 'summary.md');
    const output = join(workspace, 'output.txt');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'github-action.js')], {
      cwd: workspace,
      encoding: 'utf8',
      env: testEnv({
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        INPUT_PATHS: 'app',
        INPUT_MAX_WARNINGS: '0',
        INPUT_SARIF_FILE: 'out.sarif',
      }),
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=app\/stripe-app\.json,line=\d+,col=\d+,title=rak-app redirect-uris::/m);
    expect(r.stderr).toContain('rak-app: too many warnings: 1, and --max-warnings is 0.');
    expect(JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    const table = readFileSync(summary, 'utf8');
    expect(table).toContain('## rak-app check');
    expect(table).toContain('0 errors, 1 warning, 0 info in 1 manifest.');
    expect(table).toMatch(/^\| app\/stripe-app\.json:\d+:\d+ \| warning \| .+ \| `redirect-uris` \|$/m);
    expect(readFileSync(output, 'utf8')).toBe('sarif-file=out.sarif\n');
  });

  it('a clean app passes, and says so in the summary', () => {
    const workspace = tempDir();
    cpSync(EXAMPLE_DIR, workspace, { recursive: true });
    const summary = join(workspace, 'summary.md');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'github-action.js')], {
      cwd: workspace,
      encoding: 'utf8',
      env: testEnv({ GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary }),
    });
    expect(r.status).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('No problems in 1 manifest.');
  });

  it('run in a working-directory, it names the SARIF file as later steps see it, from the workspace', () => {
    const workspace = tempDir();
    cpSync(EXAMPLE_DIR, join(workspace, 'apps', 'ledger'), { recursive: true });
    cpSync(EXAMPLE_DIR, join(workspace, 'apps', 'billing'), { recursive: true });
    const output = join(workspace, 'output.txt');
    const summary = join(workspace, 'summary.md');
    const action = (sarif: string) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'github-action.js')], {
        cwd: join(workspace, 'apps'),
        encoding: 'utf8',
        env: testEnv({
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          INPUT_PATHS: 'ledger billing',
          INPUT_SARIF_FILE: sarif,
        }),
      });
    expect(action('rak-app.sarif').status).toBe(0);
    expect(existsSync(join(workspace, 'apps', 'rak-app.sarif'))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('No problems in 2 manifests.');
    // Outside the workspace, the path is whole.
    const elsewhere = join(tempDir(), 'out.sarif');
    expect(action(elsewhere).status).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(`sarif-file=apps/rak-app.sarif\nsarif-file=${elsewhere}\n`);
  });
});

describe('the pre-commit hook', () => {
  const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const files = new RegExp(/^ {2}files: (.+)$/m.exec(hooks)![1]!);
  const exclude = new RegExp(/^ {2}exclude: (.+)$/m.exec(hooks)![1]!);
  const hooked = (name: string): boolean => files.test(name) && !exclude.test(name);

  it('runs rak-app check on the manifests a commit changes, and only those', () => {
    expect(hooks).toMatch(/^- id: rak-app-check$/m);
    expect(hooks).toMatch(/^ {2}entry: rak-app check$/m);
    expect(hooks).toMatch(/^ {2}pass_filenames: true$/m);
    for (const name of ['stripe-app.json', 'apps/a/stripe-app.json', 'stripe-app.dev.json', 'stripe-app.a.b.json'])
      expect(hooked(name), name).toBe(true);
    // A schema kept beside the manifest, and a copy of it, are no manifests, as an app folder's check reads it.
    for (const name of [
      'package.json',
      'my-stripe-app.json',
      'stripe-app.json.bak',
      'stripe-app.schema.json',
      'apps/a/stripe-app.json.bak.json',
      'stripe-app.json.json',
    ])
      expect(hooked(name), name).toBe(false);
  });

  it('as pre-commit runs it: the changed manifests as arguments', async () => {
    const changed = ['examples/ledger-sync/stripe-app.json', 'README.md', 'package.json'].filter(hooked);
    const r = await run(['check', ...changed]);
    expect(r).toMatchObject({ code: 0, stdout: '✔ No problems (1 file checked).\n' });
  });
});

describe('under npx, the Stripe CLI on PATH is the one bundled with rak-app', () => {
  it('doctor says it came from the @stripe/cli package, and its hints name the binary, not `stripe`', async () => {
    const { chmodSync, mkdirSync, symlinkSync } = await import('node:fs');
    const { FAKE_STRIPE, stripeHome } = await import('../helpers/stripe-home.js');
    const project = tempDir();
    const bin = join(project, 'node_modules', '@stripe', 'cli', 'bin');
    mkdirSync(bin, { recursive: true });
    cpSync(FAKE_STRIPE, join(bin, 'stripe'));
    cpSync(join(FAKE_STRIPE, '..', 'fake-stripe.cjs'), join(bin, 'fake-stripe.cjs'));
    chmodSync(join(bin, 'stripe'), 0o755);
    // What npm links into node_modules/.bin, which npx puts first on PATH.
    mkdirSync(join(project, 'node_modules', '.bin'));
    symlinkSync(join(bin, 'stripe'), join(project, 'node_modules', '.bin', 'stripe'));
    const { env } = stripeHome({ login: false });
    const r = await run(['doctor'], {
      cwd: project,
      env: {
        ...env,
        RAK_APP_STRIPE: undefined,
        PATH: `${join(project, 'node_modules', '.bin')}:${process.env['PATH']}`,
      },
    });
    expect(r.stdout).toMatch(/from the @stripe\/cli package\)/);
    expect(r.stdout).toContain(`Run \`${join(project, 'node_modules', '.bin', 'stripe')} login\``);
    expect(r.stdout).not.toContain('Run `stripe login`');
  });
});
