/**
 * A check result as text, in each report format: stylish for people, json and sarif for machines,
 * github for workflow annotations. One file per format beside this one.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Painter } from '../adapters/painter.js';
import type { CheckResult } from '../core/finding.js';
import type { Outcome } from '../exit-codes.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif, type RuleDescription } from './sarif.js';
import { formatStylish } from './stylish.js';

export type { RuleDescription };

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

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
