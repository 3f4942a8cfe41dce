/** The file system, for reading manifests and the files beside them, and for writing reports. */
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join, sep } from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { FileSystem, ReadResult } from '../core/file-system.js';
import { redactSecrets } from '../core/secrets.js';
import { UserError } from '../errors.js';

/** A manifest is a few KiB; anything far larger is not one, and is refused before it is read. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** A source file far larger than this is generated or minified code, not the app's own. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? '';

/** A file's text, or why it could not be read: what the checker reads manifests as. */
export type TextRead = ReadResult;

/**
 * A file's text, read only if it is a regular file (a link is followed) of at most `maxBytes`: a
 * folder, a FIFO, a device or a socket is refused before it is opened, so that nothing waits on a
 * pipe or reads /dev/zero for ever. Text that is not UTF-8 is refused with the line and column of
 * its first bad byte, rather than read with replacement characters that a later write would keep.
 */
export function readTextFile(path: string, maxBytes: number): TextRead {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', detail: 'no such file.' };
    return {
      ok: false,
      reason: 'unreadable',
      detail: `cannot be read (${WRITE_FAILURES[code] ?? (code || String(e))}).`,
    };
  }
  if (stats.isDirectory()) return { ok: false, reason: 'is-directory', detail: 'is a folder, not a file.' };
  if (!stats.isFile()) {
    return {
      ok: false,
      reason: 'not-a-file',
      detail: 'is not a regular file (a pipe, a device or a socket); rak-app reads only files.',
    };
  }
  if (stats.size > maxBytes) {
    const size = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return {
      ok: false,
      reason: 'too-large',
      detail: `is ${size(stats.size)}; {what} is at most ${maxBytes / 1024 / 1024} MiB.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = errorCode(e);
    return {
      ok: false,
      reason: 'unreadable',
      detail: `cannot be read (${WRITE_FAILURES[code] ?? (code || String(e))}).`,
    };
  }
  // A byte-order mark stays in the text, so the text is the file's bytes exactly.
  if (isUtf8(bytes)) return { ok: true, text: bytes.toString('utf8') };
  const at = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[at]?.toString(16).toUpperCase().padStart(2, '0');
  return {
    ok: false,
    reason: 'not-utf8',
    detail: `${line}:${column}: is not UTF-8 text (byte 0x${byte}); save it as UTF-8.`,
  };
}

/** The offset of the first byte that does not begin a valid UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const more =
      lead < 0x80
        ? 0
        : lead >= 0xc2 && lead <= 0xdf
          ? 1
          : lead >= 0xe0 && lead <= 0xef
            ? 2
            : lead >= 0xf0 && lead <= 0xf4
              ? 3
              : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if ((bytes[i + k] ?? 0) >> 6 !== 0b10) return i;
    const second = bytes[i + 1] ?? 0;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    const outOfRange =
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f);
    if (outOfRange) return i;
    i += more + 1;
  }
  return i;
}

/** readTextFile, for the commands: a problem is a usage error (exit 2) naming the file as shown. */
export function readText(path: string, shown: string, maxBytes = MAX_MANIFEST_BYTES): string {
  const read = readTextFile(path, maxBytes);
  if (read.ok) return read.text;
  throw new UserError(`${shown}: ${read.detail.replace('{what}', 'a manifest')}`);
}

/** What is at a path: a file, a folder, something else, or nothing. */
export const pathKind = (path: string): 'file' | 'directory' | 'missing' | 'other' => nodeFileSystem.kind(path);

/** Whether a folder is missing, empty or not, or is a file. */
export function folderState(path: string): 'missing' | 'empty' | 'not-empty' | 'file' {
  try {
    if (!statSync(path).isDirectory()) return 'file';
    return readdirSync(path).length === 0 ? 'empty' : 'not-empty';
  } catch {
    return 'missing';
  }
}

/** Makes a folder and the folders above it. */
export const makeFolder = (path: string): void => void mkdirSync(path, { recursive: true });

/** Removes a file rak-app made. */
export const removeFile = (path: string): void => unlinkSync(path);

/** Writes a new file; one that exists already is never overwritten (an error with code EEXIST). */
export const createFile = (path: string, text: string): void => writeFileSync(path, text, { flag: 'wx' });

/**
 * The files under `roots` whose names `wanted` accepts, each real file once: a folder reached twice
 * through links (a link to `.`) is read once, so a loop ends. Folders named in `skip` are passed
 * over. A root that does not exist is reported through `missing`.
 */
export function findFiles(
  roots: readonly string[],
  options: { wanted: (name: string) => boolean; skip: ReadonlySet<string>; missing: (root: string) => never },
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, top: boolean): void => {
    let stats: Stats;
    let real: string;
    try {
      stats = statSync(path);
      real = realpathSync(path);
    } catch {
      if (top) options.missing(path);
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    // A file that is not a regular one (a FIFO) is listed too: reading it refuses it, with a reason.
    if (!stats.isDirectory()) {
      if (top || options.wanted(path)) found.push(path);
      return;
    }
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch {
      return;
    }
    for (const name of names) if (!options.skip.has(name)) visit(join(path, name), false);
  };
  for (const root of roots) visit(root, true);
  return found;
}

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
    const read = readTextFile(path, MAX_MANIFEST_BYTES);
    if (read.ok) return read;
    if (read.reason === 'is-directory')
      return { ok: false, reason: read.reason, detail: 'is a folder, not a manifest file.' };
    return { ok: false, reason: read.reason, detail: read.detail.replace('{what}', 'a manifest') };
  },
  // A view's source and the icon are read for rules: regular files only, as manifests, since a FIFO
  // named AppSettings.tsx or icon.png would block a synchronous read for ever.
  readText(path) {
    const read = readTextFile(path, MAX_SOURCE_BYTES);
    return read.ok ? read.text : undefined;
  },
  readHead(path, bytes) {
    let fd: number | undefined;
    try {
      if (!statSync(path).isFile()) return undefined;
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

/**
 * Puts a file's bytes back. Atomically where a temporary file can be made beside it; in place where
 * it cannot (a read-only folder holding a writable file), since then the alternative is no restore.
 */
export async function restoreFile(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch {
    writeFileSync(path, bytes);
  }
}

/**
 * A report or the upload ledger, written atomically through the secret masker: with what rak-app
 * prints, the one other way its output leaves it.
 */
export async function writeMaskedFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, redactSecrets(text));
}

/** Whether two paths name the same file (through links too); false when either does not exist. */
export function isSameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
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

/**
 * Where a write to `path` would land when a link (the file itself, or a folder on the way) carries it
 * outside `root`; undefined when it stays inside. A link that leads nowhere counts as outside.
 */
export function landsOutside(path: string, root: string): string | undefined {
  const realRoot = realpathSync(root);
  const rest: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      lstatSync(p);
    } catch {
      if (dirname(p) === p) return undefined;
      rest.unshift(basename(p));
      continue;
    }
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return p;
    }
    const target = join(real, ...rest);
    return target === realRoot || target.startsWith(realRoot + sep) ? undefined : target;
  }
}

/** A lock on an app folder, held while a command changes it. */
export interface AppLock {
  release(): void;
  /** Temporary files an interrupted run left, removed when its lock was taken over. */
  removed: string[];
}

/** write-file-atomic's temporary files: the target's name, a dot and a number. */
const LEFT_BY_A_WRITE = /^(stripe-app\.json|uploads\.json)\.\d+$/;

/** Removes the temporary files a killed run's atomic writes left in an app folder and its ledger's. */
function removeInterruptedWrites(appDir: string): string[] {
  const removed: string[] = [];
  for (const dir of [appDir, join(appDir, '.rak-app')]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => LEFT_BY_A_WRITE.test(n))) {
      try {
        unlinkSync(join(dir, name));
        removed.push(join(dir, name));
      } catch {
        // Gone already, or not ours to remove: left as it is.
      }
    }
  }
  return removed;
}

const LOCK_FILE = '.rak-app.lock';

/**
 * Locks an app folder for a command that changes it or its ledger (convert, upload), so that two
 * runs at once cannot interleave: the second is refused, naming the first. A lock left by a process
 * that no longer runs (killed) is taken over.
 */
export function lockApp(appDir: string, command: string): AppLock {
  const path = join(appDir, LOCK_FILE);
  const holder = JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() });
  let removed: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${holder}\n`, { flag: 'wx' });
      return {
        removed,
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') {
        throw new UserError(`${path}: cannot lock the app folder (${WRITE_FAILURES[errorCode(e)] ?? errorCode(e)}).`);
      }
    }
    let held: { pid?: number; command?: string; since?: string } = {};
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as typeof held;
    } catch {
      // Unreadable or half-written: treated as held by a process that no longer runs.
    }
    if (attempt === 0 && !isRunning(held.pid)) {
      try {
        unlinkSync(path);
      } catch {
        // Another run took it over first; the next attempt says so.
      }
      // That run was killed: an atomic write it had under way left its temporary file.
      removed = removeInterruptedWrites(appDir);
      continue;
    }
    throw new UserError(
      `${appDir}: another rak-app is changing this app (\`rak-app ${held.command ?? '?'}\`, process ${held.pid ?? '?'}, since ${held.since ?? '?'}).`,
      `Wait for it to finish. If no rak-app is running, remove ${path}.`,
    );
  }
}

/** Whether a process runs (signal 0 asks without sending anything). */
function isRunning(pid: number | undefined): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}
