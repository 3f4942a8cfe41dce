/** What the checker needs from the file system; src/adapters/files.ts provides it. */
import { resolve } from 'node:path';
import type { FileAccess } from './rule.js';

export type ReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      reason: 'not-found' | 'unreadable' | 'too-large' | 'is-directory' | 'not-a-file' | 'not-utf8';
      detail: string;
      /** Where the fault is, when it is in the text (the first byte that is not UTF-8). */
      at?: { line: number; column: number };
    };

export interface FileSystem extends FileAccess {
  kind(path: string): 'file' | 'directory' | 'missing' | 'other';
  /** A folder's entries, or why they cannot be read (`permission denied`). */
  listDir(path: string): string[] | { why: string };
  readManifest(path: string): ReadResult;
  /** Where a link that leads nowhere points, as written; undefined for anything else. */
  linkTarget?(path: string): string | undefined;
  /** The path with its folder's links followed (the path itself when that fails): one manifest given twice is checked once. */
  identity(path: string): string;
}

/** `fs` with one file's read done already: every later read of that path gets what was read then. */
export function withManifestRead(fs: FileSystem, path: string, read: ReadResult): FileSystem {
  const at = resolve(path);
  return { ...fs, readManifest: (p) => (resolve(p) === at ? read : fs.readManifest(p)) };
}
