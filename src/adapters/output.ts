/**
 * Renders a check result as text: stylish for people, json and sarif for machines, github for
 * workflow annotations. The only module that knows about colour.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConvertPlan } from '../core/convert.js';
import type { DoctorReport } from '../core/doctor.js';
import type { CheckResult, Finding, Severity } from '../core/finding.js';
import { printable } from '../core/source-file.js';
import { EXIT, type Outcome } from '../exit-codes.js';
import { RESULT_SCHEMA_VERSION } from '../result-document.js';
import type { UploadPlan } from '../core/upload.js';

/** The few styles the stylish report uses. */
export interface Painter {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
  bold(s: string): string;
}

const plain: Painter = {
  red: String,
  yellow: String,
  blue: String,
  green: String,
  dim: String,
  underline: String,
  bold: String,
};

/** chalk is loaded only when colour is wanted. */
export async function createPainter(color: boolean): Promise<Painter> {
  if (!color) return plain;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

/** The package's name on npm, as package.json gives it. */
const PACKAGE_NAME = 'rak-app';

/**
 * A rule's page, docs/rules/<id>.md, as an https URL that works once the package is published and
 * never changes for a version: unpkg serves the files of every published npm package, and docs/ is
 * in package.json's `files` (package.json names no repository to link to instead). Undefined for an
 * id with no page (looked for beside this module, two folders below the package in src/adapters/
 * or bundled in dist/commands/).
 */
export function ruleDocsUrl(ruleId: string, version: string): string | undefined {
  const page = new URL(`../../docs/rules/${ruleId}.md`, import.meta.url);
  if (!existsSync(fileURLToPath(page))) return undefined;
  return `https://unpkg.com/${PACKAGE_NAME}@${encodeURIComponent(version)}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface RuleDescription {
  id: string;
  severity: Severity;
  description: string;
}

export interface RenderOptions {
  painter: Painter;
  /** rak-app's version, for SARIF; asked for only there, since reading it costs start-up time. */
  toolVersion: () => string;
  rules: readonly RuleDescription[];
  /** For the json format: the result envelope every --json document starts with. */
  envelope?: { command: string; outcome: Outcome };
}

/** The formats whose paths GitHub reads from the checkout's root rather than the current folder. */
export const READ_FROM_WORKSPACE: readonly Format[] = ['github', 'sarif'];

/**
 * GitHub reads annotation and SARIF paths from the checkout's root, GITHUB_WORKSPACE. A workflow step
 * that runs rak-app in a subfolder would otherwise point them at files that are not there.
 */
export function fromWorkspace(result: CheckResult, cwd: string, workspace: string | undefined): CheckResult {
  if (!workspace) return result;
  const rebase = (path: string): string => {
    if (path.startsWith('<')) return path; // <stdin>
    const rel = relative(workspace, resolve(cwd, path));
    const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
    return rel === '' || outside ? path : rel;
  };
  return {
    ...result,
    files: result.files.map((f) => ({
      ...f,
      path: rebase(f.path),
      findings: f.findings.map((x) => ({ ...x, file: rebase(x.file) })),
    })),
  };
}

export function render(result: CheckResult, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'stylish':
      return formatStylish(result, options.painter);
    case 'json':
      return formatJson(result, options.toolVersion, options.envelope);
    case 'sarif':
      return formatSarif(result, options);
    case 'github':
      return formatGithub(result);
  }
}

/**
 * Colour only on a terminal, never with NO_COLOR set (any value, per no-color.org) or TERM=dumb;
 * FORCE_COLOR forces it.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // As Node reads FORCE_COLOR: '', 1, 2, 3 or true force colour on, whatever else is set; any other
  // value (0, false) turns it off.
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatStylish(result: CheckResult, c: Painter = plain): string {
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    lines.push(c.underline(file.path));
    const place = (f: Finding): string => `${f.line}:${f.column}`;
    const placeWidth = Math.max(...file.findings.map((f) => place(f).length));
    for (const f of file.findings) {
      lines.push(
        `  ${c.dim(place(f).padEnd(placeWidth))}  ${paint[f.severity](f.severity.padEnd(7))}  ${f.message}  ${c.dim(f.ruleId)}`,
      );
    }
    lines.push('');
  }
  const problems = result.errorCount + result.warningCount + result.infoCount;
  const checked = plural(result.files.length, 'file');
  // A run that could check nothing says so on stderr; "No problems" beside it would read as a pass.
  if (result.files.length === 0 && (result.inputErrors ?? []).length > 0) return '';
  if (problems === 0) {
    lines.push(c.green(`✔ No problems (${checked} checked).`));
  } else {
    const parts = [plural(result.errorCount, 'error'), plural(result.warningCount, 'warning')];
    if (result.infoCount > 0) parts.push(`${result.infoCount} info`);
    // The files the findings are in (a value a local manifest inherits is reported in its base).
    const withProblems = new Set(result.files.flatMap((f) => f.findings.map((x) => x.file))).size;
    const where =
      withProblems === result.files.length ? checked : `${plural(withProblems, 'file')} (${checked} checked)`;
    const summary = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${where}.`;
    lines.push(c.bold(result.errorCount > 0 ? c.red(summary) : c.yellow(summary)));
  }
  return lines.join('\n') + '\n';
}

