/** Where a call's function or class is declared: in the calling file, or where it is imported from. */
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
