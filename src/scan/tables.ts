import type { CallExpression, NewExpression, Node, OptionalCallExpression } from '@babel/types';
import type { At, CallSite, ClassSummary, FileSummary, Ref } from './types.js';

/** A summary while its file is walked: its tables still take entries. */
export interface Draft
  extends Omit<FileSummary, 'expandExports' | 'mapKeys' | 'directRequests' | 'expandFree' | 'typeFlow'> {
  imports: Map<string, { specifier: string; imported: string }>;
  exports: Map<string, Ref>;
  reExports: string[];
  functions: Map<string, string[][]>;
  classes: Map<string, ClassSummary>;
  typedKeys: Set<string>;
}

export const draftOf = (path: string): Draft => ({
  path,
  bindings: new Map(),
  imports: new Map(),
  exports: new Map(),
  reExports: [],
  functions: new Map(),
  classes: new Map(),
  typedKeys: new Set(),
  calls: [],
  events: [],
  dispatches: [],
  unreadEvents: [],
  listed: [],
  localImports: [],
});

/**
 * What a summary keeps of its tables and lists once its file is walked. Most files import, export
 * or declare few kinds of things, and each empty table would otherwise take room of its own; a list
 * pushed to keeps room for sixteen, so what is kept is a copy just as long.
 */
const NO_ENTRIES: ReadonlyMap<never, never> = new Map<never, never>();
export const NO_KEYS: ReadonlySet<never> = new Set<never>();
export const kept = <K, V>(table: ReadonlyMap<K, V>): ReadonlyMap<K, V> => (table.size > 0 ? table : NO_ENTRIES);
// An empty list is one shared by every summary that has none: frozen, so that a push to it throws
// rather than fills every other summary's.
const NO_ITEMS = Object.freeze([]) as never[];
export const trimmed = <T>(list: T[]): T[] => (list.length > 0 ? list.slice() : NO_ITEMS);

/**
 * A call as the summary keeps it, made here alone so that every call has the same fields in the same
 * order; an expand option, an imported options name and a raw request are given after.
 */
export const callSite = (
  callee: Ref,
  isNew: boolean,
  at: At,
  chained?: CallSite['chained'],
  keyed?: CallSite['keyed'],
): CallSite => ({
  callee,
  isNew,
  line: at.line,
  column: at.column,
  chained,
  keyed,
  expand: undefined,
  optionsNames: undefined,
  raw: undefined,
  repeats: undefined,
});

/**
 * Calls a file makes again with the same argument (`fmt(order)` on every line of call-heavy code):
 * each kept once, with the argument's other places as numbers. Kept each time, each cost a dozen
 * objects kept to the end of the scan: on 100,000 lines of nested calls, 300 MB.
 */
export class RepeatedCalls {
  private readonly firsts = new Map<string, CallSite>();

  /**
   * What makes a call the same as another: a function by name, one name handed on, nothing else;
   * undefined for any other call.
   */
  key(call: CallExpression | OptionalCallExpression | NewExpression, chained: CallSite['chained']): string | undefined {
    const only = chained?.length === 1 ? chained[0]! : undefined;
    if (call.callee.type !== 'Identifier' || only?.ref.kind !== 'name') return undefined;
    return `${call.type === 'NewExpression' ? 'new ' : ''}${call.callee.name}#${only.index}#${only.ref.name}`;
  }

  /** Whether a call of this key was kept already; if so, this one's argument is its next place. */
  again(key: string, arg: At): boolean {
    const first = this.firsts.get(key);
    if (first) (first.repeats ??= []).push(arg.line, arg.column);
    return first !== undefined;
  }

  keep(key: string, call: CallSite): void {
    this.firsts.set(key, call);
  }
}

/** A method taken as a value (`f(stripe.customers.list)`): a call with no arguments kept. */
export const methodTaken = (callee: Ref, at: At): CallSite => callSite(callee, false, at);

/**
 * A test's helpers (`expect(stripe.customers.del)`, `vi.mocked(…)`, `jest.spyOn(…)`,
 * `sinon.assert.calledOnce(…)`): they look at a mocked method or resource, and call nothing through it.
 */
const TEST_HELPERS: ReadonlySet<string> = new Set(['expect', 'mocked', 'vi', 'vitest', 'jest', 'sinon']);
/**
 * Test libraries: where test helpers come from (one imported from anywhere else is the project's own
 * function), and test doubles' types (`jest-mock-extended`'s `DeepMockProxy`, sinon's `SinonStub`).
 */
