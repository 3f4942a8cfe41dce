/** Where each parameter name of a file is a parameter: `fn#index`, for its functions and its classes' constructors. */
import type { FileSummary } from './types.js';

const owners = new WeakMap<FileSummary, Map<string, string[]>>();

/** Built for a file the first time it is asked for, and kept with it. */
export function paramOwners(file: FileSummary): Map<string, string[]> {
  let found = owners.get(file);
  if (!found) {
    const table = new Map<string, string[]>();
    const add = (fn: string, params: string[][]): void => {
      params.forEach((names, i) => {
        for (const name of names) table.set(name, [...(table.get(name) ?? []), `${fn}#${i}`]);
      });
    };
    for (const [fn, params] of file.functions) add(fn, params);
    for (const [name, cls] of file.classes) add(name, cls.params);
    owners.set(file, (found = table));
  }
  return found;
}
