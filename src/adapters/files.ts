/** The file system, for reading manifests and the files beside them, and for writing reports. */
import {
  accessSync,
  chmodSync,
  closeSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  renameSync,
  writeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { FileSystem, ReadResult } from '../core/file-system.js';
import { redactSecrets } from '../core/secrets.js';
import { linkToNothing, placedIn, printable } from '../core/source-file.js';
import { UserError } from '../errors.js';

/** A manifest is a few KiB; anything far larger is not one, and is refused before it is read. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The upload ledger grows by a few hundred bytes an upload. */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;
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
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const leadsTo = danglingLinkTarget(path);
      const detail = leadsTo === undefined ? 'no such file.' : `${linkToNothing(leadsTo)}.`;
      return { ok: false, reason: 'not-found', detail };
    }
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
    // In MiB to a tenth, unless that rounds to the limit itself: then in bytes (4,194,305 bytes).
    const mib = (stats.size / 1024 / 1024).toFixed(1);
    const size = (n: number): string =>
      Number(mib) * 1024 * 1024 <= maxBytes ? `${n.toLocaleString('en-US')} bytes` : `${mib} MiB`;
    return {
      ok: false,
      reason: 'too-large',
      detail: `is ${size(stats.size)}; {what} is at most ${maxBytes / 1024 / 1024} MiB.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, stats.size);
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
  const { detail, line, column } = notUtf8(bytes);
  return { ok: false, reason: 'not-utf8', detail, at: { line, column } };
}

/** Where text that is not UTF-8 goes wrong: the line and column of its first bad byte, in words. */
function notUtf8(bytes: Buffer): { detail: string; line: number; column: number } {
  const at = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[at]?.toString(16).toUpperCase().padStart(2, '0');
  return { detail: `${line}:${column}: is not UTF-8 text (byte 0x${byte}); save it as UTF-8.`, line, column };
}

/** Files up to this size are read into one buffer kept for the next. */
const SHARED_BUFFER_BYTES = 1024 * 1024;
let shared: Buffer | undefined;

/**
 * The first `size` bytes of a regular file (its size when stat-ed; fewer if it has shrunk since), as
 * readFileSync reads them, without the fstat it makes for the size and the buffer it allocates: a
 * scan reads thousands of small files, and those were a third of the time spent reading them. A
 * file of up to 1 MiB is read into a buffer shared by every call: the caller copies what it keeps.
 */
function readRegularFile(path: string, size: number): Buffer {
  // A size of 0 may not be the file's (some file systems say 0 and give text): read to its end.
  if (size === 0) return readFileSync(path);
  const buffer =
    size <= SHARED_BUFFER_BYTES ? (shared ??= Buffer.allocUnsafe(SHARED_BUFFER_BYTES)) : Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (length < size) {
      const read = readSync(fd, buffer, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
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
export function readText(path: string, shown: string, maxBytes = MAX_MANIFEST_BYTES, what = 'a manifest'): string {
  const read = readTextFile(path, maxBytes);
  if (read.ok) return read.text;
  throw new UserError(placedIn(shown, read.detail.replace('{what}', what)));
}

/** Whether a path is a symbolic link (to anything, or to nothing). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether a path is a regular file itself, not a link to one. */
export function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether a file's mode lets nobody write it (`chmod a-w`); a file that cannot be read is not. */
export function isReadOnly(path: string): boolean {
  try {
    return (statSync(path).mode & 0o222) === 0;
  } catch {
    return false;
  }
}

/** A regular file's bytes (at most a manifest's size), or undefined. */
export function readBytes(path: string, maxBytes = MAX_MANIFEST_BYTES): Buffer | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() && stats.size <= maxBytes ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** What is at a path: a file, a folder, something else, or nothing. */
export const pathKind = (path: string): 'file' | 'directory' | 'missing' | 'other' => nodeFileSystem.kind(path);

/** Whether a folder is missing, empty or not, or is a file (a link to nothing is one: a name taken). */
export function folderState(path: string): 'missing' | 'empty' | 'not-empty' | 'file' {
  try {
    if (!statSync(path).isDirectory()) return 'file';
    return readdirSync(path).length === 0 ? 'empty' : 'not-empty';
  } catch {
    return nameTaken(path) ? 'file' : 'missing';
  }
}

/** Where a link that leads nowhere points (as written), or undefined for anything else. */
export function danglingLinkTarget(path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink() || existsSync(path)) return undefined;
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Whether anything has this name, a link to nothing included: a name a new file may not take. */
export function nameTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes a folder and the folders above it. */
export const makeFolder = (path: string): void => void mkdirSync(path, { recursive: true });

/** Removes a file rak-app made. */
export const removeFile = (path: string): void => unlinkSync(path);

/**
 * Writes a new file, whole or not at all (a full disk leaves nothing behind); one that exists already
 * is never overwritten (an error with code EEXIST).
 */
export const createFile = (path: string, text: string): void => createWhole(path, text);

export const nodeFileSystem: FileSystem = {
  linkTarget: danglingLinkTarget,
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
    } catch (e) {
      const code = errorCode(e);
      return { why: WRITE_FAILURES[code] ?? (code || String(e)) };
    }
  },
  // The folder's real path and the file's name: a manifest linked from another app folder is that
  // folder's to check (its icon and settings view are read beside the link), not a second look at one.
  identity(path) {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
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

/** The temporary file a write by this process makes beside `target`: its name holds the pid, so
 * only the temporary files of a run known to be dead are ever swept (see lockApp). */
const temporaryName = (target: string, pid = process.pid): string =>
  join(dirname(target), `.${basename(target)}.${pid}.${randomHex()}${TEMPORARY_SUFFIX}`);
/** Eight hex digits, to tell apart names made by one process (each file is opened exclusively anyway). */
const randomHex = (): string => (Math.floor(Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
const TEMPORARY_SUFFIX = '.rak-app-tmp';

/**
 * Writes every byte, or throws: a write(2) may write fewer bytes than asked (a nearly full disk, a
 * file-size limit), and what it did not write must fail the write rather than cut the file.
 */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('nothing more could be written'), { code: 'ENOSPC' });
    offset += written;
  }
}

/**
 * Writes a file so that readers see the old content or the new, never half of either: the bytes go
 * to a temporary file beside it, every one of them checked as written and synced to disk, and only
 * then is it renamed over the target. The file's mode is kept. A symbolic link is written through
 * (it stays a link) unless `replaceLink` is set, when the link itself is replaced: a restore must
 * not write wherever a link left by another program points.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: { replaceLink?: boolean } = {},
): Promise<void> {
  writeFileAtomicSync(path, content, options);
}

/**
 * Whether a path leads to a pipe, a device or a socket. Stat-ed through its links as given:
 * /dev/stdout on a pipe leads to /proc/self/fd/1, whose real path (`…/fd/pipe:[123]`) names no file.
 */
function isSpecialFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

function writeFileAtomicSync(path: string, content: string | Uint8Array, options: { replaceLink?: boolean }): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  if (!options.replaceLink && isSpecialFile(path))
    throw failure(Object.assign(new Error('not a regular file'), { code: 'ENOTREG' }));
  let target = path;
  if (!options.replaceLink) {
    try {
      target = realpathSync(path);
    } catch {
      // A new file, or a link to nowhere: written at the path given.
    }
  }
  // An existing file's mode is kept; a new file gets the umask's, as any other new file.
  let mode: number | undefined;
  try {
    const existing = statSync(target);
    if (existing.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    // A device, a pipe or a socket is never renamed over: that would replace /dev/null with a file.
    if (!existing.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    mode = existing.mode & 0o7777;
  } catch (e) {
    if (errorCode(e) === 'EISDIR' || errorCode(e) === 'ENOTREG') throw failure(e);
  }
  const temporary = temporaryName(target);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode ?? 0o666);
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // The umask applied at open: an existing file's mode is set again.
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Never made, or renamed already.
    }
    // ENOENT with the folder there (/proc, where no file can be made): not a missing folder.
    throw errorCode(e) === 'ENOENT' && isFolder(dirname(target))
      ? Object.assign(new Error('no file can be made in its folder'), { code: 'ENOENT' })
      : failure(e);
  }
}

const isFolder = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/** Why a file could not be written, in words (`its folder does not exist`), from the error's code. */
export const whyWriteFailed = (e: unknown): string => WRITE_FAILURES[errorCode(e)] ?? (e as Error).message;

/** An error that names what is wrong with the path the user gave, not the temporary file. */
const failure = (e: unknown): Error => Object.assign(new Error(whyWriteFailed(e)), { code: errorCode(e) });

/**
 * Why writeFileAtomic() could not write this file, its folder included when it would make it, or
 * undefined when it could: asked before a step that cannot be undone is followed by a write.
 */
export function whyUnwritable(path: string): string | undefined {
  // Why a path cannot be written: EROFS (a read-only mount) is said as such, not as a permission.
  const denied = (p: string): string | undefined => {
    try {
      accessSync(p, constants.W_OK);
      return undefined;
    } catch (e) {
      return WRITE_FAILURES[errorCode(e)] ?? 'permission denied';
    }
  };
  // The nearest of the file and its folders that exists must be writable, and each must be a folder
  // but the file itself: writeFileAtomic writes a temporary file beside the target, which for a
  // link is the file it leads to, in that file's folder.
  if (isSpecialFile(path)) return WRITE_FAILURES['ENOTREG'];
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // A new file, or a link to nowhere: written at the path given, as writeFileAtomic does.
  }
  for (let p = target, isTarget = true; ; p = dirname(p), isTarget = false) {
    let stats: Stats;
    try {
      stats = statSync(p);
    } catch {
      if (dirname(p) === p) return 'its folder does not exist';
      // A folder on the way that is a link to nothing cannot be made: mkdir meets the link.
      const leadsTo = isTarget ? undefined : danglingLinkTarget(p);
      if (leadsTo !== undefined) return `${printable(p)} ${linkToNothing(leadsTo)}`;
      continue;
    }
    if (isTarget && stats.isDirectory()) return 'it is a folder';
    if (!isTarget && !stats.isDirectory()) return `${p} is a file, not a folder`;
    return denied(p) ?? (isTarget ? denied(dirname(p)) : undefined);
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
  EFBIG: 'the file would exceed the file-size limit',
  ENOTREG: 'it is not a regular file (a device, a pipe or a socket)',
  EDQUOT: 'the disk quota is used up',
  EIO: 'an input/output error',
};

/**
 * Standard input as text, read to at most `limit.bytes`: past that it throws, saying what was
 * expected there (`a manifest`, `a key`) is far smaller, so that nothing reads /dev/zero for ever.
 */
export async function readStdin(
  stream: NodeJS.ReadableStream,
  limit: { bytes: number; what: string } = { bytes: MAX_MANIFEST_BYTES, what: 'a manifest' },
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit.bytes) {
      const most = limit.bytes >= 1024 * 1024 ? `${limit.bytes / 1024 / 1024} MiB` : `${limit.bytes / 1024} KiB`;
      throw new Error(`standard input is larger than ${most}; ${limit.what} is far smaller.`);
    }
    chunks.push(buffer);
  }
  // Never read with replacement characters, as a file is not.
  const bytes = Buffer.concat(chunks);
  if (!isUtf8(bytes)) throw new Error(placedIn('standard input', notUtf8(bytes).detail));
  return bytes.toString('utf8');
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
    const oneLine = isArrayInsertion && holdsOneLineObjects(out, edit.path.slice(0, -1));
    // Into an empty list (`[]`): the whole list is new, and is laid out as the file lays out others.
    const intoEmpty = isArrayInsertion && arrayAt(out, edit.path.slice(0, -1))?.children?.length === 0;
    const changes = jsonc.modify(out, edit.path, edit.value, { isArrayInsertion });
    out = jsonc.applyEdits(out, changes);
    for (const change of changes) {
      out = jsonc.applyEdits(
        out,
        jsonc.format(out, { offset: change.offset, length: change.content.length }, formattingOptions),
      );
    }
    const list = intoEmpty ? arrayAt(out, edit.path.slice(0, -1)) : undefined;
    if (list)
      out = jsonc.applyEdits(out, jsonc.format(out, { offset: list.offset, length: list.length }, formattingOptions));
    // An array written one object a line gets its new object on one line too.
    if (oneLine && isPlainObject(edit.value)) {
      const added = jsonc.findNodeAtLocation(jsonc.parseTree(out)!, edit.path);
      if (added) {
        const compact = `{ ${Object.entries(edit.value)
          .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
          .join(', ')} }`;
        out = out.slice(0, added.offset) + compact + out.slice(added.offset + added.length);
      }
    }
  }
  return out;
}

/** The list at a path of a JSON text, if a list is there. */
function arrayAt(text: string, path: (string | number)[]): jsonc.Node | undefined {
  const root = jsonc.parseTree(text);
  const node = root && jsonc.findNodeAtLocation(root, path);
  return node?.type === 'array' ? node : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the array at `path` holds objects, each written on one line. */
function holdsOneLineObjects(text: string, path: (string | number)[]): boolean {
  const root = jsonc.parseTree(text);
  const array = root && jsonc.findNodeAtLocation(root, path);
  const items = array?.type === 'array' ? (array.children ?? []) : [];
  return (
    items.length > 0 &&
    items.every((item) => item.type === 'object' && !text.slice(item.offset, item.offset + item.length).includes('\n'))
  );
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
  // The only element: everything between the brackets goes, so no line of blanks is left.
  const [from, to] = next
    ? [item.offset, next.offset]
    : previous
      ? [previous.offset + previous.length, item.offset + item.length]
      : [array!.offset + 1, array!.offset + array!.length - 1];
  return text.slice(0, from) + text.slice(to);
}

/** How a restore went: where the original bytes are when they could not be put back. */
export type Restored =
  | { ok: true /** What stood at the path (a folder), moved here to make room. */; movedAside?: string }
  | { ok: false; reason: string /** A complete copy of the original bytes. */; savedAt?: string };

/**
 * Puts a file's original bytes back after another program changed it. Whatever that program left at
 * the path is replaced, never written through: a link out of the app stays untouched where it
 * points, and a folder is moved aside. The original bytes are never given up before a complete copy
 * is in place: when the atomic replacement fails (a full disk, a read-only folder), a copy is saved
 * first, then the file is rewritten in place, and the copy's path is reported if even that fails.
 */
export async function restoreFile(path: string, bytes: Uint8Array, keptAt?: string): Promise<Restored> {
  let movedAside: string | undefined;
  try {
    if (lstatSync(path).isDirectory()) {
      movedAside = `${path}.moved-by-stripe-${Date.now()}`;
      renameSync(path, movedAside);
    }
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') movedAside = undefined;
  }
  try {
    writeFileAtomicSync(path, bytes, { replaceLink: true });
    return movedAside ? { ok: true, movedAside } : { ok: true };
  } catch (atomicError) {
    const savedAt = keptAt ?? saveCopy(path, bytes);
    try {
      const stats = lstatSync(path);
      // In place only over blocks the file has already, and only with a copy kept: a rewrite that
      // must grow the file can fail half-way, and would then leave neither version whole.
      if (!stats.isFile() || (savedAt === undefined && stats.size < bytes.length)) throw atomicError;
      const fd = openSync(path, 'r+');
      try {
        writeAll(fd, bytes);
        ftruncateSync(fd, bytes.length);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return movedAside ? { ok: true, movedAside } : { ok: true };
    } catch (e) {
      return {
        ok: false,
        reason: WRITE_FAILURES[errorCode(e)] ?? (e as Error).message,
        ...(savedAt ? { savedAt } : {}),
      };
    }
  }
}

/** A symbolic link to a regular file: its own text (`prod.json`) and the file it leads to. */
export interface ManifestLink {
  text: string;
  target: string;
}

/** The link at `path`, when it is one to a regular file; undefined for anything else. */
export function linkAt(path: string): ManifestLink | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink() || !statSync(path).isFile()) return undefined;
    return { text: readlinkSync(path), target: realpathSync(path) };
  } catch {
    return undefined;
  }
}

/** Whether `path` is still the link it was (its text unchanged). */
export function isLinkAsWas(path: string, link: ManifestLink): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && readlinkSync(path) === link.text;
  } catch {
    return false;
  }
}

/**
 * Puts a link back where another program replaced it (with a file, another link or a folder, which
 * is moved aside): the file it leads to holds the original bytes, restored by restoreFile.
 */
export function restoreLink(path: string, link: ManifestLink): Restored {
  // On failure, the file the link led to holds the original bytes all the same.
  const failed = (e: unknown): Restored => ({
    ok: false,
    reason: `the link to ${link.text} could not be made again: ${whyWriteFailed(e)}`,
    savedAt: link.target,
  });
  let movedAside: string | undefined;
  try {
    if (lstatSync(path).isDirectory()) {
      movedAside = `${path}.moved-by-stripe-${Date.now()}`;
      renameSync(path, movedAside);
    } else unlinkSync(path);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') return failed(e);
  }
  try {
    symlinkSync(link.text, path);
    return movedAside ? { ok: true, movedAside } : { ok: true };
  } catch (e) {
    return failed(e);
  }
}

/** A copy of `bytes` where one can be written whole: the system's temporary folder, else beside `path`. */
/**
 * What names a copy as one of this file (its full path, hashed): in the system's temporary folder,
 * another app's manifest, copied by a process of the same number, is not this one's.
 */
const copyTag = (path: string): string => {
  // The folder's real path: the same app reached through a link (`convert /link/to/app`) is one app.
  let where = resolve(path);
  try {
    where = join(realpathSync(dirname(where)), basename(where));
  } catch {
    // A folder gone: its path as given.
  }
  return createHash('sha256').update(where).digest('hex').slice(0, 8);
};

/** The copies `saveCopy` made of a file in a run of the process `pid` and left behind (it was killed). */
export function savedCopiesOf(path: string, pid: number): string[] {
  const prefix = `${basename(path)}.original-${pid}-${copyTag(path)}-`;
  return [tmpdir(), dirname(path)].flatMap((dir) => {
    try {
      return readdirSync(dir)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(dir, name));
    } catch {
      return [];
    }
  });
}

export function saveCopy(
  path: string,
  bytes: Uint8Array,
  kind: 'original' | 'replaced' = 'original',
): string | undefined {
  for (const dir of [tmpdir(), dirname(path)]) {
    const copy = join(dir, `${basename(path)}.${kind}-${process.pid}-${copyTag(path)}-${randomHex()}`);
    let fd: number | undefined;
    try {
      fd = openSync(copy, 'wx', 0o600);
      writeAll(fd, bytes);
      fsyncSync(fd);
      closeSync(fd);
      return copy;
    } catch {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(copy);
      } catch {
        // Never made.
      }
    }
  }
  return undefined;
}

/**
 * A report, written atomically through the secret masker: with what rak-app prints, the one other
 * way its output is displayed. Data (a manifest, the ledger) is written as it is: a masked app id
 * would be a corrupted ledger.
 */
export async function writeMaskedFile(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(redactSecrets(text), 'utf8');
  // A report to a character device (`--report json=/dev/null`) is written to it, as a shell's `>`
  // would; anything else that is not a regular file is refused by the atomic write.
  let device = false;
  try {
    device = statSync(path).isCharacterDevice();
  } catch {
    device = false;
  }
  if (!device) return writeFileAtomic(path, bytes);
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, bytes);
  } catch (e) {
    throw failure(e);
  } finally {
    closeSync(fd);
  }
}

/**
 * A folder named by the environment (GITHUB_WORKSPACE) as the real path process.cwd() gives, links
 * followed: `/var/…` is `/private/var/…` on macOS, and a runner's workspace may be a link.
 */
export const realFolder = (path: string | undefined): string | undefined => (path ? writeDestination(path) : undefined);

/**
 * Where a write to `path` lands, as writeFileAtomic() writes it: links followed for the file and for
 * each folder on the way that exists, so two spellings of one destination come out equal even
 * before the file is made.
 */
export function writeDestination(path: string): string {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...missing.reverse());
    } catch {
      if (dirname(p) === p) return resolve(path);
      missing.push(basename(p));
    }
  }
}

/**
 * Makes the folder a file is to be written in, and those above it, as `mkdir -p` does; a failure
 * names what is wrong with the path, as writeFileAtomic()'s do.
 */
export function makeFolderFor(path: string): void {
  // One folder at a time, from the nearest that exists: node's own `recursive` retries for ever
  // where a folder's parent exists but mkdir says ENOENT (/proc), and the process cannot be stopped.
  const missing: string[] = [];
  let folder = resolve(dirname(path));
  while (!existsSync(folder) && dirname(folder) !== folder) {
    missing.unshift(folder);
    folder = dirname(folder);
  }
  try {
    // A file where a folder is wanted: as mkdir says it, EEXIST.
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error(), { code: 'EEXIST' });
    for (const made of missing) mkdirSync(made);
  } catch (e) {
    // mkdir says EEXIST when a file stands where a folder is wanted.
    throw errorCode(e) === 'EEXIST' ? failure(Object.assign(new Error(), { code: 'ENOTDIR' })) : failure(e);
  }
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
      // A link to nowhere: where it points, as written (a write lands there, or replaces the link).
      try {
        real = resolve(realpathSync(dirname(p)), readlinkSync(p));
      } catch {
        return p;
      }
    }
    const target = join(real, ...rest);
    return target === realRoot || target.startsWith(realRoot + sep) ? undefined : target;
  }
}

/** A lock on an app folder, held while a command changes it. */
export interface AppLock {
  release(): void;
  /** Temporary files the dead holder's writes left, removed when its lock was taken over. */
  removed: string[];
  /** The run that held the lock and died without releasing it, when its lock was taken over. */
  takenFrom?: { pid?: number; command?: string; since?: string };
}

const LOCK_FILE = '.rak-app.lock';
/** Why a lock cannot be made in a folder that cannot be written. */
const READ_ONLY: ReadonlySet<string | undefined> = new Set(['EACCES', 'EPERM', 'EROFS']);

interface LockHolder {
  pid?: number;
  /** When the holder process started (Linux: clock ticks after boot), so that a reused pid is told apart. */
  started?: number;
  command?: string;
  since?: string;
  /**
   * Where its pid is counted: the machine and PID namespace (a container has its own). A holder
   * elsewhere cannot be asked whether it runs: its pid here is another process, or none.
   */
  host?: string;
}

/** Another run holds the app's lock: who, since when, and where when that is another container. */
function busy(appDir: string, path: string, held: LockHolder, me: LockHolder): UserError {
  const elsewhere = heldElsewhere(held, me);
  return new UserError(
    `${appDir}: another rak-app is changing this app (\`rak-app ${held.command ?? '?'}\`, process ${held.pid ?? '?'}${elsewhere ? ` on ${held.host}, another machine or container` : ''}, since ${held.since ?? '?'}).`,
    `Wait for it to finish. If no rak-app is running${elsewhere ? ' there' : ''}, remove ${path}.`,
  );
}

