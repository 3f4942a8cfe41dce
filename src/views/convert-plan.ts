/** What `rak-app convert` shows before it changes anything. */
import { type Painter, plain } from '../adapters/painter.js';
import type { ConvertPlan } from '../core/convert.js';
import { printable, printableDiff } from '../core/source-file.js';

/** The plan of `rak-app convert`, shown before anything changes. */
export function formatConvertPlan(
  view: { manifestPath: string; diff: string; plan: ConvertPlan },
  c: Painter = plain,
): string {
  const { plan } = view;
  const before =
    plan.accessTypeBefore === undefined ? 'not set (so "platform")' : JSON.stringify(plan.accessTypeBefore);
  const lines = [
    c.bold(`Plan for ${printable(view.manifestPath)}:`),
    '',
    plan.setsAccessType
      ? `  • stripe_api_access_type: ${before} → "restricted_api_key", by \`stripe apps set api-access-type restricted_api_key\``
      : '  • stripe_api_access_type is "restricted_api_key" already: the Stripe CLI is not run',
  ];
  if (plan.fixSettingsViewport) {
    lines.push(
      printable(
        `  • correct the settings view's viewport: ${JSON.stringify(plan.fixSettingsViewport.was)} → "settings" (no second settings view is added)`,
      ),
    );
  }
  if (plan.addSettingsView) {
    lines.push(
      `  • add a settings view, ${printable(plan.addSettingsView.component)} (${printable(plan.addSettingsView.file)}): after install, Stripe sends users there to get their key`,
    );
  }
  if (plan.viewsLosingContext.length > 0) {
    lines.push('  • these views stay, but get no Dashboard context in a RAK app:');
    for (const v of plan.viewsLosingContext) lines.push(printable(`      ${v.viewport} (${v.component})`));
  }
  if (plan.redirectUris.length > 0) {
    lines.push(printable(`  • allowed_redirect_uris stays, unused by a RAK app: ${plan.redirectUris.join(', ')}`));
  }
  lines.push(
    '',
    ...view.diff
      .trimEnd()
      .split('\n')
      .map(printableDiff)
      .map((l) =>
        l.startsWith('+') && !l.startsWith('+++')
          ? c.green(l)
          : l.startsWith('-') && !l.startsWith('---')
            ? c.red(l)
            : l,
      ),
  );
  lines.push(
    '',
    `${c.yellow('⚠')} Once this app is uploaded as a RAK app, its authentication method can never be changed.`,
    // Only a run of the Stripe CLI rewrites the file so; with none, nothing but the diff changes.
    ...(plan.setsAccessType
      ? ['  The Stripe CLI may also re-sort the manifest\'s keys and add "extensions": null; both are harmless.']
      : []),
    '',
  );
  return lines.join('\n') + '\n';
}
