/** `rak-app permissions list | explain <name> | scan <paths…>`. */
import { basename, resolve } from 'node:path';
import { BASE_MANIFEST_NAME, LOCAL_MANIFEST_NAME } from '../catalog/manifest.js';
import type { Command } from '@commander-js/extra-typings';
import {
  applyJsonEdits,
  MAX_MANIFEST_BYTES,
  MAX_SOURCE_BYTES,
  readStdin,
  readTextFile,
  isReadOnly,
  readBytes,
  writeFileAtomic,
} from '../adapters/files.js';
import { canPrompt, type Io } from '../adapters/io.js';
import { letSignalsIn } from '../adapters/interrupts.js';
import { collectGarbageAbove, letParsedTreesDieYoung } from '../adapters/heap.js';
import { withAppLock } from '../stripe/run.js';
import {
  findSourceFiles,
  PACKAGE_TEST_FOLDERS,
  type SkippedPaths,
  type SourceSearch,
  stripeDependents,
  TEST_FOLDERS,
} from '../adapters/source-files.js';
import { formatExplanation, formatPermissionTable } from '../views/permissions.js';
import { plural, quoteForShell } from '../words.js';
import type { CommandContext } from '../command.js';
import type { Outcome } from '../exit-codes.js';
import { collect } from '../flags.js';
import {
  fixFlags,
  refuseFixMisuse,
  refusePlaceholder,
  reportFormat,
  withFixOptions,
  withReportOptions,
} from '../report-options.js';
import { reportOutcome } from '../views/check-outcome.js';
import { findingsReport, unresolvedNote } from '../views/findings-report.js';
import { type FixTarget, registerTrace } from './permissions/trace.js';
import { LEGACY_STRIPE_VERSIONS, STRIPE_PACKAGE_VERSION } from '../catalog/endpoints.js';
import { scopePermission } from '../catalog/scopes.js';
import { type Explanation, explain, listPermissions, type ManifestPermissions } from '../core/explain.js';
import { comparePermissions } from '../core/permissions-compare.js';
import { permissionFixEdits, planPermissionFix, type PermissionFix, unfitForFix } from '../core/permissions-fix.js';
import { type ConfigText, missingConfigs, scanSources, type SourceText } from '../scan/index.js';
import type { CheckResult } from '../core/finding.js';
import { createSourceFile, displayPath, duplicateKeys, printable, printableDiff } from '../core/source-file.js';
import { type GrantingManifest, loadGrantingManifest } from '../app-manifest.js';
import { isUserError, UserError } from '../errors.js';
import { isPlaceholderPurpose, notOneLine } from '../rules/access.js';
import { findSecrets, redactSecrets } from '../core/secrets.js';
import { resultDocument } from '../result-document.js';

import { unifiedDiff } from '../views/unified-diff.js';

/** The stripe-node releases the catalog maps, in a message saying a call or endpoint is in none. */
const RELEASES = `not in ${STRIPE_PACKAGE_VERSION}, nor in ${LEGACY_STRIPE_VERSIONS.slice(0, -1).join(', ')} or ${LEGACY_STRIPE_VERSIONS.at(-1)}`;

/** The permissions a manifest grants, as explain compares with them, and those written as bare names. */
const permissionsOf = ({ manifestName, grants }: GrantingManifest): ManifestPermissions => ({
  file: manifestName,
  permissions: grants.granted.filter((g) => !g.bare).map((g) => g.name),
  bare: grants.granted.filter((g) => g.bare),
});

/** `explain`'s input: the words given, or standard input for `-` (a pasted error, quotes and all). */
async function explainInput(words: string[], io: Io): Promise<string> {
  if (words.length === 1 && words[0] === '-') {
    // A pasted error is a few hundred bytes; standard input is read to a manifest's size at most.
    return readStdin(io.stdin(), { bytes: MAX_MANIFEST_BYTES, what: 'a pasted error' }).catch((error: Error) => {
      throw new UserError(error.message);
    });
  }
  return words.join(' ');
}

