/**
 * The object literal an expression is, wherever it is written: `api` given `{ c: … }` once,
 * `billing.nested` (a property of one), `billing` imported from the file that exports it (named,
 * default, through `import * as`). One with a spread or a computed key is the object all the same;
 * what it gives a key is read with propertyOf, which knows what such a key may hide.
 */
import type { FileSummary, Ref } from './types.js';

type ObjectRef = Extract<Ref, { kind: 'object' }>;

/** What literalOf asks of the scan's values. */
export interface Lookup {
  /** The scanned module an expression is (`import * as all`), if it is one. */
  moduleOf(file: FileSummary, ref: Ref): FileSummary | undefined;
  importedFile(file: FileSummary, specifier: string): FileSummary | undefined;
}

export function literalOf(
  values: Lookup,
  file: FileSummary,
  ref: Ref,
  depth = 0,
): [FileSummary, ObjectRef] | undefined {
  if (depth > 20) return undefined;
  switch (ref.kind) {
    case 'object':
      return [file, ref];
    case 'name': {
      const imported = file.imports.get(ref.name);
      if (!imported) {
        const bound = file.bindings.get(ref.name);
        return bound?.length === 1 ? literalOf(values, file, bound[0]!, depth + 1) : undefined;
      }
      const other = imported.imported === '*' ? undefined : values.importedFile(file, imported.specifier);
      const exported = other && exportedRef(other, imported.imported);
      return exported && literalOf(values, other, exported, depth + 1);
    }
    case 'member': {
      if (ref.computed) return undefined;
      // all.billing, `import * as all`: the export of that module.
      const module = ref.object.kind === 'name' ? values.moduleOf(file, ref.object) : undefined;
      if (module) {
        const exported = exportedRef(module, ref.name);
        return exported && literalOf(values, module, exported, depth + 1);
      }
      const holder = literalOf(values, file, ref.object, depth + 1);
      const property = holder && propertyOf(holder[1], ref.name);
      return holder && property && literalOf(values, holder[0], property, depth + 1);
    }
    default:
      return undefined;
  }
}

/**
 * What an object literal gives a key: the last value written for it, unless a spread or a computed
 * key written after it may give another (`{ made: …, ...base }`); undefined if it is not written.
 */
export function propertyOf(object: ObjectRef, key: string): Ref | undefined {
  const at = object.properties.findLastIndex(([k]) => k === key);
  return at >= (object.overridable ?? 0) ? object.properties[at]![1] : undefined;
}

/** What a file exports under a name as written; CommonJS's `module.exports` is its default. */
const exportedRef = (file: FileSummary, name: string): Ref | undefined =>
  file.exports.get(name) ?? (name === 'default' ? file.exports.get('module.exports') : undefined);
