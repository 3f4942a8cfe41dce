/**
 * `rak-app upload`: the irreversible step. Check, plan, consent, then `stripe apps upload`; the
 * ledger records each upload that Stripe confirmed with its success line, and nothing else.
 */
import { dirname, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { whyNoQuestion } from '../adapters/io.js';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { jsonFile } from '../formatters/json.js';
import { formatStylish } from '../formatters/stylish.js';
import { formatDoctor } from '../views/doctor.js';
import { formatUploadPlan } from '../views/upload-plan.js';
import { plural } from '../words.js';
import * as prompts from '../adapters/prompts.js';
import {
  applyJsonEdits,
  landsOutside,
  makeFolder,
  nodeFileSystem,
  MAX_LEDGER_BYTES,
  pathKind,
  readText,
  whyUnwritable,
  writeFileAtomic,
} from '../adapters/files.js';
import type { Answer } from '../adapters/prompts.js';
import { quoteForShell } from '../words.js';
import { check } from '../core/check.js';
import { RULES } from '../rules/index.js';
import { displayPath, placedIn, printable } from '../core/source-file.js';
import type { DoctorReport } from '../core/doctor.js';
import type { CheckResult } from '../core/finding.js';
import { withManifestRead } from '../core/file-system.js';
import { LEDGER_FILE, type LedgerEntry, newLedger, readLedger } from '../core/ledger.js';
import {
  credentialsFor,
  credentialsIdentity,
  contentDigest,
  judgeAgainstLedger,
  manifestContent,
  planUpload,
  UPLOAD_ARGS,
  type UploadPlan,
} from '../core/upload.js';
import type { CommandContext } from '../command.js';
import { isUserError, UserError } from '../errors.js';
import { resultDocument, usageErrorDocument } from '../result-document.js';
import type { Outcome } from '../exit-codes.js';
import { resolveAppManifest } from '../app-manifest.js';
import { withStripeNamedHere } from '../stripe/named-here.js';
import { type StripeCommandOptions, stripeCommandOptions, withStripeOptions } from '../stripe/options.js';
import {
  preflight,
  runStripeApps,
  type StripeStop,
  shielded,
  stopReport,
  stripeAsTyped,
  withAppLock,
} from '../stripe/run.js';

/** --expect-digest: the 64 hex digits rak-app printed, in either case (as a tool may have changed it). */
function parseDigest(value: string): string {
  if (!/^[0-9a-f]{64}$/i.test(value))
    throw new UserError(`--expect-digest takes the 64 hex digits rak-app printed; got "${value}".`);
  return value.toLowerCase();
}

export function register(
  command: Command,
  { io, color, finish, uninterruptible, interrupted, version }: CommandContext,
): void {
  withStripeOptions(
    command
      .description(
        'Check the app, show what the upload makes permanent, ask, then run `stripe apps upload` and record it in ' +
          '.rak-app/uploads.json beside the manifest.',
      )
      .argument('[path]', 'the app folder or its stripe-app.json (default: .)')
      .option('--dry-run', 'show the plan and its digest, upload nothing')
      .option('-y, --yes', 'upload without asking (also RAK_APP_YES=1); needed without a terminal or in CI')
      .option(
        '--expect-digest <sha256>',
        "upload only if the plan's digest is this one (the plan you reviewed)",
        parseDigest,
      )
      .option(
        '--skip-duplicate',
        'a version already uploaded is skipped with exit 0 instead of refused (not when the manifest changed since)',
      )
      .option('--json', 'print one result document: status, reason, digest, next commands'),
    // rak-app answers Stripe's proceed question itself, so stripe never has the terminal.
    { what: 'prints nothing', seconds: 120, when: 'with or without a terminal' },
  ).action(async (path, options) => {
    const json = options.json === true;
    const painter = await createPainter(!json && (color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env)));
    const running = uploadCommand({
      path,
      dryRun: options.dryRun === true,
      yes: options.yes === true || io.env['RAK_APP_YES'] === '1',
      expectDigest: options.expectDigest,
      skipDuplicate: options.skipDuplicate === true,
      // With --json, standard output is the result document alone: Stripe's output goes to stderr.
      ...stripeCommandOptions(options, io, json ? { ...io, stdout: io.stderr } : io),
      present: (plan) => (json ? undefined : io.stdout.write(formatUploadPlan(plan, painter))),
      noteLocal: (local) => {
        const problems = [
          ...local.files.filter((f) => f.findings.some((x) => x.severity === 'error')).map((f) => f.path),
          ...(local.inputErrors ?? []).map((e) => e.path),
        ];
        io.stderr.write(
          `rak-app: local manifests are not uploaded, so their problems do not block it: ${problems.join(', ')} ` +
            '(`rak-app check` on the app folder shows them).\n',
        );
      },
      askToTypeId: (appId) =>
        prompts.typeToConfirm(`This is the first upload of ${appId}. Type its id to upload it:`, appId),
      askYesNo: (question) => prompts.confirm(question, false),
      now: () => new Date(),
      uninterruptible,
    });
    let result: UploadResult;
    try {
      result = await running;
    } catch (error) {
      // --json always prints its document, whatever ended the run.
      if (!json || !isUserError(error)) throw error;
      io.stdout.write(usageErrorDocument('upload', error, { digest: null, plan: null }));
      finish('usage');
      return;
    }
    const described = describeUpload(result, options.promptTimeout, io.cwd, path, whyNoQuestion(io));
    // A signal the upload was let finish through ends the run with 130 all the same: said here too.
    const report =
      interrupted() && described.code !== 'interrupted'
        ? {
            ...described,
            reason: `${described.reason} Interrupted while it ran; what it came to is above, and the run ends with exit 130.`,
            code: 'interrupted' as const,
          }
        : described;
    if (json) {
      const plan = 'plan' in result ? result.plan : undefined;
      const { status, reason, next, code: outcome } = report;
      io.stdout.write(
        resultDocument(
          { command: 'upload', outcome, status, reason, next },
          {
            digest: plan?.digest ?? null,
            plan: plan ?? null,
            // The entry to add by hand, for a script to add it.
            ...(result.kind === 'unrecorded' ||
            ((result.kind === 'stripe' || result.kind === 'unconfirmed') && result.entry)
              ? { entry: result.entry }
              : {}),
            // What stopped it, as `check --json` reports it: no other part of this document says.
            ...(result.kind === 'check-failed'
              ? {
                  files: (
                    await withStripeNamedHere(result.check, { env: io.env, cwd: io.cwd, stripe: options.stripe })
                  ).files.map(jsonFile(version)),
                }
              : {}),
          },
        ),
      );
    } else {
      if (result.kind === 'check-failed')
        io.stdout.write(
          formatStylish(
            await withStripeNamedHere(result.check, { env: io.env, cwd: io.cwd, stripe: options.stripe }),
            painter,
          ),
        );
      const blockers = result.kind === 'environment' || result.kind === 'dry-run' ? result.report : undefined;
      if (blockers) io.stderr.write(formatDoctor(blockers, painter));
      const next = report.next.length > 0 ? `  next: ${report.next.map(printable).join('\n        ')}\n` : '';
      (report.code === 'ok' ? io.stdout : io.stderr).write(
        // The reason quotes the manifest (its id and version) and the ledger: shown escaped.
        `${report.code === 'ok' ? '' : 'rak-app: '}${printable(report.reason)}\n${next}`,
      );
    }
    finish(report.code);
  });
}

