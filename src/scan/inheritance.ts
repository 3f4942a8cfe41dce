/** What a class's members are given, read through its base classes, in its file or another. */
import type { Lookup } from './literals.js';
import { thisKey } from './refs.js';
import type { FileSummary, Ref } from './types.js';

/**
 * `this.stripe` in a subclass where only a base class gives `stripe` a value: the base's file and
 * key (`this@Billing.stripe`), the base in the same file or imported from another scanned file;
 * undefined when the class itself binds it, or has no such base.
 */
export function inherited(
  values: Pick<Lookup, 'importedFile'>,
  file: FileSummary,
  ref: Extract<Ref, { kind: 'member' }>,
): [FileSummary, string] | undefined {
  if (ref.object.kind !== 'this' || ref.computed) return undefined;
  let home = file;
  let className = ref.object.className;
  for (let depth = 0; className && depth < 20; depth++) {
    const key = `${thisKey(className)}.${ref.name}`;
    if (home.bindings.has(key)) return depth === 0 ? undefined : [home, key];
    const base = home.classes.get(className)?.superClass;
    className = base?.kind === 'name' ? base.name : undefined;
    if (!className || home.classes.has(className)) continue;
    // class BillingRepo extends StripeRepo, imported: the class that file exports under that name.
    const imported = home.imports.get(className);
    const other = imported && values.importedFile(home, imported.specifier);
    const exported = other?.exports.get(imported!.imported);
    className = exported?.kind === 'name' && other!.classes.has(exported.name) ? exported.name : undefined;
    if (other) home = other;
  }
  return undefined;
}
