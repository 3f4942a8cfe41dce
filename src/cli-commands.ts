/**
 * The command line of permissions, doctor, init, convert and upload: flags to options, one call
 * into the command, the result printed. Each returns an outcome, which src/cli.ts turns into the
 * exit code. Loaded only for these commands, so `rak-app check` starts without it.
 */
import { createPainter, formatConvertPlan, formatDoctor, formatStylish, formatUploadPlan, fromWorkspace, isTerminal, plural, READ_FROM_WORKSPACE, render, wantsColor, writeTo } from './adapters/output.js';
import type { OptionValues } from './args.js';
import { checkExitCode, EXIT, nonNegativeInteger, type Outcome, version } from './cli.js';
import { displayPath } from './core/source-file.js';
import { UserError } from './errors.js';

export async function runPermissions(positionals: string[], values: OptionValues): Promise<Outcome> {
  const [sub, ...rest] = positionals;
  const permissions = await import('./commands/permissions.js');
  if (sub === 'list' || sub === 'explain') {
    const infos = sub === 'list' ? permissions.listPermissions() : [permissions.explainPermission(rest[0])];
    if (values['json']) writeTo(1, JSON.stringify(sub === 'list' ? infos : infos[0], null, 2) + '\n');
    else writeTo(1, infos.map((p) => formatPermission(p, sub === 'explain')).join(sub === 'explain' ? '\n' : '') + '\n');
    return 'ok';
  }
  if (sub !== 'scan') throw new UserError(sub === undefined ? 'rak-app permissions needs list, explain <name> or scan <paths...>.' : `Unknown permissions command "${sub}": use list, explain or scan.`);
  const scanned = permissions.scanCommand({ paths: rest, cwd: process.cwd(), ...(typeof values['manifest'] === 'string' ? { manifest: values['manifest'] } : {}) });
  const format = (values['format'] as 'stylish' | 'json' | 'sarif' | 'github' | undefined) ?? 'stylish';
  const painter = await createPainter(format === 'stylish' && wantsColor({ isTTY: isTerminal(1) }, process.env));
  const result = READ_FROM_WORKSPACE.includes(format) ? fromWorkspace(scanned.result, process.cwd(), process.env['GITHUB_WORKSPACE']) : scanned.result;
  writeTo(1, render(result, format, { painter, toolVersion: version, rules: [] }));
  if (format === 'stylish') writeTo(1, `Scanned ${plural(scanned.filesScanned, 'file')} (${plural(scanned.linesScanned, 'line')}): ${scanned.needs} API calls, expansions and events need a permission.\n`);
  const maxWarnings = nonNegativeInteger(values['max-warnings'] as string | undefined, 'max-warnings');
  const exit = checkExitCode(scanned.result, { ...(maxWarnings !== undefined ? { maxWarnings } : {}), strict: values['strict'] === true });
  if (!values['fix']) return exit === EXIT.ok ? 'ok' : 'failure';
  return fixPermissions(scanned, values);
}