type UploadStatus = 'uploaded' | 'skipped' | 'dry-run' | 'confirmation-required' | 'blocked' | 'failed' | 'interrupted';

/** A status for machines, a reason for people, the commands to run next, and the outcome. */
function describeUpload(
  result: UploadResult,
  promptTimeoutSeconds: number,
  cwd: string,
  /** The app folder as the user gave it: every next command names it, to work pasted where they ran this. */
  path: string | undefined,
  /** Why rak-app could not ask, in words. */
  whyNotAsked: string,
): { status: UploadStatus; reason: string; next: string[]; code: Outcome } {
  const at = path === undefined ? '' : ` ${quoteForShell(path)}`;
  switch (result.kind) {
    case 'check-failed': {
      // A manifest that could not be read (not UTF-8, too large) has no findings: what stopped it is said.
      const unread = result.check.inputErrors ?? [];
      if (unread.length > 0)
        return {
          status: 'blocked',
          reason: `${unread.map((e) => placedIn(e.path, e.message)).join(' ')} Nothing was uploaded.`,
          next: [],
          code: 'usage',
        };
      return {
        status: 'blocked',
        reason: `The app has ${plural(result.check.errorCount, 'error')}; nothing was uploaded.`,
        next: [`rak-app check${at}`],
        code: 'failure',
      };
    }
    case 'ledger-invalid':
      return {
        status: 'blocked',
        reason: `${result.path}:${result.line}:${result.column}: the upload ledger is not valid (${result.message}); rak-app does not rewrite it. Fix it by hand (or restore it from version control).`,
        next: [],
        code: 'usage',
      };
    case 'duplicate': {
      const uncertain = result.entry.uncertain
        ? ` The ledger records it as "uncertain" (${result.entry.uncertain}): check the version in the Dashboard's version history.`
        : '';
      if (result.skipped)
        return {
          status: 'skipped',
          reason: `Version ${result.plan.version} of ${result.plan.appId} was uploaded on ${result.entry.uploadedAt}; skipped.${uncertain}`,
          next: [],
          code: 'ok',
        };
      const manifest = displayPath(result.manifestPath, cwd);
      return result.changed
        ? {
            status: 'blocked',
            reason: `Version ${result.plan.version} of ${result.plan.appId} was uploaded on ${result.entry.uploadedAt} (${displayPath(result.ledgerPath, cwd)}), but ${manifest} has changed since: Stripe does not take a version twice, so this change would never be uploaded. Bump "version" in ${manifest}.`,
            next: [],
            code: 'failure',
          }
        : {
            status: 'blocked',
            reason: `Version ${result.plan.version} of ${result.plan.appId} was already uploaded on ${result.entry.uploadedAt} (${displayPath(result.ledgerPath, cwd)}): Stripe does not take a version twice. Bump "version" in ${manifest}.`,
            next: [`rak-app upload${at} --skip-duplicate`],
            code: 'failure',
          };
    }
    case 'access-type-changed':
      return {
        status: 'blocked',
        reason: `${result.plan.appId} was uploaded as a RAK app on ${result.entry.uploadedAt}, and "after you upload your RAK app, you can't change the API authentication method": stripe_api_access_type must stay "restricted_api_key" (it is now "${result.plan.accessType}").`,
        next: [],
        code: 'failure',
      };
    case 'dry-run':
      if (result.report) {
        return {
          status: 'blocked',
          // The digest covers the credentials, so a login changes it: the next dry run gives the one to use.
          reason: `Dry run: nothing was uploaded. The Stripe CLI cannot upload from here yet: fix what is marked ✖ first, then run the dry run again for the plan's digest.`,
          next: [
            ...result.report.checks.flatMap((c) => c.run ?? []).filter((step, i, all) => all.indexOf(step) === i),
            `rak-app upload${at} --dry-run`,
          ],
          code: 'stripe',
        };
      }
      return {
        status: 'dry-run',
        reason: `Dry run: nothing was uploaded. Plan digest ${result.plan.digest}${result.digestMatched ? ', the one --expect-digest gave' : ''}.`,
        next: [`rak-app upload${at} --yes --expect-digest ${result.plan.digest}`],
        code: 'ok',
      };
    case 'digest-mismatch':
      return {
        status: 'confirmation-required',
        reason: `The plan changed since it was reviewed: its digest is now ${result.plan.digest}, not ${result.expected}. Nothing was uploaded.`,
        // Review the new plan first: its digest as the next step would be consent to what nobody read.
        next: [`rak-app upload${at} --dry-run`],
        code: 'consent',
      };
    case 'consent-needed':
      return {
        status: 'confirmation-required',
        reason: `rak-app cannot ask here (${whyNotAsked}), so it uploads only when told to: pass --yes (or set RAK_APP_YES=1), or --expect-digest with the digest you reviewed.`,
        next: [`rak-app upload${at} --yes --expect-digest ${result.plan.digest}`],
        code: 'consent',
      };
    case 'declined':
      return { status: 'failed', reason: 'Upload cancelled.', next: [], code: 'failure' };
    case 'id-mismatch':
      return {
        status: 'failed',
        reason: `What was typed did not match the app id, ${result.plan.appId}; nothing was uploaded.`,
        next: [],
        code: 'failure',
      };
    case 'cancelled':
      return { status: 'interrupted', reason: 'Upload cancelled.', next: [], code: 'interrupted' };
    case 'environment':
      return {
        status: 'blocked',
        reason: 'The Stripe CLI cannot upload from here yet; nothing was uploaded.',
        next: result.report.checks.flatMap((c) => c.run ?? []).filter((step, i, all) => all.indexOf(step) === i),
        code: 'stripe',
      };
    case 'stripe': {
      const { message, hint, next, outcome } = stopReport(result.stop, promptTimeoutSeconds);
      const kind = result.stop.outcome.kind;
      if (result.entry)
        // Told to proceed, then stopped before the success line: whether Stripe has the version is
        // not known here, and running the upload again (by rak-app or by hand) is not the next step.
        return {
          status: 'failed',
          reason: `${message} ${mayHaveUploaded(result.plan, result.ledgerName, result.entry)}`,
          next: [],
          code: outcome,
        };
      return {
        status: kind === 'failed' || kind === 'interrupted' ? 'failed' : 'blocked',
        reason: `${message} ${hint} Nothing was recorded in ${result.ledgerName}.`,
        next,
        code: outcome,
      };
    }
    case 'changed-after-consent':
      return {
        status: 'failed',
        reason: `stripe-app.json changed after you consented to digest ${result.plan.digest}; Stripe was told not to proceed, and nothing was uploaded or recorded.`,
        next: [`rak-app upload${at} --dry-run`],
        code: 'failure',
      };
    case 'uploaded-uncertain':
      if (result.entry.uncertain === 'stripe-did-not-ask')
        return {
          status: 'uploaded',
          reason: `Stripe printed that it uploaded ${result.plan.appId} ${result.plan.version} without asking to proceed, which it always has. The upload is recorded in ${displayPath(result.ledgerPath, cwd)} with "uncertain": check the version in the Dashboard's version history.`,
          next: [`git add ${displayPath(result.ledgerPath, cwd)}`],
          code: 'failure',
        };
      if (result.unfinished)
        return {
          status: 'uploaded',
          reason: `Stripe printed that it uploaded ${result.plan.appId} ${result.plan.version}, then ${howItEnded(result.unfinished, promptTimeoutSeconds)}. The upload is recorded in ${displayPath(result.ledgerPath, cwd)} with "uncertain": check the version in the Dashboard's version history.`,
          next: [`git add ${displayPath(result.ledgerPath, cwd)}`],
          code: result.unfinished.outcome.kind === 'interrupted' ? 'interrupted' : 'failure',
        };
      return {
        status: 'uploaded',
        reason: `Stripe uploaded ${result.plan.appId}, but stripe-app.json changed while it ran, so what it read may not be version ${result.plan.version} as you consented to it (digest ${result.plan.digest}). Recorded in ${displayPath(result.ledgerPath, cwd)} with "uncertain": check the version in the Dashboard's version history.`,
        next: [`git add ${displayPath(result.ledgerPath, cwd)}`],
        code: 'failure',
      };
    case 'unconfirmed':
      return result.entry
        ? {
            status: 'failed',
            reason: `${result.command} exited 0 but never printed its success line ("✔ Uploaded …"), so rak-app cannot tell whether an upload happened. ${mayHaveUploaded(result.plan, result.ledgerName, result.entry)}`,
            next: [],
            code: 'stripe',
          }
        : result.refused
          ? {
              status: 'failed',
              reason: `${result.command} asked to proceed as the run was being stopped, and rak-app answered n; it exited 0 without its success line, so no upload happened, and nothing was recorded.`,
              next: [],
              code: 'stripe',
            }
          : {
              status: 'failed',
              reason: `${result.command} exited 0 without asking to proceed, so no upload happened; nothing was recorded. Its apps plugin may be unable to start: run rak-app doctor.`,
              next: ['rak-app doctor'],
              code: 'stripe',
            };
    case 'unrecorded':
      return {
        status: 'uploaded',
        reason: `Uploaded ${result.plan.appId} ${result.plan.version}, but it could not be recorded in ${result.ledgerName}: ${result.why}. Add this entry to its "uploads" list by hand, so that rak-app refuses this version next time: ${JSON.stringify(result.entry)}`,
        next: [],
        code: 'usage',
      };
    case 'uploaded':
      return {
        status: 'uploaded',
        reason: `Uploaded ${result.plan.appId} ${result.plan.version}; recorded in ${displayPath(result.ledgerPath, cwd)}.`,
        next: [`git add ${displayPath(result.ledgerPath, cwd)}`],
        code: 'ok',
      };
  }
}

