/**
 * The rak-app command line: parses flags, calls one command, prints its result and sets the exit
 * code. The only module that decides exit codes. Commands are imported when they run, so `check`
 * never loads what `upload` needs.
 */
import { isTerminal, wantsColor, writeTo } from './adapters/output.js';
import { type CommandSpec, type OptionValues, parseCommandLine } from './args.js';
import { UserError } from './errors.js';
import type { CheckResult } from './core/finding.js';

/** Set by main(): how the bin require()s rak-app's modules, where it loaded this one that way. */
let requireOwnModule: ((specifier: string) => unknown) | undefined;

/**
 * Loads one of rak-app's own modules when its command runs: through the bin's require() where the
 * bin used it, which is synchronous and skips node's asynchronous ES-module loader, the larger part
 * of what an ES module costs at start-up; elsewhere with import(). The bin's, and not a require()
 * from createRequire(), which would load node:module on every run.
 */
function load<Module>(specifier: string): Promise<Module> {
  return requireOwnModule ? Promise.resolve(requireOwnModule(specifier) as Module) : (import(specifier) as Promise<Module>);
}

/** The exit codes every rak-app command uses (README.md documents them). */
export const EXIT = {
  /** Done; no errors. */
  ok: 0,
  /** Findings with errors, or a refused, failed or declined operation. */
  failure: 1,
  /** Usage or input error: unknown flag, missing path, unreadable file; also an internal error (as ESLint does). */
  usage: 2,
  /** Consent needed and not given. */
  consent: 3,
  /** The Stripe CLI cannot do it. */
  stripe: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

/** What a command's run came to; EXIT gives its code. */
export type Outcome = keyof typeof EXIT;

export interface CheckExitOptions {
  /** Fail when there are more warnings than this. */
  maxWarnings?: number;
  /** Fail on any finding at all. */
  strict?: boolean;
}

export function checkExitCode(result: CheckResult, options: CheckExitOptions): number {
  if (result.errorCount > 0) return EXIT.failure;
  if (options.strict && result.warningCount + result.infoCount > 0) return EXIT.failure;
  if (options.maxWarnings !== undefined && result.warningCount > options.maxWarnings) return EXIT.failure;
  return EXIT.ok;
}

const PROGRAM = 'rak-app';
const SUMMARY = 'Build, check and upload Stripe Apps that authenticate with restricted API keys (RAK).';

const promptTimeout = (what: string, seconds: number) =>
  ({ name: 'prompt-timeout', value: 'seconds', description: `without a terminal, stop stripe when it ${what} for this long, in seconds (default: ${seconds})` }) as const;

/** Options of every command that runs the Stripe CLI. */
const STRIPE_OPTIONS = [
  { name: 'stripe', value: 'path', description: 'the Stripe CLI to run (default: RAK_APP_STRIPE, else stripe on PATH, else the bundled @stripe/cli)' },
  { name: 'verbose', description: 'say which stripe is used and print every command run' },
] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    args: '[paths...]',
    summary: 'lint manifests and their permissions for a RAK app',
    description: 'Lint stripe-app.json and local stripe-app.*.json manifests for a RAK app. Paths are app folders or manifest files (default: .); "-" reads standard input.',
    options: [
      { name: 'format', short: 'f', value: 'format', description: 'report format (default: stylish)', choices: ['stylish', 'json', 'sarif', 'github'] },
      { name: 'output-file', short: 'o', value: 'path', description: 'write the --format report to a file; the terminal gets the stylish report' },
      { name: 'report', value: 'format=path', multiple: true, description: 'also write a report in another format (repeatable)' },
      { name: 'max-warnings', value: 'n', description: 'fail when there are more than n warnings' },
      { name: 'strict', description: 'fail on any finding, warnings included' },
      { name: 'quiet', short: 'q', description: 'report errors only' },
      { name: 'rule', value: 'id=severity', multiple: true, description: 'set a rule to error, warning, info or off (repeatable)' },
      { name: 'color', description: 'force colour' },
      { name: 'no-color', description: 'no colour (also NO_COLOR=1)' },
    ],
  },
  {
    name: 'permissions',
    args: 'list|explain|scan',
    summary: 'the permission catalog, and what backend code needs against what the manifest grants',
    description: 'list: the permission catalog. explain <name>: one permission in full. scan <paths...>: the permissions JavaScript and TypeScript code using the stripe package needs, against those the manifest grants.',
    options: [
      { name: 'manifest', value: 'path', description: 'scan: the app folder or stripe-app.json to compare with (default: ./stripe-app.json)' },
      { name: 'format', short: 'f', value: 'format', description: 'scan: report format (default: stylish)', choices: ['stylish', 'json', 'sarif', 'github'] },
      { name: 'max-warnings', value: 'n', description: 'scan: fail when there are more than n warnings' },
      { name: 'strict', description: 'scan: fail on any finding, warnings included' },
      { name: 'fix', description: 'scan: show the manifest change that adds missing and removes unused permissions' },
      { name: 'yes', short: 'y', description: 'scan --fix: apply the change (atomically, keeping the file\'s format)' },
      { name: 'purpose', value: 'name=text', multiple: true, description: 'scan --fix: the purpose of a permission it adds (repeatable); asked at a terminal otherwise' },
      { name: 'json', description: 'list, explain: print JSON' },
    ],
  },
  {
    name: 'doctor',
    args: '',
    summary: 'check this machine: Node.js, the Stripe CLI, its apps plugin, the login',
    options: [
      { name: 'json', description: 'print the report as JSON' },
      ...STRIPE_OPTIONS,
    ],
  },
  {
    name: 'init',
    args: '<name>',
    summary: 'create a RAK app from Stripe\'s restricted-api-key-app template',
    description: 'Create a RAK app in the folder <name> with `stripe apps create <name> --template restricted-api-key-app`, after checking this machine, then check the new app.',
    options: [
      { name: 'id', value: 'app-id', description: 'answer Stripe\'s app ID prompt (needed without a terminal), e.g. com.example.ledger-sync' },
      { name: 'display-name', value: 'name', description: 'answer Stripe\'s display name prompt (needed without a terminal)' },
      promptTimeout('waits for an answer', 30),
      ...STRIPE_OPTIONS,
    ],
  },
  {
    name: 'convert',
    args: '[path]',
    summary: 'switch an existing app to restricted API keys',
    description: 'Switch an app to restricted API keys with `stripe apps set api-access-type restricted_api_key`, adding a settings view if it has none. Shows the plan first; changes nothing without consent.',
    options: [
      { name: 'dry-run', description: 'show the plan and change nothing' },
      { name: 'yes', short: 'y', description: 'change without asking (also RAK_APP_YES=1); needed without a terminal' },
      promptTimeout('waits for an answer', 30),
      ...STRIPE_OPTIONS,
    ],
  },
  {
    name: 'upload',
    args: '[path]',
    summary: 'check, confirm and run `stripe apps upload`, recording it in .rak-app/uploads.json',
    description: 'Check the app, show what the upload makes permanent, ask, then run `stripe apps upload` and record it in .rak-app/uploads.json beside the manifest.',
    options: [
      { name: 'dry-run', description: 'show the plan and its digest, upload nothing' },
      { name: 'yes', short: 'y', description: 'upload without asking (also RAK_APP_YES=1); needed without a terminal or in CI' },
      { name: 'expect-digest', value: 'sha256', description: 'upload only if the plan\'s digest is this one (the plan you reviewed)' },
      { name: 'skip-duplicate', description: 'a version already uploaded is skipped with exit 0 instead of refused' },
      { name: 'json', description: 'print one result document: status, reason, digest, next commands' },
      promptTimeout('prints nothing', 120),
      ...STRIPE_OPTIONS,
    ],
  },
];

