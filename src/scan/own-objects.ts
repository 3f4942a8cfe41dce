/**
 * Objects the project makes itself, read where a call through one has a Stripe method's shape:
 * `api.customers.create()` with `api = new ApiClient()`, or `const { api } = await initScenario()`
 * whose function returns `{ api }` so made, where ApiClient is a class of a scanned file that extends
 * nothing and writes the member out (`customers = { create: async (…) => … }`). What is called is
 * then the project's own function, not a Stripe resource's method. Anything less certain is not such
 * an object: a member given a parameter's, an object holding anything but functions, a spread, a
 * superclass, a name given something else too or taken by a parameter anywhere in its file (summarise's
 * settle), an instance imported, or one handed to `Object.assign` or to a call beside a Stripe value.
 */
import { literalOf, propertyOf } from './literals.js';
import { thisKey } from './refs.js';
import type { FileSummary, Ref } from './types.js';
import type { Values } from './values.js';

type Instance = readonly [file: FileSummary, className: string];
type ObjectRef = Extract<Ref, { kind: 'object' }>;
const DEPTH = 12;
const PENDING = Symbol('pending');
// Worked out once per expression: a name reached again through what a function returns
// (`const { api } = await init()`, `init` returning `{ api }`) would be worked out again at each step.
const instances = new WeakMap<Ref, Instance | null | typeof PENDING>();
const literals = new WeakMap<Ref, [FileSummary, ObjectRef][] | null | typeof PENDING>();
const touchedIn = new WeakMap<FileSummary, Set<string>>();
/**
 * Names the file may change or hand on (so trusts none of): one whose members it writes (`api.customers
 * = …`), given to another name (`const alias = api`), handed to a call (`patch(api)`, `Object.assign(api,
 * …)`), or taken by a parameter, `catch` or loop somewhere (FileSummary.shadowed).
 */
function untrusted(file: FileSummary): ReadonlySet<string> {
  let found = touchedIn.get(file);
  if (!found) {
    found = new Set(file.shadowed);
    for (const [key, refs] of file.bindings) {
      const dot = key.indexOf('.');
      if (dot > 0) found.add(key.slice(0, dot));
      for (const ref of refs) if (ref.kind === 'name') found.add(ref.name);
    }
    for (const call of file.calls) for (const a of call.chained ?? []) if (a.ref.kind === 'name') found.add(a.ref.name);
    touchedIn.set(file, found);
  }
  return found;
}

/** `work` for `ref` once; undefined while it is being worked out (a cycle). */
function once<T>(memo: WeakMap<Ref, T | null | typeof PENDING>, ref: Ref, work: () => T | undefined): T | undefined {
  const known = memo.get(ref);
  if (known === PENDING) return undefined;
  if (known !== undefined) return known ?? undefined;
  memo.set(ref, PENDING);
  const found = work();
  memo.set(ref, found ?? null);
  return found;
}

/** The same instance for every one of `found`, if they agree and there is at least one. */
function agreed(found: readonly (Instance | undefined)[]): Instance | undefined {
  const first = found[0];
  return first && found.every((f) => f !== undefined && f[0] === first[0] && f[1] === first[1]) ? first : undefined;
}

/** Where a name is bound: its own file, or the file a scanned import takes it from. */
function boundAt(values: Values, file: FileSummary, name: string): [FileSummary, readonly Ref[]] | undefined {
  const imported = file.imports.get(name);
  if (!imported) return [file, file.bindings.get(name) ?? []];
  const other = imported.imported === '*' ? undefined : values.importedFile(file, imported.specifier);
  const exported = other?.exports.get(imported.imported);
  if (!other || !exported) return undefined;
  return exported.kind === 'name' ? [other, other.bindings.get(exported.name) ?? []] : [other, [exported]];
}

/** The object literals a value may be: written out, held by a name, or returned by a function called. */
function literalsOf(
  values: Values,
  file: FileSummary,
  ref: Ref,
  depth: number,
): [FileSummary, ObjectRef][] | undefined {
  return depth > DEPTH ? undefined : once(literals, ref, () => literalsFound(values, file, ref, depth));
}

