/**
 * `rak-app init <name>`: a new RAK app from Stripe's restricted-api-key-app template, with the
 * machine checked before and the result checked after.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runStripe, type PromptAnswer, type StripeOutcome } from '../adapters/stripe-cli.js';
import { editJsonFile, nodeFileSystem } from '../adapters/files.js';
import { check } from '../core/check.js';
import type { DoctorReport } from '../core/doctor.js';
import type { CheckResult } from '../core/finding.js';
import { APP_ID, appNameProblem, reviewCreatedApp } from '../core/init.js';
import { UserError } from '../errors.js';
import { preflight, type StripeCommandOptions } from './doctor.js';

export const RAK_TEMPLATE = 'restricted-api-key-app';

export interface InitOptions extends StripeCommandOptions {
  name: string;
  cwd: string;
  /** The app id to answer Stripe's ID prompt with, and to make sure the manifest has. */
  id?: string;
  /** The display name to answer Stripe's prompt with, and to make sure the manifest has. */
  displayName?: string;
}

export type InitResult =
  | { kind: 'blocked'; report: DoctorReport }
  | { kind: 'stripe'; outcome: Exclude<StripeOutcome, { kind: 'ok' }>; command: string }
  | {
      kind: 'created';
      appDir: string;
      /** What rak-app corrected in the manifest the template wrote. */
      fixes: string[];
      /** What is wrong and needs the user. */
      problems: string[];
      check: CheckResult;
    };

export async function initCommand(options: InitOptions): Promise<InitResult> {
  const target = join(options.cwd, options.name);
  const problem = appNameProblem(options.name, folderState(target));
  if (problem) throw new UserError(problem);
  if (options.id !== undefined && !APP_ID.test(options.id)) {
    throw new UserError(`--id "${options.id}" is not an app id: use letters, digits, "_", "-" and ".", for example com.example.ledger-sync.`);
  }
  if (!options.interactive && (options.id === undefined || options.displayName === undefined)) {
    throw new UserError('Without a terminal, Stripe\'s prompts for the app ID and display name need answers.', 'Pass --id and --display-name, for example: rak-app init ledger-sync --id com.example.ledger-sync --display-name "Ledger Sync by Example Co"');
  }

  const ready = await preflight(options);
  if (ready.kind === 'blocked') return { kind: 'blocked', report: ready.report };

  const args = ['apps', 'create', options.name, '--template', RAK_TEMPLATE];
  const answers: PromptAnswer[] = [];
  // Stripe's exact wording is not documented: match the ID prompt and the display-name prompt loosely.
  if (options.id !== undefined) answers.push({ label: 'app ID', prompt: /^(?!.*(display|name)).*\bid\b/i, answer: options.id });
  if (options.displayName !== undefined) answers.push({ label: 'display name', prompt: /display name|\bname\b/i, answer: options.displayName });
  const outcome = await runStripe(ready.stripePath, {
    args,
    cwd: options.cwd,
    env: options.env,
    interactive: options.interactive,
    answers,
    promptTimeoutMs: options.promptTimeoutSeconds * 1000,
    write: options.write,
    ...(options.verbose ? { onCommand: (c: string) => options.verbose?.(`running: ${c}`) } : {}),
  });
  if (outcome.kind !== 'ok') return { kind: 'stripe', outcome, command: `stripe ${args.join(' ')}` };

  const manifestPath = join(target, 'stripe-app.json');
  if (!existsSync(manifestPath)) {
    return { kind: 'created', appDir: target, fixes: [], problems: [`stripe apps create finished, but ${manifestPath} does not exist.`], check: { files: [], errorCount: 0, warningCount: 0, infoCount: 0 } };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    manifest = undefined;
  }
  const review = reviewCreatedApp(manifest, {
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
  });
  if (review.fixes.length > 0) editJsonFile(manifestPath, review.fixes.map((f) => ({ path: f.path, value: f.value })));
  const fixes = review.fixes.map((f) => `set ${f.path.join('.')} to ${JSON.stringify(f.value)} (the template wrote ${JSON.stringify(f.was)})`);
  const result = check({ paths: [target], cwd: options.cwd }, nodeFileSystem);
  return { kind: 'created', appDir: target, fixes, problems: review.problems, check: result };
}

function folderState(path: string): 'missing' | 'empty' | 'not-empty' | 'file' {
  try {
    if (!statSync(path).isDirectory()) return 'file';
    return readdirSync(path).length === 0 ? 'empty' : 'not-empty';
  } catch {
    return 'missing';
  }
}
