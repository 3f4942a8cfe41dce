/** The manifest change that makes granted permissions match what scanned code needs. */
import { effectivePermissions } from '../catalog/api.js';
import type { GrantedPermission } from './permissions-compare.js';
import type { Need } from '../scan/index.js';

export interface PermissionFix {
  /** Permissions to add, in the order the code first needs them. */
  add: string[];
  /** Granted permissions nothing needs. */
  remove: GrantedPermission[];
}

export function planPermissionFix(needs: Need[], granted: GrantedPermission[]): PermissionFix {
  const needed = new Set(needs.flatMap((need) => need.anyOf));
  const keep = granted.filter((g) => [...effectivePermissions([g.name])].some((p) => needed.has(p)));
  const add: string[] = [];
  let effective = effectivePermissions(keep.map((g) => g.name));
  for (const need of needs) {
    if (need.anyOf.some((p) => effective.has(p))) continue;
    add.push(need.anyOf[0]!);
    effective = effectivePermissions([...keep.map((g) => g.name), ...add]);
  }
  return { add, remove: granted.filter((g) => !keep.includes(g)) };
}

/** JSON edits for the fix: removals from the end first, so indexes stay right, then additions. */
export function permissionFixEdits(
  fix: PermissionFix,
  grantedCount: number,
  purposes: Readonly<Record<string, string>>,
): { path: (string | number)[]; value: unknown }[] {
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
