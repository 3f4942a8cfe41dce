/** The stripe-app.json a command that changes or uploads an app works on. */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** `path` is the app folder or its stripe-app.json (default: cwd). */
export function resolveAppManifest(cwd: string, path: string | undefined, command: string): string {
  const target = resolve(cwd, path ?? '.');
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new UserError(
      `${path ?? '.'}: no such file or folder.`,
      'Pass the app folder (holding stripe-app.json) or the manifest.',
    );
  }
  const manifest = isDir ? join(target, 'stripe-app.json') : target;
  if (!existsSync(manifest))
    throw new UserError(
      `${path ?? '.'}: no stripe-app.json in this folder.`,
      `Run rak-app ${command} in the app folder, or pass its path.`,
    );
  if (!isDir && basename(manifest) !== 'stripe-app.json') {
    throw new UserError(
      `${path}: rak-app ${command} works on an app's stripe-app.json, the file the Stripe CLI reads.`,
    );
  }
  return manifest;
}
