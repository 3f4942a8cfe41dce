/**
 * The report files a findings command writes besides what it prints (check, permissions scan and
 * trace): -o/--output-file and --report format=path, each checked before anything is written.
 */
import { resolve } from 'node:path';
import { isSameFile, makeFolderFor, whyUnwritable, writeDestination, writeMaskedFile } from '../adapters/files.js';
import { FORMATS, type Format } from '../formatters/index.js';
import type { CheckResult } from '../core/finding.js';
import { UserError } from '../errors.js';

export interface Report {
  format: Format;
  path: string;
  /** The flag that asked for it, to name in a message. */
  flag: '--output-file' | '--report';
}

/** The reports asked for, refused before anything is written when two would share a file or one is "-". */
export function plannedReports(
  options: { format: Format; outputFile?: string | undefined; reports: readonly string[] },
  cwd: string,
): Report[] {
  const reports: Report[] = options.reports.map((spec) => ({ ...parseReport(spec), flag: '--report' }));
  if (options.outputFile) reports.unshift({ format: options.format, path: options.outputFile, flag: '--output-file' });
  // "-" reads standard input as a path to check; as a report's path it would make a file named "-".
  if (reports.some((r) => r.path === '-')) {
    throw new UserError(
      'A report cannot be written to "-": standard output gets the --format report already.',
      'Leave out --output-file to print it, or name a file.',
    );
  }
  refuseSharedDestinations(reports, cwd);
  return reports;
}

/** Writes each report, never over one of `inputs` (what the command read); makes missing folders. */
export async function writeReports(
  reports: readonly Report[],
  options: { inputs: readonly string[]; cwd: string; render: (format: Format) => string },
): Promise<void> {
  const inputs = options.inputs.map((path) => resolve(options.cwd, path));
  for (const report of reports) {
    if (inputs.some((input) => isSameFile(input, resolve(options.cwd, report.path)))) {
      throw new UserError(
        `${report.path}: refusing to write the ${report.format} report over a file it checks.`,
        'Name another file for the report.',
      );
    }
  }
  const cannot = (report: Report, why: string): UserError =>
    new UserError(`Cannot write the ${report.format} report to ${report.path}: ${why}.`);
  // Every report is checked writable before any folder is made, and every folder made before any
  // report is written: a run stopped by one report leaves nothing of another behind (a written one
  // would disagree with the run's exit code).
  for (const report of reports) {
    const why = whyUnwritable(resolve(options.cwd, report.path));
    if (why) throw cannot(report, why);
  }
  for (const report of reports) {
    try {
      // As ESLint does: `-o out/report.sarif` makes out/.
      makeFolderFor(resolve(options.cwd, report.path));
    } catch (e) {
      throw cannot(report, (e as Error).message);
    }
  }
  for (const report of reports) {
    try {
      await writeMaskedFile(resolve(options.cwd, report.path), options.render(report.format));
    } catch (e) {
      throw cannot(report, (e as Error).message);
    }
  }
}

/**
 * Two reports to one file would leave only the last: refused before anything is written, whether the
 * paths are spelt alike, differently (./r.json, out/../r.json) or reach one file through a link.
 */
function refuseSharedDestinations(reports: readonly Report[], cwd: string): void {
  const destinations = reports.map((r) => writeDestination(resolve(cwd, r.path)));
  for (const [i, report] of reports.entries()) {
    for (let j = 0; j < i; j++) {
      const earlier = reports[j] as Report;
      const same =
        destinations[i] === destinations[j] || isSameFile(resolve(cwd, report.path), resolve(cwd, earlier.path));
      if (!same) continue;
      const flag = (r: Report): string => (r.flag === '--report' ? `--report ${r.format}=${r.path}` : `-o ${r.path}`);
      throw new UserError(
        `Two reports would be written to one file: ${flag(earlier)} and ${flag(report)}; one would replace the other.`,
        'Name a different file for each report.',
      );
    }
  }
}

function parseReport(spec: string): { format: Format; path: string } {
  const at = spec.indexOf('=');
  const format = spec.slice(0, at);
  const path = spec.slice(at + 1);
  if (at <= 0 || path === '')
    throw new UserError(`--report takes format=path, got "${spec}".`, 'For example: --report sarif=rak-app.sarif');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`--report: unknown format "${format}".`, `Formats: ${FORMATS.join(', ')}.`);
  }
  return { format: format as Format, path };
}

/** -q: errors only. */
export function onlyErrors(result: CheckResult): CheckResult {
  const files = result.files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.severity === 'error') }));
  return { ...result, files, warningCount: 0, infoCount: 0 };
}