export const TEST_MODULES =
  /^(vitest|@vitest\/|jest|@jest\/|ts-jest|jest-mock|expect$|chai|sinon|ts-sinon|bun:test|node:test|@testing-library\/|@playwright\/test|ava$|mocha$|@golevelup\/ts-|@suites\/)/;

/**
 * The name a call's callee starts at (`vi` in `vi.mocked(…)`), when it may be a test's helper: one
 * of theirs, or what a sandbox's stub or spy is called on (`sandbox.spy(…)`: sandboxOf).
 */
export function testHelperOf(parent: Node | undefined): string | undefined {
  if (parent?.type !== 'CallExpression') return undefined;
  const { callee } = parent;
  const sandboxed =
    callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && SANDBOXED.has(callee.property.name);
  let root: Node = callee;
  while (root.type === 'MemberExpression' || root.type === 'CallExpression')
    root = root.type === 'CallExpression' ? root.callee : root.object;
  return root.type === 'Identifier' && (TEST_HELPERS.has(root.name) || sandboxed) ? root.name : undefined;
}
const SANDBOXED = new Set(['stub', 'spy', 'mock', 'replace', 'replaceGetter']);

/**
 * Whether every value of a name is a sandbox sinon makes (`sinon.createSandbox()`,
 * `sinon.sandbox.create()`, `createSandbox()` imported from sinon), whose stubs and spies look at
 * what they are handed and call nothing.
 */
function sandboxOf(file: Pick<FileSummary, 'functions' | 'bindings' | 'classes' | 'imports'>, name: string): boolean {
  const bound = file.bindings.get(name);
  return (
    bound !== undefined &&
    bound.length > 0 &&
    bound.every((ref) => {
      let root = ref.kind === 'call' ? ref.callee : undefined;
      while (root?.kind === 'member') root = root.object;
      if (root?.kind !== 'name') return false;
      return root.name === 'sinon' ? isTestHelper(file, 'sinon') : file.imports.get(root.name)?.specifier === 'sinon';
    })
  );
}

/**
 * Whether a helper's name is a test's (a global, or imported from a test library) in a file, not a
 * function of the file's own: `function expect(f) { return f(); }` calls what it is handed.
 */
export function isTestHelper(
  file: Pick<FileSummary, 'functions' | 'bindings' | 'classes' | 'imports'>,
  name: string,
): boolean {
  // Neither a test library's name nor given a value here (a sandbox's): no helper, and nothing more to read.
  if ((!TEST_HELPERS.has(name) && !file.bindings.has(name)) || file.functions.has(name) || file.classes.has(name))
    return false;
  // A parameter by that name (`run(expect)`, `stub(sandbox)`) is whatever its caller hands over.
  for (const params of [...file.functions.values(), ...[...file.classes.values()].map((c) => c.params)])
    if (params.some((names) => names.includes(name))) return false;
  if (!TEST_HELPERS.has(name)) return sandboxOf(file, name);
  // `const { vi } = require('vitest')`: a test library's all the same; any other value is the file's own.
  const bound = file.bindings.get(name);
  if (bound)
    return bound.every(
      (ref) => ref.kind === 'member' && ref.object.kind === 'require' && TEST_MODULES.test(ref.object.specifier),
    );
  const imported = file.imports.get(name);
  return imported === undefined || TEST_MODULES.test(imported.specifier);
}

/** Object's functions that give back their first argument, changed (`Object.assign(stripe, mocks)`). */
export const GIVES_BACK_FIRST: ReadonlySet<string> = new Set(['freeze', 'seal', 'assign']);
/** `Object.assign`, `Object.freeze`, `Object.seal`: what they are given first, they give back. */
export const givesBackFirst = (callee: Ref): boolean =>
  callee.kind === 'member' &&
  callee.object.kind === 'name' &&
  callee.object.name === 'Object' &&
  GIVES_BACK_FIRST.has(callee.name);

/** The language's `Proxy` as what `new` makes: no class, import or name of the file is called Proxy. */
export const isProxy = (file: Pick<FileSummary, 'imports' | 'bindings' | 'classes'>, callee: Ref): boolean =>
  callee.kind === 'name' &&
  callee.name === 'Proxy' &&
  !file.imports.has('Proxy') &&
  !file.bindings.has('Proxy') &&
  !file.classes.has('Proxy');
