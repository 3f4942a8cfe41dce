/**
 * The rak-app command line: one commander program, each command declared in its own module under
 * src/commands/ and loaded only when it runs, one catch, and the only place that turns what a
 * command came to into an exit code.
 */
import { readFileSync, writeSync } from 'node:fs';
import { Command, CommanderError, Help, type Option } from '@commander-js/extra-typings';
import { currentFolder, type Io, processIo, type Writer } from './adapters/io.js';
import { redactSecrets } from './core/secrets.js';
import { isUserError } from './errors.js';
import type { CommandContext, CommandModule, Interrupts } from './command.js';
import { NODE_RANGE, olderThanRange } from './engines.js';
import { EXIT, type Outcome } from './exit-codes.js';
import { asRunHere } from './hints.js';
import { resultDocument, usageErrorDocument } from './result-document.js';
import { passesSignalOn, STOP_SIGNALS } from './signals.js';

const PROGRAM = 'rak-app';
const SUMMARY = 'Build, check and upload Stripe Apps that authenticate with restricted API keys (RAK).';

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

// The changesets model: every command named here, its module loaded only when it runs. The bundle
// (scripts/build.js) makes each module a file of its own, so `check` never loads the others.
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'lint manifests and their permissions for a RAK app',
    load: () => import('./commands/check.js'),
  },
  {
    name: 'permissions',
    summary: 'the permission catalog, and what backend code needs against what the manifest grants',
    load: () => import('./commands/permissions.js'),
  },
  {
    name: 'doctor',
    summary: 'check this machine: Node.js, the Stripe CLI, its apps plugin, the login',
    load: () => import('./commands/doctor.js'),
  },
  {
    name: 'init',
    summary: "create a RAK app from Stripe's restricted-api-key-app template",
    load: () => import('./commands/init.js'),
  },
  {
    name: 'convert',
    summary: 'switch an existing app to restricted API keys',
    load: () => import('./commands/convert.js'),
  },
  {
    name: 'upload',
    summary: 'check, confirm and run `stripe apps upload`, recording it in .rak-app/uploads.json',
    load: () => import('./commands/upload.js'),
  },
  {
    name: 'proxy',
    summary: "a local Stripe API that holds exactly the manifest's permissions, with a trace of every request",
    load: () => import('./commands/proxy.js'),
  },
  {
    name: 'key',
    summary: "check the restricted key a user pasted against the app's permissions",
    load: () => import('./commands/key.js'),
  },
];

export const version = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every error line reads `rak-app: <Sentence>.`, commander's included. */
function rewordCommanderError(text: string): string {
  const [first = '', ...rest] = text.trim().split('\n');
  let message = first.replace(/^error: /, '');
  message = message.charAt(0).toUpperCase() + message.slice(1);
  if (!/[.?!]$/.test(message)) message += '.';
  // Commander's suggestion counts a letter's case as an edit: `HELP` is four from `help`.
  const unknown = /^Unknown command '([^']+)'/.exec(message)?.[1]?.toLowerCase();
  const suggestion =
    rest.map((line) => /^\(Did you mean (.+)\?\)$/.exec(line)?.[1]).find(Boolean) ??
    ['help', ...COMMANDS.map((c) => c.name)].find((name) => name === unknown);
  if (suggestion) message += ` Did you mean '${suggestion}'?`;
  return `${PROGRAM}: ${message}\n`;
}

/** The command a command line runs or asks help about, as typed: its first word that is not an option. */
function commandWord(argv: readonly string[]): string | undefined {
  const [first, second] = argv.filter((arg) => !arg.startsWith('-'));
  return first === 'help' ? second : first;
}

/** The words of a command line that are not options, up to `--`. */
function words(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).filter((arg) => !arg.startsWith('-'));
}

/** The commands and subcommands a command line names, in order (`permissions scan`), as far as they exist. */
function typedCommands(program: Command, argv: readonly string[]): Command[] {
  const path: Command[] = [];
  let current: Command = program;
  for (const word of words(argv)) {
    const next = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) break;
    path.push(next as Command);
    current = next as Command;
  }
  return path;
}

/** `rak-app permissions scan`, for a hint: the program and the commands a command line named. */
const invocation = (path: readonly Command[]): string => [PROGRAM, ...path.map((c) => c.name())].join(' ');

/**
 * An option's description, with commander's "(default: …)" left out where it says nothing or
 * the description says it already: one "(default: 900)", and no "(default: [])" for a repeatable
 * option that starts empty.
 */