/** `scan --fix`: the manifest change as a diff; applied with --yes, with a purpose for each addition. */
async function fixPermissions(scanned: import('./commands/permissions.js').ScanCommandResult, values: OptionValues): Promise<Outcome> {
  const { permissionFixDiff } = await import('./commands/permissions.js');
  const { writeFileAtomic } = await import('./adapters/files.js');
  const { fix } = scanned;
  if (fix.add.length === 0 && fix.remove.length === 0) {
    writeTo(1, 'Nothing to fix: the manifest grants what the code needs.\n');
    return 'ok';
  }
  const purposes: Record<string, string> = {};
  for (const spec of (values['purpose'] as string[] | undefined) ?? []) {
    const at = spec.indexOf('=');
    if (at <= 0 || spec.slice(at + 1).trim() === '') throw new UserError(`--purpose takes name=text, got "${spec}".`, 'For example: --purpose customer_read="Match Stripe customers to accounts."');
    purposes[spec.slice(0, at)] = spec.slice(at + 1).trim();
  }
  const apply = values['yes'] === true;
  const unexplained = fix.add.filter((p) => !purposes[p]);
  if (apply && unexplained.length > 0) {
    if (!interactive()) {
      throw new UserError(`Each permission added needs a purpose users read at install: ${unexplained.join(', ')}.`, `Pass ${unexplained.map((p) => `--purpose ${p}="…"`).join(' ')}`);
    }
    const { askText } = await import('./adapters/prompts.js');
    for (const p of unexplained) {
      const purpose = await askText(`Why does the app need ${p}? (users read this at install)`);
      if (purpose === undefined) {
        writeTo(2, 'Cancelled; nothing changed.\n');
        return 'interrupted';
      }
      purposes[p] = purpose;
    }
  }
  const name = displayPath(scanned.manifestPath, process.cwd());
  const { diff, text } = await permissionFixDiff(scanned, purposes, name);
  writeTo(1, `\nThe change to ${name} (added: ${fix.add.join(', ') || 'none'}; removed: ${fix.remove.map((r) => r.name).join(', ') || 'none'}):\n\n${diff}`);
  if (!apply) {
    writeTo(1, '\nNothing was changed: run again with --yes to apply it. Users must re-authorise the app after a permission change.\n');
    return 'failure';
  }
  writeFileAtomic(scanned.manifestPath, text);
  writeTo(1, `\nApplied to ${name}. Upload a new version; installed users must re-authorise it.\n`);
  return 'ok';
}

function formatPermission(p: import('./commands/permissions.js').PermissionInfo, full: boolean): string {
  const head = `${p.name.padEnd(42)} ${p.status}${p.inOfficialSchema ? '' : ' (not in Stripe\'s schema)'}`;
  if (!full) return head + '\n';
  return [
    p.name,
    `  status: ${p.status}${p.inOfficialSchema ? '' : ", missing from Stripe's published schema"}`,
    ...(p.caution ? [`  caution: ${p.caution}`] : []),
    `  API calls: ${p.resources.join(', ') || 'none'}`,
    `  events: ${p.events.join(', ') || 'none'}`,
    `  expands: ${p.expands.join(', ') || 'none'}`,
    `  implies: ${p.implies.join(', ') || 'nothing'}`,
  ].join('\n') + '\n';
}

export async function runDoctor(values: OptionValues): Promise<Outcome> {
  const { doctorCommand } = await import('./commands/doctor.js');
  const report = await doctorCommand({
    env: process.env,
    ...(typeof values['stripe'] === 'string' ? { stripe: values['stripe'] } : {}),
    terminal: { stdin: isTerminal(0), stdout: isTerminal(1) },
    ...verboseWriter(values),
  });
  if (values['json']) writeTo(1, JSON.stringify(report, null, 2) + '\n');
  else writeTo(1, formatDoctor(report, await createPainter(wantsColor({ isTTY: isTerminal(1) }, process.env))));
  return report.blocking ? 'stripe' : 'ok';
}

/** A stripe run that did not finish: interrupted (130), failed by Stripe (1), or stopped by rak-app (4). */
const stripeStopOutcome = (kind: string): Outcome => (kind === 'interrupted' ? 'interrupted' : kind === 'failed' ? 'failure' : 'stripe');

const interactive = (): boolean => isTerminal(0) && isTerminal(1);
const verboseWriter = (values: OptionValues) => (values['verbose'] ? { verbose: (line: string) => writeTo(2, `rak-app: ${line}\n`) } : {});

