#!/usr/bin/env node
// The GitHub Action's step (action.yml): runs `rak-app check` on the inputs, with annotations (from
// GITHUB_ACTIONS), a SARIF report for code scanning, and a table of findings in the job summary.
// Exits with rak-app's exit code. Tested with a made-up GITHUB_* environment in test/cli/integrations.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'rak-app.cjs');
const env = process.env;
const paths = (env.INPUT_PATHS || '.').split(/\s+/).filter(Boolean);
const maxWarnings = env.INPUT_MAX_WARNINGS || '-1';
const sarifFile = env.INPUT_SARIF_FILE || 'rak-app.sarif';

const work = mkdtempSync(join(tmpdir(), 'rak-app-action-'));
const jsonFile = join(work, 'report.json');
const run = spawnSync(
  process.execPath,
  [
    bin,
    'check',
    ...paths,
    '--max-warnings',
    maxWarnings,
    '--report',
    `sarif=${sarifFile}`,
    '--report',
    `json=${jsonFile}`,
  ],
  { stdio: 'inherit', env },
);
const code = run.status ?? 2;

/** Markdown table cells: a pipe or a line break would end the cell. */
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

let summary;
try {
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  const findings = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
  const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const counts = `${count(report.errorCount, 'error')}, ${count(report.warningCount, 'warning')}, ${report.infoCount} info`;
  const manifests = count(report.files.length, 'manifest');
  const head = findings.length === 0 ? `No problems in ${manifests}.` : `${counts} in ${manifests}.`;
  const rows = findings.map(
    (f) => `| ${cell(f.path)}:${f.line}:${f.column} | ${f.severity} | ${cell(f.message)} | \`${f.ruleId}\` |`,
  );
  const inputErrors = (report.inputErrors ?? []).map((e) => `- \`${cell(e.path)}\`: ${cell(e.message)}`);
  summary = [
    '## rak-app check',
    '',
    head,
    ...(rows.length > 0 ? ['', '| where | severity | message | rule |', '|---|---|---|---|', ...rows] : []),
    ...(inputErrors.length > 0 ? ['', 'Not checked:', ...inputErrors] : []),
    '',
  ].join('\n');
} catch {
  summary = `## rak-app check\n\nrak-app exited ${code} without a report; its output is in the log.\n`;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
// The step runs in the action's working-directory; later steps (upload-sarif) run in the workspace,
// so the file is named from there, or by its whole path when it is elsewhere.
const written = resolve(sarifFile);
const fromWorkspace = env.GITHUB_WORKSPACE ? relative(env.GITHUB_WORKSPACE, written) : written;
const outside = fromWorkspace === '..' || fromWorkspace.startsWith(`..${sep}`) || isAbsolute(fromWorkspace);
const shown = outside ? written : fromWorkspace;
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `sarif-file=${shown}\n`);
process.exitCode = code;