function describeOption(option: Option): string {
  const own = /\(default: /.test(option.description);
  const empty = Array.isArray(option.defaultValue) && option.defaultValue.length === 0;
  if (!own && !empty) return new Help().optionDescription(option);
  const withoutDefault = Object.assign(Object.create(Object.getPrototypeOf(option) as object), option, {
    defaultValue: undefined,
  }) as Option;
  return new Help().optionDescription(withoutDefault);
}

/** The program, with the command named on this command line (or asked about by `help`) declared in full. */
async function buildProgram(
  argv: readonly string[],
  context: Omit<CommandContext, 'color'>,
  onError: (message: string) => void,
  every = false,
): Promise<Command> {
  const { io } = context;
  const program = new Command(PROGRAM)
    .description(SUMMARY)
    .usage('<command> [options]')
    .version(context.version(), '-v, --version', 'print the version')
    .option('--color', 'colour the output, even without a terminal')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureHelp({
      showGlobalOptions: true,
      optionDescription: describeOption,
      // Commands in the help are named as they run here before commander wraps the text: named after,
      // `npx rak-app …` pushed lines past the width.
      boxWrap: (text, width) =>
        new Help().boxWrap(
          asRunHere(text, () => io.invokedAs?.() ?? 'rak-app'),
          width,
        ),
    })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Held until the catch in run(), which adds the hint.
      outputError: (text) => onError(rewordCommanderError(text)),
    });
  const color = (): boolean | undefined => (program.opts().color === undefined ? undefined : program.opts().color);
  // --no-color reaches what never sees the option: the prompts, which read NO_COLOR as everything
  // else does, and the Stripe CLI.
  program.hook('preAction', () => {
    if (program.opts().color !== false) return;
    io.env['NO_COLOR'] = '1';
    delete io.env['FORCE_COLOR'];
  });
  const wanted = commandWord(argv);
  for (const entry of COMMANDS) {
    const command = program.command(entry.name).summary(entry.summary).description(entry.summary);
    if (every || entry.name === wanted) (await entry.load()).register(command, { ...context, color });
  }
  // `rak-app version`, as the Stripe CLI and git take it.
  program.command('version', { hidden: true }).action(() => io.stdout.write(`${context.version()}\n`));
  return program;
}

/** The whole program, every command declared in full: what README.md and --help must agree on. */
export function everyCommand(io: Io): Promise<Command> {
  return buildProgram(
    [],
    { io, version, finish: () => undefined, uninterruptible: (work) => work(), interrupted: () => false },
    () => undefined,
    true,
  );
}

/** In a test, nothing listens for signals: work just runs. */
const NO_INTERRUPTS: Interrupts = { uninterruptible: (work) => work(), interrupted: () => false };

