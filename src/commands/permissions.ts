/** `rak-app permissions list | explain <name> | scan <paths…>`. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nodeFileSystem } from '../adapters/files.js';
import { API_RESOURCES, EVENT_PERMISSIONS, EXPANDABLE, IMPLIES } from '../catalog/api.js';
import { findPermission, PERMISSION_ALIASES, PERMISSION_NAMES, PERMISSIONS, type Permission } from '../catalog/permissions.js';
import { comparePermissions, type GrantedPermission } from '../core/permissions-compare.js';
import { permissionFixEdits, planPermissionFix, type PermissionFix } from '../core/permissions-fix.js';
import { scanSources, type SourceText } from '../core/scan.js';
import type { CheckResult } from '../core/finding.js';
import { createSourceFile, displayPath, findNode, isObject, positionAt } from '../core/source-file.js';
import { suggest } from '../core/suggest.js';
import { UserError } from '../errors.js';

export interface PermissionInfo extends Permission {
  /** Stripe API resources (as the stripe npm package names them) whose calls need it. */
  resources: string[];
  /** Event type prefixes it lets an app receive. */
  events: string[];
  /** Expandable fields it lets an app expand. */
  expands: string[];
  implies: string[];
}

export function describePermission(p: Permission): PermissionInfo {
  return {
    ...p,
    resources: Object.entries(API_RESOURCES).flatMap(([r, rw]) => [...(rw.read === p.name ? [`${r} (read)`] : []), ...(rw.write === p.name ? [`${r} (write)`] : [])]),
    events: EVENT_PERMISSIONS.filter(([, anyOf]) => anyOf.includes(p.name)).map(([prefix]) => `${prefix}*`),
    expands: Object.entries(EXPANDABLE).filter(([, perm]) => perm === p.name).map(([field]) => field),
    implies: [...(IMPLIES[p.name] ?? [])],
  };
}

export const listPermissions = (): PermissionInfo[] => PERMISSIONS.map(describePermission);

export function explainPermission(name: string | undefined): PermissionInfo {
  if (!name) throw new UserError('rak-app permissions explain needs a permission name.', 'For example: rak-app permissions explain customer_read');
  const p = findPermission(name);
  if (p) return describePermission(p);
  const close = suggest(name, PERMISSION_NAMES, PERMISSION_ALIASES);
  throw new UserError(`Unknown permission "${name}".${close ? ` Did you mean "${close}"?` : ''}`, 'See `rak-app permissions list`.');
}

const SOURCE_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.build', 'coverage']);

/** Source files under the given paths; folders named node_modules below a path are skipped. */
export function findSources(paths: string[], cwd: string): string[] {
  const out: string[] = [];
  const visit = (path: string, top: boolean): void => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      if (top) throw new UserError(`${displayPath(path, cwd)}: no such file or folder.`);
      return;
    }
    if (!isDir) {
      if (top || (SOURCE_FILE.test(path) && !path.endsWith('.d.ts'))) out.push(path);
      return;
    }
    for (const name of readdirSync(path).sort()) {
      if (SKIPPED_FOLDERS.has(name)) continue;
      visit(join(path, name), false);
    }
  };
  for (const p of paths) visit(resolve(cwd, p), true);
  return out;
}

export interface ScanOptions {
  paths: string[];
  cwd: string;
  /** The manifest to compare with, or its app folder; default: ./stripe-app.json. */
  manifest?: string;
}

export interface ScanCommandResult {
  result: CheckResult;
  /** The change that would make the manifest match the code. */
  fix: PermissionFix;
  manifestPath: string;
  manifestText: string;
  grantedCount: number;
  filesScanned: number;
  linesScanned: number;
  needs: number;
}

export function scanCommand(options: ScanOptions): ScanCommandResult {
  if (options.paths.length === 0) throw new UserError('rak-app permissions scan needs the source files or folders to read.', 'For example: rak-app permissions scan server/');
  // --manifest takes the app folder or the manifest itself, as every other command's path does.
  const given = resolve(options.cwd, options.manifest ?? '.');
  const manifestPath = nodeFileSystem.kind(given) === 'directory' ? join(given, 'stripe-app.json') : given;
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch {
    throw new UserError(`${displayPath(manifestPath, options.cwd)}: no manifest to compare with.`, 'Pass --manifest <app folder or its stripe-app.json>.');
  }
  const manifestName = displayPath(manifestPath, options.cwd);
  const { file, problems, value } = createSourceFile(manifestName, manifestText);
  if (problems.length > 0) throw new UserError(`${manifestName} is not valid JSON; run \`rak-app check\` on it first.`);
  if (!isObject(value)) throw new UserError(`${manifestName} is not a JSON object, so it is not a manifest; run \`rak-app check\` on it first.`);
  const manifest = value as { permissions?: unknown };
  const granted: GrantedPermission[] = [];
  (Array.isArray(manifest.permissions) ? manifest.permissions : []).forEach((entry: unknown, i: number) => {
    const name = entry && typeof entry === 'object' ? (entry as Record<string, unknown>)['permission'] : undefined;
    if (typeof name !== 'string') return;
    const pointer = `/permissions/${i}/permission`;
    const node = findNode(file.root, pointer)!;
    granted.push({ name, pointer, file: manifestName, ...positionAt(file, node.offset) });
  });

  const sources: SourceText[] = findSources(options.paths, options.cwd).map((path) => ({ path: displayPath(path, options.cwd), text: readFileSync(path, 'utf8') }));
  const scan = scanSources(sources);
  return {
    result: comparePermissions(scan, granted, manifestName, sources.map((source) => source.path)),
    fix: planPermissionFix(scan.needs, granted),
    manifestPath,
    manifestText,
    grantedCount: Array.isArray(manifest.permissions) ? manifest.permissions.length : 0,
    filesScanned: scan.filesScanned,
    linesScanned: scan.linesScanned,
    needs: scan.needs.length,
  };
}

/** The fix as a unified diff of the manifest, and the text it would write. */
export async function permissionFixDiff(scanned: ScanCommandResult, purposes: Readonly<Record<string, string>>, name: string): Promise<{ diff: string; text: string }> {
  const { applyJsonEdits } = await import('../adapters/files.js');
  const { createTwoFilesPatch } = await import('diff');
  const text = applyJsonEdits(scanned.manifestText, permissionFixEdits(scanned.fix, scanned.grantedCount, purposes));
  return { text, diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, scanned.manifestText, text, undefined, undefined, { context: 2 }).replace(/^=+\n/m, '') };
}
