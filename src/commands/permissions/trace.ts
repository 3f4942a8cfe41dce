/**
 * `rak-app permissions trace <file>`: what a run needed, read from `rak-app proxy`'s trace or from
 * `stripe logs tail --format JSON`, against what the manifest grants. The same findings, report
 * formats, exit codes and --fix as `permissions scan`; declared here, registered by permissions.ts.
 */
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { readTextFile } from '../../adapters/files.js';
import type { Io } from '../../adapters/io.js';
import { plural } from '../../words.js';
import { matchEndpoint } from '../../catalog/endpoints.js';
import type { CommandContext } from '../../command.js';
import type { CheckResult } from '../../core/finding.js';
import { comparePermissions } from '../../core/permissions-compare.js';
import { type PermissionFix, planPermissionFix } from '../../core/permissions-fix.js';
import { displayPath, placedIn } from '../../core/source-file.js';
import { UserError } from '../../errors.js';
import type { Outcome } from '../../exit-codes.js';
import { needsOfTrace, readTrace } from '../../partner/trace.js';
import { loadGrantingManifest } from '../../app-manifest.js';
import { fixFlags, refuseFixMisuse, reportFormat, withFixOptions, withReportOptions } from '../../report-options.js';
import { reportOutcome } from '../../views/check-outcome.js';
import { findingsReport, unresolvedNote } from '../../views/findings-report.js';

/** A long run's trace is large; past this it is not read. */
const MAX_TRACE_BYTES = 256 * 1024 * 1024;

export interface TraceOptions {
  file: string;
  cwd: string;
  manifest?: string;
}

/** What --fix needs: the change, and the manifest it changes. */
export interface FixTarget {
  fix: PermissionFix;
  manifestPath: string;
  manifestText: string;
  grantedCount: number;
  /** What could not be resolved (a call, a file, an endpoint): while any is, --fix removes nothing. */
  unresolved: number;
  /** Set when nothing was read to judge by (no source file, no request): --fix then removes nothing. */
  readNothing?: string;
}

export interface TraceCommandResult extends FixTarget {
  result: CheckResult;
  requests: number;
  /** Requests the proxy refused as malformed (no endpoint named). */
  malformed: number;
  /** The trace file, absolute: no report is written over it. */
  tracePath: string;
}

export function traceCommand(options: TraceOptions): TraceCommandResult {
  const tracePath = resolve(options.cwd, options.file);
  const traceName = displayPath(tracePath, options.cwd);
  const read = readTextFile(tracePath, MAX_TRACE_BYTES);
  if (!read.ok)
    throw new UserError(
      placedIn(traceName, read.detail.replace('{what}', 'a trace')),
      'Pass a file written by `rak-app proxy --trace <file>` or by `stripe logs tail --format JSON`.',
    );
  const { manifestPath, manifestName, manifestText, grants } = loadGrantingManifest(options.cwd, options.manifest);
  const reading = readTrace(read.text);
  if (reading.requests.length === 0 && reading.unreadable.length > 0)
    throw new UserError(
      `${traceName} holds no request: line ${reading.unreadable[0]!.line} is ${reading.unreadable[0]!.why}.`,
      'Pass a file written by `rak-app proxy --trace <file>` or by `stripe logs tail --format JSON`.',
    );
  const { needs, notUnderstood } = needsOfTrace(reading, matchEndpoint, traceName);
  const result = comparePermissions(
    { needs, notUnderstood, unparsable: [], filesScanned: 1, linesScanned: 0 },
    grants.granted,
    manifestName,
    [traceName],
  );
  // Scan's wording speaks of code; here it was a run.
  for (const file of result.files)
    for (const finding of file.findings)
      if (finding.ruleId === 'permission-unused')
        finding.message = finding.message
          .replace('none of the scanned code needs it', 'no traced request needed it')
          .replace('the scanned code needs nothing from it', 'the traced requests needed nothing from it');
  return {
    result,
    fix: planPermissionFix(needs, grants.granted),
    manifestPath,
    manifestText,
    grantedCount: grants.entries,
    requests: reading.requests.length,
    malformed: reading.malformed,
    tracePath,
    unresolved: notUnderstood.length,
    ...(reading.requests.length === 0 ? { readNothing: `${traceName} holds no request` } : {}),
  };
}

type FixPermissions = (
  target: FixTarget,
  options: { yes: boolean; purposes: string[]; removeDespiteUnresolved?: boolean },
  io: Io,
) => Promise<Outcome>;

/** Declares `permissions trace`; --fix goes through scan's own fix (given, so no module imports the other). */
export function registerTrace(
  command: Command,
  { io, version, color, finish }: Pick<CommandContext, 'io' | 'version' | 'color' | 'finish'>,
  fixPermissions: FixPermissions,
): void {
  withFixOptions(
    withReportOptions(
      command
        .command('trace')
        .description(
          "The permissions a run needed, from `rak-app proxy`'s trace or `stripe logs tail --format JSON`, against those the manifest grants.",
        )
        .argument('<file>', 'the trace: JSON lines from `rak-app proxy --trace` or `stripe logs tail --format JSON`')
        .option('--manifest <path>', 'the app folder or its stripe-app.json (default: .)'),
    ),
  ).action(async (file, options, trace) => {
    const { format, stylishNamed } = reportFormat(options, trace);
    refuseFixMisuse(format, options);
    const traced = traceCommand({
      file,
      cwd: io.cwd,
      manifest: options.manifest,
    });
    const thresholds = { maxWarnings: options.maxWarnings, strict: options.strict === true };
    await findingsReport(traced.result, {
      command: 'permissions trace',
      format,
      outputFile: options.outputFile,
      reports: options.report,
      quiet: options.quiet,
      thresholds,
      inputs: [traced.manifestPath, traced.tracePath],
      io,
      color: color(),
      version,
      stylishNamed,
    });
    if (format === 'stylish')
      io.stdout.write(
        `Read ${plural(traced.requests, 'request')}` +
          (traced.malformed > 0
            ? ` (and ${traced.malformed} the proxy refused as malformed, which ${traced.malformed === 1 ? 'names' : 'name'} no endpoint)`
            : '') +
          unresolvedNote(traced.unresolved, options.quiet === true),
      );
    const outcome = reportOutcome(traced.result, thresholds, io);
    finish(options.fix ? await fixPermissions(traced, fixFlags(options), io) : outcome);
  });
}
