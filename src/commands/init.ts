/**
 * `rak-app init <name>`: a new RAK app from Stripe's restricted-api-key-app template, with the
 * machine checked before and the result checked after.
 */
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Io } from '../adapters/io.js';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { formatStylish } from '../formatters/stylish.js';
import { formatDoctor } from '../views/doctor.js';
import type { PromptAnswer } from '../adapters/stripe-cli.js';
import { quoteForShell } from '../words.js';
import {
  danglingLinkTarget,
  editJsonFile,
  folderState,
  nodeFileSystem,
  pathKind,
  readText,
} from '../adapters/files.js';
import { check } from '../core/check.js';
import { RULES } from '../rules/index.js';
import type { DoctorReport } from '../core/doctor.js';
import type { CheckResult } from '../core/finding.js';
import {
  APP_ID,
  answersHint as answersHintFor,
  appNameProblem,
  reviewCreatedApp,
  secretProblem,
} from '../core/init.js';
import type { CommandContext } from '../command.js';
import { UserError } from '../errors.js';
import type { Outcome } from '../exit-codes.js';
import { type StripeCommandOptions, stripeCommandOptions, withStripeOptions } from '../stripe/options.js';
import {
  preflight,
  runStripeApps,
  type StripeStop,
  stoppedBySignal,
  stopReport,
  stripeAsTyped,
} from '../stripe/run.js';
import { withStripeAsTyped } from '../hints.js';
import { reportWithJson } from '../result-document.js';

export function register(command: Command, { io, color, finish }: CommandContext): void {
  withStripeOptions(
    command
      .description(
        'Create a RAK app in the folder <name> with `stripe apps create <name> --template restricted-api-key-app`, ' +
          'after checking this machine, then check the new app.',
      )
      .argument('<name>', "the app's folder name")
      .option(
        '--id <app-id>',
        "answer Stripe's app ID prompt (needed without a terminal), e.g. com.example.ledger-sync",
      )
      .option('--display-name <name>', "answer Stripe's display name prompt (needed without a terminal)"),
    { what: 'waits for an answer', seconds: 30 },
  )
    .option('--json', 'print one result document (status, the app folder, fixes, problems); the rest goes to stderr')
    .action(async (name, options) => {
      const json = options.json === true;
      await reportWithJson(
        io,
        'init',
        json,
        async (shown) => {
          const result = await initCommand({
            name,
            id: options.id,
            displayName: options.displayName,
            ...stripeCommandOptions(options, io, shown),
          });
          const painter = await createPainter(!json && (color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env)));
          const document = {
            ...(result.kind === 'created'
              ? {
                  appDir: result.appDir,
                  fixes: result.fixes,
                  problems: result.problems,
                  // What check found in the new app, behind its counts.
                  findings: result.check.files.flatMap((f) =>
                    f.findings.map((x) => ({
                      file: f.path,
                      ruleId: x.ruleId,
                      severity: x.severity,
                      message: x.message,
                      line: x.line,
                      column: x.column,
                    })),
                  ),
                  errorCount: result.check.errorCount,
                  warningCount: result.check.warningCount,
                }
              : {}),
            ...(result.kind === 'blocked' ? { blockers: result.report.checks.map((c) => c.summary) } : {}),
          };
          return {
            outcome: reportInit(result, name, options.promptTimeout, shown, painter),
            status: stoppedBySignal(result) ? 'interrupted' : result.kind,
            ...initSummary(result, options.promptTimeout, name),
            document,
          };
        },
        finish,
      );
    });
}