/**
 * What to do about an upload Stripe was told to proceed with and never confirmed: the Dashboard
 * first, then the entry to add by hand.
 */
function mayHaveUploaded(plan: UploadPlan, ledgerName: string, entry: LedgerEntry): string {
  return `Stripe had been told to proceed, so version ${plan.version} of ${plan.appId} may have been uploaded; nothing was recorded in ${ledgerName}. Look for it in the app's version history in the Dashboard before you run this again. If it is there, bump "version" in stripe-app.json, and add this entry to the "uploads" list of ${ledgerName} by hand: ${JSON.stringify(entry)}`;
}

/** What Stripe did after its success line, for a run that then did not finish. */
function howItEnded(stop: StripeStop, promptTimeoutSeconds: number): string {
  const outcome = stop.outcome;
  switch (outcome.kind) {
    case 'failed':
      return outcome.exitCode === undefined ? 'was killed' : `exited with code ${outcome.exitCode}`;
    case 'interrupted':
      return `was interrupted (${outcome.signal})`;
    case 'not-logged-in':
      return 'asked to log in, and rak-app stopped it';
    case 'plugin-missing':
      return 'said its apps plugin cannot run, and rak-app stopped it';
    case 'prompt-blocked':
      return outcome.reason === 'too-long'
        ? `ran on past --stripe-timeout (${outcome.seconds} s), and rak-app stopped it`
        : outcome.reason === 'silent'
          ? `printed nothing for ${promptTimeoutSeconds} s, and rak-app stopped it`
          : `asked ${JSON.stringify(outcome.prompt.trim())}, and rak-app stopped it`;
    default:
      return 'stopped';
  }
}