/**
 * Whether a lock's holder ran elsewhere: on another machine or in another PID namespace (another
 * container), where its pid says nothing here. Both are compared: every Linux machine outside a
 * container shares the first namespace's number, so it alone cannot tell two machines apart. A
 * machine renamed since (a laptop on another network) leaves a lock that is refused, not taken
 * over: the message says to remove it, which is safe, where taking over a live run's is not.
 */
function heldElsewhere(held: LockHolder, me: LockHolder): boolean {
  return typeof held.host === 'string' && held.host !== '' && held.host !== me.host;
}

/** This process's machine and PID namespace (Linux: `pid:[4026531836]`; elsewhere the machine alone). */
function lockHost(): string {
  let namespace = '';
  try {
    namespace = ` ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    // No /proc: the machine's name alone.
  }
  return `${hostname()}${namespace}`;
}

/** A process's start time, from /proc where there is one. */
function processStart(pid: number | 'self'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const started = Number(fields[19]);
    return Number.isFinite(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Locks an app folder for a command that changes it or its ledger (convert, upload, scan --fix), so
 * that two runs at once cannot interleave: the second is refused, naming the first. A lock left by a
 * process that no longer runs (killed) is taken over atomically: it is renamed away, and only the run
 * whose rename took exactly the dead holder's lock goes on; a lock renamed away by mistake is put back.
 */
export function lockApp(appDir: string, command: string, writesNothing = false): AppLock {
  const path = join(appDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, command, since: new Date().toISOString(), host: lockHost() };
  const started = processStart('self');
  if (started !== undefined) me.started = started;
  let removed: string[] = [];
  let takenFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      createWhole(path, `${JSON.stringify(me)}\n`);
      const release = (): void => {
        process.off('exit', release);
        try {
          if (readFileSync(path, 'utf8') === `${JSON.stringify(me)}\n`) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      // A run that ends at a signal, before its work could release the lock, still leaves none.
      process.on('exit', release);
      return { removed, release, ...(takenFrom ? { takenFrom } : {}) };
    } catch (e) {
      // A run that writes nothing (a dry run) in a folder it may not write (a read-only checkout)
      // goes on unlocked, unless a run that can write there holds the lock.
      if (writesNothing && READ_ONLY.has(errorCode(e))) {
        const existing = readTextFile(path, 64 * 1024);
        const held = existing.ok ? parseHolder(existing.text) : undefined;
        if (held && (heldElsewhere(held, me) || isRunning(held))) throw busy(appDir, path, held, me);
        return { removed: [], release: () => undefined };
      }
      if (errorCode(e) !== 'EEXIST') {
        throw new UserError(`${path}: cannot lock the app folder (${WRITE_FAILURES[errorCode(e)] ?? errorCode(e)}).`);
      }
    }
    // Regular files only: a FIFO would block this read for ever, and /dev/zero would fill memory.
    const read = readTextFile(path, 64 * 1024);
    if (!read.ok && read.reason === 'not-found') {
      if (isLink(path))
        throw new UserError(
          `${path}: the app's lock file is a link to nowhere.`,
          'Remove it if no rak-app is running.',
        );
      continue;
    }
    if (!read.ok) {
      throw new UserError(
        `${path}: the app's lock file ${read.detail.replace('{what}', 'a lock file')}`,
        `Remove it if no rak-app is running.`,
      );
    }
    const held = parseHolder(read.text);
    // A holder in another container (PID namespace) is taken to run: its pid says nothing here.
    if (heldElsewhere(held, me) || isRunning(held)) throw busy(appDir, path, held, me);
    const taken = `${path}.${process.pid}.${randomHex()}.stale`;
    try {
      renameSync(path, taken);
    } catch {
      continue; // Another run took it over first: the next attempt sees its lock.
    }
    let takenText: string | undefined;
    try {
      takenText = readFileSync(taken, 'utf8');
    } catch {
      takenText = undefined;
    }
    if (takenText !== read.text) {
      // Between the read and the rename, another run took the stale lock over and made its own: this
      // run renamed that one away. It is put back, unless a third lock stands there by now.
      try {
        linkSync(taken, path);
      } catch {
        // A lock stands at the path again: the next attempt meets it.
      }
    } else {
      takenFrom = held;
      if (typeof held.pid === 'number') removed = removeTemporaryFiles(appDir, held.pid);
    }
    try {
      unlinkSync(taken);
    } catch {
      // Gone already.
    }
  }
  throw new UserError(`${path}: cannot lock the app folder: other rak-app runs keep taking it.`, 'Try again.');
}

