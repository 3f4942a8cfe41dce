/** The report for machines: findings with their messageId and data, in the --json result envelope. */
import type { CheckResult } from '../core/finding.js';
import { EXIT, type Outcome } from '../exit-codes.js';
import { RESULT_SCHEMA_VERSION } from '../result-document.js';
import { ruleDocsUrl } from './rule-docs.js';

/** The result envelope every --json document starts with; `details`, what a command adds after the counts. */
export interface ResultEnvelope {
  command: string;
  outcome: Outcome;
  reason?: string;
  next?: readonly string[];
  details?: Readonly<Record<string, unknown>>;
}

/** `version` is rak-app's, for the links to rule pages; asked for only when a finding has a page. */
export function formatJson(result: CheckResult, version: () => string, envelope?: ResultEnvelope): string {
  return [...jsonPieces(result, version, envelope)].join('');
}

/**
 * Each file's entry in the document's "files": its path and findings, each with its messageId and
 * data, and its rule's page; a rule's page looked up once. Other commands' documents that carry a
 * check's findings (upload's, when the check stops it) use the same.
 */
export function jsonFile(version: () => string) {
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
  return (f: CheckResult['files'][number]) => ({
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
  });
}

/**
 * The document formatJson returns, a file at a time: the document is stringified with an empty
 * "files" list, and each file, stringified alone and indented to its depth, goes in its place.
 */
export function* jsonPieces(result: CheckResult, version: () => string, envelope?: ResultEnvelope): Generator<string> {
  const fileOf = jsonFile(version);
  const inputErrors = result.inputErrors && result.inputErrors.length > 0 ? { inputErrors: result.inputErrors } : {};
  const document =
    JSON.stringify(
      {
        ...(envelope
          ? {
              schemaVersion: RESULT_SCHEMA_VERSION,
              command: envelope.command,
              status: envelope.outcome === 'ok' ? 'passed' : 'failed',
              exitCode: EXIT[envelope.outcome],
              ...(envelope.reason !== undefined ? { reason: envelope.reason } : {}),
              next: envelope.next ?? [],
            }
          : {}),
        files: [],
        errorCount: result.errorCount,
        warningCount: result.warningCount,
        infoCount: result.infoCount,
        ...inputErrors,
        ...envelope?.details,
      },
      null,
      2,
    ) + '\n';
  // A key of the document itself is the only line indented by two spaces that opens "files".
  const files = '\n  "files": []';
  const at = document.indexOf(files);
  if (result.files.length === 0 || at < 0) {
    yield document;
    return;
  }
  const open = at + files.length - 1;
  yield `${document.slice(0, open)}\n`;
  // Each file stringified where it stands in the document, so that JSON.stringify indents it (a
  // copy of its text with each line indented cost as much again).
  const before = '{\n  "files": [\n'.length;
  const after = '\n  ]\n}'.length;
  for (let i = 0; i < result.files.length; i++) {
    const text = JSON.stringify({ files: [fileOf(result.files[i]!)] }, null, 2);
    yield `${text.slice(before, text.length - after)}${i < result.files.length - 1 ? ',' : ''}\n`;
  }
  yield `  ${document.slice(open)}`;
}
