/**
 * `rak-app convert [path]`: switches an existing app to restricted API keys with
 * `stripe apps set api-access-type restricted_api_key`, and does what that leaves undone. Plan
 * first, then consent, then change; on any failure the manifest is restored byte for byte.
 */
import { dirname, join, relative } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { type Io, whyNoQuestion } from '../adapters/io.js';
import { createPainter, type Painter, wantsColor } from '../adapters/painter.js';
import { formatStylish } from '../formatters/stylish.js';
import { formatConvertPlan } from '../views/convert-plan.js';
import { formatDoctor } from '../views/doctor.js';
import {
  applyJsonEdits,
  createFile,
  editJsonFile,
  isLinkAsWas,
  isRegularFile,
  linkAt,
  makeFolder,
  nodeFileSystem,
  nameTaken,
  readBytes,
  readText,
  removeFile,
  restoreFile,
  restoreLink,
  saveCopy,
  whyUnwritable,
} from '../adapters/files.js';
import { type Answer, confirm } from '../adapters/prompts.js';
import { check } from '../core/check.js';
import { RULES } from '../rules/index.js';
import { type ConvertPlan, hasOwnEdits, isRak, ownEdits, planConvert, settingsViewSource } from '../core/convert.js';
import type { DoctorReport, EnvironmentFacts } from '../core/doctor.js';
import type { CheckResult } from '../core/finding.js';
import { say } from '../core/messages.js';
import type { CommandContext } from '../command.js';
import { createSourceFile, displayPath, duplicateKeys } from '../core/source-file.js';
import { UserError } from '../errors.js';
import { withStripeNamedHere } from '../stripe/named-here.js';
import type { Outcome } from '../exit-codes.js';
import { quoteForShell } from '../words.js';
import { resolveAppManifest } from '../app-manifest.js';
import { type StripeCommandOptions, stripeCommandOptions, withStripeOptions } from '../stripe/options.js';
import {
  type Preflight,
  preflight,
  runStripeApps,
  type StripeStop,
  shielded,
  stoppedBySignal,
  stopReport,
  withAppLock,
} from '../stripe/run.js';
import { reportWithJson } from '../result-document.js';
import { unifiedDiff } from '../views/unified-diff.js';

export function register(command: Command, { io, color, finish, uninterruptible, interrupted }: CommandContext): void {
  withStripeOptions(
    command
      .description(
        'Switch an app to restricted API keys with `stripe apps set api-access-type restricted_api_key`, adding a ' +
          'settings view if it has none. Shows the plan first; changes nothing without consent.',
      )
      .argument('[path]', 'the app folder or its stripe-app.json (default: .)')
      .option('--dry-run', 'show the plan and change nothing')
      .option('-y, --yes', 'change without asking (also RAK_APP_YES=1); needed without a terminal or in CI'),
    { what: 'waits for an answer', seconds: 30 },
  )
    .option('--json', 'print one result document (status, manifest, diff, files created); the rest goes to stderr')
    .action(async (path, options) => {
      const json = options.json === true;
      await reportWithJson(
        io,
        'convert',
        json,
        async (shown) => {
          const painter = await createPainter(!json && (color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env)));
          const converted = await convertCommand({
            path,
            dryRun: options.dryRun === true,
            yes: options.yes === true || io.env['RAK_APP_YES'] === '1',
            ...stripeCommandOptions(options, io, shown),
            present: (view) => shown.stdout.write(formatConvertPlan(view, painter)),
            confirm: (question) => confirm(question, false),
            uninterruptible,
          });
          // A finding that names a Stripe CLI command names the one this run would use, as check's do.
          const result =
            'check' in converted
              ? {
                  ...converted,
                  check: await withStripeNamedHere(converted.check, {
                    env: io.env,
                    cwd: io.cwd,
                    stripe: options.stripe,
                  }),
                }
              : converted;
          const whyNotAsked = whyNoQuestion(io);
          const outcome = reportConvert(result, options.promptTimeout, shown, painter, whyNotAsked);
          return {
            // A signal the change was let finish (or be undone) through ends the run with 130.
            outcome: interrupted() ? 'interrupted' : outcome,
            // upload's word for exit 3, so that a script reads one status for both.
            status:
              result.kind === 'consent-needed'
                ? 'confirmation-required'
                : stoppedBySignal(result)
                  ? 'interrupted'
                  : result.kind,
            ...convertSummary(result, options.promptTimeout, path, whyNotAsked),
            document: convertDocument(result, io.cwd),
          };
        },
        finish,
      );
    });
}

