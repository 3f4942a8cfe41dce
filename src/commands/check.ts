/** `rak-app check`: its command line, one call to the checker, and the reports it writes. */
import type { Command } from '@commander-js/extra-typings';
import { nodeFileSystem, readStdin, realFolder } from '../adapters/files.js';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { type Format, fromWorkspace, READ_FROM_WORKSPACE, render, type RenderOptions } from '../formatters/index.js';
import type { CommandContext } from '../command.js';
import { check, STDIN_PATH } from '../core/check.js';
import type { FileSystem } from '../core/file-system.js';
import type { CheckResult, Severity } from '../core/finding.js';
import { suggest } from '../core/suggest.js';
import { UserError } from '../errors.js';
import type { Thresholds } from '../exit-codes.js';
import { collect } from '../flags.js';
import { reportFormat, withReportOptions } from '../report-options.js';
import { onlyErrors, plannedReports, writeReports } from '../views/report-files.js';
import { checkEnvelope, reportOutcome } from '../views/check-outcome.js';
import { RULE_IDS, RULES } from '../rules/index.js';
import { withStripeNamedHere } from '../stripe/named-here.js';

/** Commander's way to take a repeatable option: each value added to the list. */
export function register(command: Command, { io, version, color, finish }: CommandContext): void {
  withReportOptions(
    command
      .description(
        'Lint stripe-app.json and local stripe-app.*.json manifests for a RAK app. Paths are app folders or manifest ' +
          'files (default: .); "-" reads standard input.',
      )
      .argument('[paths...]', 'app folders or manifest files'),
  )
    .option(
      '--rule <id=severity>',
      'set a rule to error, warning (or warn), info or off (repeatable)',
      collect,
      [] as string[],
    )
    .action(async (paths, options) => {
      const { format, stylishNamed } = reportFormat(options, command);
      const thresholds: Thresholds = {
        maxWarnings: options.maxWarnings,
        strict: options.strict === true,
      };
      const { result, stdout } = await checkCommand({
        thresholds,
        paths,
        cwd: io.cwd,
        format,
        stylishNamed,
        outputFile: options.outputFile,
        reports: options.report,
        quiet: options.quiet === true,
        rules: options.rule,
        color: color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env),
        env: io.env,
        version,
        stdin: io.stdin,
      });
      io.stdout.write(stdout);
      finish(reportOutcome(result, thresholds, io));
    });
}

/**
 * Whether a report passes, saying on stderr why it does not when only a threshold fails it (as
 * ESLint says "too many warnings").
 */
export interface CheckCommandOptions {
  paths: string[];
  /** What fails the run: the json report's exitCode says it. */
  thresholds?: Thresholds;
  cwd: string;
  /** Output format for standard output (and for --output-file). */
  format: Format;
  /** Whether `--format stylish` was given: in GitHub Actions it is then not followed by annotations. */
  stylishNamed: boolean;
  /** Write the --format report here; the terminal then gets the stylish report. */
  outputFile?: string;
  /** Extra reports, each "format=path". */
  reports: string[];
  /** Report errors only. */
  quiet: boolean;
  /** "rule-id=severity" overrides. */
  rules: string[];
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** rak-app's version, for the SARIF report; a function, so that reading it costs nothing otherwise. */
  version: () => string;
  /** Standard input, asked for only when a path is '-'. */
  stdin: () => NodeJS.ReadableStream;
}

export interface CheckCommandResult {
  result: CheckResult;
  /** What goes to standard output. */
  stdout: string;
}

const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;
/** ESLint's word for a warning. */
const SEVERITY_ALIASES: Readonly<Record<string, string>> = { warn: 'warning' };

export async function checkCommand(options: CheckCommandOptions): Promise<CheckCommandResult> {
  const reports = plannedReports(options, options.cwd);
  const ruleSeverity = parseRuleOverrides(options.rules);
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const stdin = paths.includes(STDIN_PATH)
    ? await readStdin(options.stdin()).catch((e: Error) => {
        throw new UserError(e.message);
      })
    : undefined;

  // Every file the check opened or tried to, bases reached through `extends` and files it could not
  // read included: a report is written over none of them.
  const read = new Set<string>();
  const opened = <T>(path: string, value: T): T => {
    read.add(path);
    return value;
  };
  const recording: FileSystem = {
    ...nodeFileSystem,
    readManifest: (path) => opened(path, nodeFileSystem.readManifest(path)),
    readText: (path) => opened(path, nodeFileSystem.readText(path)),
    readHead: (path, bytes) => opened(path, nodeFileSystem.readHead(path, bytes)),
  };
  let result = check({ paths, cwd: options.cwd, ruleSeverity, stdin }, recording, RULES);
  if (options.quiet) result = onlyErrors(result);
  result = await withStripeNamedHere(result, options);

  const renderOptions: RenderOptions = {
    envelope: checkEnvelope('check', result, options.thresholds ?? {}),
    painter: await createPainter(false),
    toolVersion: options.version,
    rules: RULES.map((r) => ({ id: r.id, severity: r.severity, description: r.description })),
  };
  const forGithub = fromWorkspace(result, options.cwd, realFolder(options.env['GITHUB_WORKSPACE']));
  const resultFor = (format: Format): CheckResult => (READ_FROM_WORKSPACE.includes(format) ? forGithub : result);
  // A report is never written over what was checked (`-o stripe-app.json` would replace the manifest).
  // Standard input read from a file (`check - < stripe-app.json`) is that file: /dev/stdin names it.
  const inputs = [...read, ...result.files.map((f) => f.path), ...(stdin !== undefined ? ['/dev/stdin'] : [])];
  await writeReports(reports, {
    inputs,
    cwd: options.cwd,
    render: (format) => render(resultFor(format), format, renderOptions),
  });
  const stdoutFormat: Format = options.outputFile ? 'stylish' : options.format;
  const painter = await createPainter(options.color && stdoutFormat === 'stylish');
  let stdout = render(resultFor(stdoutFormat), stdoutFormat, { ...renderOptions, painter });
  // In GitHub Actions the terminal report also annotates the pull request, unless the user chose
  // the stylish format explicitly.
  if (options.env['GITHUB_ACTIONS'] === 'true' && stdoutFormat === 'stylish' && !options.stylishNamed) {
    stdout += render(forGithub, 'github', renderOptions);
  }
  return { result, stdout };
}

function parseRuleOverrides(specs: string[]): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0) throw new UserError(`--rule takes id=severity, got "${spec}".`, 'For example: --rule icon=off');
    const id = spec.slice(0, at);
    const given = spec.slice(at + 1);
    const severity = SEVERITY_ALIASES[given] ?? given;
    if (!RULE_IDS.includes(id)) {
      const close = suggest(id, RULE_IDS);
      throw new UserError(
        `--rule: unknown rule "${id}".${close ? ` Did you mean "${close}"?` : ''}`,
        `Rules: ${RULE_IDS.join(', ')}.`,
      );
    }
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new UserError(`--rule ${id}: severity must be one of ${SEVERITIES.join(', ')}, got "${given}".`);
    }
    out[id] = severity as Severity | 'off';
  }
  return out;
}
