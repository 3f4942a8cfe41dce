/** Where a call's function or class is declared: in the calling file, or where it is imported from. */
import { chainKey } from './refs.js';
import type { FileSummary, Ref } from './types.js';

/** The function or class a call names, in this file or where it is imported from. */
export function calleeHome(
  file: FileSummary,
  callee: Ref,
  resolveImport: ImportHome,
): [FileSummary, string] | undefined {
  // this.getSub(…): a method of the class the call is made in, kept as `Billing.getSub`.
  if (callee.kind === 'member' && callee.object.kind === 'this' && callee.object.className && !callee.computed) {
    const method = `${callee.object.className}.${callee.name}`;
    return file.functions.has(method) ? [file, method] : undefined;
  }
  if (callee.kind !== 'name') return undefined;
  if (file.functions.has(callee.name) || file.classes.has(callee.name)) return [file, callee.name];
  return resolveImport(file, callee.name);
}

export type ImportHome = (file: FileSummary, local: string) => [FileSummary, string] | undefined;

/** How a module's files are found and searched: a specifier's file, and where a file's export is declared. */
export interface ModuleHomes {
  importedFile(file: FileSummary, specifier: string): FileSummary | undefined;
  exportedBy(file: FileSummary, name: string): [FileSummary, string] | undefined;
}

/**
 * The function a call names, as calleeHome finds it, or reached through a module or a class: a
 * namespace's or a required module's export (`checks.isPaid`, `req.isPaid`, `const { isPaid } =
 * require(…)`), or a class's static method here or imported (`Billing.isPaid`).
 */
export function functionHome(
  file: FileSummary,
  callee: Ref,
  resolveImport: ImportHome,
  modules: ModuleHomes,
): [FileSummary, string] | undefined {
  const found = calleeHome(file, callee, resolveImport);
  if (found) return found;
  // `const { isPaid } = require('./checks')`: a member of the module the name is given, where it is
  // given no other (names are the file's: `require('./a')` in one function, `require('./b')` in another).
  const required = (name: string): [specifier: string, member: string | undefined] | undefined => {
    let only: [string, string | undefined] | undefined;
    for (const ref of file.bindings.get(name) ?? []) {
      const given: [string, string | undefined] | undefined =
        ref.kind === 'require'
          ? [ref.specifier, undefined]
          : ref.kind === 'member' && !ref.computed && ref.object.kind === 'require'
            ? [ref.object.specifier, ref.name]
            : undefined;
      if (!given || (only && (only[0] !== given[0] || only[1] !== given[1]))) return undefined;
      only = given;
    }
    return only;
  };
  const exported = (specifier: string, name: string): [FileSummary, string] | undefined => {
    const other = modules.importedFile(file, specifier);
    return other && modules.exportedBy(other, name);
  };
  if (callee.kind === 'name') {
    const [specifier, member] = required(callee.name) ?? [];
    return specifier !== undefined && member !== undefined ? exported(specifier, member) : undefined;
  }
  if (callee.kind !== 'member' || callee.computed) return undefined;
  if (callee.object.kind !== 'name') return instanceMethod(file, callee.object, callee.name, resolveImport);
  const { name: holder } = callee.object;
  // An import given another value in the file (`const checks = { … }`) is not followed.
  const imported = file.bindings.has(holder) ? undefined : file.imports.get(holder);
  if (imported?.imported === '*') return exported(imported.specifier, callee.name);
  const [specifier, member] = required(holder) ?? [];
  if (specifier !== undefined && member === undefined) return exported(specifier, callee.name);
  // A class's static method, kept as `Billing.isPaid` where the class is declared.
  const [owner, className] =
    (file.classes.has(holder) || imported ? calleeHome(file, callee.object, resolveImport) : undefined) ?? [];
  const method = `${className}.${callee.name}`;
  return owner?.functions.has(method)
    ? [owner, method]
    : owner
      ? undefined
      : instanceMethod(file, callee.object, callee.name, resolveImport);
}

/**
 * A method of the one class an instance is given (`constructor(private billing: BillingService)`,
 * `this.billing = new BillingService()`, `const local = new BillingService()`), here or imported.
 */
function instanceMethod(
  file: FileSummary,
  instance: Ref,
  name: string,
  resolveImport: ImportHome,
): [FileSummary, string] | undefined {
  const key = chainKey(instance);
  let className: string | undefined;
  for (const ref of (key !== undefined && file.bindings.get(key)) || []) {
    const given =
      ref.kind === 'type'
        ? ref.name
        : ref.kind === 'call' && ref.isNew && ref.callee.kind === 'name'
          ? ref.callee.name
          : undefined;
    if (given === undefined || (className !== undefined && className !== given)) return undefined;
    className = given;
  }
  if (className === undefined) return undefined;
  const [owner, declared] = calleeHome(file, { kind: 'name', name: className }, resolveImport) ?? [];
  const method = `${declared}.${name}`;
  return owner?.classes.has(declared ?? '') && owner.functions.has(method) ? [owner, method] : undefined;
}
