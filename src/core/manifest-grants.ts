/**
 * The permissions a manifest grants, each with where it is written (for findings and --fix), and its
 * Connect permissions: what `rak-app proxy` lets a key do and `permissions trace` compares with.
 */
import type { GrantedPermission } from './permissions-compare.js';
import { createSourceFile, findNode, isObject, type Node, positionAt, type SourceFile } from './source-file.js';

export type ManifestGrants =
  | {
      ok: true;
      granted: GrantedPermission[];
      /** `connect_permissions`, as the Stripe CLI writes them (usually null). */
      connect: string[];
      /** How many entries `permissions` holds, names or not (the index the next one takes). */
      entries: number;
      /** A local manifest's `extends` when it writes no `permissions`: it has its base's. */
      inheritsFrom?: string;
      /**
       * The first thing that keeps the permissions from being read whole (an entry naming none,
       * `permissions` written twice or not a list), and where: what the granted list lacks.
       */
      unreadable?: { at: string; what: string };
    }
  | { ok: false; why: 'not-json' | 'not-object' /** Where the first syntax problem is: `3:17`. */; at?: string };

const nameOf = (entry: unknown): unknown =>
  entry && typeof entry === 'object' ? (entry as Record<string, unknown>)['permission'] : entry;

export function manifestGrants(text: string, name: string): ManifestGrants {
  const { file, problems, value } = createSourceFile(name, text);
  if (problems.length > 0) {
    const { line, column } = positionAt(file, problems[0]!.offset);
    return { ok: false, why: 'not-json', at: `${line}:${column}` };
  }
  if (!isObject(value)) return { ok: false, why: 'not-object' };
  const manifest = value as { permissions?: unknown; connect_permissions?: unknown; extends?: unknown };
  const entries = Array.isArray(manifest.permissions) ? manifest.permissions : [];
  const granted: GrantedPermission[] = [];
  entries.forEach((entry: unknown, i: number) => {
    const permission = nameOf(entry);
    if (typeof permission !== 'string') return;
    // `{ "permission": "x" }` as Stripe writes it, or a bare "x" (check reports the shape).
    const pointer = typeof entry === 'string' ? `/permissions/${i}` : `/permissions/${i}/permission`;
    const node = findNode(file.root, pointer);
    if (node)
      granted.push({
        name: permission,
        pointer,
        file: name,
        ...positionAt(file, node.offset),
        ...(typeof entry === 'string' ? { bare: true as const } : {}),
      });
  });
  const connect = (Array.isArray(manifest.connect_permissions) ? manifest.connect_permissions : [])
    .map(nameOf)
    .filter((p): p is string => typeof p === 'string');
  const inheritsFrom =
    !Object.hasOwn(manifest, 'permissions') && typeof manifest.extends === 'string' ? manifest.extends : undefined;
  const unreadable = unreadableGrant(file, manifest.permissions, entries);
  return {
    ok: true,
    granted,
    connect,
    entries: entries.length,
    ...(inheritsFrom ? { inheritsFrom } : {}),
    ...(unreadable ? { unreadable } : {}),
  };
}

function unreadableGrant(
  file: SourceFile,
  permissions: unknown,
  entries: unknown[],
): Extract<ManifestGrants, { ok: true }>['unreadable'] {
  const at = (node: Node | undefined): string => {
    const { line, column } = positionAt(file, node?.offset ?? 0);
    return `${line}:${column}`;
  };
  // JSON.parse keeps the last of two; `check` reports both (duplicate-key).
  const written = (file.root?.children ?? []).filter((p) => p.children?.[0]?.value === 'permissions');
  if (written.length > 1)
    return { at: at(written[1]), what: '"permissions" is written twice (a JSON reader keeps the last)' };
  if (permissions !== undefined && permissions !== null && !Array.isArray(permissions))
    return { at: at(findNode(file.root, '/permissions')), what: '"permissions" is not a list' };
  // { "permission": "customer_read", "permission": "invoice_read" }: the last is read, as above.
  const entryNodes = findNode(file.root, '/permissions')?.children ?? [];
  const twice = entryNodes.findIndex(
    (node) => (node.children ?? []).filter((p) => p.children?.[0]?.value === 'permission').length > 1,
  );
  if (twice >= 0)
    return {
      at: at(entryNodes[twice]),
      what: `permissions[${twice}] writes "permission" twice (a JSON reader keeps the last)`,
    };
  const i = entries.findIndex((entry) => typeof nameOf(entry) !== 'string');
  return i < 0
    ? undefined
    : { at: at(findNode(file.root, `/permissions/${i}`)), what: `permissions[${i}] names no permission` };
}
