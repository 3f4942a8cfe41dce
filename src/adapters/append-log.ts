/**
 * A file that lines are appended to, each written through to the file as it comes (a write per
 * line, no buffer in the process), so that whatever ends the process, every line handed over is in
 * the file: `rak-app proxy`'s trace.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';

export interface AppendLog {
  /** Appends a whole line, or nothing: false once a write failed (a full disk), and for good after. */
  append(text: string): boolean;
  /** Why appending stopped, if it did. */
  failure(): string | undefined;
  close(): void;
}

/**
 * Opens (creating it if need be) a regular file to append to; throws the open error (ENOENT,
 * EACCES…), or ENOTREG for a FIFO or a device, which would block the open or swallow the lines.
 */
export function openAppendLog(path: string): AppendLog {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fd = openSync(path, 'a');
  let open = true;
  let failed: string | undefined;
  return {
    append(text: string): boolean {
      if (!open || failed) return false;
      const buffer = Buffer.from(text, 'utf8');
      const size = fstatSync(fd).size;
      let offset = 0;
      try {
        while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
        return true;
      } catch (error) {
        // A line cut short is taken back: the trace holds whole lines only.
        try {
          ftruncateSync(fd, size);
        } catch {
          // Nothing more can be done to the file.
        }
        failed = (error as NodeJS.ErrnoException).code ?? String(error);
        return false;
      }
    },
    failure: () => failed,
    close(): void {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
