/** The file system, for reading manifests and the files beside them, and for writing reports. */
import {
  accessSync,
  closeSync,
  constants,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { FileSystem, ReadResult } from '../core/file-system.js';

/** A manifest is a few KiB; anything far larger is not one, and is refused before it is read. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? '';

export const nodeFileSystem: FileSystem = {
  kind(path) {
    try {
      const s = statSync(path);
      return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
    } catch (e) {
      return errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR' ? 'missing' : 'other';
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  readManifest(path): ReadResult {
    try {
      const s = statSync(path);
      if (s.isDirectory()) return { ok: false, reason: 'is-directory', detail: 'is a folder, not a manifest file.' };
      if (s.size > MAX_MANIFEST_BYTES) {
        return {
          ok: false,
          reason: 'too-large',
          detail: `is ${(s.size / 1024 / 1024).toFixed(1)} MiB; a manifest is at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB.`,
        };
      }
      return { ok: true, text: readFileSync(path, 'utf8') };
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', detail: 'no such file.' };
      return { ok: false, reason: 'unreadable', detail: `cannot be read (${code || String(e)}).` };
    }
  },
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readHead(path, bytes) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const buffer = Buffer.alloc(bytes);
      const n = readSync(fd, buffer, 0, bytes, 0);
      return buffer.subarray(0, n);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

/**
 * Writes a file so that readers see the old content or the new, never half of either. npm's
 * write-file-atomic writes a temporary file beside it, syncs it to disk and renames it over the
 * target; it keeps the file's mode and owner, writes through a symbolic link rather than replacing
 * it, and removes the temporary file if anything fails. Loaded on the first write: on load it hooks
 * the process's exit (to remove its temporary files), which a check that writes nothing is spared.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const { default: writeFile } = await import('write-file-atomic');
  try {
    writeFile.sync(path, typeof content === 'string' ? content : Buffer.from(content));
  } catch (e) {
    // The error names write-file-atomic's temporary file (r.json.4144605061), which the user never
    // asked for; say what is wrong with the path they gave.
    throw Object.assign(new Error(WRITE_FAILURES[errorCode(e)] ?? (e as Error).message), { code: errorCode(e) });
  }
}

/**
 * Why writeFileAtomic() could not write this file, its folder included when it would make it, or
 * undefined when it could: asked before a step that cannot be undone is followed by a write.
 */
export function whyUnwritable(path: string): string | undefined {
  const writable = (p: string): boolean => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  // The nearest of the file and its folders that exists must be writable, and each must be a folder
  // but the file itself: write-file-atomic writes a temporary file beside the target.
  for (let p = path, isTarget = true; ; p = dirname(p), isTarget = false) {
    let stats: Stats;
    try {
      stats = statSync(p);
    } catch {
      if (dirname(p) === p) return 'its folder does not exist';
      continue;
    }
    if (isTarget && stats.isDirectory()) return 'it is a folder';
    if (!isTarget && !stats.isDirectory()) return `${p} is a file, not a folder`;
    if (!writable(p) || (isTarget && !writable(dirname(p)))) return 'permission denied';
    return undefined;
  }
}

const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_MANIFEST_BYTES)
      throw new Error(
        `standard input is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; a manifest is far smaller.`,
      );
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sets values in a JSON text, keeping its indentation, key order and everything else: each change is
 * made with jsonc-parser's edits, and only the inserted text is formatted, in the file's own style.
 */
export function applyJsonEdits(text: string, edits: { path: (string | number)[]; value: unknown }[]): string {
  const formattingOptions = detectFormatting(text);
  let out = text;
  for (const edit of edits) {
    if (edit.value === undefined && typeof edit.path[edit.path.length - 1] === 'number') {
      out = removeArrayElement(out, edit.path);
      continue;
    }
    const isArrayInsertion = typeof edit.path[edit.path.length - 1] === 'number';
    const changes = jsonc.modify(out, edit.path, edit.value, { isArrayInsertion });
    out = jsonc.applyEdits(out, changes);
    for (const change of changes) {
      out = jsonc.applyEdits(
        out,
        jsonc.format(out, { offset: change.offset, length: change.content.length }, formattingOptions),
      );
    }
  }
  return out;
}

/**
 * Removes one array element with its separator only, so the lines around it keep their layout
 * (jsonc-parser's own removal also rewrites the white space before the closing bracket).
 */
function removeArrayElement(text: string, path: (string | number)[]): string {
  const array = jsonc.findNodeAtLocation(jsonc.parseTree(text)!, path.slice(0, -1));
  const index = path[path.length - 1] as number;
  const items = array?.children ?? [];
  const item = items[index];
  if (!item) return text;
  const next = items[index + 1];
  const previous = items[index - 1];
  const [from, to] = next
    ? [item.offset, next.offset]
    : previous
      ? [previous.offset + previous.length, item.offset + item.length]
      : [item.offset, item.offset + item.length];
  return text.slice(0, from) + text.slice(to);
}

/** applyJsonEdits on a file, written atomically. Returns the new text. */
export async function editJsonFile(
  path: string,
  edits: { path: (string | number)[]; value: unknown }[],
): Promise<string> {
  const original = readFileSync(path, 'utf8');
  const text = applyJsonEdits(original, edits);
  if (text !== original) await writeFileAtomic(path, text);
  return text;
}

/** The indentation and line ending a JSON text already uses, so edits match it. */
export function detectFormatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