/** A convert's result as data, for --json. */
function convertDocument(result: ConvertResult, cwd: string): Record<string, unknown> {
  const view = 'view' in result ? result.view : undefined;
  return {
    ...(view ? { manifest: displayPath(view.manifestPath, cwd), diff: view.diff, plan: view.plan } : {}),
    ...(result.kind === 'already-rak' ? { manifest: displayPath(result.manifestPath, cwd) } : {}),
    ...(result.kind === 'converted'
      ? { created: result.created.map((f) => displayPath(f, cwd)), written: result.written }
      : {}),
    ...('restored' in result ? { restored: result.restored } : {}),
    ...('check' in result ? { errorCount: result.check.errorCount, warningCount: result.check.warningCount } : {}),
  };
}

/** Why a convert did not finish clean, and the commands to run next, for --json. */
function convertSummary(
  result: ConvertResult,
  promptTimeoutSeconds: number,
  /** The app folder as the user gave it: next commands name it. */
  path: string | undefined,
  /** Why convert could not ask, in words. */
  whyNotAsked: string,
): { reason?: string; next?: string[] } {
  const at = path === undefined ? '' : ` ${quoteForShell(path)}`;
  switch (result.kind) {
    case 'blocked':
      return {
        reason: `stripe apps cannot run here yet: ${result.report.checks.map((c) => c.summary).join('; ')}.`,
        next: result.report.checks.flatMap((c) => c.run ?? []).filter((step, i, all) => all.indexOf(step) === i),
      };
    case 'dry-run':
      return result.report
        ? {
            reason: `Dry run: nothing was changed. The Stripe CLI cannot run here yet: ${result.report.checks.map((c) => c.summary).join('; ')}.`,
            next: result.report.checks.flatMap((c) => c.run ?? []).filter((step, i, all) => all.indexOf(step) === i),
          }
        : { reason: 'Dry run: nothing was changed.' };
    case 'consent-needed':
      return {
        reason: `convert cannot ask here (${whyNotAsked}), so it changes nothing unless told to: pass --yes (or set RAK_APP_YES=1).`,
        next: [`rak-app convert${at} --yes`],
      };
    case 'stripe': {
      const { message, hint, next } = stopReport(result.stop, promptTimeoutSeconds);
      return { reason: `${message} ${hint} ${manifestState(result.restored)}`, next };
    }
    case 'not-applied':
      return result.didNothing
        ? { reason: `${result.detail}. ${manifestState(result.restored)} ${DID_NOTHING}`, next: ['rak-app doctor'] }
        : { reason: `${result.detail}. ${manifestState(result.restored)}` };
    case 'invalid':
      return { reason: `Fix the manifest first: ${whyInvalid(result.duplicateKey)}.`, next: [`rak-app check${at}`] };
    case 'changed-since-planned':
      return { reason: changedSincePlanned(result.manifestPath, path), next: [`rak-app convert${at}`] };
    case 'converted':
      return result.check.errorCount > 0
        ? { reason: `Converted, with ${result.check.errorCount} errors left.`, next: [`rak-app check${at}`] }
        : {};
    case 'already-rak':
    case 'declined':
    case 'cancelled':
      return {};
  }
}

const changedSincePlanned = (manifestPath: string, path: string | undefined, cwd?: string): string =>
  `${cwd ? displayPath(manifestPath, cwd) : 'stripe-app.json'} changed after rak-app planned the change (while it waited for your answer, or for the Stripe CLI's checks), so the plan is not for it as it is now; nothing was changed. Run rak-app convert${path === undefined ? '' : ` ${quoteForShell(path)}`} again to see the plan for it.`;

const DID_NOTHING = 'Its apps plugin may be unable to start, or too old to set it: run rak-app doctor.';

const whyInvalid = (duplicateKey: boolean): string =>
  duplicateKey
    ? 'the Stripe CLI rewrites the whole file (and rak-app edits it only where one key is written once), so a key written twice would keep only one of its values'
    : 'the Stripe CLI cannot read it either';

/** What became of the manifest after convert stopped part-way. */
const manifestState = (restored: boolean): string =>
  restored ? 'stripe-app.json was restored, byte for byte.' : 'stripe-app.json was not changed.';