export async function runInit(positionals: string[], values: OptionValues): Promise<Outcome> {
  if (positionals.length !== 1) throw new UserError(positionals.length === 0 ? 'rak-app init needs the app\'s folder name.' : `rak-app init takes one name; got ${positionals.length}.`, 'For example: rak-app init ledger-sync');
  const [{ initCommand }, { describeStripeStop }] = await Promise.all([import('./commands/init.js'), import('./core/messages.js')]);
  const promptTimeoutSeconds = positiveSeconds(values['prompt-timeout'] as string | undefined) ?? 30;
  const result = await initCommand({
    name: positionals[0]!,
    cwd: process.cwd(),
    ...(typeof values['id'] === 'string' ? { id: values['id'] } : {}),
    ...(typeof values['display-name'] === 'string' ? { displayName: values['display-name'] } : {}),
    env: process.env,
    ...(typeof values['stripe'] === 'string' ? { stripe: values['stripe'] } : {}),
    interactive: interactive(),
    promptTimeoutSeconds,
    write: writeTo,
    ...verboseWriter(values),
  });
  const painter = await createPainter(wantsColor({ isTTY: isTerminal(1) }, process.env));
  switch (result.kind) {
    case 'blocked':
      writeTo(2, `rak-app: stripe apps cannot run here yet:\n${formatDoctor(result.report, painter)}`);
      return 'stripe';
    case 'stripe': {
      const { message, hint } = describeStripeStop(result.outcome, result.command, promptTimeoutSeconds);
      writeTo(2, `rak-app: ${message}\n  ${hint}\n`);
      return stripeStopOutcome(result.outcome.kind);
    }
    case 'created': {
      const lines = [`\nrak-app: created ${result.appDir}`];
      for (const fix of result.fixes) lines.push(`  fixed: ${fix}`);
      for (const problem of result.problems) lines.push(`  ✖ ${problem}`);
      writeTo(1, lines.join('\n') + '\n\n');
      if (result.check.errorCount + result.check.warningCount > 0) {
        writeTo(1, 'What `rak-app check` says is left to do:\n' + formatStylish(result.check, painter) + '\n');
      }
      writeTo(1, [
        'Next steps:',
        `  cd ${positionals[0]}`,
        '  stripe apps grant permission "<permission>" "<why the app needs it>"   # the key users generate holds exactly these',
        '  edit src/views/AppSettings.tsx: tell users where to paste their key, and link your setup docs',
        '  rak-app check',
        '  rak-app upload                                   # once uploaded, a RAK app stays a RAK app',
        '',
      ].join('\n'));
      return result.problems.length > 0 ? 'failure' : 'ok';
    }
  }
}

/** What became of the manifest after convert stopped part-way. */
const manifestState = (restored: boolean): string => (restored ? 'stripe-app.json was restored, byte for byte.' : 'stripe-app.json was not changed.');

export async function runConvert(positionals: string[], values: OptionValues): Promise<Outcome> {
  if (positionals.length > 1) throw new UserError(`rak-app convert takes one app folder; got ${positionals.length}.`);
  const [{ convertCommand }, { describeStripeStop }, { confirm }] = await Promise.all([
    import('./commands/convert.js'),
    import('./core/messages.js'),
    import('./adapters/prompts.js'),
  ]);
  const painter = await createPainter(wantsColor({ isTTY: isTerminal(1) }, process.env));
  const promptTimeoutSeconds = positiveSeconds(values['prompt-timeout'] as string | undefined) ?? 30;
  const result = await convertCommand({
    ...(positionals[0] !== undefined ? { path: positionals[0] } : {}),
    cwd: process.cwd(),
    dryRun: values['dry-run'] === true,
    yes: values['yes'] === true || process.env['RAK_APP_YES'] === '1',
    env: process.env,
    ...(typeof values['stripe'] === 'string' ? { stripe: values['stripe'] } : {}),
    interactive: interactive(),
    promptTimeoutSeconds,
    write: writeTo,
    ...verboseWriter(values),
    present: (view) => writeTo(1, formatConvertPlan(view, painter)),
    confirm: (question) => confirm(question, false),
  });
  switch (result.kind) {
    case 'already-rak':
      writeTo(1, `rak-app: ${result.manifestPath} already uses restricted API keys; nothing to change.\n`);
      return 'ok';
    case 'invalid':
      writeTo(1, formatStylish(result.check, painter));
      writeTo(2, 'rak-app: fix the manifest first: the Stripe CLI cannot read it either.\n');
      return 'failure';
    case 'dry-run':
      writeTo(1, 'Dry run: nothing was changed. Run without --dry-run to apply.\n');
      return 'ok';
    case 'consent-needed':
      writeTo(2, 'rak-app: without a terminal, convert changes nothing unless told to: pass --yes (or set RAK_APP_YES=1).\n');
      return 'consent';
    case 'declined':
      writeTo(2, 'Convert cancelled; nothing changed.\n');
      return 'failure';
    case 'cancelled':
      writeTo(2, 'Convert cancelled; nothing changed.\n');
      return 'interrupted';
    case 'blocked':
      writeTo(2, `rak-app: stripe apps cannot run here yet:\n${formatDoctor(result.report, painter)}`);
      return 'stripe';
    case 'stripe': {
      const { message, hint } = describeStripeStop(result.outcome, result.command, promptTimeoutSeconds);
      writeTo(2, `rak-app: ${message}\n  ${hint}\n  ${manifestState(result.restored)}\n`);
      return stripeStopOutcome(result.outcome.kind);
    }
    case 'not-applied':
      writeTo(2, `rak-app: ${result.detail}. ${manifestState(result.restored)}\n`);
      return 'failure';
    case 'converted': {
      const lines = ['', `rak-app: ${result.view.manifestPath} now uses restricted API keys.`];
      for (const file of result.created) lines.push(`  created ${displayPath(file, process.cwd())}: edit it to point users at your setup docs`);
      writeTo(1, lines.join('\n') + '\n\n');
      if (result.check.errorCount + result.check.warningCount > 0) writeTo(1, 'What `rak-app check` says is left to do:\n' + formatStylish(result.check, painter));
      return 'ok';
    }
  }
}

