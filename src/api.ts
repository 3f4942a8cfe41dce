/**
 * The package's API (`import { checkKey } from 'rak-app'`), for a partner's backend: the key check
 * of `rak-app key check`, as data. No console output, no process.exit; the command line is not
 * loaded. Built to dist/api.js (an ES module) with its types in dist/types/.
 */
import { readFile } from 'node:fs/promises';
import {
  type CheckKeyOptions,
  checkKey as checkKeyWith,
  KeyCheckOptionError,
  type KeyCheckResult,
} from './partner/key-check.js';

export type {
  CheckKeyOptions,
  KeyCheckResult,
  KeyKind,
  KeyShape,
  NotCheckedReason,
  PermissionCheck,
  PermissionStatus,
  Verdict,
} from './partner/key-check.js';
export { KeyCheckOptionError, keyShape, manifestPermissions } from './partner/key-check.js';

export interface CheckKeyApiOptions extends CheckKeyOptions {
  /** A stripe-app.json to read the permissions from (a path, or a file: URL), instead of `manifest` or `permissions`. */
  manifestPath?: string | URL;
}

/**
 * Whether a key holds the permissions an app asks for: its shape first (no request for a secret or
 * publishable key), then one request per permission that cannot change anything. Resolves with the
 * verdict and a line per permission; rejects only for options that are wrong (KeyCheckOptionError),
 * a manifest that cannot be read, or an aborted `signal`.
 */
export async function checkKey(options: CheckKeyApiOptions): Promise<KeyCheckResult> {
  const { manifestPath, ...rest } = options;
  if (manifestPath === undefined) return checkKeyWith(rest);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new KeyCheckOptionError(`The manifest ${String(manifestPath)} cannot be read: ${(error as Error).message}`);
  }
  return checkKeyWith({ ...rest, manifest });
}