export function explainOrFail(
  input: string,
  manifest?: ManifestPermissions,
  /** The words as given: several things to explain, not one pasted with spaces, are said to be. */
  words: readonly string[] = [input],
): Explanation {
  if (input.trim() === '')
    throw new UserError(
      'permissions explain needs what to explain: a permission, a rak_ scope, a stripe-node call, an endpoint, an event type or a Stripe error.',
      'For example: `rak-app permissions explain customer_read` (or stripe.quotes.pdf, or "GET /v1/quotes/{id}/pdf").',
    );
  const result = explain(input, manifest ? { manifest } : {});
  if (result.kind !== 'unknown') return result;
  if (words.length > 1 && words.every((word) => explain(word).kind !== 'unknown'))
    throw new UserError(
      `permissions explain takes one thing at a time; ${words.map((w) => `"${redactSecrets(w)}"`).join(', ')} are each one.`,
      `Run it for each: ${words.map((w) => `\`rak-app permissions explain ${quoteForShell(redactSecrets(w))}\``).join(', ')}`,
    );
  const hint =
    'See `rak-app permissions list`; explain also takes a rak_ scope, a stripe-node call, an endpoint, an event type or a Stripe error.';
  const mean =
    result.suggestions.length > 0 ? ` Did you mean ${result.suggestions.map((n) => `"${n}"`).join(' or ')}?` : '';
  switch (result.lookedLike) {
    case 'permission':
      throw new UserError(`Unknown permission "${result.input}".${mean}`, hint);
    case 'scope':
      throw new UserError(`Unknown scope "${result.input}": no app permission has that name.${mean}`, hint);
    case 'call':
      throw new UserError(
        `No method "${result.input}" in the stripe package: ${RELEASES}.${mean}`,
        'Write the call as code does: stripe.checkout.sessions.create.',
      );
    case 'event':
      throw new UserError(
        `No event type or method "${result.input}" in the stripe package (${STRIPE_PACKAGE_VERSION}).${mean}`,
        'Write an event type as Stripe names it (invoice.paid), a call as code does (stripe.invoices.pay).',
      );
    case 'endpoint':
      if (result.ambiguous)
        throw new UserError(
          `"${result.input}" is more than one endpoint: ${result.ambiguous.map((m) => `${m.verb} (${m.call})`).join(', ')}.`,
          `Put the verb first: rak-app permissions explain "${result.ambiguous[0]!.verb} ${result.input}"`,
        );
      throw new UserError(
        `No Stripe endpoint matches "${result.input}" in the stripe package: ${RELEASES}.`,
        'Write it as a verb and a path: "GET /v1/quotes/{id}/pdf" or "POST /v1/customers".',
      );
  }
}

const SOURCE_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx|astro|vue|svelte)$/;

/**
 * Source files under the given paths, each real file once (a link loop ends), minus what
 * .gitignore, --ignore and the build-output folders leave out (src/adapters/source-files.ts);
 * with the project's tsconfig, jsconfig and package.json files, for import aliases.
 */
export function findSources(
  paths: string[],
  cwd: string,
  ignorePatterns: readonly string[] = [],
  includeTests = false,
): SourceSearch {
  return findSourceFiles(
    paths.map((p) => resolve(cwd, p)),
    {
      cwd,
      wanted: (path) => SOURCE_FILE.test(path),
      ignorePatterns,
      includeTests,
      missing: (path) => {
        throw new UserError(`${displayPath(path, cwd)}: no such file or folder.`);
      },
    },
  );
}

/** The configuration files found, and those they extend, as text (one that cannot be read is left out). */
function readConfigs(paths: readonly string[], cwd: string): ConfigText[] {
  const configs: ConfigText[] = [];
  const tried = new Set<string>();
  let wanted = paths.map((p) => displayPath(p, cwd));
  while (wanted.length > 0) {
    for (const path of wanted) {
      tried.add(path);
      const read = readTextFile(resolve(cwd, path), MAX_SOURCE_BYTES);
      if (read.ok) configs.push({ path, text: read.text });
    }
    wanted = missingConfigs(configs).filter((p) => !tried.has(p));
  }
  return configs;
}

export interface ScanOptions {
  paths: string[];
  cwd: string;
  /** The manifest to compare with, or its app folder; default: ./stripe-app.json. */
  manifest?: string;
  /** Patterns in .gitignore's syntax, relative to cwd, of what not to read. */
  ignore?: readonly string[];
  /** Read test folders and files too (skipped by default). */
  includeTests?: boolean;
}

export interface ScanCommandResult {
  result: CheckResult;
  /** The change that would make the manifest match the code. */
  fix: PermissionFix;
  manifestPath: string;
  manifestText: string;
  grantedCount: number;
  filesScanned: number;
  linesScanned: number;
  needs: number;
  /** Calls, events and files scan could not resolve, each a scan-not-understood warning. */
  unresolved: number;
  /** What was not read: build output by folder name, .gitignore'd and --ignore'd paths. */
  skipped: SkippedPaths;
  /** The files read (sources, tsconfig/jsconfig/package.json, .gitignore), absolute: no report is written over one. */
  readPaths: string[];
  /** Why no source shows what the app uses, when none does: no source file, or only declarations, was read. */
  readNothing?: string;
}

const DECLARATION_FILE = /\.d\.[mc]?ts$/;

export function scanCommand(options: ScanOptions): ScanCommandResult {
  // With no path, the current folder (its dependencies and build output are left out).
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  // --manifest takes the app folder or the manifest itself, as every other command's path does.
  const { manifestPath, manifestName, manifestText, grants } = loadGrantingManifest(options.cwd, options.manifest);
  const granted = grants.granted;

  // A file that cannot be read is reported where it is, like one that cannot be parsed.
  const read: string[] = [];
  const unreadable: { path: string; message: string; line: number; column: number }[] = [];
  const found = findSources(paths, options.cwd, options.ignore, options.includeTests);
  // Each file is read as the scan comes to it, and its text let go once summarised: read all at
  // first, the texts stayed alive through the whole scan (3.5 MB on 100,000 lines, in the old
  // generation from the start).
  function* sources(): Generator<SourceText> {
    for (const path of found.files) {
      const file = readTextFile(path, MAX_SOURCE_BYTES);
      const shown = displayPath(path, options.cwd);
      if (file.ok) {
        read.push(shown);
        yield { path: shown, text: file.text };
      } else
        unreadable.push({
          path: shown,
          // The finding stands at the fault, so its message need not say where again.
          message: file.detail
            .replace('{what}', 'a source file')
            .replace(/^\d+:\d+: /, '')
            .replace(/^(is|cannot) /, 'it $1 '),
          line: file.at?.line ?? 1,
          column: file.at?.column ?? 1,
        });
    }
  }
  const configs = readConfigs(found.configs, options.cwd);
  // Where much of what the scan made has just become garbage, it is collected before more is made
  // beside it (adapters/heap.ts): after each round of hand-offs, whose values are let go (on autumn's
  // monorepo, the peak 256–258 MB against 281–295 MB), and once the scan returns, its summaries (the bench's
  // corpus: 131–137 MB against 139–147 MB). The heap passes 32 MB between 25,000 and 60,000 lines
  // of the bench's corpus (garbage not yet collected counts); on less, the 13–22 ms a collection
  // costs would buy nothing.
  const collect = () => void collectGarbageAbove(32 * 2 ** 20);
  const scan = scanSources(sources(), configs, stripeDependents(options.cwd), found.skippedAt, collect);
  collect();
  for (const u of unreadable)
    scan.unparsable.push({ file: u.path, line: u.line, column: u.column, message: u.message });
  return {
    result: comparePermissions(scan, granted, manifestName, read),
    fix: planPermissionFix(scan.needs, granted),
    manifestPath,
    manifestText,
    grantedCount: grants.entries,
    filesScanned: scan.filesScanned,
    linesScanned: scan.linesScanned,
    needs: scan.needs.length,
    unresolved: scan.notUnderstood.length + scan.unparsable.length,
    // Declarations (`.d.ts`) are read for their types alone: they show nothing the app calls. Code
    // that calls Stripe nowhere (an app's UI; the backend is elsewhere) shows no more.
    ...(read.every((path) => DECLARATION_FILE.test(path))
      ? { readNothing: read.length === 0 ? 'no source file was read' : 'only declaration files were read' }
      : scan.needs.length === 0
        ? {
            readNothing:
              scan.notUnderstood.length === 0
                ? NO_STRIPE_CALL
                : 'no Stripe API call or event in the files read could be tied to a client',
          }
        : {}),
    skipped: found.skipped,
    readPaths: [...found.files, ...configs.map((c) => resolve(options.cwd, c.path)), ...found.ignoreFiles],
  };
}

const NO_STRIPE_CALL = 'no Stripe API call or event was found in the files read';

/** The fix as a unified diff of the manifest, and the text it would write. */
function permissionFixDiff(
  scanned: FixTarget,
  purposes: Readonly<Record<string, Purpose>>,
  name: string,
  permissionsIsNull: boolean,
): { diff: string; text: string } {
  const text = applyJsonEdits(
    scanned.manifestText,
    permissionFixEdits(scanned.fix, scanned.grantedCount, purposes, permissionsIsNull),
  );
  return {
    text,
    diff: unifiedDiff(name, scanned.manifestText, text, 2),
  };
}

/**
 * The grant step names the Stripe CLI as the user can run it (the bundled one by its path when no
 * stripe is on their PATH), looked up only when there is such a step.
 */
async function withStripeCommandHere(explanation: Explanation, io: Io): Promise<Explanation> {
  if (!explanation.next.some((step) => 'command' in step)) return explanation;
  const { locateStripe, stripeCommandFor } = await import('../adapters/stripe-locate.js');
  const stripe = stripeCommandFor(locateStripe({ env: io.env, cwd: io.cwd }));
  if (stripe === 'stripe') return explanation;
  const next = explanation.next.map((step) =>
    'command' in step ? { ...step, command: step.command.replace(/(^|&& )stripe(?= )/, (_, at) => at + stripe) } : step,
  );
  return { ...explanation, next };
}

/** An explanation as --json gives it: its steps as data, since the envelope's `next` holds commands only. */
function explanationFields(explanation: Explanation): Record<string, unknown> {
  const { next: steps, ...rest } = explanation;
  return { ...rest, steps };
}

export function register(command: Command, { io, version, color, finish }: CommandContext): void {
  command.description('The permission catalog, and what backend code needs against what the manifest grants.');
  command
    .command('list')
    .description('Every permission a Stripe App can ask for, with its status and what it covers.')
    .option('--json', 'print JSON')
    .action((options) => {
      const infos = listPermissions();
      io.stdout.write(
        options.json
          ? resultDocument({ command: 'permissions list', outcome: 'ok', status: 'listed' }, { permissions: infos })
          : formatPermissionTable(infos, io),
      );
      finish('ok');
    });
  command
    .command('explain')
    .description(
      'What a permission, a rak_ scope, a stripe-node call, an endpoint, a webhook event type or a pasted Stripe error needs, and whether the manifest grants it.',
    )
    .argument(
      '[input...]',
      'customer_read, rak_customer_read, stripe.quotes.pdf, "GET /v1/quotes/{id}/pdf", invoice.paid, a Stripe error, or - to read it from standard input',
    )
    .option(
      '--manifest <path>',
      'the app folder or stripe-app.json: say whether it grants the permission and what to do',
    )
    .option('--json', 'print JSON')
    .action(async (words, options) => {
      const input = await explainInput(words, io);
      const manifest =
        options.manifest === undefined ? undefined : permissionsOf(loadGrantingManifest(io.cwd, options.manifest));
      const explanation = await withStripeCommandHere(explainOrFail(input, manifest, words), io);
      io.stdout.write(
        options.json
          ? resultDocument(
              {
                command: 'permissions explain',
                outcome: 'ok',
                status: 'explained',
                next: explanation.next.flatMap((step) => ('command' in step ? [step.command] : [])),
              },
              explanationFields(explanation),
            )
          : formatExplanation(explanation),
      );
      finish('ok');
    });
  withFixOptions(
    withReportOptions(
      command
        .command('scan')
        .description(
          'The permissions JavaScript and TypeScript code using the stripe package needs, against those the manifest grants.',
        )
        .argument('[paths...]', 'source files or folders to read (default: the current folder)')
        .option('--manifest <path>', 'the app folder or its stripe-app.json to compare with (default: .)'),
    ),
  )
    .option('--ignore <pattern>', 'a path not to read, in .gitignore syntax (repeatable)', collect, [] as string[])
    .option(
      '--include-tests',
      `read test folders (${[...PACKAGE_TEST_FOLDERS, ...TEST_FOLDERS].join(', ')}) and *.test.*, *.spec.* files too`,
    )
    .action(async (paths, options, scan) => {
      const { format, stylishNamed } = reportFormat(options, scan);
      refuseFixMisuse(format, options);
      letParsedTreesDieYoung();
      const scanned = scanCommand({
        paths,
        cwd: io.cwd,
        ignore: options.ignore,
        includeTests: options.includeTests === true,
        manifest: options.manifest,
      });
      // A pattern that leaves out nothing is most often mistyped, or relative to another folder.
      for (const pattern of scanned.skipped.unmatchedPatterns)
        io.stderr.write(
          `rak-app: --ignore ${printable(pattern)}: no path the scan would read matches it (.gitignore syntax, relative to the current folder).\n`,
        );
      await letSignalsIn();
      const thresholds = { maxWarnings: options.maxWarnings, strict: options.strict === true };
      await findingsReport(scanned.result, {
        command: 'permissions scan',
        format,
        outputFile: options.outputFile,
        reports: options.report,
        quiet: options.quiet,
        thresholds,
        inputs: [scanned.manifestPath, ...scanned.readPaths],
        io,
        color: color(),
        version,
        stylishNamed,
        details: { scanned: scanSummary(scanned) },
      });
      if (format === 'stylish') {
        io.stdout.write(
          `Scanned ${plural(scanned.filesScanned, 'source file')} (${plural(scanned.linesScanned, 'line')}) and the manifest: ` +
            (scanned.needs === 1
              ? '1 API call, expansion or event needs a permission'
              : `${scanned.needs} API calls, expansions and events need a permission`) +
            unresolvedNote(scanned.unresolved, options.quiet === true),
        );
        const skipped = describeSkipped(scanned.skipped);
        if (skipped) io.stdout.write(`Not read: ${skipped}.\n`);
        // Every permission is then "unused": say why, and how compiled code is read (dist/ is skipped).
        if (scanned.readNothing !== undefined) {
          const built = [...scanned.skipped.buildOutput.keys()].find((name) => name !== 'node_modules');
          const how = built
            ? `: to scan compiled code, name its folder, \`rak-app permissions scan ${built}\``
            : scanned.readNothing === NO_STRIPE_CALL
              ? ': name the folder of the code that calls Stripe with the key, `rak-app permissions scan <folder> --manifest <app folder>`'
              : '';
          const what = scanned.readNothing.charAt(0).toUpperCase() + scanned.readNothing.slice(1);
          // With no permission granted, nothing looks unused: only what was not read is said.
          const seems = scanned.grantedCount > 0 ? ', so every permission the manifest grants looks unused' : '';
          io.stdout.write(`${what}${seems}${how}.\n`);
        }
      }
      const outcome = reportOutcome(scanned.result, thresholds, io);
      finish(options.fix ? await fixPermissions(scanned, fixFlags(options), io) : outcome);
    });
  registerTrace(command, { io, version, color, finish }, fixPermissions);
}