export async function runUpload(positionals: string[], values: OptionValues): Promise<Outcome> {
  if (positionals.length > 1) throw new UserError(`rak-app upload takes one app folder; got ${positionals.length}.`);
  const expectDigest = values['expect-digest'] as string | undefined;
  if (expectDigest !== undefined && !/^[0-9a-f]{64}$/.test(expectDigest)) throw new UserError(`--expect-digest takes the 64 hex digits rak-app printed; got "${expectDigest}".`);
  const json = values['json'] === true;
  const [{ uploadCommand }, { describeStripeStop }, prompts, ci] = await Promise.all([
    import('./commands/upload.js'),
    import('./core/messages.js'),
    import('./adapters/prompts.js'),
    import('ci-info'),
  ]);
  const painter = await createPainter(!json && wantsColor({ isTTY: isTerminal(1) }, process.env));
  const promptTimeoutSeconds = positiveSeconds(values['prompt-timeout'] as string | undefined) ?? 120;
  // In CI, nobody is at the terminal even when there is one.
  const atTerminal = interactive() && !ci.default.isCI;
  const result = await uploadCommand({
    ...(positionals[0] !== undefined ? { path: positionals[0] } : {}),
    cwd: process.cwd(),
    dryRun: values['dry-run'] === true,
    yes: values['yes'] === true || process.env['RAK_APP_YES'] === '1',
    ...(expectDigest !== undefined ? { expectDigest } : {}),
    skipDuplicate: values['skip-duplicate'] === true,
    env: process.env,
    ...(typeof values['stripe'] === 'string' ? { stripe: values['stripe'] } : {}),
    interactive: atTerminal,
    promptTimeoutSeconds,
    // With --json, standard output is the result document alone: Stripe's output goes to stderr.
    write: json ? (_fd, text) => writeTo(2, text) : writeTo,
    ...verboseWriter(values),
    present: (plan) => (json ? undefined : writeTo(1, formatUploadPlan(plan, painter))),
    askToTypeId: (appId) => prompts.typeToConfirm(`This is the first upload of ${appId}. Type its id to upload it:`, appId),
    askYesNo: (question) => prompts.confirm(question, false),
    now: () => new Date(),
  });
  const report = describeUpload(result, describeStripeStop, promptTimeoutSeconds);
  if (json) {
    const plan = 'plan' in result ? result.plan : undefined;
    writeTo(1, JSON.stringify({ status: report.status, reason: report.reason, digest: plan?.digest ?? null, next: report.next, ...(plan ? { plan } : {}) }, null, 2) + '\n');
  } else {
    if (result.kind === 'check-failed') writeTo(1, formatStylish(result.check, painter));
    if (result.kind === 'environment') writeTo(2, formatDoctor(result.report, painter));
    writeTo(report.code === 'ok' ? 1 : 2, `${report.code === 'ok' ? '' : 'rak-app: '}${report.reason}\n${report.next.length > 0 ? `  next: ${report.next.join('\n        ')}\n` : ''}`);
  }
  return report.code;
}

