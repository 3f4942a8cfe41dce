/** The manifest change that makes granted permissions match what scanned code needs. */
import { effectivePermissions } from '../catalog/api.js';
import { scopePermission } from '../catalog/scopes.js';
import { type GrantedPermission, keptGrants } from './permissions-compare.js';
import type { Need } from '../scan/index.js';

export interface PermissionFix {
  /** Permissions to add, in the order the code first needs them. */
  add: string[];
  /** Granted permissions nothing needs, or that give nothing needed the kept ones do not. */
  remove: GrantedPermission[];
}

export function planPermissionFix(needs: Need[], granted: GrantedPermission[]): PermissionFix {
  const keep = keptGrants(needs, granted);
  const add: string[] = [];
  let effective = effectivePermissions(keep.map((g) => g.name));
  for (const need of needs) {
    if (need.anyOf.some((p) => effective.has(p))) continue;
    add.push(need.anyOf[0]!);
    effective = effectivePermissions([...keep.map((g) => g.name), ...add]);
  }
  // A grant written as Stripe's errors name it (rak_customer_read) was meant as that permission: it
  // is written so, needed by the code or not (the next scan says whether it is used), unless the
  // manifest grants that permission already (kept or removed on its own account: never twice).
  const written = effectivePermissions(granted.map((g) => g.name));
  for (const g of granted) {
    const meant = scopePermission(g.name);
    if (meant && !written.has(meant) && !effective.has(meant) && !add.includes(meant)) {
      add.push(meant);
      effective = effectivePermissions([...keep.map((k) => k.name), ...add]);
    }
  }
  return { add, remove: granted.filter((g) => !keep.includes(g)) };
}

/**
 * JSON edits for the fix: removals from the end first, so indexes stay right, then additions; where
 * the manifest writes `"permissions": null` (as the schema allows), the list of additions in its place.
 */
export function permissionFixEdits(
  fix: PermissionFix,
  grantedCount: number,
  purposes: Readonly<Record<string, unknown>>,
  permissionsIsNull = false,
): { path: (string | number)[]; value: unknown }[] {
  if (permissionsIsNull)
    return [
      {
        path: ['permissions'],
        value: fix.add.map((permission) => ({ permission, purpose: purposes[permission] ?? '' })),
      },
    ];
  const removals = fix.remove
    .map((g) => Number(g.pointer.split('/')[2]))
    .sort((a, b) => b - a)
    .map((index) => ({ path: ['permissions', index], value: undefined }));
  const start = grantedCount - removals.length;
  const additions = fix.add.map((permission, i) => ({
    path: ['permissions', start + i],
    value: { permission, purpose: purposes[permission] ?? '' },
  }));
  return [...removals, ...additions];
}

/**
 * Why --fix must not edit a manifest's permissions, or undefined: it edits a list of
 * `{ "permission", "purpose" }` objects (or adds one), and anything else there (null, an object, a
 * bare name, a number) is for the user to mend, as check reports.
 */
export function unfitForFix(manifest: unknown): string | undefined {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return 'the manifest is not a JSON object';
  if (!Object.hasOwn(manifest, 'permissions')) return undefined;
  const permissions = (manifest as { permissions: unknown }).permissions;
  if (permissions !== null && !Array.isArray(permissions)) return '"permissions" is not a list';
  if (permissions === null) return undefined;
  const at = permissions.findIndex(
    (entry: unknown) =>
      !entry ||
      typeof entry !== 'object' ||
      Array.isArray(entry) ||
      typeof (entry as Record<string, unknown>)['permission'] !== 'string',
  );
  return at < 0 ? undefined : `entry ${at + 1} of "permissions" is not a { "permission": "…" } object`;
}
