/** The report for people: findings grouped by file, then a summary line. */
import { type Painter, plain } from '../adapters/painter.js';
import type { CheckResult, Finding, Severity } from '../core/finding.js';
import { plural } from '../words.js';

export function formatStylish(result: CheckResult, c: Painter = plain): string {
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    lines.push(c.underline(file.path));
    const place = (f: Finding): string => `${f.line}:${f.column}`;
    const placeWidth = Math.max(...file.findings.map((f) => place(f).length));
    for (const f of file.findings) {
      lines.push(
        `  ${c.dim(place(f).padEnd(placeWidth))}  ${paint[f.severity](f.severity.padEnd(7))}  ${f.message}  ${c.dim(f.ruleId)}`,
      );
    }
    lines.push('');
  }
  const problems = result.errorCount + result.warningCount + result.infoCount;
  const checked = plural(result.files.length, 'file');
  // A run that could check nothing says so on stderr; "No problems" beside it would read as a pass.
  if (result.files.length === 0 && (result.inputErrors ?? []).length > 0) return '';
  if (problems === 0) {
    lines.push(c.green(`✔ No problems (${checked} checked).`));
  } else {
    const parts = [plural(result.errorCount, 'error'), plural(result.warningCount, 'warning')];
    if (result.infoCount > 0) parts.push(`${result.infoCount} info`);
    // The files the findings are in (a value a local manifest inherits is reported in its base).
    const withProblems = new Set(result.files.flatMap((f) => f.findings.map((x) => x.file))).size;
    const where =
      withProblems === result.files.length ? checked : `${plural(withProblems, 'file')} (${checked} checked)`;
    const summary = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${where}.`;
    lines.push(c.bold(result.errorCount > 0 ? c.red(summary) : c.yellow(summary)));
  }
  return lines.join('\n') + '\n';
}