function literalsFound(values: Values, file: FileSummary, ref: Ref, depth: number) {
  if (ref.kind === 'name' && untrusted(file).has(ref.name)) return undefined;
  const written = literalOf(values, file, ref);
  if (written) return [written];
  if (ref.kind === 'name') {
    const bound = boundAt(values, file, ref.name);
    const each = bound?.[1].map((r) => literalsOf(values, bound[0], r, depth + 1));
    return each && each.length > 0 && each.every((e) => e !== undefined) ? each.flat() : undefined;
  }
  if (ref.kind !== 'call' || ref.isNew || ref.callee.kind !== 'name' || file.shadowed.has(ref.callee.name))
    return undefined;
  const bound = boundAt(values, file, ref.callee.name);
  const functions = bound?.[1];
  if (!bound || !functions?.length || !functions.every((f) => f.kind === 'function' && f.returns.length > 0))
    return undefined;
  const each = functions
    .flatMap((f) => (f.kind === 'function' ? f.returns : []))
    .map((r) => (r.kind === 'name' && untrusted(bound[0]).has(r.name) ? undefined : literalOf(values, bound[0], r)));
  return each.every((e) => e !== undefined) ? each : undefined;
}

/** The scanned class, extending nothing, that every value of an expression is an instance of. */
function ownInstance(values: Values, file: FileSummary, ref: Ref, depth = 0): Instance | undefined {
  return depth > DEPTH ? undefined : once(instances, ref, () => instanceFound(values, file, ref, depth));
}

function instanceFound(values: Values, file: FileSummary, ref: Ref, depth: number): Instance | undefined {
  switch (ref.kind) {
    case 'name': {
      if (file.imports.has(ref.name) || untrusted(file).has(ref.name)) return undefined;
      return agreed((file.bindings.get(ref.name) ?? []).map((r) => ownInstance(values, file, r, depth + 1)));
    }
    case 'call': {
      // A class of its name, not reassigned (`(ApiClient as any) = Stripe`) nor a parameter's name.
      const named = ref.callee.kind === 'name' ? ref.callee.name : undefined;
      if (!named || file.bindings.has(named) || file.shadowed.has(named)) return undefined;
      const made = ref.isNew ? values.of(file, ref.callee) : undefined;
      return made?.kind === 'class' && !made.file.classes.get(made.name)?.superClass
        ? [made.file, made.name]
        : undefined;
    }
    case 'member': {
      // `scenario.api`, `const { api } = await initScenario()`: a property of the object returned.
      if (ref.computed) return undefined;
      const holders = literalsOf(values, file, ref.object, depth + 1);
      return (
        holders &&
        agreed(
          holders.map(([home, object]) => {
            const property = propertyOf(object, ref.name);
            return property && ownInstance(values, home, property, depth + 1);
          }),
        )
      );
    }
    default:
      return undefined;
  }
}

/** An object written out holding only functions and such objects: no value of another's to forward to. */
const plain = (object: ObjectRef): boolean =>
  !object.partial && object.properties.every(([, v]) => v.kind === 'function' || (v.kind === 'object' && plain(v)));

/**
 * Whether `holder.path…()` calls a function the project's own object writes out: `holder` an
 * instance of a scanned class (ownInstance) whose member `path[0]` is only ever an object literal,
 * holding along the rest of `path` a function (`customers = { create: async () => … }`).
 */
export function callsOwnFunction(values: Values, file: FileSummary, holder: Ref, path: readonly string[]): boolean {
  const instance = ownInstance(values, file, holder);
  const [member, ...rest] = path;
  if (!instance || member === undefined || rest.length === 0) return false;
  const [home, name] = instance;
  if (!home.classes.get(name)?.members.includes(member)) return false;
  const bound = home.bindings.get(`${thisKey(name)}.${member}`) ?? [];
  return (
    bound.length > 0 &&
    bound.every((value) => {
      let at: Ref | undefined = value;
      for (const key of rest) at = at?.kind === 'object' && plain(at) ? propertyOf(at, key) : undefined;
      return at?.kind === 'function';
    })
  );
}
