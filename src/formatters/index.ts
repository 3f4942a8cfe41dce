/**
 * A check result as text, in each report format: stylish for people, json and sarif for machines,
 * github for workflow annotations. One file per format beside this one.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Painter } from '../adapters/painter.js';
import type { CheckResult } from '../core/finding.js';
import { formatGithub } from './github.js';
import { formatJson, jsonPieces, type ResultEnvelope } from './json.js';
import { formatSarif, type RuleDescription } from './sarif.js';
import { formatStylish, stylishPieces } from './stylish.js';

export type { RuleDescription };

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  painter: Painter;
  /** rak-app's version, for SARIF; asked for only there, since reading it costs start-up time. */
  toolVersion: () => string;
  rules: readonly RuleDescription[];
  /** For the json format: the result envelope every --json document starts with. */
  envelope?: ResultEnvelope;
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

/** The report in pieces, each ending between two files' findings; joined, they are render()'s text. */
function reportPieces(result: CheckResult, format: Format, options: RenderOptions): Iterable<string> {
  switch (format) {
    case 'stylish':
      return stylishPieces(result, options.painter);
    case 'json':
      return jsonPieces(result, options.toolVersion, options.envelope);
    default:
      return [render(result, format, options)];
  }
}

/**
 * What writeReport hands on at a time, at least. Measured on `permissions scan` over 100,000 lines (a
 * 9.5 MB report): pieces of 16 KiB peaked at 137-140 MB, of 64 KiB at 144-149 MB (each written piece
 * is copied once more to be written), at the same speed.
 */
const PIECE_LENGTH = 16 * 1024;

/**
 * Writes what render() returns, in pieces of about 16 KiB that each end between two files'
 * findings, so that a large report (20,000 findings) is never held whole, neither as one string nor
 * as the masked copy and the buffer writing it makes. A secret never spans two pieces.
 */
export function writeReport(
  result: CheckResult,
  format: Format,
  options: RenderOptions,
  write: (text: string) => void,
): void {
  let pending: string[] = [];
  let length = 0;
  for (const piece of reportPieces(result, format, options)) {
    pending.push(piece);
    length += piece.length;
    if (length >= PIECE_LENGTH) {
      write(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) write(pending.join(''));
}
