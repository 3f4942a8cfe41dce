/** SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. */
import { sep } from 'node:path';
import type { CheckResult, Severity } from '../core/finding.js';
import { ruleDocsUrl } from './rule-docs.js';

export interface RuleDescription {
  id: string;
  severity: Severity;
  description: string;
}

/** What SARIF names besides the findings: rak-app's version and its rules. */
export interface SarifOptions {
  /** Asked for only here, since reading it costs start-up time. */
  toolVersion: () => string;
  rules: readonly RuleDescription[];
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(result: CheckResult, options: SarifOptions): string {
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

/**
 * A relative path stays relative (code scanning resolves it against the repository root). Only
 * Windows separates with a backslash; elsewhere it is a letter of the name, escaped like any other.
 */
function toUri(path: string): string {
  const forward = sep === '\\' ? path.replace(/\\/g, '/') : path;
  const encoded = forward.split('/').map(encodeURIComponent).join('/');
  return forward.startsWith('/') ? `file://${encoded}` : encoded;
}