/** `version` is rak-app's, for the links to rule pages; asked for only when a finding has a page. */
export function formatJson(
  result: CheckResult,
  version: () => string,
  envelope?: { command: string; outcome: Outcome },
): string {
  // `{ docs }` for a rule with a page, looked up once per rule id.
  const docs = new Map<string, { docs?: string }>();
  let toolVersion: string | undefined;
  const docsOf = (ruleId: string): { docs?: string } => {
    let entry = docs.get(ruleId);
    if (!entry) {
      const url = ruleDocsUrl(ruleId, (toolVersion ??= version()));
      entry = url ? { docs: url } : {};
      docs.set(ruleId, entry);
    }
    return entry;
  };
  const files = result.files.map((f) => ({
    path: f.path,
    findings: f.findings.map((x) => ({
      ruleId: x.ruleId,
      severity: x.severity,
      message: x.message,
      pointer: x.pointer,
      line: x.line,
      column: x.column,
      ...(x.suggestion !== undefined ? { suggestion: x.suggestion } : {}),
      ...(x.messageId !== undefined ? { messageId: x.messageId, data: x.data ?? {} } : {}),
      ...docsOf(x.ruleId),
    })),
  }));
  const inputErrors = result.inputErrors && result.inputErrors.length > 0 ? { inputErrors: result.inputErrors } : {};
  return (
    JSON.stringify(
      {
        ...(envelope
          ? {
              schemaVersion: RESULT_SCHEMA_VERSION,
              command: envelope.command,
              status: envelope.outcome === 'ok' ? 'passed' : 'failed',
              exitCode: EXIT[envelope.outcome],
              next: [],
            }
          : {}),
        files,
        errorCount: result.errorCount,
        warningCount: result.warningCount,
        infoCount: result.infoCount,
        ...inputErrors,
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(result: CheckResult, options: RenderOptions): string {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rak-app',
            version: options.toolVersion(),
            rules: options.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              help: { text: `${r.description} See docs/rules/${r.id}.md in the rak-app package.` },
              ...(ruleDocsUrl(r.id, options.toolVersion())
                ? { helpUri: ruleDocsUrl(r.id, options.toolVersion()) }
                : {}),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        results: result.files.flatMap((file) =>
          file.findings.map((f) => ({
            ruleId: f.ruleId,
            ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
            level: SARIF_LEVEL[f.severity],
            ...(f.messageId !== undefined ? { properties: { messageId: f.messageId, data: f.data ?? {} } } : {}),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(f.file) },
                  region: { startLine: f.line, startColumn: f.column },
                },
                ...(f.pointer !== '' ? { logicalLocations: [{ fullyQualifiedName: f.pointer, kind: 'member' }] } : {}),
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A relative path stays relative (code scanning resolves it against the repository root). */
function toUri(path: string): string {
  const forward = path.replace(/\\/g, '/');
  const encoded = forward.split('/').map(encodeURIComponent).join('/');
  return forward.startsWith('/') ? `file://${encoded}` : encoded;
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// GitHub's workflow-command escaping, as @actions/core does it.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(result: CheckResult): string {
  const lines = result.files.flatMap((file) =>
    file.findings.map(
      (f) =>
        `::${GITHUB_COMMAND[f.severity]} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`rak-app ${f.ruleId}`)}::${escapeData(f.message)}`,
    ),
  );
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** The doctor's report, one line a check, with the fix under what fails or warns. */
export function formatDoctor(report: DoctorReport, c: Painter = plain): string {
  const marks = { pass: c.green('✔'), warn: c.yellow('⚠'), fail: c.red('✖'), info: c.blue('ℹ') };
  const lines = report.checks.flatMap((check) => [
    `${marks[check.status]} ${check.summary}`,
    ...(check.fix && check.status !== 'pass' ? [`    ${c.dim('fix:')} ${check.fix}`] : []),
  ]);
  lines.push(
    '',
    report.blocking
      ? c.red('✖ stripe apps cannot run here yet: fix what is marked ✖.')
      : c.green('✔ Ready to build and upload RAK apps.'),
  );
  return lines.join('\n') + '\n';
}

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
      .map(printable)
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
    '  The Stripe CLI may also re-sort the manifest\'s keys and add "extensions": null; both are harmless.',
    '',
  );
  return lines.join('\n') + '\n';
}

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