export interface UploadOptions extends StripeCommandOptions {
  /** The app folder or its stripe-app.json; default: cwd. */
  path?: string;
  cwd: string;
  dryRun: boolean;
  /** Consent given up front (--yes, RAK_APP_YES=1). */
  yes: boolean;
  /** Consent to exactly this plan: refuse if the plan's digest differs. */
  expectDigest?: string;
  /** A version already in the ledger is skipped (exit 0) instead of refused. */
  skipDuplicate: boolean;
  present: (plan: UploadPlan) => void;
  /** Told of problems in local manifests, which are not uploaded and so do not block. */
  noteLocal?: (check: CheckResult) => void;
  /** At a terminal: the first upload of an app is confirmed by typing its id. */
  askToTypeId: (appId: string) => Promise<Answer | 'mismatch'>;
  /** Runs the upload and its record so that a Ctrl-C lets them finish (from src/cli.ts). */
  uninterruptible?: <T>(work: () => Promise<T>) => Promise<T>;
  /** At a terminal: later uploads are a yes/no question whose default is no. */
  askYesNo: (question: string) => Promise<Answer>;
  now: () => Date;
}

export type UploadResult =
  | { kind: 'check-failed'; check: CheckResult }
  | { kind: 'ledger-invalid'; path: string; line: number; column: number; message: string }
  | {
      kind: 'duplicate';
      plan: UploadPlan;
      entry: LedgerEntry;
      skipped: boolean;
      /** The manifest is not the one uploaded as this version. */
      changed: boolean;
      ledgerPath: string;
      manifestPath: string;
    }
  | { kind: 'access-type-changed'; plan: UploadPlan; entry: LedgerEntry }
  | { kind: 'dry-run'; plan: UploadPlan; report?: DoctorReport; digestMatched?: boolean }
  | { kind: 'digest-mismatch'; plan: UploadPlan; expected: string }
  | { kind: 'consent-needed'; plan: UploadPlan }
  | { kind: 'declined'; plan: UploadPlan }
  /** The id typed at the first-upload question did not match, three times. */
  | { kind: 'id-mismatch'; plan: UploadPlan }
  | { kind: 'cancelled'; plan: UploadPlan }
  | { kind: 'environment'; plan: UploadPlan; report: DoctorReport }
  /**
   * Stripe stopped before its success line. `entry` when it was cut short after being told to
   * proceed, so may have uploaded: the entry to add by hand if the Dashboard shows the version.
   */
  | { kind: 'stripe'; plan: UploadPlan; stop: StripeStop; ledgerName: string; entry?: LedgerEntry }
  | { kind: 'uploaded'; plan: UploadPlan; entry: LedgerEntry; ledgerPath: string }
  /**
   * Stripe confirmed the upload, but the manifest changed while it ran, or Stripe did not finish
   * after its success line (`unfinished`: it hung, failed or was interrupted): recorded, flagged.
   */
  | { kind: 'uploaded-uncertain'; plan: UploadPlan; entry: LedgerEntry; ledgerPath: string; unfinished?: StripeStop }
  /** Stripe confirmed the upload, and the ledger could not be written after all (a full disk). */
  | { kind: 'unrecorded'; plan: UploadPlan; entry: LedgerEntry; ledgerName: string; why: string }
  /**
   * Stripe exited 0 without its success line. `entry` when it had been told to proceed, so may have
   * uploaded: the entry to add by hand if the Dashboard shows the version.
   */
  | {
      kind: 'unconfirmed';
      plan: UploadPlan;
      command: string;
      ledgerName: string;
      /** Stripe asked to proceed and was told no. */
      refused: boolean;
      entry?: LedgerEntry;
    }
  /** The manifest changed after consent, before Stripe asked to proceed: Stripe was told no. */
  | { kind: 'changed-after-consent'; plan: UploadPlan };