/** The reason and next commands of an init that did not create a clean app, for --json. */
function initSummary(
  result: InitResult,
  promptTimeoutSeconds: number,
  name: string,
): { reason?: string; next?: string[] } {
  switch (result.kind) {
    case 'blocked':
      return {
        reason:
          `stripe apps cannot run here yet: ${result.report.checks.map((c) => c.summary).join('; ')}.` +
          (result.alsoNeeded ? ` And without a terminal, Stripe's prompts need answers. ${result.alsoNeeded}` : ''),
        next: result.report.checks.flatMap((c) => c.run ?? []).filter((step, i, all) => all.indexOf(step) === i),
      };
    case 'stripe': {
      const { message, hint, next } = stopReport(result.stop, promptTimeoutSeconds);
      return { reason: [message, hint, partMade(result.leftBehind)].filter(Boolean).join(' '), next };
    }
    case 'not-created':
      return { reason: `${result.command} exited 0, but created no app.`, next: ['rak-app doctor'] };
    case 'created':
      return {
        ...(result.problems.length > 0 ? { reason: result.problems.join(' ') } : {}),
        next: [`rak-app check ${quoteForShell(name)}`],
      };
  }
}

function reportInit(
  result: InitResult,
  name: string,
  promptTimeoutSeconds: number,
  io: Io,
  painter: Awaited<ReturnType<typeof createPainter>>,
): Outcome {
  switch (result.kind) {
    case 'blocked':
      io.stderr.write(`rak-app: stripe apps cannot run here yet:\n${formatDoctor(result.report, painter, false)}`);
      if (result.alsoNeeded)
        io.stderr.write(`rak-app: and without a terminal, Stripe's prompts need answers. ${result.alsoNeeded}\n`);
      return 'stripe';
    case 'stripe': {
      const { message, hint, outcome } = stopReport(result.stop, promptTimeoutSeconds);
      const left = partMade(result.leftBehind);
      io.stderr.write(`rak-app: ${message}\n  ${hint}\n${left ? `  ${left}\n` : ''}`);
      return outcome;
    }
    case 'not-created':
      io.stderr.write(
        `rak-app: ${result.command} exited 0, but created no app: ${result.manifestPath} does not exist. Its apps plugin may be unable to start: run rak-app doctor.\n`,
      );
      return 'stripe';
    case 'created': {
      const lines = [`\nrak-app: created ${result.appDir}`];
      for (const fix of result.fixes) lines.push(`  fixed: ${fix}`);
      for (const problem of result.problems) lines.push(`  ✖ ${problem}`);
      io.stdout.write(`${lines.join('\n')}\n\n`);
      if (result.check.errorCount + result.check.warningCount > 0) {
        io.stdout.write(`What \`rak-app check\` says is left to do:\n${formatStylish(result.check, painter)}\n`);
      }
      io.stdout.write(
        [
          'Next steps:',
          `  cd ${quoteForShell(name)}`,
          `  ${result.stripe} apps grant permission "<permission>" "<why the app needs it>"   # the key users generate holds exactly these`,
          '  edit src/views/AppSettings.tsx: tell users where to paste their key, and link your setup docs',
          '  rak-app check',
          '  rak-app upload                                   # once uploaded, a RAK app stays a RAK app',
          '',
        ].join('\n'),
      );
      return result.problems.length > 0 ? 'failure' : 'ok';
    }
  }
}

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
  /** Stripe exited 0, but no app folder with a manifest is there. */
  | { kind: 'not-created'; appDir: string; manifestPath: string; command: string }
  | { kind: 'blocked'; report: DoctorReport /** What else is needed, without a terminal. */; alsoNeeded?: string }
  | { kind: 'stripe'; stop: StripeStop /** The app's folder, when Stripe left it part-made. */; leftBehind?: string }
  | {
      kind: 'created';
      appDir: string;
      /** The Stripe CLI as the user can run it. */
      stripe: string;
      /** What rak-app corrected in the manifest the template wrote. */
      fixes: string[];
      /** What is wrong and needs the user. */
      problems: string[];
      check: CheckResult;
    };

const partMade = (folder: string | undefined): string =>
  folder === undefined
    ? ''
    : `The Stripe CLI left ${folder} part-made: remove it (or move it aside) before running this again; rak-app init never writes into a folder that is not empty.`;

