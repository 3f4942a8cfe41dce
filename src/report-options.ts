/**
 * The option groups that commands reporting findings share, declared once: the report's format and
 * thresholds (check, permissions scan, permissions trace), and the manifest fix (scan and trace).
 */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { FORMATS, type Format } from './formatters/index.js';
import { UserError } from './errors.js';
import { collect, parseMaxWarnings } from './flags.js';
import { findSecrets } from './core/secrets.js';
import { isPlaceholderPurpose, notOneLine } from './rules/access.js';

/** -f/--format, --json, -o/--output-file, --report, -q/--quiet, --max-warnings, --strict. */
export function withReportOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .addOption(
      command
        .createOption('-f, --format <format>', 'report format')
        .choices(FORMATS)
        .default('stylish' as Format),
    )
    .option('--json', 'the same as --format json')
    .option('-o, --output-file <path>', 'write the --format report to a file; the terminal gets the stylish report')
    .option('--report <format=path>', 'also write a report in another format (repeatable)', collect, [] as string[])
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'fail when there are more than n warnings (-1: no limit)', parseMaxWarnings)
    .option('--strict', 'fail on any finding, warnings included');
}

/**
 * The report's format, and whether the stylish one was named (`--format stylish`: in GitHub Actions
 * it is then not followed by annotations). --json is --format json, so beside another --format it
 * asks for two reports on standard output, and is refused.
 */
export function reportFormat(
  options: { json?: boolean; format: Format },
  command: { getOptionValueSource(key: string): string | undefined },
): { format: Format; stylishNamed: boolean } {
  const named = command.getOptionValueSource('format') === 'cli';
  if (options.json && named && options.format !== 'json')
    throw new UserError(
      `--json is --format json, so it does not go with --format ${options.format}.`,
      `Give one; --report ${options.format}=<path> writes the other to a file.`,
    );
  const format = options.json ? 'json' : options.format;
  return { format, stylishNamed: named && format === 'stylish' };
}

/** --fix, --yes, --purpose: the manifest change that adds missing and removes unused permissions. */
export function withFixOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .option('--fix', 'show the manifest change that adds missing and removes unused permissions')
    .option('-y, --yes', "with --fix: apply the change (atomically, keeping the file's format)")
    .option(
      '--purpose <name=text>',
      'with --fix: the purpose of a permission it adds (repeatable)',
      collectPurpose,
      [] as string[],
    )
    .option(
      '--remove-despite-unresolved',
      'with --fix: remove unused permissions even when something could not be resolved',
    );
}

/**
 * --purpose, refused as the flags are read, before any work, when it is no name=text or a purpose
 * that `check` would flag in the manifest.
 */
function collectPurpose(spec: string, previous: string[]): string[] {
  const at = spec.indexOf('=');
  const purpose = spec.slice(at + 1).trim();
  if (at <= 0 || purpose === '')
    throw new UserError(
      `--purpose takes name=text, got "${spec}".`,
      'For example: --purpose customer_read="Match Stripe customers to accounts."',
    );
  // Line breaks of any kind, control characters and bidirectional controls: a purpose is one line
  // users read at install, and must read as it is.
  if (notOneLine(purpose))
    throw new UserError(
      `--purpose ${spec.slice(0, at)}: a purpose is one line, which users read at install; this one breaks lines or holds control characters.`,
    );
  refusePlaceholder(spec.slice(0, at), purpose);
  return [...previous, spec];
}

/**
 * A purpose `check` would flag, as a placeholder (`…`, `TODO`) or for a key in it, is never written
 * into the manifest.
 */
export function refusePlaceholder(name: string, purpose: string): void {
  const [secret] = findSecrets(purpose);
  if (secret)
    throw new UserError(
      `--purpose ${name} holds a ${secret.kind} (${secret.masked}), which \`rak-app check\` flags in a manifest; nothing was changed.`,
    );
  if (isPlaceholderPurpose(purpose))
    throw new UserError(
      `--purpose ${name}: "${purpose}" is a placeholder, which \`rak-app check\` flags; nothing was changed.`,
      `Say why the app needs ${name}, in a sentence users read at install.`,
    );
}

/** What --fix is told by the flags withFixOptions declares. */
export const fixFlags = (options: {
  yes?: boolean;
  purpose: string[];
  removeDespiteUnresolved?: boolean;
  quiet?: boolean;
}): { yes: boolean; purposes: string[]; removeDespiteUnresolved: boolean; quiet: boolean } => ({
  yes: options.yes === true,
  purposes: options.purpose,
  removeDespiteUnresolved: options.removeDespiteUnresolved === true,
  // The warnings that hold a removal back are not shown with -q: the message says so.
  quiet: options.quiet === true,
});

/**
 * --fix shows a diff for people and asks for purposes; with a machine-readable report on standard
 * output the two would mix into one stream that is no JSON document. The flags that only --fix
 * reads are refused without it: `scan --yes` alone would seem to have applied something.
 */
export function refuseFixMisuse(
  format: Format,
  options: { fix?: boolean; yes?: boolean; purpose?: readonly string[]; removeDespiteUnresolved?: boolean },
): void {
  if (options.fix && format === 'json')
    throw new UserError(
      '--fix shows the change for people to read, so it does not go with --json or --format json.',
      'Run --fix with the stylish format; add --report json=report.json to keep a JSON report too.',
    );
  const fixOnly = [
    options.yes ? '--yes' : '',
    (options.purpose?.length ?? 0) > 0 ? '--purpose' : '',
    options.removeDespiteUnresolved ? '--remove-despite-unresolved' : '',
  ].filter(Boolean);
  if (!options.fix && fixOnly.length > 0)
    throw new UserError(
      `${fixOnly.join(', ')} ${fixOnly.length === 1 ? 'works' : 'work'} only with --fix, which changes nothing without it.`,
      'Add --fix to see the change (and --yes to apply it).',
    );
}