/** The entries of a ledger read before, under the lock; it was valid then, and only rak-app adds to it. */
function readLedgerEntries(text: string): LedgerEntry[] {
  const read = readLedger(text);
  if (!read.ok)
    throw new UserError(`the upload ledger became ${read.message} at ${read.line}:${read.column} during the upload`);
  return read.entries;
}

/**
 * Stripe's line for a finished upload of this app: `✔ Uploaded <name>` (stripe-apps#403, #69), or the
 * wording a Stripe skill quotes, `Your app has been uploaded to version …`. Anchored, and naming the
 * app: a line that only mentions an upload, or another app's, is not one. Lines are read one by one,
 * so a name with a line break in it (JSON's "\n") is matched by its first line.
 */
const uploaded = (name: string): RegExp =>
  new RegExp(
    `^\\s*(?:✔\\s*)?Uploaded ${name.split(/\r\n|[\r\n]/)[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$|^\\s*Your app has been uploaded\\b`,
  );

/** How a crash of Stripe's plugin reads (stripe-apps#780; a gRPC transport error): after it, nothing is known. */
const CRASH =
  'plugin process exited|unexpected EOF|rpc error: code = (?:Unavailable|Canceled)|error reading from server';
const STRIPE_CRASHED = new RegExp(CRASH, 'i');

