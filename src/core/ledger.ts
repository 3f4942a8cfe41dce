/**
 * The upload ledger, .rak-app/uploads.json beside the manifest: a file meant to be committed, with
 * one entry per successful upload. It is what lets rak-app refuse a duplicate version or a changed
 * authentication method, and ask for the app id on a first upload.
 */
import { join } from 'node:path';
import { createSourceFile, duplicateKeys, positionAt } from './source-file.js';

/** Where the ledger is, from the app folder. */
export const LEDGER_FILE = join('.rak-app', 'uploads.json');

export interface LedgerEntry {
  appId: string;
  version: string;
  accessType: string;
  digest: string;
  /** ISO 8601. */
  uploadedAt: string;
  /** The manifest's permissions as uploaded (recorded since rak-app 0.2), for the next plan's diff. */
  permissions?: string[];
  /**
   * The manifest's content, as a sha256 that the Stripe CLI's rewrites leave alone (keys sorted, the
   * keys it writes with nothing in them dropped: manifestContent()): a later run with another
   * content is a change never uploaded.
   */
  contentDigest?: string;
  /**
   * Set when Stripe confirmed the upload but something about it is not known for sure: the manifest
   * changed while it ran (so the digest is the one consented to, not necessarily what was uploaded),
   * or Stripe did not finish after printing its success line (it hung, failed, was interrupted or
   * asked to log in), or printed it without asking to proceed.
   */
  uncertain?: 'manifest-changed-during-upload' | 'stripe-did-not-finish' | 'stripe-did-not-ask';
}

export type LedgerRead =
  | { ok: true; entries: LedgerEntry[] }
  | { ok: false; line: number; column: number; message: string };

const FIELDS: (keyof LedgerEntry)[] = ['appId', 'version', 'accessType', 'digest', 'uploadedAt'];

/** Parses the ledger strictly; a corrupt or hand-edited one is an error with its position. */
export function readLedger(text: string | undefined): LedgerRead {
  if (text === undefined) return { ok: true, entries: [] };
  const { file, problems } = createSourceFile('uploads.json', text);
  const fail = (offset: number, message: string): LedgerRead => ({ ok: false, ...positionAt(file, offset), message });
  if (text.startsWith('\uFEFF'))
    return fail(0, 'it starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without one');
  if (problems.length > 0 || !file.root) return fail(problems[0]?.offset ?? 0, 'not valid JSON');
  // {"uploads": [], "uploads": [...]} would read as one list and be written back as the other.
  const [repeated] = duplicateKeys(file);
  if (repeated) return fail(repeated.offset, `"${repeated.name}" is written twice in one object`);
  const root = file.root;
  const uploads =
    root.type === 'object'
      ? root.children?.find((p) => p.children?.[0]?.value === 'uploads')?.children?.[1]
      : undefined;
  if (root.type !== 'object' || !uploads || uploads.type !== 'array')
    // At the value that is no list, where there is one: `{"uploads": {}}` is wrong at its `{}`.
    return fail(uploads?.offset ?? root.offset, 'expected {"uploads": [...]}');
  const entries: LedgerEntry[] = [];
  for (const item of uploads.children ?? []) {
    if (item.type !== 'object') return fail(item.offset, 'each upload must be an object');
    // A field's value in the entry, and its text where it is a string.
    const fieldValue = (field: string) => item.children?.find((p) => p.children?.[0]?.value === field)?.children?.[1];
    const text = (field: string): string | undefined => {
      const value = fieldValue(field);
      return value?.type === 'string' ? String(value.value) : undefined;
    };
    const entry: Record<string, string> = {};
    for (const field of FIELDS) {
      const value = text(field);
      if (value === undefined)
        return fail(fieldValue(field)?.offset ?? item.offset, `each upload needs "${field}" as a string`);
      entry[field] = value;
    }
    const permissions = fieldValue('permissions');
    const list =
      permissions?.type === 'array' && permissions.children?.every((c) => c.type === 'string')
        ? permissions.children.map((c) => String(c.value))
        : undefined;
    const content = text('contentDigest');
    const uncertain = text('uncertain') as LedgerEntry['uncertain'];
    entries.push({
      ...(entry as unknown as LedgerEntry),
      ...(list ? { permissions: list } : {}),
      ...(content !== undefined ? { contentDigest: content } : {}),
      ...(uncertain !== undefined ? { uncertain } : {}),
    });
  }
  return { ok: true, entries };
}

/** A new ledger holding one entry. An existing one is edited in place, keeping what else it holds. */
export function newLedger(entry: LedgerEntry): string {
  return `${JSON.stringify({ uploads: [entry] }, null, 2)}\n`;
}
