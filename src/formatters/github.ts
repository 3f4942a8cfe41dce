/** GitHub workflow commands: an annotation per finding on the pull request. */
import type { CheckResult, Severity } from '../core/finding.js';
import { redactSecrets } from '../core/secrets.js';
import { printableText } from '../core/source-file.js';

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// GitHub's workflow-command escaping, as @actions/core does it.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A message is masked and its control characters shown before GitHub's escaping changes its text. */
export function formatGithub(result: CheckResult): string {
  const lines = result.files.flatMap((file) =>
    file.findings.map(
      (f) =>
        `::${GITHUB_COMMAND[f.severity]} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`rak-app ${f.ruleId}`)}::${escapeData(printableText(redactSecrets(f.message)))}`,
    ),
  );
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