/** What --json says of a scan beside its findings: what was read, what it found, and what was not read. */
function scanSummary(scanned: {
  filesScanned: number;
  linesScanned: number;
  needs: number;
  unresolved: number;
  skipped: SkippedPaths;
}) {
  const { buildOutput, gitignored, ignoredByPattern, tests } = scanned.skipped;
  return {
    files: scanned.filesScanned,
    lines: scanned.linesScanned,
    needs: scanned.needs,
    unresolved: scanned.unresolved,
    notRead: { buildOutput: Object.fromEntries(buildOutput), gitignored, ignoredByPattern, tests },
  };
}

/** `dist (2), .next; 3 paths in .gitignore; 1 path matching --ignore; 2 test paths (…)`, or '' when nothing was skipped. */
export function describeSkipped(skipped: SkippedPaths): string {
  const folders = [...skipped.buildOutput].map(([name, n]) => (n > 1 ? `${name} (${n})` : name));
  return [
    folders.length > 0 ? `${plural(folders.length, 'build or dependency folder')} (${folders.join(', ')})` : '',
    skipped.gitignored > 0 ? `${plural(skipped.gitignored, 'path')} in .gitignore` : '',
    skipped.ignoredByPattern > 0 ? `${plural(skipped.ignoredByPattern, 'path')} matching --ignore` : '',
    skipped.tests > 0
      ? `${plural(skipped.tests, 'test path')} (--include-tests reads ${skipped.tests === 1 ? 'it' : 'them'})`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A purpose as a manifest writes it: one text, or a text per locale (`{ "en-US": "…" }`). */
type Purpose = string | Readonly<Record<string, string>>;

/**
 * The purpose of the manifest's entry at a pointer (`/permissions/0`), as it is written (a text, or a
 * text per locale), when each text is one line.
 */
function purposeAt(manifest: unknown, pointer: string): Purpose | undefined {
  const index = Number(pointer.split('/')[2]);
  const entries = (manifest as { permissions?: unknown }).permissions;
  const purpose = Array.isArray(entries) ? (entries[index] as { purpose?: unknown } | undefined)?.purpose : undefined;
  const texts =
    typeof purpose === 'string' ? [purpose] : purpose && typeof purpose === 'object' ? Object.values(purpose) : [];
  // A placeholder (`TODO`) is not carried: --purpose would refuse it, and so does the rename.
  const fit =
    texts.length > 0 &&
    texts.every((t) => typeof t === 'string' && t.trim() !== '' && !notOneLine(t) && !isPlaceholderPurpose(t));
  return fit ? (purpose as Purpose) : undefined;
}

/** `scan --fix`: the manifest change as a diff; applied with --yes, with a purpose for each addition. */
async function fixPermissions(
  scanned: FixTarget,
  options: { yes: boolean; purposes: string[]; removeDespiteUnresolved?: boolean; quiet?: boolean },
  io: Io,
): Promise<Outcome> {
  let { fix } = scanned;
  // What the scan could not resolve may need any permission: removing one then could break every
  // installed user's integration, so removals wait until the run is fully understood. A run that read
  // nothing (an empty folder, everything under dist/) shows nothing of what the app uses.
  // A name written as Stripe scopes it (rak_customer_read) grants nothing, so nothing can need it.
  const holdable = fix.remove.filter((r) => !scopePermission(r.name));
  const removing = holdable.map((r) => r.name).join(', ');
  const heldBack =
    holdable.length > 0 &&
    (scanned.readNothing !== undefined || (scanned.unresolved > 0 && !options.removeDespiteUnresolved));
  if (heldBack && scanned.readNothing !== undefined) {
    io.stdout.write(`\nNot removing ${removing}: ${scanned.readNothing}, so nothing shows what the app uses.\n`);
  } else if (heldBack) {
    const them = holdable.length === 1 ? 'it' : 'them';
    io.stdout.write(
      `\nNot removing ${removing}: ${scanned.unresolved} ${scanned.unresolved === 1 ? 'call or file' : 'calls or files'} ` +
        `could not be resolved (the scan-not-understood warnings${options.quiet ? ', which -q hides' : ' above'}), and may need ${them}.\n` +
        `Resolve those warnings, or pass --remove-despite-unresolved to remove ${them} anyway.\n`,
    );
  }
  if (heldBack) {
    fix = { add: fix.add, remove: fix.remove.filter((r) => !holdable.includes(r)) };
    scanned = { ...scanned, fix };
  }
  // JSON.parse reads the last of two "permissions" and a text edit changes the first: never edit such
  // a file (check reports it as duplicate-key).
  const [repeated] = duplicateKeys(createSourceFile(scanned.manifestPath, scanned.manifestText).file);
  if (repeated) {
    const name = displayPath(scanned.manifestPath, io.cwd);
    throw new UserError(
      `${name}: "${repeated.name}" is written twice in one object, so --fix will not edit it.`,
      `Keep one of them (\`rak-app check ${name}\` shows where), then run this again.`,
    );
  }
  // Parsed once here: whether --fix may edit it, and whether `permissions` is null (replaced whole).
  const manifest = createSourceFile(scanned.manifestPath, scanned.manifestText).value;
  const unfit = unfitForFix(manifest);
  if (unfit) {
    const name = displayPath(scanned.manifestPath, io.cwd);
    throw new UserError(
      `${name}: ${unfit}, so --fix will not edit it.`,
      `Write each as { "permission": "…", "purpose": "…" } (\`rak-app check ${name}\` shows where), then run this again.`,
    );
  }
  if (fix.add.length === 0 && fix.remove.length === 0) {
    if (heldBack) return 'failure';
    io.stdout.write('Nothing to fix: the manifest grants what the code needs.\n');
    return 'ok';
  }
  const purposes: Record<string, Purpose> = {};
  // Each checked as the flags were read (report-options.ts).
  for (const spec of options.purposes) {
    const at = spec.indexOf('=');
    purposes[spec.slice(0, at)] = spec.slice(at + 1).trim();
  }
  // rak_customer_read removed and customer_read added are one entry renamed: its purpose carries over.
  for (const removed of fix.remove) {
    const meant = scopePermission(removed.name);
    const purpose = purposeAt(manifest, removed.pointer);
    if (meant && fix.add.includes(meant) && purposes[meant] === undefined && purpose) purposes[meant] = purpose;
  }
  for (const name of Object.keys(purposes))
    if (!fix.add.includes(name))
      io.stderr.write(
        `rak-app: --purpose ${name}: this change adds no such permission (it adds ${fix.add.join(', ') || 'none'}); ignored.\n`,
      );
  const unexplained = fix.add.filter((p) => !purposes[p]);
  const purposeFlags = unexplained.map((p) => `--purpose ${p}="…"`).join(' ');
  if (options.yes && unexplained.length > 0) {
    if (!canPrompt(io)) {
      throw new UserError(
        `Each permission added needs a purpose users read at install: ${unexplained.join(', ')}.`,
        `Pass ${purposeFlags}`,
      );
    }
    const { askText } = await import('../adapters/prompts.js');
    for (const p of unexplained) {
      const purpose = await askText(`Why does the app need ${p}? (users read this at install)`, (answer) =>
        isPlaceholderPurpose(answer)
          ? 'That is a placeholder, which `rak-app check` flags: say why the app needs it.'
          : findSecrets(answer).length > 0
            ? 'That holds a Stripe key, which would be written into the manifest: say why the app needs it.'
            : undefined,
      );
      if (purpose === undefined) {
        io.stderr.write('Cancelled; nothing changed.\n');
        return 'interrupted';
      }
      refusePlaceholder(p, purpose);
      purposes[p] = purpose;
    }
  }
  const name = displayPath(scanned.manifestPath, io.cwd);
  const permissionsIsNull = (manifest as { permissions?: unknown }).permissions === null;
  const { diff, text } = permissionFixDiff(scanned, purposes, name, permissionsIsNull);
  const added = fix.add.join(', ') || 'none';
  const removed = fix.remove.map((r) => r.name).join(', ') || 'none';
  // Shown as it reads: what the manifest already holds may carry controls a terminal would act on.
  io.stdout.write(`\nThe change to ${name} (added: ${added}; removed: ${removed}):\n\n${printableDiff(diff)}`);
  if (!options.yes) {
    const flags = unexplained.length > 0 ? ` ${purposeFlags}` : '';
    io.stdout.write(
      `\nNothing was changed: run again with --yes${flags} to apply it. Users must re-authorise the app after a permission change.\n`,
    );
    return 'failure';
  }
  // Under the app's lock, and only over the text that was scanned: a convert or an upload running
  // at the same time is never undone by this write.
  const write = (fd: 1 | 2, line: string): void => void (fd === 1 ? io.stdout : io.stderr).write(line);
  await letSignalsIn();
  await withAppLock(scanned.manifestPath, 'permissions scan --fix', { cwd: io.cwd, write }, async () => {
    try {
      if (readBytes(scanned.manifestPath)?.toString('utf8') !== scanned.manifestText) {
        throw new UserError(`${name} changed while it was scanned; nothing was changed.`, 'Run the scan again.');
      }
      // A file nobody may write is not replaced behind its mode's back, as an editor would not.
      if (isReadOnly(scanned.manifestPath))
        throw new UserError(`${name} is read-only; nothing was changed.`, 'Make it writable, then run this again.');
      await writeFileAtomic(scanned.manifestPath, text);
    } catch (error) {
      if (isUserError(error)) throw error;
      throw new UserError(`${name} cannot be written (${(error as Error).message}); nothing was changed.`);
    }
  });
  // A local manifest is never uploaded (`stripe apps upload` sends stripe-app.json).
  const local = LOCAL_MANIFEST_NAME.test(basename(scanned.manifestPath))
    ? `, a local manifest, which is never uploaded: make the change in ${BASE_MANIFEST_NAME} too, then upload a new version`
    : '. Upload a new version';
  io.stdout.write(`\nApplied to ${name}${local}; installed users must re-authorise it.\n`);
  return heldBack ? 'failure' : 'ok';
}
