/**
 * The rak-app command line: parses flags, calls one command, prints its result and sets the exit
 * code. The only module that decides exit codes. Commands are imported when they run, so `check`
 * never loads what `upload` needs.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from './errors.js';
import { checkExitCode, EXIT } from './exit-codes.js';
import { redactSecrets } from './core/secrets.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number, 0 or more.');
  return Number(value);
}

export function buildProgram(): Command {
  const program = new Command('rak-app')
    .description('Build, check and upload Stripe Apps that authenticate with restricted API keys (RAK).')
    .version(version, '-v, --version', 'print the rak-app version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('check')
    .description('lint stripe-app.json (and local stripe-app.*.json manifests) for a RAK app')
    .argument('[paths...]', 'app folders or manifest files; "-" reads standard input', [])
    .addOption(new Option('-f, --format <format>', 'report format').choices(['stylish', 'json', 'sarif', 'github']).default('stylish'))
    .option('-o, --output-file <path>', 'write the --format report to a file; the terminal gets the stylish report')
    .option('--report <format=path>', 'also write a report in another format (repeatable)', collect, [])
    .option('--max-warnings <n>', 'fail when there are more than n warnings', nonNegativeInteger)
    .option('--strict', 'fail on any finding, warnings included')
    .option('-q, --quiet', 'report errors only')
    .option('--rule <id=severity>', 'set a rule to error, warning, info or off (repeatable)', collect, [])
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .action(async (paths: string[], flags: Record<string, unknown>, command: Command) => {
      const [{ checkCommand }, { wantsColor }] = await Promise.all([import('./commands/check.js'), import('./adapters/output.js')]);
      const colorFlag = command.getOptionValueSource('color') === 'cli' ? (flags['color'] as boolean) : undefined;
      const { result, stdout } = await checkCommand({
        paths,
        cwd: process.cwd(),
        format: flags['format'] as 'stylish',
        formatGiven: command.getOptionValueSource('format') === 'cli',
        ...(flags['outputFile'] ? { outputFile: flags['outputFile'] as string } : {}),
        reports: flags['report'] as string[],
        quiet: flags['quiet'] === true,
        rules: flags['rule'] as string[],
        color: colorFlag ?? wantsColor(process.stdout, process.env),
        env: process.env,
        version,
        // A getter: touching process.stdin sets up a stream, which costs start-up time.
        stdin: () => process.stdin,
      });
      process.stdout.write(stdout);
      process.exitCode = checkExitCode(result, {
        ...(flags['maxWarnings'] !== undefined ? { maxWarnings: flags['maxWarnings'] as number } : {}),
        strict: flags['strict'] === true,
      });
    });

  for (const [name, what] of [
    ['init', 'create a RAK app from Stripe\'s restricted-api-key-app template'],
    ['convert', 'switch an existing app to restricted API keys'],
    ['upload', 'check, confirm and run `stripe apps upload`'],
  ] as const) {
    program
      .command(name)
      .description(`${what} (not available yet)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new UserError(`\`rak-app ${name}\` is not available in rak-app ${version} yet.`, 'Use `rak-app check` today; see README.md.');
      });
  }
  return program;
}

/** Maps anything thrown to a message on stderr and an exit code. */
export function exitCodeFor(error: unknown, write: (text: string) => void): number {
  if (error instanceof CommanderError) {
    // Help and --version are not errors; commander has already printed them.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    write(`rak-app: ${redactSecrets(error.message)}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`rak-app: internal error; please report it with the command you ran.\n${redactSecrets(detail)}\n`);
  return EXIT.usage;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // A reader that goes away (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error, (text) => process.stderr.write(text));
  }
}
