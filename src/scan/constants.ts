/**
 * The string an expression stands for when it is a constant, read once every file is summarised:
 * for an event type set against a name (`case PAID:`, `case StripeEvents.Paid:`, `EVENTS.PAID`) in
 * this file or imported from a scanned one.
 */
import { chainKey } from './refs.js';
import type { FileSummary, Ref } from './types.js';

/** The scanned file a specifier names, from a file: Values.importedFile. */
export type ImportedFile = (file: FileSummary, specifier: string) => FileSummary | undefined;

type ObjectRef = Extract<Ref, { kind: 'object' }>;

/** How many steps (aliases, imports, members) a constant is followed through. */
const MAX_STEPS = 20;

/**
 * A name's one value, types aside; undefined for a name given none or several (`let`, reassigned),
 * or one that is also a parameter somewhere in the file (bindings are kept by name, not by scope).
 */
function only(file: FileSummary, key: string): Ref | undefined {
  const values = file.bindings.get(key)?.filter((r) => r.kind !== 'type');
  if (values?.length !== 1 || isParameter(file, key)) return undefined;
  return values[0];
}

const isParameter = (file: FileSummary, name: string): boolean =>
  [...file.functions.values(), ...[...file.classes.values()].map((c) => c.params)].some((params) =>
    params.some((names) => names.includes(name)),
  );

/**
 * Whether a name is imported and nothing else in the file: an import that a local of the same name
 * shadows somewhere (`const EVENTS = { … }` in one function) is two things here, and read as neither.
 */
const importedOnly = (file: FileSummary, name: string): boolean =>
  file.imports.has(name) && !file.bindings.has(name) && !isParameter(file, name);

/** A name imported from a scanned file, as what that file exports under it: [the file, the export]. */
function importedAs(importedFile: ImportedFile, file: FileSummary, name: string): [FileSummary, Ref | '*'] | undefined {
  const imported = file.imports.get(name);
  const other = imported && importedFile(file, imported.specifier);
  if (!imported || !other) return undefined;
  if (imported.imported === '*') return [other, '*'];
  const exported = other.exports.get(imported.imported);
  return exported ? [other, exported] : undefined;
}

/**
 * `'invoice.paid'`, a name given only that (`const PAID = …`), an enum member or an object's property
 * (`Events.Paid`, `EVENTS.PAID`, `all.EVENTS.PAID` with `import * as all`). Undefined for anything
 * else: a name given two values, a package's export, a number.
 */
export function constantOf(importedFile: ImportedFile, file: FileSummary, ref: Ref, steps = 0): string | undefined {
  if (steps > MAX_STEPS) return undefined;
  const next = (where: FileSummary, what: Ref): string | undefined => constantOf(importedFile, where, what, steps + 1);
  switch (ref.kind) {
    case 'string':
      return ref.value;
    case 'name': {
      if (file.imports.has(ref.name)) {
        if (!importedOnly(file, ref.name)) return undefined;
        const [other, exported] = importedAs(importedFile, file, ref.name) ?? [];
        return other && exported && exported !== '*' ? next(other, exported) : undefined;
      }
      const value = only(file, ref.name);
      return value && next(file, value);
    }
    case 'member': {
      if (ref.computed) return undefined;
      // An enum member (summarise binds `StripeEvents.Paid`), or `Events.Paid = …` assigned.
      const key = chainKey(ref);
      const bound = key === undefined ? undefined : only(file, key);
      if (bound) return next(file, bound);
      const holder = ref.object;
      if (holder.kind === 'name' && file.imports.has(holder.name)) {
        if (!importedOnly(file, holder.name)) return undefined;
        const [other, exported] = importedAs(importedFile, file, holder.name) ?? [];
        if (!other || !exported) return undefined;
        if (exported === '*') {
          const value = other.exports.get(ref.name);
          return value && next(other, value);
        }
        return next(other, { kind: 'member', object: exported, name: ref.name });
      }
      // The last of a key written twice is the one that holds.
      const object = objectOf(importedFile, file, holder, steps + 1);
      const property = object?.[1].properties.findLast(([name]) => name === ref.name);
      return object && property ? next(object[0], property[1]) : undefined;
    }
    default:
      return undefined;
  }
}

/** The object literal an expression stands for (`const EVENTS = { … }`), with the file it is written in. */
function objectOf(
  importedFile: ImportedFile,
  file: FileSummary,
  ref: Ref,
  steps: number,
): [FileSummary, ObjectRef] | undefined {
  if (steps > MAX_STEPS) return undefined;
  // A spread or a computed key may give any key another value.
  if (ref.kind === 'object') return ref.partial ? undefined : [file, ref];
  if (ref.kind === 'name') {
    if (file.imports.has(ref.name)) {
      if (!importedOnly(file, ref.name)) return undefined;
      const [other, exported] = importedAs(importedFile, file, ref.name) ?? [];
      return other && exported && exported !== '*' ? objectOf(importedFile, other, exported, steps + 1) : undefined;
    }
    const value = only(file, ref.name);
    return value && objectOf(importedFile, file, value, steps + 1);
  }
  if (ref.kind === 'member' && !ref.computed && ref.object.kind === 'name' && importedOnly(file, ref.object.name)) {
    const [other, exported] = importedAs(importedFile, file, ref.object.name) ?? [];
    const value = other && exported === '*' ? other.exports.get(ref.name) : undefined;
    return other && value ? objectOf(importedFile, other, value, steps + 1) : undefined;
  }
  return undefined;
}
