/**
 * The package's API (`import { checkKey } from 'rak-app'`), for a partner's backend: the key check
 * of `rak-app key check`, as data. No console output, no process.exit; the command line is not
 * loaded. Built to dist/api.js (an ES module) with its types in dist/types/.
 */
import { fileURLToPath } from 'node:url';
import { loadWholeGrants } from './app-manifest.js';
import { isUserError } from './errors.js';
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
  /**
   * The app folder or its stripe-app.json (a path, or a file: URL) to read the permissions from,
   * instead of `manifest` or `permissions`; read as `rak-app key check --manifest` reads it, a local
   * manifest taking its base's permissions.
   */
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
  if (manifestPath instanceof URL && manifestPath.protocol !== 'file:')
    throw new KeyCheckOptionError(
      `manifestPath must be a path or a file: URL, not ${manifestPath.protocol} (${manifestPath.href}).`,
    );
  const path = manifestPath instanceof URL ? fileURLToPath(manifestPath) : manifestPath;
  let permissions: string[];
  try {
    const { manifestName, grants } = loadWholeGrants(process.cwd(), path);
    permissions = [...new Set(grants.granted.map((g) => g.name))];
    if (permissions.length === 0)
      throw new KeyCheckOptionError(
        `${manifestName} asks for no permission, so there is nothing to check the key against.`,
      );
  } catch (error) {
    throw isUserError(error) ? new KeyCheckOptionError(error.message) : error;
  }
  return checkKeyWith({ ...rest, permissions });
}