/** Runs one command line against an io, and returns its exit code. Never throws. */
export async function run(typed: readonly string[], io: Io, interrupts: Interrupts = NO_INTERRUPTS): Promise<number> {
  let argv = typed;
  // The one choke point for what rak-app writes: secrets masked, and hints named as they run here.
  let invoked: string | undefined;
  const invokedAs = (): string => (invoked ??= io.invokedAs?.() ?? 'rak-app');
  const masked = (writer: Writer): Writer => ({
    isTTY: writer.isTTY,
    write: (text) => writer.write(asRunHere(redactSecrets(text), invokedAs)),
    ...(writer.failure ? { failure: writer.failure } : {}),
  });
  const safeIo: Io = { ...io, invokedAs, stdout: masked(io.stdout), stderr: masked(io.stderr) };
  let outcome: Outcome = 'ok';
  let usageMessage = '';
  let program: Command | undefined;
  try {
    program = await buildProgram(
      argv,
      {
        io: safeIo,
        version,
        finish: (o) => (outcome = o),
        uninterruptible: interrupts.uninterruptible,
        interrupted: interrupts.interrupted,
      },
      (m) => (usageMessage = m),
    );
    if (argv.length === 0) {
      // Bare `rak-app`: the help, as a usage error (a script that lost its arguments must not pass).
      safeIo.stderr.write(program.helpInformation());
      return EXIT.usage;
    }
    const [first, ...asked] = words(argv);
    if (first === 'help' && asked.length > 0) {
      // `help permissions scan` is `permissions scan --help`; commander's help command reads only
      // the first word, and shows the general help for one it does not know.
      // `help help` and `help permissions help` are the help of what comes before.
      const named = asked.slice(0, asked.includes('help') ? asked.indexOf('help') : asked.length);
      const path = typedCommands(program, named);
      if (path.length < named.length) return await unknownCommand(path, named[path.length] as string, program, safeIo);
      argv = [...named, ...argv.filter((arg) => arg.startsWith('-')), '--help'];
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT[outcome];
  } catch (error) {
    if (usageMessage) {
      // The help of the command the mistake was made in: `rak-app permissions scan --help` for a
      // wrong flag there, `rak-app permissions --help` for a subcommand it does not have.
      const path = program ? typedCommands(program, argv) : [];
      const innermost = path.at(-1);
      const what =
        innermost === undefined
          ? 'the commands'
          : innermost.commands.length > 0 && usageMessage.includes('Unknown command')
            ? 'its subcommands'
            : 'its options';
      safeIo.stderr.write(`${usageMessage}  Run \`${invocation(path)} --help\` to see ${what}.\n`);
    }
    const code = await exitCodeFor(error, safeIo.stderr);
    // --json promises one document on standard output, whatever ends the run: a wrong flag value too.
    if (code !== EXIT.ok && wantsJson(argv) && COMMANDS.some((c) => c.name === commandWord(argv))) {
      const reason = isUserError(error)
        ? `${error.message}${error.hint ? ` ${error.hint}` : ''}`
        : usageMessage.replace(/^rak-app: /, '').trim() || 'internal error';
      safeIo.stdout.write(usageErrorDocument(commandPath(argv), { message: reason }));
    }
    return code;
  }
}

/** The command as --json names it: `upload`, or with its subcommand, `permissions scan`, `key check`. */
function commandPath(argv: readonly string[]): string {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const [first = '', second] = words[0] === 'help' ? words.slice(1) : words;
  return WITH_SUBCOMMANDS.includes(first) && second && /^[a-z]+$/.test(second) ? `${first} ${second}` : first;
}
const WITH_SUBCOMMANDS = ['permissions', 'key'];
/** The commands that take -f/--format (withReportOptions). */
const WITH_FORMAT = ['check', 'permissions scan', 'permissions trace'];

/** `rak-app help <word>` for a command that does not exist: said, with the closest one, as a usage error. */
async function unknownCommand(known: readonly Command[], word: string, program: Command, io: Io): Promise<number> {
  // Loaded on this path only: every other run, `check` included, starts without it.
  const { suggest } = await import('./core/suggest.js');
  const parent = known.at(-1) ?? program;
  const names = new Help().visibleCommands(parent).map((c) => c.name());
  const close = suggest(word, names);
  const command = [...known.map((c) => c.name()), word].join(' ');
  io.stderr.write(
    `${PROGRAM}: Unknown command '${command}'.${close ? ` Did you mean '${close}'?` : ''}\n` +
      `  Run \`${invocation(known)} --help\` to see ${known.length > 0 ? 'its subcommands' : 'the commands'}.\n`,
  );
  return EXIT.usage;
}

/**
 * Whether the command line asks for a JSON document (before any `--`): --json, or, in a command that
 * takes a report format, the json one however it is written (-f json, --format json, --format=json,
 * -fjson; the last format given counts).
 */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('--json')) return true;
  if (!WITH_FORMAT.includes(commandPath(argv))) return false;
  let format: string | undefined;
  options.forEach((arg, i) => {
    if (arg === '-f' || arg === '--format') format = options[i + 1];
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (/^-f[^=]/.test(arg)) format = arg.slice(2);
  });
  return format === 'json';
}