function reportConvert(
  result: ConvertResult,
  promptTimeoutSeconds: number,
  io: Io,
  painter: Painter,
  /** Why convert could not ask, in words. */
  whyNotAsked: string,
): Outcome {
  switch (result.kind) {
    case 'already-rak':
      io.stdout.write(
        `rak-app: ${displayPath(result.manifestPath, io.cwd)} already uses restricted API keys; nothing to change.\n`,
      );
      return 'ok';
    case 'invalid':
      io.stdout.write(formatStylish(result.check, painter));
      io.stderr.write(`rak-app: fix the manifest first: ${whyInvalid(result.duplicateKey)}.\n`);
      return 'failure';
    case 'dry-run':
      if (result.report) {
        io.stderr.write(
          `Dry run: nothing was changed. The Stripe CLI cannot run here yet; fix this first:\n${formatDoctor(result.report, painter, false)}`,
        );
        return 'stripe';
      }
      io.stdout.write('Dry run: nothing was changed. Run without --dry-run to apply.\n');
      return 'ok';
    case 'consent-needed':
      io.stderr.write(
        `rak-app: convert cannot ask here (${whyNotAsked}), so it changes nothing unless told to: pass --yes (or set RAK_APP_YES=1).\n`,
      );
      return 'consent';
    case 'declined':
      io.stderr.write('Convert cancelled; nothing changed.\n');
      return 'failure';
    case 'changed-since-planned':
      io.stderr.write(`rak-app: ${changedSincePlanned(result.manifestPath, undefined, io.cwd)}\n`);
      return 'failure';
    case 'cancelled':
      io.stderr.write('Convert cancelled; nothing changed.\n');
      return 'interrupted';
    case 'blocked':
      io.stderr.write(`rak-app: stripe apps cannot run here yet:\n${formatDoctor(result.report, painter, false)}`);
      return 'stripe';
    case 'stripe': {
      const { message, hint, outcome } = stopReport(result.stop, promptTimeoutSeconds);
      io.stderr.write(`rak-app: ${message}\n  ${hint}\n  ${manifestState(result.restored)}\n`);
      return outcome;
    }
    case 'not-applied':
      io.stderr.write(
        `rak-app: ${result.detail}. ${manifestState(result.restored)}${result.didNothing ? `\n  ${DID_NOTHING}` : ''}\n`,
      );
      return result.didNothing ? 'stripe' : 'failure';
    case 'converted': {
      // An app that said restricted_api_key already only gained what it lacked (its settings view).
      const lines = [
        '',
        result.view.plan.setsAccessType
          ? `rak-app: ${result.view.manifestPath} now uses restricted API keys.`
          : `rak-app: ${result.view.manifestPath} already used restricted API keys; what it lacked was added.`,
      ];
      for (const file of result.created)
        lines.push(`  created ${displayPath(file, io.cwd)}: edit it to point users at your setup docs`);
      // The plan showed rak-app's change; the Stripe CLI may rewrite the whole file.
      if (result.written !== result.view.diff)
        lines.push(
          '  the Stripe CLI rewrote more of stripe-app.json than the plan shows (key order, indentation or line endings); --json gives the change as written (`written`), beside the plan (`diff`)',
        );
      io.stdout.write(`${lines.join('\n')}\n\n`);
      if (result.check.errorCount + result.check.warningCount > 0) {
        io.stdout.write(`What \`rak-app check\` says is left to do:\n${formatStylish(result.check, painter)}`);
      }
      // Converted, but not a RAK app Stripe would take yet: the run fails until check passes.
      return result.check.errorCount > 0 ? 'failure' : 'ok';
    }
  }
}

