/**
 * The report of a command whose result has check's shape (permissions scan, permissions trace): in
 * the format asked for, paths as GitHub reads them where it does, and --json's envelope.
 */
import type { Io } from '../adapters/io.js';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { type Format, fromWorkspace, READ_FROM_WORKSPACE, render } from '../formatters/index.js';
import type { CheckResult } from '../core/finding.js';
import type { Thresholds } from '../exit-codes.js';
import { checkOutcome } from './check-outcome.js';

export async function findingsReport(
  result: CheckResult,
  options: {
    command: string;
    format: Format;
    thresholds: Thresholds;
    io: Io;
    /** --color / --no-color; undefined lets the terminal decide. */
    color: boolean | undefined;
    version: () => string;
  },
): Promise<string> {
  const { io, format } = options;
  const painter = await createPainter(
    format === 'stylish' && (options.color ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env)),
  );
  const shown = READ_FROM_WORKSPACE.includes(format)
    ? fromWorkspace(result, io.cwd, io.env['GITHUB_WORKSPACE'])
    : result;
  const envelope = { command: options.command, outcome: checkOutcome(result, options.thresholds) };
  return render(shown, format, { painter, toolVersion: options.version, rules: [], envelope });
}
