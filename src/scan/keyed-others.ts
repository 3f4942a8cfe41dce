/**
 * Keys of the objects a function or class is handed that only ever hold another package's instance:
 * `new PaddleProvider({ client: new Paddle(key) })`. A key clients are handed over under elsewhere
 * (`{ client: new Stripe(key) }`) makes `options.client` a client wherever its holder is not known;
 * here the holder is known, and what it is given under that key is no client.
 */
import { isOtherPackage } from './module-graph.js';
import { chainKey } from './refs.js';
import type { FileSummary, Ref } from './types.js';

/** What of the values these tables need (Values has it). */
interface Knowing {
  importedFile(file: FileSummary, specifier: string): FileSummary | undefined;
  dependsOnStripe(fromFile: string, specifier: string): boolean | undefined;
  typedFromPackage(file: FileSummary, key: string): boolean;
}

/** A parameter's name as summaries write it: the function's or class's name, `#`, its position. */
const PARAMETER = /^(.+)#\d+$/;

export class KeyedOthers {
  /** Per file, `${function or class}\0${key}`: whether every value handed under the key is another package's. */
  private readonly given = new Map<FileSummary, Map<string, boolean>>();

  /** A call of `name` (of `owner`) in `from`, handing `value` under `key`. */
  note(values: Knowing, owner: FileSummary, name: string, from: FileSummary, key: string, value: Ref): void {
    let table = this.given.get(owner);
    if (!table) this.given.set(owner, (table = new Map()));
    const entry = `${name}\0${key}`;
    table.set(entry, (table.get(entry) ?? true) && madeByOtherPackage(values, from, value));
  }

  /**
   * Whether `ref` is only ever handed another package's instance: a parameter's member
   * (`options.client`, `{ client }` destructured), or a name or member given only such
   * (`this.client = client`).
   */
  onlyOthers(file: FileSummary, ref: Extract<Ref, { kind: 'member' }>, depth = 0): boolean {
    const table = this.given.get(file);
    if (!table) return false;
    if (ref.object.kind === 'name') {
      const named = PARAMETER.exec(ref.object.name)?.[1];
      const owners = named !== undefined ? [named] : ownersOf(file, ref.object.name);
      if (owners.length > 0) return owners.every((owner) => table.get(`${owner}\0${ref.name}`) === true);
    }
    const key = chainKey(ref);
    return depth < 4 && key !== undefined && this.givenOnly(file, file.bindings.get(key), depth + 1);
  }

  /** Whether a name or member (`this@PaddleProvider.client`) is given only what is only ever another package's instance. */
  keyOnlyOthers(file: FileSummary, key: string): boolean {
    return this.given.has(file) && this.givenOnly(file, file.bindings.get(key), 0);
  }

  /** Whether every value a name is given is only ever another package's instance. */
  private givenOnly(file: FileSummary, refs: readonly Ref[] | undefined, depth: number): boolean {
    if (!refs || refs.length === 0) return false;
    return refs.every((ref) =>
      ref.kind === 'member'
        ? this.onlyOthers(file, ref, depth)
        : ref.kind === 'name' && depth < 4 && this.givenOnly(file, file.bindings.get(ref.name), depth + 1),
    );
  }
}

/** The functions and classes of a file a name is a parameter of, as `owner#position` is written: their names. */
function ownersOf(file: FileSummary, name: string): string[] {
  const owners: string[] = [];
  for (const [fn, params] of file.functions) if (params.some((names) => names.includes(name))) owners.push(fn);
  for (const [cls, { params }] of file.classes) if (params.some((names) => names.includes(name))) owners.push(cls);
  return owners;
}

/**
 * `new Paddle(key)`, or a name given only such (`const paddle = new Paddle(key)`): an instance of a
 * class imported from another package, one not named for Stripe and not depending on stripe.
 */
function madeByOtherPackage(values: Knowing, file: FileSummary, ref: Ref): boolean {
  if (ref.kind === 'name') return values.typedFromPackage(file, ref.name);
  if (ref.kind !== 'call' || ref.isNew !== true || ref.callee.kind !== 'name') return false;
  const name = ref.callee.name;
  const specifier = specifierOf(file, name);
  return (
    specifier !== undefined &&
    !/stripe/i.test(name) &&
    isOtherPackage(specifier) &&
    !values.importedFile(file, specifier) &&
    !values.dependsOnStripe(file.path, specifier)
  );
}

/** Where a name comes from: imported, or required (`const { Paddle } = require('@paddle/paddle-node-sdk')`). */
function specifierOf(file: FileSummary, name: string): string | undefined {
  const imported = file.imports.get(name);
  if (imported) return imported.specifier;
  const [only, ...more] = file.bindings.get(name) ?? [];
  if (!only || more.length > 0) return undefined;
  const required = only.kind === 'member' ? only.object : only;
  return required.kind === 'require' ? required.specifier : undefined;
}