export interface ConvertOptions extends StripeCommandOptions {
  /** The app folder or its stripe-app.json; default: cwd. */
  path?: string;
  cwd: string;
  /** Show the plan and change nothing. */
  dryRun: boolean;
  /** Consent given up front (--yes, RAK_APP_YES=1). */
  yes: boolean;
  /** Shows the plan (called before consent is asked). */
  present: (view: ConvertView) => void;
  /** Asks for consent at a terminal. */
  confirm: (question: string) => Promise<Answer>;
  /** Runs the part that changes the app so that a Ctrl-C lets it finish (from src/cli.ts). */
  uninterruptible?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface ConvertView {
  manifestPath: string;
  plan: ConvertPlan;
  /** The manifest change, as a unified diff. */
  diff: string;
}

export type ConvertResult =
  | { kind: 'already-rak'; manifestPath: string }
  | { kind: 'invalid'; check: CheckResult; duplicateKey: boolean }
  | { kind: 'dry-run'; view: ConvertView /** What would stop the real run. */; report?: DoctorReport }
  | { kind: 'consent-needed'; view: ConvertView }
  | { kind: 'declined' }
  | { kind: 'changed-since-planned'; manifestPath: string }
  | { kind: 'cancelled' }
  | { kind: 'blocked'; report: DoctorReport }
  | { kind: 'stripe'; stop: StripeStop; restored: boolean }
  /** `didNothing`: Stripe exited 0 and the access type is as it was (exit 4, as an init that made no app). */
  | { kind: 'not-applied'; detail: string; restored: boolean; didNothing?: boolean }
  /** `written`: the manifest's change as made, Stripe's rewriting of the file included. */
  | { kind: 'converted'; view: ConvertView; created: string[]; written: string; check: CheckResult };

const SET_ARGS = ['apps', 'set', 'api-access-type', 'restricted_api_key'];

/**
 * What stops `stripe apps set`: everything doctor fails but the login, which a local edit may not
 * need; a config.toml the Stripe CLI cannot read does stop it, since the CLI writes a new one over
 * it and the profiles are lost (docs/stripe-cli.md).
 */
const blocksSet = (check: DoctorReport['checks'][number], facts: EnvironmentFacts): boolean =>
  check.id !== 'login' || facts.login.kind === 'unreadable';

export async function convertCommand(options: ConvertOptions): Promise<ConvertResult> {
  const manifestPath = resolveAppManifest(options.cwd, options.path, 'convert');
  // Two converts at once would each restore the other's work: the second is refused.
  if (options.dryRun) return convertLocked(manifestPath, options);
  return withAppLock(manifestPath, 'convert', options, () => convertLocked(manifestPath, options));
}

/**
 * The check of a manifest convert refuses: the access type is still said to be wrong, without the
 * command to run that is this one, which has just refused.
 */
const refusedByConvert = (result: CheckResult): CheckResult => ({
  ...result,
  files: result.files.map((file) => ({
    ...file,
    findings: file.findings.map((f) =>
      f.messageId === 'accessTypeMissing'
        ? { ...f, ...say('accessTypeMissing', { converting: true }) }
        : f.messageId === 'accessTypeWrong' && f.data?.['nearMiss'] === false
          ? { ...f, ...say('accessTypeWrong', { value: f.data['value'], nearMiss: false, converting: true }) }
          : f,
    ),
  })),
});

async function convertLocked(manifestPath: string, options: ConvertOptions): Promise<ConvertResult> {
  const appDir = dirname(manifestPath);
  // Read once, checked first (a regular file, UTF-8, at most 4 MiB): nothing runs on a manifest
  // rak-app could not restore.
  const original = Buffer.from(readText(manifestPath, displayPath(manifestPath, options.cwd)), 'utf8');
  const originalText = original.toString('utf8');

  // A manifest that is not strict JSON (or nests deeper than check reads) cannot be planned: report
  // it as check does.
  let manifest: Record<string, unknown>;
  let duplicated = false;
  const invalid = (duplicateKey: boolean): ConvertResult => ({
    kind: 'invalid',
    duplicateKey,
    check: refusedByConvert(check({ paths: [manifestPath], cwd: options.cwd }, nodeFileSystem, RULES)),
  });
  try {
    const file = createSourceFile(manifestPath, originalText);
    if (file.problems.length > 0) throw new Error('not strict JSON');
    duplicated = duplicateKeys(file.file).length > 0;
    const parsed: unknown = JSON.parse(originalText);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    manifest = parsed as Record<string, unknown>;
  } catch {
    return invalid(false);
  }
  const viewsDir = join(appDir, 'src', 'views');
  const plan = planConvert(manifest, (name) =>
    // A link to nothing takes the name too: the view is never written through it.
    ['.tsx', '.ts', '.jsx', '.js'].some((ext) => nameTaken(join(viewsDir, name + ext))),
  );
  // A RAK app with no settings view is what an interrupted convert leaves: this run finishes it.
  const finishing = isRak(manifest);
  if (finishing && !hasOwnEdits(plan)) return { kind: 'already-rak', manifestPath };
  // Stripe rewrites the whole file, and rak-app's own edit would change one of two: of a key written
  // twice one value would be kept, unseen in the plan. Nothing to change is no reason to refuse.
  if (duplicated) return invalid(true);
  const view: ConvertView = {
    manifestPath,
    plan,
    diff: manifestDiff(relative(options.cwd, manifestPath) || 'stripe-app.json', originalText, plan, manifest),
  };
  options.present(view);
  // A dry run says what would stop the real one too: every blocker up front.
  if (options.dryRun) {
    const ready = finishing ? undefined : await preflight(options, blocksSet);
    return { kind: 'dry-run', view, ...(ready?.kind === 'blocked' ? { report: ready.report } : {}) };
  }

  // Everything convert writes must be writable before Stripe changes anything: a settings view that
  // could not be added would leave a RAK app with no settings page.
  const writes = [manifestPath, ...(plan.addSettingsView ? [join(appDir, plan.addSettingsView.file)] : [])];
  for (const path of writes) {
    const why = whyUnwritable(path);
    if (why) {
      throw new UserError(`${displayPath(path, options.cwd)} cannot be written (${why}); nothing was changed.`);
    }
  }

  // `set` edits a local file: a missing login may not matter, and Stripe says so if it does. What
  // would stop the run is said before consent is asked: a yes must not lead to "cannot run here".
  const ready = finishing ? undefined : await preflight(options, blocksSet);
  if (ready?.kind === 'blocked') return { kind: 'blocked', report: ready.report };

  if (!options.yes) {
    if (!options.interactive) return { kind: 'consent-needed', view };
    const answer = await options.confirm(
      finishing ? 'Add the settings view this RAK app lacks?' : 'Switch this app to restricted API keys?',
    );
    if (answer === 'cancelled') return { kind: 'cancelled' };
    if (answer === 'no') return { kind: 'declined' };
  }
  // The plan (and any answer) was for these bytes: a file saved meanwhile (during the question, or
  // the checks of the Stripe CLI) would be converted unseen, and a failed Stripe would then restore
  // the bytes from before, over the edit.
  if (!readBytes(manifestPath)?.equals(original)) return { kind: 'changed-since-planned', manifestPath };

  // From here the app is changed: a Ctrl-C lets this finish (or restore), then ends the run.
  return shielded(options.uninterruptible)(() =>
    applyConvert({ manifestPath, appDir, original, plan, view, ready, options }),
  );
}

/** Runs Stripe (unless finishing an interrupted convert) and adds the settings view. */
async function applyConvert(job: {
  manifestPath: string;
  appDir: string;
  original: Buffer;
  plan: ConvertPlan;
  view: ConvertView;
  /** Undefined when the manifest says restricted_api_key already: Stripe is not run. */
  ready: Extract<Preflight, { kind: 'ready' }> | undefined;
  options: ConvertOptions;
}): Promise<ConvertResult> {
  const { manifestPath, appDir, original, plan, view, ready, options } = job;

  // A manifest that is a link (`stripe-app.json -> prod.json`) stays one: the file it leads to is
  // what Stripe writes through, and what is restored.
  const link = linkAt(manifestPath);
  const asItWas = (): boolean => (link ? isLinkAsWas(manifestPath, link) : isRegularFile(manifestPath));
  // What Stripe left at the path is trusted for nothing: a link or a folder is replaced, not written
  // through, and the original bytes are kept until a complete copy is back in place.
  const restore = async (): Promise<boolean> => {
    const file = link?.target ?? manifestPath;
    const found = readBytes(file);
    if (asItWas() && found?.equals(original)) return false;
    // What is there now may be an edit made while Stripe ran, not only Stripe's own writing: it is
    // kept aside, never restored away unseen.
    const aside = found && !found.equals(original) ? saveCopy(file, found, 'replaced') : undefined;
    let restored = await restoreFile(file, original, kept);
    if (restored.ok && link && !isLinkAsWas(manifestPath, link)) restored = restoreLink(manifestPath, link);
    const shown = displayPath(manifestPath, options.cwd);
    if (!restored.ok) {
      if (restored.savedAt === kept) keepCopy = true;
      throw new UserError(
        `${shown} could not be restored after the Stripe CLI changed it (${restored.reason}).`,
        restored.savedAt
          ? `Its original bytes are saved in ${restored.savedAt}: copy that file back over ${shown}.`
          : 'Its original bytes could not be saved anywhere either: restore it from version control.',
      );
    }
    if (aside) {
      options.write(
        2,
        `rak-app: what ${shown} held when it was restored (the Stripe CLI's writing, or an edit made while it ran) is kept in ${displayPath(aside, options.cwd)}.\n`,
      );
    }
    if (restored.movedAside) {
      options.write(
        2,
        `rak-app: the Stripe CLI left a folder at ${shown}; it was moved to ${displayPath(restored.movedAside, options.cwd)}.\n`,
      );
    }
    return true;
  };

  // A complete copy of the manifest is kept before Stripe may change it, so that a restore that
  // cannot write (a full disk) never leaves the original bytes nowhere.
  const kept = ready === undefined ? undefined : saveCopy(manifestPath, original);
  // Set when a restore failed: the copy is then where the original bytes are.
  let keepCopy = false;
  if (ready !== undefined && kept === undefined) {
    throw new UserError(
      `${displayPath(manifestPath, options.cwd)}: no copy of it could be written (is the disk full?), so the Stripe CLI was not run; nothing was changed.`,
    );
  }
  try {
    return await runAndFinish();
  } finally {
    if (kept !== undefined && !keepCopy) {
      try {
        removeFile(kept);
      } catch {
        // Gone already.
      }
    }
  }

  async function runAndFinish(): Promise<ConvertResult> {
    if (ready !== undefined) {
      const run = await runStripeApps(ready, options, { args: SET_ARGS, cwd: appDir });
      if (run.kind === 'stopped') return { kind: 'stripe', stop: run.stop, restored: await restore() };
    }

    // A link or a folder where the manifest was is nothing rak-app edits: it is put back as it was.
    if (!asItWas()) {
      return {
        kind: 'not-applied',
        detail:
          link && isRegularFile(manifestPath)
            ? `the Stripe CLI reported success but replaced stripe-app.json, a link to ${link.text}, with a file of its own`
            : 'the Stripe CLI reported success but left a link or a folder where stripe-app.json was',
        restored: await restore(),
      };
    }
    // The Stripe CLI may rewrite the file (sorted keys, "extensions": null): that is fine, as long as
    // it is JSON and says restricted_api_key.
    let after: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(readText(manifestPath, manifestPath));
      after =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : undefined;
    } catch {
      after = undefined;
    }
    if (!after || !isRak(after)) {
      const now: unknown = after?.['stripe_api_access_type'];
      // As it was: the Stripe CLI did nothing (exit 4); another value is a change it made (exit 1).
      const unchanged =
        after !== undefined &&
        now === Reflect.get(Object(JSON.parse(original.toString('utf8'))), 'stripe_api_access_type');
      const detail = !after
        ? 'the Stripe CLI reported success but left stripe-app.json unreadable'
        : !unchanged
          ? `the Stripe CLI reported success but set stripe_api_access_type to ${now === undefined ? 'nothing' : JSON.stringify(now)}, not "restricted_api_key"`
          : now === undefined
            ? 'the Stripe CLI reported success but stripe-app.json still has no stripe_api_access_type'
            : `the Stripe CLI reported success but stripe-app.json still says ${JSON.stringify(now)} for stripe_api_access_type`;
      return { kind: 'not-applied', detail, restored: await restore(), didNothing: unchanged };
    }

    const created: string[] = [];
    if (hasOwnEdits(plan)) {
      try {
        if (plan.addSettingsView) {
          const file = join(appDir, plan.addSettingsView.file);
          makeFolder(dirname(file));
          // Never over a file the user has.
          createFile(file, settingsViewSource(plan.addSettingsView.component, String(after['name'] ?? 'your app')));
          created.push(file);
        }
        await editJsonFile(manifestPath, ownEdits(after, plan));
      } catch (error) {
        for (const f of created) removeFile(f);
        const restored = await restore();
        throw new UserError(
          `Could not add the settings view (${(error as Error).message}); ${restored ? 'stripe-app.json was restored as it was' : 'stripe-app.json is unchanged'}.`,
        );
      }
    }
    const name = relative(options.cwd, manifestPath) || 'stripe-app.json';
    return {
      kind: 'converted',
      view,
      created,
      written: unifiedDiff(name, original.toString('utf8'), readText(manifestPath, manifestPath), 3),
      check: check({ paths: [appDir], cwd: options.cwd }, nodeFileSystem, RULES),
    };
  }
}

/** The manifest change rak-app expects, computed on the text so format and key order show as kept. */
function manifestDiff(name: string, text: string, plan: ConvertPlan, manifest: Record<string, unknown>): string {
  const edits = [
    ...(plan.setsAccessType ? [{ path: ['stripe_api_access_type'], value: 'restricted_api_key' }] : []),
    ...ownEdits(manifest, plan),
  ];
  return unifiedDiff(name, text, applyJsonEdits(text, edits), 3);
}
