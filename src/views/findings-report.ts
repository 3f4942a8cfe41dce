/**
 * The report of a command whose result has check's shape (permissions scan, permissions trace): in
 * the format asked for, paths as GitHub reads them where it does, and --json's envelope.
 */
import type { Io } from '../adapters/io.js';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { type Format, fromWorkspace, READ_FROM_WORKSPACE, render, writeReport } from '../formatters/index.js';
import type { CheckResult } from '../core/finding.js';
import type { Thresholds } from '../exit-codes.js';
import { checkEnvelope } from './check-outcome.js';
import { realFolder } from '../adapters/files.js';
import { onlyErrors, plannedReports, writeReports } from './report-files.js';

/**
 * Prints the report on standard output, in pieces (a report of 20,000 findings is never held
 * whole), after writing the report files asked for (-o, --report, never over one of `inputs`); with
 * -q, errors only. With -o, the terminal gets the stylish report.
 */
export async function findingsReport(
  all: CheckResult,
  options: {
    command: string;
    format: Format;
    outputFile?: string | undefined;
    reports: readonly string[];
    quiet?: boolean | undefined;
    thresholds: Thresholds;
    /** What the command read: no report is written over it. */
    inputs: readonly string[];
    io: Io;
    /** --color / --no-color; undefined lets the terminal decide. */
    color: boolean | undefined;
    version: () => string;
    /** Whether `--format stylish` was given: in GitHub Actions it is then not followed by annotations. */
    stylishNamed: boolean;
    /** What --json's document says after the counts (`scanned` for permissions scan). */
    details?: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  const { io } = options;
  const planned = plannedReports(options, io.cwd);
  const result = options.quiet ? onlyErrors(all) : all;
  const envelope = { ...checkEnvelope(options.command, result, options.thresholds), details: options.details };
  // Paths from the checkout's root, where GitHub reads them: made once, when a report needs them.
  let forGithub: CheckResult | undefined;
  const shownFor = (format: Format): CheckResult =>
    READ_FROM_WORKSPACE.includes(format)
      ? (forGithub ??= fromWorkspace(result, io.cwd, realFolder(io.env['GITHUB_WORKSPACE'])))
      : result;
  const plain = await createPainter(false);
  await writeReports(planned, {
    inputs: options.inputs,
    cwd: io.cwd,
    render: (format) =>
      render(shownFor(format), format, { painter: plain, toolVersion: options.version, rules: [], envelope }),
  });
  const format: Format = options.outputFile ? 'stylish' : options.format;
  const painter = await createPainter(
    format === 'stylish' && (options.color ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env)),
  );
  writeReport(shownFor(format), format, { painter, toolVersion: options.version, rules: [], envelope }, (text) =>
    io.stdout.write(text),
  );
  // In GitHub Actions the terminal report also annotates the pull request, as check's does, unless
  // the stylish format was chosen by name.
  if (io.env['GITHUB_ACTIONS'] === 'true' && format === 'stylish' && !options.stylishNamed)
    writeReport(
      shownFor('github'),
      'github',
      { painter: plain, toolVersion: options.version, rules: [], envelope },
      (text) => io.stdout.write(text),
    );
}

/** The end of scan's and trace's summary line: what could not be resolved, and where it is said. */
export const unresolvedNote = (unresolved: number, quiet: boolean): string =>
  unresolved > 0
    ? `; ${unresolved} could not be resolved (${quiet ? 'warnings, which -q hides' : 'warnings above'}).\n`
    : '.\n';
