/** What the checker needs from the file system; src/adapters/files.ts provides it. */
import type { FileAccess } from './rule.js';

export type ReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      reason: 'not-found' | 'unreadable' | 'too-large' | 'is-directory' | 'not-a-file' | 'not-utf8';
      detail: string;
    };

export interface FileSystem extends FileAccess {
  kind(path: string): 'file' | 'directory' | 'missing' | 'other';
  listDir(path: string): string[];
  readManifest(path: string): ReadResult;
}