export async function initCommand(options: InitOptions): Promise<InitResult> {
  const target = join(options.cwd, options.name);
  const problem = appNameProblem(options.name, folderState(target), danglingLinkTarget(target));
  if (problem) throw new UserError(problem);
  const secret =
    (options.id !== undefined ? secretProblem('--id', options.id) : undefined) ??
    (options.displayName !== undefined ? secretProblem('--display-name', options.displayName) : undefined);
  if (secret) throw new UserError(secret);
  if (options.id !== undefined && !APP_ID.test(options.id)) {
    throw new UserError(
      `--id "${options.id}" is not an app id: use letters, digits, "_", "-" and ".", for example com.example.ledger-sync.`,
    );
  }
  // The name the manifest is given may not be empty (Stripe's schema: minLength 1), nor only spaces.
  if (options.displayName !== undefined && options.displayName.trim() === '') {
    throw new UserError('--display-name is empty: give the name users will see, for example "Ledger Sync by Acme".');
  }
  // Each answer is one line typed at Stripe's prompt: a newline in it would answer the next prompt.
  if (options.displayName !== undefined && /[\u0000-\u001f\u007f-\u009f]/.test(options.displayName)) {
    throw new UserError(
      '--display-name is one line of text; it holds a control character (a newline, a tab, an escape).',
    );
  }
  const needsAnswers = !options.interactive && (options.id === undefined || options.displayName === undefined);
  const answersHint = answersHintFor(options.name);

  // Every blocker up front: the machine's, and the answers Stripe's prompts will need.
  const ready = await preflight(options);
  if (ready.kind === 'blocked') {
    return { kind: 'blocked', report: ready.report, ...(needsAnswers ? { alsoNeeded: answersHint } : {}) };
  }
  if (needsAnswers) {
    throw new UserError(
      `${options.ci.isCI ? 'In CI' : 'Without a terminal'}, Stripe's prompts for the app ID and display name need answers.`,
      answersHint,
    );
  }

  const args = ['apps', 'create', options.name, '--template', RAK_TEMPLATE];
  const answers: PromptAnswer[] = [];
  // Stripe's exact wording is not documented: match the ID prompt and the display-name prompt loosely.
  if (options.id !== undefined)
    answers.push({ label: 'app ID', prompt: /^(?!.*(display|name)).*\bid\b/i, answer: options.id });
  if (options.displayName !== undefined)
    answers.push({ label: 'display name', prompt: /display name|\bname\b/i, answer: options.displayName });
  const run = await runStripeApps(ready, options, { args, cwd: options.cwd, answers });
  if (run.kind === 'stopped') {
    // Stripe may have scaffolded part of the app before failing: a folder init then refuses.
    const leftBehind = folderState(target) === 'not-empty' ? options.name : undefined;
    return { kind: 'stripe', stop: run.stop, ...(leftBehind ? { leftBehind } : {}) };
  }

  // Exit 0 is not proof: the real CLI exits 0 when its apps plugin cannot start. An app was created
  // when its folder holds a manifest.
  const manifestPath = join(target, 'stripe-app.json');
  if (pathKind(manifestPath) !== 'file') {
    return { kind: 'not-created', appDir: target, manifestPath, command: `${stripeAsTyped(ready)} ${args.join(' ')}` };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readText(manifestPath, manifestPath));
  } catch {
    manifest = undefined;
  }
  const review = reviewCreatedApp(manifest, {
    id: options.id,
    displayName: options.displayName,
  });
  if (review.fixes.length > 0)
    await editJsonFile(
      manifestPath,
      review.fixes.map((f) => ({ path: f.path, value: f.value })),
    );
  const fixes = review.fixes.map(
    (f) => `set ${f.path.join('.')} to ${JSON.stringify(f.value)} (the template wrote ${JSON.stringify(f.was)})`,
  );
  const checked = check({ paths: [target], cwd: options.cwd }, nodeFileSystem, RULES);
  const stripe = stripeAsTyped(ready);
  // The check's findings name the Stripe CLI that made the app, as its next steps do.
  const result = {
    ...checked,
    files: checked.files.map((f) => ({
      ...f,
      findings: f.findings.map((x) => ({ ...x, message: withStripeAsTyped(x.message, stripe) })),
    })),
  };
  return {
    kind: 'created',
    appDir: target,
    stripe,
    fixes,
    problems: review.problems.map((problem) => withStripeAsTyped(problem, stripe)),
    check: result,
  };
}
