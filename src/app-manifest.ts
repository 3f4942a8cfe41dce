/** The stripe-app.json a command that changes or uploads an app works on. */
import { basename, join, resolve } from 'node:path';
import { pathKind } from './adapters/files.js';
import { printable } from './core/source-file.js';
import { UserError } from './errors.js';

/** `path` is the app folder or its stripe-app.json (default: cwd). */
export function resolveAppManifest(cwd: string, path: string | undefined, command: string): string {
  const shown = printable(path ?? '.');
  // Resolved from the path as given; only messages show its printable form.
  const target = resolve(cwd, path ?? '.');
  const kind = pathKind(target);
  if (kind === 'missing') {
    throw new UserError(
      `${shown}: no such file or folder.`,
      'Pass the app folder (holding stripe-app.json) or the manifest.',
    );
  }
  const isDir = kind === 'directory';
  const manifest = isDir ? join(target, 'stripe-app.json') : target;
  const manifestKind = pathKind(manifest);
  if (manifestKind === 'missing') {
    throw new UserError(
      `${shown}: no stripe-app.json in this folder.`,
      `Run rak-app ${command} in the app folder, or pass its path.`,
    );
  }
  if (manifestKind !== 'file') {
    const what = manifestKind === 'directory' ? 'a folder' : 'not a regular file (a pipe, a device or a socket)';
    throw new UserError(`${isDir ? join(shown, 'stripe-app.json') : shown}: is ${what}, not a manifest.`);
  }
  if (!isDir && basename(manifest) !== 'stripe-app.json') {
    throw new UserError(
      `${shown}: rak-app ${command} works on an app's stripe-app.json, the file the Stripe CLI reads.`,
    );
  }
  return manifest;
}