export const version = (): string =>
  (JSON.parse(process.getBuiltinModule('node:fs').readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function nonNegativeInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UserError(`--${flag} takes a whole number, 0 or more; got "${value}".`);
  return Number(value);
}

async function runCheck(positionals: string[], values: OptionValues): Promise<number> {
  const { checkCommand } = await load<typeof import('./commands/check.js')>('./commands/check.js');
  const maxWarnings = nonNegativeInteger(values['max-warnings'] as string | undefined, 'max-warnings');
  const color = values['no-color'] ? false : values['color'] ? true : wantsColor({ isTTY: isTerminal(1) }, process.env);
  const { result, stdout } = await checkCommand({
    paths: positionals,
    cwd: process.cwd(),
    format: (values['format'] as 'stylish' | undefined) ?? 'stylish',
    formatGiven: values['format'] !== undefined,
    ...(values['output-file'] !== undefined ? { outputFile: values['output-file'] as string } : {}),
    reports: (values['report'] as string[] | undefined) ?? [],
    quiet: values['quiet'] === true,
    rules: (values['rule'] as string[] | undefined) ?? [],
    color,
    env: process.env,
    version,
    // A getter: touching process.stdin sets up a stream, which costs start-up time.
    stdin: () => process.stdin,
  });
  writeTo(1, stdout);
  return checkExitCode(result, { ...(maxWarnings !== undefined ? { maxWarnings } : {}), strict: values['strict'] === true });
}

async function runOther(command: string, positionals: string[], values: OptionValues): Promise<Outcome> {
  const commands = await load<typeof import('./cli-commands.js')>('./cli-commands.js');
  switch (command) {
    case 'doctor':
      return commands.runDoctor(values);
    case 'permissions':
      return commands.runPermissions(positionals, values);
    case 'init':
      return commands.runInit(positionals, values);
    case 'convert':
      return commands.runConvert(positionals, values);
    default:
      return commands.runUpload(positionals, values);
  }
}

/** Runs one command line and returns its exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const line = parseCommandLine(argv, { name: PROGRAM, summary: SUMMARY, commands: COMMANDS });
  switch (line.kind) {
    case 'help':
      writeTo(1, line.text);
      return EXIT.ok;
    case 'version':
      writeTo(1, `${version()}\n`);
      return EXIT.ok;
    case 'command':
      if (line.command === 'check') return runCheck(line.positionals, line.values);
      return EXIT[await runOther(line.command, line.positionals, line.values)];
  }
}

/** Maps anything thrown to a message on stderr and an exit code. */
export async function exitCodeFor(error: unknown, write: (text: string) => void): Promise<number> {
  // Loaded only on the error path: it is not needed when all goes well.
  const { redactSecrets } = await load<typeof import('./core/secrets.js')>('./core/secrets.js');
  if (error instanceof UserError) {
    write(`${PROGRAM}: ${redactSecrets(error.message)}\n${error.hint ? `  ${redactSecrets(error.hint)}\n` : ''}`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`${PROGRAM}: internal error; please report it with the command you ran.\n${redactSecrets(detail)}\n`);
  return EXIT.usage;
}

export interface MainOptions {
  argv?: readonly string[];
  /**
   * From bin/rak-app.js, where node can require() an ES module quietly: require()s one of rak-app's
   * modules, named as this module imports it ('./commands/check.js'). Without it they are imported.
   */
  requireModule?: (specifier: string) => unknown;
}

export async function main({ argv = process.argv.slice(2), requireModule }: MainOptions = {}): Promise<void> {
  requireOwnModule = requireModule;
  let code: number;
  try {
    code = await run(argv);
  } catch (error) {
    code = await exitCodeFor(error, (text) => writeTo(2, text));
  }
  process.exitCode = code;
  // `check` writes all it prints with writeTo(), synchronously, and leaves nothing running, so it
  // ends the process at once: otherwise node first runs V8's pending housekeeping, a collection of
  // the young generation scheduled during the run, 1 to 3 ms of a 55 ms check (bench/startup.js).
  // Other commands run the Stripe CLI, prompt, or write through process.stdout, which can be
  // asynchronous; they end when node has written everything.
  if (argv[0] === 'check') process.exit(code);
}
