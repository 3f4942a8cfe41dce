/** What `rak-app upload` shows before the user consents. */
import { type Painter, plain } from '../adapters/painter.js';
import { printable } from '../core/source-file.js';
import type { UploadPlan } from '../core/upload.js';
import { plural } from '../words.js';

/** The plan of `rak-app upload`, shown before consent. */
export function formatUploadPlan(plan: UploadPlan, c: Painter = plain): string {
  const credentials =
    plan.credentials.kind === 'api-key'
      ? c.yellow(`STRIPE_API_KEY (${plan.credentials.masked}), which overrides your login without telling anyone`)
      : plan.credentials.kind === 'login'
        ? `your login, profile "${printable(plan.credentials.profile)}" (${printable(plan.credentials.account)})`
        : c.red(`none found: run \`${plan.stripe} login\``);
  // Every value from the manifest is shown escaped: a terminal escape in "version" must not hide the
  // rest of what the user consents to.
  const rows: [string, string][] = [
    [
      'app',
      printable(
        `${plan.appId} "${plan.name}", version ${plan.version}${plan.firstUpload ? ' (its first upload)' : ''}`,
      ),
    ],
    ['access type', printable(plan.accessType)],
    ['distribution', plan.distribution],
    ['permissions', printable(`${plan.permissions.length}: ${plan.permissions.join(', ') || 'none'}`)],
    ['command', printable(plan.command)],
    ['credentials', credentials],
    ['digest', plan.digest],
  ];
  const changes = plan.permissionChanges;
  if (changes) {
    const diff = [...changes.added.map((p) => c.green(`+${p}`)), ...changes.removed.map((p) => c.red(`-${p}`))];
    rows.splice(4, 0, [
      `since ${printable(changes.since)}`,
      diff.length > 0 ? diff.join(' ') : 'no permission changed',
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const warnings =
    plan.warnings.length > 0
      ? [
          c.bold(`Uploading with ${plural(plan.warnings.length, 'warning')} (\`rak-app check\` shows them too):`),
          ...plan.warnings.map(
            (w) => `  ${c.yellow('⚠')} ${w.line}:${w.column}  ${printable(w.message)}  ${c.dim(w.ruleId)}`,
          ),
          '',
        ]
      : [];
  return (
    [
      c.bold('Upload plan'),
      ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      '',
      ...warnings,
      c.bold('What this upload makes permanent:'),
      ...plan.permanent.map((p) => `  ${c.yellow('⚠')} ${printable(p)}`),
      '',
    ].join('\n') + '\n'
  );
}
