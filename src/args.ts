/**
 * The command line's grammar: commands, their options, parsing and help text. Parsing is node's own
 * util.parseArgs, which is built in: a full-featured parser library cost more start-up time than
 * everything `rak-app check` does (bench/).
 */
import type { ParseArgsConfig } from 'node:util';
import { suggest } from './core/suggest.js';
import { UserError } from './errors.js';

// Not `import … from 'node:util'`: importing util as an ES module reads all its exports, which loads
// modules (MIME types, AbortController) that parsing never uses.
const { parseArgs } = process.getBuiltinModule('node:util');

export interface OptionSpec {
  /** Long name, without dashes. */
  name: string;
  short?: string;
  /** Name of the value in help, for options that take one. */
  value?: string;
  description: string;
  multiple?: boolean;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  /** Positional arguments, as help shows them. */
  args: string;
  /** One line for the list of commands. */
  summary: string;
  /** What `<command> --help` says, when more than the summary. */
  description?: string;
  options: readonly OptionSpec[];
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type CommandLine =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'command'; command: string; positionals: string[]; values: OptionValues };

const HELP: OptionSpec = { name: 'help', short: 'h', description: 'show help' };

export function parseCommandLine(argv: readonly string[], program: { name: string; summary: string; commands: readonly CommandSpec[] }): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UserError('No command given.', `Run \`${program.name} --help\` to see the commands.`);
  if (first === '-h' || first === '--help') return { kind: 'help', text: programHelp(program) };
  // `version`, like `help`, as the Stripe CLI and git take it.
  if (first === '-v' || first === '--version' || first === 'version') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0] === undefined ? undefined : findCommand(program, rest[0]);
    return { kind: 'help', text: topic ? commandHelp(program.name, topic) : programHelp(program) };
  }
  if (first.startsWith('-')) throw new UserError(`Unknown option '${first}'.`, `Options go after the command; run \`${program.name} --help\`.`);
  const command = findCommand(program, first);

  const options = [...command.options, HELP];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        options.map((o) => [o.name, { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
      ) as NonNullable<ParseArgsConfig['options']>,
    });
  } catch (error) {
    throw usageError(error, command, program.name);
  }
  const values = parsed.values as OptionValues;
  if (values['help']) return { kind: 'help', text: commandHelp(program.name, command) };
  for (const option of command.options) {
    const value = values[option.name];
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      throw new UserError(`--${option.name} must be one of ${option.choices.join(', ')}; got "${value}".`);
    }
  }
  return { kind: 'command', command: command.name, positionals: parsed.positionals, values };
}

function findCommand(program: { name: string; commands: readonly CommandSpec[] }, name: string): CommandSpec {
  const command = program.commands.find((c) => c.name === name);
  if (command) return command;
  const close = suggest(name, program.commands.map((c) => c.name));
  throw new UserError(`Unknown command '${name}'.${close ? ` Did you mean '${close}'?` : ''}`, `Run \`${program.name} --help\` to see the commands.`);
}

/** parseArgs' errors, reworded: one line, with a did-you-mean for a mistyped option. */
function usageError(error: unknown, command: CommandSpec, programName: string): UserError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const hint = `Run \`${programName} ${command.name} --help\` to see its options.`;
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const close = suggest(option.replace(/^-+/, ''), command.options.map((o) => o.name));
    return new UserError(`Unknown option '${option}' for ${command.name}.${close ? ` Did you mean '--${close}'?` : ''}`, hint);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spec = command.options.find((o) => `--${o.name}` === option.split(' ')[0] || (o.short && option.startsWith(`-${o.short}`)));
    if (!spec?.value) return new UserError(`Option '${option}' takes no value.`, hint);
    // parseArgs takes a next argument that starts with "-" for an option, not for this one's value.
    if (/ambiguous/.test(message)) {
      return new UserError(`Option '--${spec.name}' needs a value: ${spec.value}. A value that starts with "-" goes after "=": --${spec.name}=<${spec.value}>.`, hint);
    }
    return new UserError(`Option '--${spec.name}' needs a value: ${spec.value}.`, hint);
  }
  return new UserError(message.split('\n')[0] ?? message, hint);
}

function optionLine(o: OptionSpec): [string, string] {
  const flags = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` <${o.value}>` : ''}`;
  const extra = o.choices ? ` (${o.choices.join(', ')})` : '';
  return [flags, o.description + extra];
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

export function programHelp(program: { name: string; summary: string; commands: readonly CommandSpec[] }): string {
  return [
    `Usage: ${program.name} <command> [options]`,
    '',
    program.summary,
    '',
    'Commands:',
    table(program.commands.map((c) => [`${c.name}${c.args ? ` ${c.args}` : ''}`, c.summary])),
    '',
    'Options:',
    table([
      ['-v, --version', 'print the version (also: version)'],
      ['-h, --help', 'show help (also: help <command>)'],
    ]),
    '',
  ].join('\n');
}

export function commandHelp(programName: string, command: CommandSpec): string {
  return [
    `Usage: ${programName} ${command.name}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    command.description ?? command.summary,
    '',
    'Options:',
    table([...command.options, HELP].map(optionLine)),
    '',
  ].join('\n');
}
