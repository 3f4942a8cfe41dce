/**
 * A file that lines are appended to, each written through to the file as it comes (a write per
 * line, no buffer in the process), so that whatever ends the process, every line handed over is in
 * the file: `rak-app proxy`'s trace.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface AppendLog {
  append(text: string): void;
  close(): void;
}

/** Opens (creating it if need be) a file to append to; throws the open error (ENOENT, EACCES…). */
export function openAppendLog(path: string): AppendLog {
  const fd = openSync(path, 'a');
  let open = true;
  return {
    append(text: string): void {
      if (!open) return;
      const buffer = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
    },
    close(): void {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
