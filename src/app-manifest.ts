/**
 * The manifest a command works on: the stripe-app.json a command that changes or uploads an app
 * works on, and the manifest whose permissions a command compares with (--manifest).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { danglingLinkTarget, pathKind, readText } from './adapters/files.js';
import { type ManifestGrants, manifestGrants } from './core/manifest-grants.js';
import { displayPath, linkToNothing, printable } from './core/source-file.js';
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
  const leadsTo = manifestKind === 'missing' ? danglingLinkTarget(manifest) : undefined;
  if (leadsTo !== undefined) {
    throw new UserError(
      `${isDir ? join(shown, 'stripe-app.json') : shown}: ${linkToNothing(leadsTo)}.`,
      "Point the link at the app's manifest, or put the manifest in its place.",
    );
  }
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

/** A manifest read for the permissions it grants. */
export interface GrantingManifest {
  /** The file that holds the permissions (a local manifest's base when it writes none). */
  manifestPath: string;
  manifestName: string;
  manifestText: string;
  grants: Extract<ManifestGrants, { ok: true }>;
}

/**
 * The manifest that decides what a key may do (`proxy`, `key check`): refused when its permissions
 * cannot all be read, since a part of them would be checked or let through as if it were the whole.
 */
export function loadWholeGrants(cwd: string, given: string | undefined): GrantingManifest {
  const manifest = loadGrantingManifest(cwd, given);
  const { manifestName, grants } = manifest;
  if (grants.unreadable)
    throw new UserError(
      `${manifestName}:${grants.unreadable.at}: ${grants.unreadable.what}, so which permissions it grants is not known; run \`rak-app check ${manifestName}\` first.`,
    );
  return manifest;
}

/**
 * The permissions the manifest `given` (an app folder or a manifest file, any name; default: cwd)
 * grants, for the commands that compare with them (permissions explain, scan and trace, proxy, key
 * check). A local manifest (`extends`) that writes no permissions has its base's: its arrays replace
 * the base's, so one that writes `permissions` has its own.
 */
export function loadGrantingManifest(cwd: string, given: string | undefined): GrantingManifest {
  const named = resolve(cwd, given ?? '.');
  const folder = pathKind(named) === 'directory';
  let manifestPath = folder ? join(named, 'stripe-app.json') : named;
  /** The local manifests read on the way, each naming the next in `extends`. */
  const chain: string[] = [];
  // A file named with another extension is not taken for a manifest, as `check` takes none.
  if (!folder && pathKind(named) === 'file' && !/\.json$/i.test(named))
    throw new UserError(
      `${displayPath(named, cwd)}: not a manifest, which is a .json file.`,
      'Pass --manifest <app folder or its stripe-app.json>.',
    );
  for (let depth = 0; ; depth++) {
    const manifestName = displayPath(manifestPath, cwd);
    const from = chain.at(-1);
    const leadsTo = danglingLinkTarget(manifestPath);
    if (leadsTo !== undefined)
      throw new UserError(
        `${manifestName}: ${linkToNothing(leadsTo)}.`,
        "Point the link at the app's manifest, or pass --manifest <the app's stripe-app.json>.",
      );
    if (pathKind(manifestPath) === 'missing')
      throw new UserError(
        depth === 0 && folder
          ? `${displayPath(named, cwd)}: no stripe-app.json in this folder.`
          : from !== undefined
            ? `${from} extends ${manifestName}, which is not there.`
            : `${manifestName}: no manifest there.`,
        from !== undefined
          ? `Fix its "extends", or pass --manifest <the app's stripe-app.json>.`
          : 'Pass --manifest <app folder or its stripe-app.json>.',
      );
    if (chain.includes(manifestName) || depth > 8)
      throw new UserError(
        `${chain[0]}: its "extends" goes round in a loop (${[...chain, manifestName].join(' → ')}), so no manifest gives its permissions.`,
        'Point "extends" at the app\'s stripe-app.json; `rak-app check` shows the same.',
      );
    const manifestText = readText(manifestPath, manifestName);
    const grants = manifestGrants(manifestText, manifestName);
    if (!grants.ok)
      throw new UserError(
        `${manifestName}${grants.at ? `:${grants.at}` : ''}: ${grants.why === 'not-json' ? 'not valid JSON' : 'not a JSON object'}, so it is not a manifest; run \`rak-app check ${manifestName}\` first.`,
      );
    if (grants.inheritsFrom === undefined) return { manifestPath, manifestName, manifestText, grants };
    chain.push(manifestName);
    manifestPath = resolve(dirname(manifestPath), grants.inheritsFrom);
  }
}
