/** What `rak-app key check` shows a reader. */
import type { KeyCheckResult, PermissionCheck } from '../partner/key-check.js';
import { printable } from '../core/source-file.js';

const MARK: Record<PermissionCheck['status'], string> = { granted: '✔', missing: '✖', 'not-checked': '-' };
const VERDICT: Record<KeyCheckResult['verdict'], string> = {
  valid: 'The key holds every permission checked.',
  'missing-permissions': 'The key lacks permissions the app asks for.',
  'wrong-key': 'This is not the key to ask for.',
  'invalid-key': 'The key is not valid.',
  unreachable: 'Stripe did not answer, or not as Stripe does.',
  unchecked: 'Nothing was checked.',
};

/** The result for a reader: the key, then a line per permission, then what to do. */
export function formatKeyCheck(result: KeyCheckResult): string {
  return printableLines(formatKeyCheckText(result));
}

/**
 * Each line escaped: permission names come from the manifest. Texts from the API (an error's
 * message, the account it names) are escaped as they are put in, so that a line break in one
 * cannot make a line of its own.
 */
const printableLines = (text: string): string => text.split('\n').map(printable).join('\n');

function formatKeyCheckText(result: KeyCheckResult): string {
  const { key } = result;
  const lines: string[] = [];
  const mode = result.mode ? `, ${result.mode} mode` : '';
  lines.push(`Key ${key.masked} (${key.kind}${mode})`);
  if (key.ok) {
    lines.push(
      `Account: ${result.account === null ? 'unknown (Stripe names it only when it refuses a request)' : printable(result.account)}`,
      `Stripe API: ${result.apiBase}`,
      '',
    );
    const width = Math.max(...result.permissions.map((c) => c.permission.length), 10);
    for (const check of result.permissions) {
      const request = check.probe
        ? ` ${check.probe.verb} ${check.probe.path}${Object.keys(check.probe.query).length > 0 ? `?${new URLSearchParams(check.probe.query)}` : ''}${check.httpStatus ? ` → ${check.httpStatus}` : ''}`
        : '';
      const status = check.status === 'not-checked' ? 'not checked' : check.status;
      lines.push(`  ${MARK[check.status]} ${check.permission.padEnd(width)}  ${status.padEnd(12)}${request}`);
      if (check.status === 'missing' && check.scope) {
        const stands =
          check.scopePermission === check.permission
            ? ''
            : check.scopePermission
              ? ` (that is ${check.scopePermission})`
              : ' (no app permission grants it)';
        lines.push(`      Stripe: needs ${printable(check.scope)}${stands}`);
      } else if (check.status !== 'granted' && check.detail) {
        lines.push(`      ${printable(check.detail)}`);
      }
    }
    lines.push('');
  }
  // A restricted key refused as it stands was pasted with more than the key: it is the right kind.
  const headline =
    result.verdict === 'wrong-key' && key.kind === 'restricted key'
      ? 'The key cannot be used as it was pasted.'
      : VERDICT[result.verdict];
  lines.push(headline, ...result.advice.map(printable));
  return `${lines.join('\n')}\n`;
}
