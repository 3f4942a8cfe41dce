/** The report for people: findings grouped by file, then a summary line. */
import { type Painter, plain } from '../adapters/painter.js';
import type { CheckResult, Finding, Severity } from '../core/finding.js';
import { printableText } from '../core/source-file.js';
import { plural } from '../words.js';

export function formatStylish(result: CheckResult, c: Painter = plain): string {
  return [...stylishPieces(result, c)].join('');
}

/** The text formatStylish returns, a file at a time. */
export function* stylishPieces(result: CheckResult, c: Painter = plain): Generator<string> {
  // A run that could check nothing says so on stderr; "No problems" beside it would read as a pass.
  if (result.files.length === 0 && (result.inputErrors ?? []).length > 0) return;
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const place = (f: Finding): string => `${f.line}:${f.column}`;
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    const lines = [c.underline(file.path)];
    let placeWidth = 0;
    for (const f of file.findings) placeWidth = Math.max(placeWidth, place(f).length);
    for (const f of file.findings) {
      lines.push(
        `  ${c.dim(place(f).padEnd(placeWidth))}  ${paint[f.severity](f.severity.padEnd(7))}  ${printableText(f.message)}  ${c.dim(f.ruleId)}`,
      );
    }
    lines.push('', '');
    yield lines.join('\n');
  }
  const problems = result.errorCount + result.warningCount + result.infoCount;
  const checked = plural(result.files.length, 'file');
  if (problems === 0) {
    yield `${c.green(`✔ No problems (${checked} checked).`)}\n`;
    return;
  }
  const parts = [plural(result.errorCount, 'error'), plural(result.warningCount, 'warning')];
  if (result.infoCount > 0) parts.push(`${result.infoCount} info`);
  // The files the findings are in (a value a local manifest inherits is reported in its base).
  const withProblems = new Set<string>();
  for (const f of result.files) for (const x of f.findings) withProblems.add(x.file);
  const where =
    withProblems.size === result.files.length ? checked : `${plural(withProblems.size, 'file')} (${checked} checked)`;
  const summary = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${where}.`;
  yield `${c.bold(result.errorCount > 0 ? c.red(summary) : c.yellow(summary))}\n`;
}