/**
 * How Stripe says a step of the upload failed: `× Failed to …` (`× Failed to upload X`, `× Failed
 * to register X` after `✔ Uploaded X`, `×  Failed to compile scripts …`: stripe-apps#221, #69,
 * #1009), an API error it prints whole (`Request failed, status=500`, #267), its own `Error: …`
 * (`Error: found violation for connect-src …`, #1029), or a version taken before. Not a crash
 * (STRIPE_CRASHED), which may have uploaded; nor any other line marked ✖, which a build's or an
 * update check's warning may be.
 */
const STRIPE_FAILED = new RegExp(
  String.raw`^\s*[×✗✖]\s*Failed to\b|^\s*Request failed, status=\d{3}\b|^\s*Error: (?!.*(?:${CRASH}))|\bVersion already exists\b`,
  'i',
);

/** Stripe's own "proceed" question, in both wordings seen (stripe-apps#403, #780). */
const PROCEED = /Do you want to proceed|Would you like to proceed/i;

export async function uploadCommand(options: UploadOptions): Promise<UploadResult> {
  const manifestPath = resolveAppManifest(options.cwd, options.path, 'upload');
  // From the check to the ledger entry, no other rak-app changes this app or its ledger.
  // Named as it runs: a dry run that was killed holding the lock uploaded nothing, and is not warned of.
  return withAppLock(
    manifestPath,
    options.dryRun ? 'upload --dry-run' : 'upload',
    options,
    () => uploadLocked(manifestPath, options),
    options.dryRun,
  );
}