/** Maps anything thrown to a message on stderr and an exit code. */
async function exitCodeFor(error: unknown, stderr: Writer): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and the version were printed already; every other commander error is a usage error.
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) &&
      error.exitCode === 0
      ? EXIT.ok
      : EXIT.usage;
  }
  if (isUserError(error)) {
    stderr.write(`${PROGRAM}: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? await sourceMappedStack(error) : String(error);
  stderr.write(`${PROGRAM}: internal error; please report it with the command you ran.\n${detail}\n`);
  return EXIT.usage;
}

/**
 * An internal error's stack, with each place in the bundle (dist/*.cjs) mapped back to src/ through
 * the bundle's source map. Done here, on the error path only, so that no run pays for loading maps.
 */
async function sourceMappedStack(error: Error): Promise<string> {
  const stack = error.stack ?? error.message;
  const { SourceMap } = await import('node:module');
  const maps = new Map<string, InstanceType<typeof SourceMap> | undefined>();
  return stack.replace(/(\/[^\s():]+\.cjs):(\d+):(\d+)/g, (whole, file: string, line: string, column: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, undefined);
      }
    }
    const entry = maps.get(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return whole;
    const source = new URL(entry.originalSource, `file://${file}`).pathname;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/**
 * The process's entry: bin/rak-app.cjs calls this. Everything rak-app prints is written synchronously,
 * so the process ends as soon as the command returns: nothing left behind by a library or a child
 * (a timer, a handle) can keep a CI job waiting.
 */
export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (olderThanRange(process.versions.node)) {
    const message = `Node.js ${process.versions.node} is too old; rak-app needs Node.js ${NODE_RANGE}.`;
    process.stderr.write(`${PROGRAM}: ${message}\n`);
    // --json promises a document whatever ends the run.
    if (wantsJson(argv) && COMMANDS.some((c) => c.name === commandWord(argv)))
      process.stdout.write(usageErrorDocument(commandPath(argv), { message }));
    process.exit(EXIT.usage);
  }
  // A shell left in a folder that was since removed (`git worktree remove`, `git clean`): every
  // command works from the current folder, and node cannot say which it is.
  // `--version` and `--help` need no folder.
  const asksAboutRakApp = argv.length === 0 || ['--version', '-V', '--help', '-h', 'help'].includes(argv[0]!);
  if (!asksAboutRakApp && currentFolder() === undefined) {
    const message =
      'The current folder no longer exists (it was removed while this shell was in it); cd into one that does and run this again.';
    process.stderr.write(`${PROGRAM}: ${message}\n`);
    if (wantsJson(argv) && COMMANDS.some((c) => c.name === commandWord(argv)))
      process.stdout.write(usageErrorDocument(commandPath(argv), { message }));
    process.exit(EXIT.usage);
  }
  // --json promises one document whatever ends the run: a Ctrl-C too.
  const interrupts = processInterrupts((signal) =>
    wantsJson(argv) && COMMANDS.some((c) => c.name === commandWord(argv))
      ? resultDocument({
          command: commandPath(argv),
          outcome: 'interrupted',
          status: 'interrupted',
          reason: `Interrupted (${signal}).`,
        })
      : undefined,
  );
  const io = await processIo();
  let code = await run(argv, io, interrupts);
  // What could not be written is said where it still can be; a run that lost its output fails.
  const lost = io.stdout.failure?.();
  if (lost) {
    io.stderr.write(`${PROGRAM}: could not write to standard output (${lost}); its output is incomplete.\n`);
    if (code === EXIT.ok) code = EXIT.usage;
  }
  // A signal that came while a command worked synchronously (a large manifest's check, a long trace)
  // waits for the event loop: given one turn, it is seen, and the run ends with 130 as it promises.
  // Its output is whole by then (a --json document among it), so the signal is only said.
  interrupts.finishing();
  await new Promise((resolve) => setImmediate(resolve));
  process.exit(interrupts.interrupted() ? EXIT.interrupted : code);
}

/** A line on stderr as the process ends; a closed stream loses it, and the exit code still says it. */
function writeLine(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // The stream closed.
  }
}

/**
 * Ctrl-C, SIGTERM and SIGHUP end a run with exit 130 (not node's 143 for SIGTERM, 129 for SIGHUP). While stripe runs, its
 * adapter passes the signal on and the command ends itself; while the user's files are being
 * changed, the change finishes or is undone first. Either way the exit code is 130.
 */
function processInterrupts(
  lastWords: (signal: NodeJS.Signals) => string | undefined,
): Interrupts & { finishing(): void } {
  let shielded = 0;
  let interrupted = false;
  let finished = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (finished) {
      if (!interrupted) writeLine(`${PROGRAM}: interrupted (${signal}) as it finished; what it printed is whole.\n`);
      interrupted = true;
      return;
    }
    interrupted = true;
    if (shielded > 0 || process.listeners(signal).some(passesSignalOn)) return;
    const words = lastWords(signal);
    try {
      // The --json document on stdout.
      if (words !== undefined) writeSync(1, words);
    } catch {
      // The stream closed: the exit code still says it.
    }
    // For people, a line on stderr, with --json too: a SIGTERM at a prompt ended the run without a word.
    writeLine(`${PROGRAM}: interrupted (${signal}).\n`);
    process.exit(EXIT.interrupted);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    finishing: () => {
      finished = true;
    },
    interrupted: () => interrupted,
    uninterruptible: async (work) => {
      shielded++;
      try {
        return await work();
      } finally {
        shielded--;
      }
    },
  };
}
