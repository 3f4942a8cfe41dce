import { existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Resolves once `path` exists: the handshake by which a test waits for another process (a fake
 * stripe saying it has started, a rak-app taking its lock), woken by the file system, never a timer.
 * The folder is watched before the file is looked for, so a file made in between is not missed.
 */
export function whenFileExists(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), (_event, name) => {
      if (name !== null && name !== basename(path)) return;
      if (existsSync(path)) done();
    });
    const done = (): void => {
      watcher.close();
      resolve();
    };
    watcher.on('error', (error) => {
      watcher.close();
      reject(error);
    });
    if (existsSync(path)) done();
  });
}