function parseHolder(text: string): LockHolder {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LockHolder) : {};
  } catch {
    // Half-written: treated as held by a process that no longer runs.
    return {};
  }
}

/**
 * Creates a file with its whole content at once, or fails with EEXIST when one is there: the text is
 * written to a temporary file first and linked into place, so that no other run ever reads a lock
 * half-written (which it would take for a dead run's), and a full disk leaves no empty lock behind.
 */
function createWhole(path: string, text: string): void {
  const temporary = temporaryName(path);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      writeAll(fd, Buffer.from(text, 'utf8'));
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, path);
  } catch (e) {
    // Named for the path the caller gave, its code kept (EEXIST: another run has it).
    throw failure(e);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Never made.
    }
  }
}

/** Whether the holder still runs: its pid answers signal 0, and (where known) it started when it said. */
function isRunning(holder: LockHolder): boolean {
  const { pid } = holder;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (errorCode(e) !== 'EPERM') return false;
  }
  if (typeof holder.started !== 'number') return true;
  const started = processStart(pid);
  return started === undefined || started === holder.started;
}

/** The temporary files a dead run's writes left in an app folder and its ledger's: only that run's. */
function removeTemporaryFiles(appDir: string, pid: number): string[] {
  const mine = new RegExp(`^\\..+\\.${pid}\\.[0-9a-f]{8}${TEMPORARY_SUFFIX.replace('.', '\\.')}$`);
  const removed: string[] = [];
  for (const dir of [appDir, join(appDir, '.rak-app')]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => mine.test(n))) {
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
