/** What `rak-app doctor` shows (and init, convert and upload when the Stripe CLI cannot run). */
import { type Painter, plain } from '../adapters/painter.js';
import type { DoctorReport } from '../core/doctor.js';

/**
 * The doctor's report, one line a check, with the fix under what fails or warns, then the verdict;
 * `verdict: false` where a heading above has said it already (init's and convert's).
 */
export function formatDoctor(report: DoctorReport, c: Painter = plain, verdict = true): string {
  const marks = { pass: c.green('✔'), warn: c.yellow('⚠'), fail: c.red('✖'), info: c.blue('ℹ') };
  const lines = report.checks.flatMap((check) => [
    `${marks[check.status]} ${check.summary}`,
    ...(check.fix && check.status !== 'pass' ? [`    ${c.dim('fix:')} ${check.fix}`] : []),
  ]);
  if (verdict)
    lines.push(
      '',
      report.blocking
        ? c.red('✖ stripe apps cannot run here yet: fix what is marked ✖.')
        : c.green('✔ Ready to build and upload RAK apps.'),
    );
  return lines.join('\n') + '\n';
}
