/**
 * `rak-app upload`: the irreversible step. Check, plan, consent, then `stripe apps upload`; the
 * ledger records each upload that Stripe confirmed with exit code 0, and nothing else.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeFileSystem, whyUnwritable, writeFileAtomic } from '../adapters/files.js';
import type { Answer } from '../adapters/prompts.js';
import { runStripe, type StripeOutcome } from '../adapters/stripe-cli.js';
import { check } from '../core/check.js';
import { displayPath } from '../core/source-file.js';
import type { DoctorReport } from '../core/doctor.js';
import type { CheckResult } from '../core/finding.js';
import { appendToLedger, type LedgerEntry, readLedger } from '../core/ledger.js';
import { credentialsFor, judgeAgainstLedger, planUpload, UPLOAD_ARGS, type UploadPlan } from '../core/upload.js';
import { UserError } from '../errors.js';
import { resolveAppManifest } from './app-manifest.js';
import { preflight, type StripeCommandOptions } from './doctor.js';

export const LEDGER_FILE = join('.rak-app', 'uploads.json');

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
  /** At a terminal: the first upload of an app is confirmed by typing its id. */
  askToTypeId: (appId: string) => Promise<Answer>;
  /** At a terminal: later uploads are a yes/no question whose default is no. */
  askYesNo: (question: string) => Promise<Answer>;
  now: () => Date;
}

export type UploadResult =
  | { kind: 'check-failed'; check: CheckResult }
  | { kind: 'ledger-invalid'; path: string; line: number; column: number; message: string }
  | { kind: 'duplicate'; plan: UploadPlan; entry: LedgerEntry; skipped: boolean }
  | { kind: 'access-type-changed'; plan: UploadPlan; entry: LedgerEntry }
  | { kind: 'dry-run'; plan: UploadPlan }
  | { kind: 'digest-mismatch'; plan: UploadPlan; expected: string }
  | { kind: 'consent-needed'; plan: UploadPlan }
  | { kind: 'declined'; plan: UploadPlan }
  | { kind: 'cancelled'; plan: UploadPlan }
  | { kind: 'environment'; plan: UploadPlan; report: DoctorReport }
  | { kind: 'stripe'; plan: UploadPlan; outcome: Exclude<StripeOutcome, { kind: 'ok' }>; command: string }
  | { kind: 'uploaded'; plan: UploadPlan; entry: LedgerEntry; ledgerPath: string };

/** Stripe's own "proceed" question, in both wordings seen (stripe-apps#403, #780). */
const PROCEED = /Do you want to proceed|Would you like to proceed/i;

export async function uploadCommand(options: UploadOptions): Promise<UploadResult> {
  const manifestPath = resolveAppManifest(options.cwd, options.path, 'upload');
  const appDir = dirname(manifestPath);

  // 1. The whole check: any error stops the upload, and no flag changes that.
  const checked = check({ paths: [appDir], cwd: options.cwd }, nodeFileSystem);
  if (checked.errorCount > 0) return { kind: 'check-failed', check: checked };

  const ledgerPath = join(appDir, LEDGER_FILE);
  const ledgerName = displayPath(ledgerPath, options.cwd);
  // The upload cannot be undone, so a ledger that could not be written afterwards is found now.
  const ledgerProblem = whyUnwritable(ledgerPath);
  if (ledgerProblem) {
    throw new UserError(`${ledgerName} cannot be written (${ledgerProblem}), so this upload could not be recorded; nothing was uploaded.`);
  }
  const ledgerText = existsSync(ledgerPath) ? readFileSync(ledgerPath, 'utf8') : undefined;
  const ledger = readLedger(ledgerText);
  if (!ledger.ok) return { kind: 'ledger-invalid', path: ledgerName, line: ledger.line, column: ledger.column, message: ledger.message };

  // 2. The plan, with the credentials Stripe will use. An API key in the environment stands in
  // for a login; everything else must be in place before the upload (checked after consent).
  const ready = await preflight(options, (check, facts) => !(check.id === 'login' && facts.apiKeyFromEnv));
  const { facts } = ready;
  const bytes = readFileSync(manifestPath);
  const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const login = facts.login.kind === 'found' ? { profile: facts.login.profile.name, account: facts.login.profile.displayName ?? facts.login.profile.accountId ?? '' } : undefined;
  const plan = planUpload(manifest, bytes, ledger.entries, credentialsFor(facts.apiKeyFromEnv, login));

  const verdict = judgeAgainstLedger(plan, ledger.entries);
  if (verdict.kind === 'access-type-changed') return { kind: 'access-type-changed', plan, entry: verdict.entry };
  if (verdict.kind === 'duplicate') return { kind: 'duplicate', plan, entry: verdict.entry, skipped: options.skipDuplicate };

  options.present(plan);
  if (options.dryRun) return { kind: 'dry-run', plan };

  // 3. Consent.
  if (options.expectDigest !== undefined && options.expectDigest !== plan.digest) return { kind: 'digest-mismatch', plan, expected: options.expectDigest };
  if (!options.yes && options.expectDigest === undefined) {
    if (!options.interactive) return { kind: 'consent-needed', plan };
    const answer = plan.firstUpload ? await options.askToTypeId(plan.appId) : await options.askYesNo(`Upload ${plan.appId} ${plan.version}?`);
    if (answer === 'cancelled') return { kind: 'cancelled', plan };
    if (answer === 'no') return { kind: 'declined', plan };
  }

  if (ready.kind === 'blocked') return { kind: 'environment', plan, report: ready.report };

  // 4. The upload. Without a terminal rak-app answers Stripe's "proceed" question, and only that.
  const outcome = await runStripe(ready.stripePath, {
    args: [...UPLOAD_ARGS],
    cwd: appDir,
    env: options.env,
    interactive: options.interactive,
    answers: [{ label: 'proceed', prompt: PROCEED, answer: 'y' }],
    promptTimeoutMs: options.promptTimeoutSeconds * 1000,
    write: options.write,
    ...(options.verbose ? { onCommand: (c: string) => options.verbose?.(`running: ${c}`) } : {}),
  });
  if (outcome.kind !== 'ok') return { kind: 'stripe', plan, outcome, command: plan.command };

  const entry: LedgerEntry = { appId: plan.appId, version: plan.version, accessType: plan.accessType, digest: plan.digest, uploadedAt: options.now().toISOString() };
  try {
    mkdirSync(dirname(ledgerPath), { recursive: true });
    writeFileAtomic(ledgerPath, appendToLedger(ledger.entries, entry));
  } catch (e) {
    // Found writable before the upload, and failed since (a full disk, say): the upload stands.
    throw new UserError(
      `Uploaded ${plan.appId} ${plan.version}, but it could not be recorded in ${ledgerName}: ${whyUnwritable(ledgerPath) ?? (e as Error).message}.`,
      `Add this entry to its "uploads" list by hand, so that rak-app refuses this version next time: ${JSON.stringify(entry)}`,
    );
  }
  return { kind: 'uploaded', plan, entry, ledgerPath };
}
