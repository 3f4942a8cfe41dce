import { posix } from 'node:path';
import type { FileSystem } from '../../src/core/file-system.js';

/** An in-memory file system for in-process checks: paths are absolute POSIX paths. */
export function memoryFs(files: Record<string, string | Uint8Array>): FileSystem {
  const get = (path: string): string | Uint8Array | undefined => files[posix.normalize(path)];
  const isDir = (path: string): boolean =>
    Object.keys(files).some((f) => f.startsWith(posix.normalize(path).replace(/\/?$/, '/')));
  return {
    kind: (path) => (get(path) !== undefined ? 'file' : isDir(path) ? 'directory' : 'missing'),
    listDir: (path) => {
      const prefix = posix.normalize(path).replace(/\/?$/, '/');
      return [
        ...new Set(
          Object.keys(files)
            .filter((f) => f.startsWith(prefix))
            .map((f) => f.slice(prefix.length).split('/')[0]!),
        ),
      ];
    },
    readManifest: (path) => {
      const content = get(path);
      if (content === undefined) return { ok: false, reason: 'not-found', detail: 'no such file.' };
      return { ok: true, text: typeof content === 'string' ? content : Buffer.from(content).toString('utf8') };
    },
    // No links in memory: a path is itself.
    identity: (path) => posix.normalize(path),
    readText: (path) => {
      const content = get(path);
      return typeof content === 'string' ? content : undefined;
    },
    readHead: (path, bytes) => {
      const content = get(path);
      if (content === undefined) return undefined;
      const buffer = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
      return buffer.subarray(0, bytes);
    },
  };
}