/** A status for machines, a reason for people, the commands to run next, and the exit code. */
function describeUpload(
  result: import('./commands/upload.js').UploadResult,
  describeStripeStop: typeof import('./core/messages.js').describeStripeStop,
  promptTimeoutSeconds: number,
): { status: 'uploaded' | 'skipped' | 'dry-run' | 'confirmation-required' | 'blocked' | 'failed'; reason: string; next: string[]; code: Outcome } {
  switch (result.kind) {
    case 'check-failed':
      return { status: 'blocked', reason: `The app has ${plural(result.check.errorCount, 'error')}; nothing was uploaded.`, next: ['rak-app check'], code: 'failure' };
    case 'ledger-invalid':
      return { status: 'blocked', reason: `${result.path}:${result.line}:${result.column}: the upload ledger is ${result.message}; rak-app does not rewrite it. Fix it by hand (or restore it from version control).`, next: [], code: 'usage' };
    case 'duplicate':
      return result.skipped
        ? { status: 'skipped', reason: `Version ${result.plan.version} of ${result.plan.appId} was uploaded on ${result.entry.uploadedAt}; skipped.`, next: [], code: 'ok' }
        : { status: 'blocked', reason: `Version ${result.plan.version} of ${result.plan.appId} was already uploaded on ${result.entry.uploadedAt} (.rak-app/uploads.json): Stripe does not take a version twice. Bump "version" in stripe-app.json.`, next: ['rak-app upload --skip-duplicate'], code: 'failure' };
    case 'access-type-changed':
      return { status: 'blocked', reason: `${result.plan.appId} was uploaded as a RAK app on ${result.entry.uploadedAt}, and "after you upload your RAK app, you can't change the API authentication method": stripe_api_access_type must stay "restricted_api_key" (it is now "${result.plan.accessType}").`, next: [], code: 'failure' };
    case 'dry-run':
      return { status: 'dry-run', reason: `Dry run: nothing was uploaded. Plan digest ${result.plan.digest}.`, next: [`rak-app upload --yes --expect-digest ${result.plan.digest}`], code: 'ok' };
    case 'digest-mismatch':
      return { status: 'confirmation-required', reason: `The plan changed since it was reviewed: its digest is now ${result.plan.digest}, not ${result.expected}. Nothing was uploaded.`, next: [`rak-app upload --dry-run`, `rak-app upload --yes --expect-digest ${result.plan.digest}`], code: 'consent' };
    case 'consent-needed':
      return { status: 'confirmation-required', reason: 'Without a terminal (or in CI), rak-app uploads only when told to: pass --yes (or set RAK_APP_YES=1), or --expect-digest with the digest you reviewed.', next: [`rak-app upload --yes --expect-digest ${result.plan.digest}`], code: 'consent' };
    case 'declined':
      return { status: 'failed', reason: 'Upload cancelled.', next: [], code: 'failure' };
    case 'cancelled':
      return { status: 'failed', reason: 'Upload cancelled.', next: [], code: 'interrupted' };
    case 'environment':
      return { status: 'blocked', reason: 'The Stripe CLI cannot upload from here yet; nothing was uploaded.', next: result.report.checks.flatMap((c) => (c.fix ? [c.fix] : [])), code: 'stripe' };
    case 'stripe': {
      const { message, hint } = describeStripeStop(result.outcome, result.command, promptTimeoutSeconds);
      const kind = result.outcome.kind;
      return {
        status: kind === 'failed' || kind === 'interrupted' ? 'failed' : 'blocked',
        reason: `${message} ${hint} Nothing was recorded in .rak-app/uploads.json.`,
        next: kind === 'not-logged-in' ? ['stripe login'] : kind === 'prompt-blocked' ? [`${result.command}   # once, at a terminal`] : [],
        code: stripeStopOutcome(kind),
      };
    }
    case 'uploaded':
      return { status: 'uploaded', reason: `Uploaded ${result.plan.appId} ${result.plan.version}; recorded in ${displayPath(result.ledgerPath, process.cwd())}.`, next: [`git add ${displayPath(result.ledgerPath, process.cwd())}`], code: 'ok' };
  }
}

function positiveSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UserError(`--prompt-timeout takes a number of seconds above 0; got "${value}".`);
  return Number(value);
}