async function uploadLocked(manifestPath: string, options: UploadOptions): Promise<UploadResult> {
  const appDir = dirname(manifestPath);

  // 1. The check of what is uploaded: any error stops the upload, and no flag changes that. Local
  // manifests (stripe-app.<name>.json) are never uploaded: their problems are shown, not blocking.
  // The manifest is read once: the bytes checked are the bytes planned and consented to (a save
  // while rak-app asks `stripe --version` would otherwise be uploaded unchecked).
  const snapshot = nodeFileSystem.readManifest(manifestPath);
  const files = withManifestRead(nodeFileSystem, manifestPath, snapshot);
  const checked = check({ paths: [manifestPath], cwd: options.cwd }, files, RULES);
  if (checked.errorCount > 0 || (checked.inputErrors ?? []).length > 0 || !snapshot.ok)
    return { kind: 'check-failed', check: checked };
  const whole = check({ paths: [appDir], cwd: options.cwd }, files, RULES);
  const local = { ...whole, files: whole.files.filter((f) => !checked.files.some((c) => c.path === f.path)) };
  if (local.errorCount > checked.errorCount || (local.inputErrors ?? []).length > 0) options.noteLocal?.(local);

  const ledgerPath = join(appDir, LEDGER_FILE);
  const ledgerName = displayPath(ledgerPath, options.cwd);
  // The upload cannot be undone, so a ledger that could not be written afterwards is found now.
  const outside = landsOutside(ledgerPath, appDir);
  if (outside) {
    throw new UserError(
      `${ledgerName} leads outside the app folder (to ${outside}) through a link; rak-app does not write there, so nothing was uploaded.`,
      'Make .rak-app a folder of the app, holding uploads.json.',
    );
  }
  const ledgerProblem = whyUnwritable(ledgerPath);
  if (ledgerProblem) {
    throw new UserError(
      `${ledgerName} cannot be written (${ledgerProblem}), so this upload could not be recorded; nothing was uploaded.`,
    );
  }
  const readLedgerText = (): string | undefined =>
    pathKind(ledgerPath) === 'missing'
      ? undefined
      : readText(ledgerPath, ledgerName, MAX_LEDGER_BYTES, 'the upload ledger');
  const ledgerText = readLedgerText();
  const ledger = readLedger(ledgerText);
  if (!ledger.ok)
    return {
      kind: 'ledger-invalid',
      path: ledgerName,
      line: ledger.line,
      column: ledger.column,
      message: ledger.message,
    };

  // 2. The plan, with the credentials Stripe will use (an API key in the environment stands in for a
  // login: doctor's check says so); everything else must be in place before the upload (checked after consent).
  const ready = await preflight(options);
  const { facts } = ready;
  const bytes = Buffer.from(snapshot.text, 'utf8');
  const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const login =
    facts.login.kind === 'found'
      ? {
          profile: facts.login.profile.name,
          account: facts.login.profile.displayName ?? facts.login.profile.accountId ?? '',
        }
      : undefined;
  const identity = credentialsIdentity(
    facts.apiKeyFromEnv,
    facts.login.kind === 'found' && facts.login.profile.accountId
      ? { profile: facts.login.profile.name, accountId: facts.login.profile.accountId }
      : undefined,
  );
  const warnings = checked.files
    .flatMap((f) => f.findings)
    .filter((f) => f.severity !== 'error')
    .map((f) => ({
      ruleId: f.ruleId,
      ...(f.messageId !== undefined ? { messageId: f.messageId } : {}),
      message: f.message,
      line: f.line,
      column: f.column,
    }));
  const plan = planUpload(
    manifest,
    bytes,
    ledger.entries,
    credentialsFor(facts.apiKeyFromEnv, login),
    identity,
    warnings,
    facts.stripeCommand,
  );

  const content = contentDigest(snapshot.text);
  const verdict = judgeAgainstLedger(plan, ledger.entries, content);
  if (verdict.kind === 'access-type-changed') return { kind: 'access-type-changed', plan, entry: verdict.entry };
  // A re-run of an upload is skipped; a change made without a new version never is: Stripe would
  // refuse the version, and a green run would leave the change unuploaded.
  if (verdict.kind === 'duplicate')
    return {
      kind: 'duplicate',
      plan,
      entry: verdict.entry,
      skipped: options.skipDuplicate && !verdict.changed,
      changed: verdict.changed,
      ledgerPath,
      manifestPath,
    };

  options.present(plan);
  // A dry run says what would stop the upload too: every blocker up front. Given a digest, it says
  // whether the plan is still the one reviewed, as the upload would.
  const mismatch = options.expectDigest !== undefined && options.expectDigest !== plan.digest;
  if (options.dryRun && ready.kind === 'blocked') return { kind: 'dry-run', plan, report: ready.report };
  if (options.dryRun && mismatch) return { kind: 'digest-mismatch', plan, expected: options.expectDigest as string };
  if (options.dryRun) return { kind: 'dry-run', plan, ...(options.expectDigest ? { digestMatched: true } : {}) };

  // What would stop the upload is said before consent is asked for: a --yes that could not work
  // anyway is never suggested.
  if (ready.kind === 'blocked') return { kind: 'environment', plan, report: ready.report };

  // 3. Consent.
  if (mismatch) return { kind: 'digest-mismatch', plan, expected: options.expectDigest as string };
  if (!options.yes && options.expectDigest === undefined) {
    if (!options.interactive) return { kind: 'consent-needed', plan };
    const answer = plan.firstUpload
      ? await options.askToTypeId(plan.appId)
      : await options.askYesNo(`Upload ${plan.appId} ${plan.version}?`);
    if (answer === 'cancelled') return { kind: 'cancelled', plan };
    if (answer === 'no') return { kind: 'declined', plan };
    if (answer === 'mismatch') return { kind: 'id-mismatch', plan };
  }

  // The manifest consented to is the one uploaded and recorded: if it changed since the plan, Stripe
  // is told no, and nothing is recorded.
  const reviewed = manifestContent(bytes.toString('utf8'));
  const stillAsReviewed = (): boolean => {
    try {
      return manifestContent(readText(manifestPath, manifestPath)) === reviewed;
    } catch {
      return false;
    }
  };
  let changedAfterConsent = false;
  const proceed = (): string => {
    if (stillAsReviewed()) return 'y';
    changedAfterConsent = true;
    return 'n';
  };

  const entryFor = (plan: UploadPlan): LedgerEntry => ({
    appId: plan.appId,
    version: plan.version,
    accessType: plan.accessType,
    digest: plan.digest,
    uploadedAt: options.now().toISOString(),
    permissions: plan.permissions,
    contentDigest: content,
  });

  // 4. The upload, and its record. A Ctrl-C from here lets the upload end (stripe gets it too) and what
  // it came to be recorded, then ends the run.
  return shielded(options.uninterruptible)(async (): Promise<UploadResult> => {
    const run = await runStripeApps(ready, options, {
      args: UPLOAD_ARGS,
      cwd: appDir,
      // One consent: the user gave it to rak-app's plan (or --yes), so Stripe's "proceed" question
      // is answered here, at a terminal too; any other question still stops the run, explained.
      interactive: false,
      answers: [{ label: 'proceed', prompt: PROCEED, answer: proceed, refusal: 'n' }],
      successLine: uploaded(plan.name),
      failureLine: STRIPE_FAILED,
    });
    // An upload happened when Stripe, asked to proceed and answered, printed its success line. Exit 0
    // alone proves nothing: the real CLI exits 0 when its plugin cannot start. A run stopped after
    // the success line (it then hung, failed or was interrupted) uploaded all the same, and so did a
    // Stripe that printed it after being told no.
    const progress =
      run.kind === 'ok'
        ? { answered: run.outcome.answered ?? [], sawSuccess: run.outcome.sawSuccess === true }
        : 'progress' in run.stop.outcome
          ? run.stop.outcome.progress
          : undefined;
    const toldYes = progress?.answered.some((a) => a.label === 'proceed' && a.answer === 'y') === true;
    const asked = progress?.answered.some((a) => a.label === 'proceed') === true;
    if (!progress?.sawSuccess) {
      if (changedAfterConsent) return { kind: 'changed-after-consent', plan };
      if (run.kind === 'ok')
        return {
          kind: 'unconfirmed',
          plan,
          command: `${stripeAsTyped(ready)} ${UPLOAD_ARGS.join(' ')}`,
          ledgerName,
          // Asked and told no (the run was being stopped): no upload, and not the plugin's failing to start.
          refused: asked && !toldYes,
          // Told to proceed, it may have uploaded (its success line worded anew, say): the entry to add if so.
          ...(toldYes ? { entry: entryFor(plan) } : {}),
        };
      // Cut short after the yes (by rak-app, a signal, or a crash: stripe-apps#780's plugin "exited"),
      // Stripe may have uploaded; one that said a step failed (`× Failed to compile scripts`,
      // `Version already exists`) did not, unless its success line came too, or the failure's order
      // or a crash after it leaves that unknown: then the Dashboard says, not rak-app.
      const outcome = run.stop.outcome;
      const saidItFailed =
        outcome.kind === 'failed' &&
        outcome.reported !== undefined &&
        !outcome.uncertain &&
        // A crash after the failure (Stripe went on, then its plugin died) leaves it unknown too.
        !STRIPE_CRASHED.test(outcome.output.slice(Math.max(0, outcome.output.lastIndexOf(outcome.reported))));
      const mayHaveUploaded = toldYes && !saidItFailed;
      return {
        kind: 'stripe',
        plan,
        stop: run.stop,
        ledgerName,
        ...(mayHaveUploaded ? { entry: entryFor(plan) } : {}),
      };
    }
    const unfinished = run.kind === 'stopped' ? run.stop : undefined;
    // Stripe confirmed: the upload happened, and is recorded whatever else is uncertain.
    // Stripe's success line without its question (a flow rak-app does not know) is an upload too.
    const uncertain = unfinished
      ? ('stripe-did-not-finish' as const)
      : !asked
        ? ('stripe-did-not-ask' as const)
        : !changedAfterConsent && stillAsReviewed()
          ? undefined
          : ('manifest-changed-during-upload' as const);
    const entry: LedgerEntry = { ...entryFor(plan), ...(uncertain ? { uncertain } : {}) };
    try {
      makeFolder(dirname(ledgerPath));
      // Re-read under the lock: the entry is added to the ledger as it is, keeping every other field.
      const current = readLedgerText();
      const text =
        current === undefined
          ? newLedger(entry)
          : applyJsonEdits(current, [{ path: ['uploads', readLedgerEntries(current).length], value: entry }]);
      await writeFileAtomic(ledgerPath, text);
    } catch (e) {
      // Found writable before the upload, and failed since (a full disk, say): the upload stands.
      return {
        kind: 'unrecorded',
        plan,
        entry,
        ledgerName,
        why: whyUnwritable(ledgerPath) ?? (e as Error).message,
      };
    }
    if (uncertain)
      return { kind: 'uploaded-uncertain', plan, entry, ledgerPath, ...(unfinished ? { unfinished } : {}) };
    return { kind: 'uploaded', plan, entry, ledgerPath };
  });
}
