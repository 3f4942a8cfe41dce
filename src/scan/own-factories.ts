/**
 * Clients made by a function of the project's own where they are handed on (`syncAll(init())`).
 * A function imported, or declared above its call, is known when the call is walked; any other
 * (declared below, anywhere in the file, or being read: a call inside it) only once the file is
 * read, so such an argument waits here till then, as the nodes it is in: nothing is made of it
 * unless its function may make a client. Calls of the language's functions (`String(x)`) and of
 * functions that return no client (`return a + 1`, `return items.map(…)`) are never kept: on code
 * made of nested calls, each kept would cost time and memory.
 */
import { isBuiltin } from 'node:module';
import type { CallExpression, Node, NewExpression, OptionalCallExpression } from '@babel/types';
import { registryPackage } from './module-graph.js';
import { calledFunction } from './node-types.js';
import { columnOf, lineOf, type RefMaker } from './refs.js';
import { callSite } from './tables.js';
import type { CallSite, FileSummary, Ref } from './types.js';

type Tables = Pick<FileSummary, 'bindings' | 'imports'>;
type Call = CallExpression | OptionalCallExpression | NewExpression;
/**
 * Whether an import may be of the project's own files, or of a package that may make a client:
 * a path (`./made`, an alias such as `@/lib/stripe`, `~lib/stripe`, `lib/stripe`), or a package
 * named for Stripe. A package's bare name (`express`, `@acme/util`) and Node's own modules are
 * not: each call of theirs handed on (`app.use(express.json())`) kept would cost memory on every
 * backend. A workspace's own package by a bare name is therefore not followed here.
 */
const mayBeOwn = (specifier: string): boolean => {
  const name = registryPackage(specifier) ?? specifier;
  return /stripe/i.test(name) || (!isBuiltin(name) && !BARE_PACKAGE.test(name));
};
/** A package's name alone, no path in it (module-graph's PACKAGE_NAME takes `lodash/once` too; here that may be a baseUrl path). */
const BARE_PACKAGE = /^(?:@[\w.-]+\/)?[\w.-]+$/;

export class OwnFactoryArguments {
  // Each argument waiting: its function's name (and member: `made.init`), its node and index, its
  // call, the class it is in. In lists side by side, as a tuple each was the most the walk made on
  // code of nested calls.
  private readonly roots: string[] = [];
  private readonly members: (string | undefined)[] = [];
  private readonly args: Node[] = [];
  private readonly indexes: number[] = [];
  private readonly calls: (Call | CallSite)[] = [];
  private readonly classNames: (string | undefined)[] = [];
  /** `isParameter`: whether a name is a parameter of a function the walk is in. */
  constructor(private readonly isParameter: (name: string) => boolean) {}

  /**
   * Whether an argument, made by a call (`init()`, `factories.make()`), may be a client: yes or no
   * where the file's tables tell (knownToMake); no for a parameter's function and for the language's
   * and the platform's (`String(x)`, `JSON.stringify(x)`); else later, once the file is read (a
   * function declared below, or one still being read: a call inside it).
   */
  mayMake(arg: Node, index: number, file: Tables): 'yes' | 'no' | 'later' {
    const callee = calledFunction(arg);
    // A function handed in (`withDb(connect) { syncAll(connect()) }`) is its caller's, whatever the file names so.
    if (!callee || (callee.type === 'Identifier' && this.isParameter(callee.name))) return 'no';
    // Not destructured from a list: made for every argument, the list cost the walk more than the rest.
    const named = callee.type === 'Identifier';
    const root = named ? callee.name : callee.object.name;
    const known = knownToMake(root, named ? undefined : callee.property.name, file);
    if (known !== undefined) return known ? 'yes' : 'no';
    if ((named ? GLOBAL_FUNCTIONS : GLOBAL_OBJECTS).has(root) && !file.bindings.has(root)) return 'no';
    // Past the 31st argument, no bit to wait by: kept at once.
    return index < 31 ? 'later' : 'yes';
  }

  /**
   * Arguments whose functions are declared below, as bits by position (a number, so that the walk
   * makes nothing for them): `call` is their call's summary if kept, else its node.
   */
  wait(args: readonly Node[], positions: number, call: Call | CallSite, className: string | undefined): void {
    for (let index = 0; positions >> index !== 0; index++) {
      if (((positions >> index) & 1) === 0) continue;
      const arg = args[index]!;
      const callee = calledFunction(arg)!;
      this.roots.push(callee.type === 'Identifier' ? callee.name : callee.object.name);
      this.members.push(callee.type === 'Identifier' ? undefined : callee.property.name);
      this.args.push(arg);
      this.indexes.push(index);
      this.calls.push(call);
      this.classNames.push(className);
    }
  }

  /** Keeps each waiting argument whose function may make a client; returns the calls kept for them alone. */
  settle(file: Tables, refs: RefMaker): CallSite[] {
    const made = new Map<Call, CallSite>();
    for (let i = 0; i < this.roots.length; i++) {
      if (!knownToMake(this.roots[i]!, this.members[i], file)) continue;
      const [arg, index, call] = [this.args[i]!, this.indexes[i]!, this.calls[i]!];
      refs.className = this.classNames[i];
      const site = 'type' in call ? made.get(call) : call;
      const argument = { index, ref: refs.ref(arg), line: lineOf(arg), column: columnOf(arg) };
      if (site) site.chained = [...(site.chained ?? []), argument];
      else if ('type' in call)
        made.set(
          call,
          callSite(
            refs.ref(call.callee),
            call.type === 'NewExpression',
            { line: lineOf(call), column: columnOf(call) },
            [argument],
          ),
        );
    }
    // The tree's nodes let go of, as RefMaker.dropTree() does.
    for (const list of [this.roots, this.members, this.args, this.indexes, this.calls, this.classNames])
      list.length = 0;
    return [...made.values()];
  }
}

/**
 * Whether the file's tables say the function `root` (or its `member`: `made.init`) may make a
 * client: by where it is imported or required from (mayBeOwn), else by what it is bound to;
 * undefined where they do not say. The name is joined only when the import does not tell, as most
 * arguments are decided before.
 */
function knownToMake(root: string, member: string | undefined, file: Tables): boolean | undefined {
  const imported = file.imports.get(root)?.specifier ?? (member === undefined ? undefined : requiredAs(file, root));
  if (imported !== undefined) return mayBeOwn(imported);
  const bound =
    member === undefined
      ? file.bindings.get(root)
      : (file.bindings.get(`${root}.${member}`) ?? held(file, root, member));
  return bound?.some(mayMakeClient) ? true : undefined;
}

/** What the objects a name is given hold under a key: `Clients.platform` of `const Clients = { platform: () => … }`. */
const held = (file: Tables, name: string, key: string): Ref[] =>
  (file.bindings.get(name) ?? []).flatMap((ref) => (ref.kind === 'object' ? (keysOf(ref).get(key) ?? []) : []));

/** An object's values by key, made once for each object asked about: an object of thousands of methods is asked as often. */
const objectKeys = new WeakMap<Ref, Map<string, Ref[]>>();
function keysOf(object: Extract<Ref, { kind: 'object' }>): Map<string, Ref[]> {
  let keys = objectKeys.get(object);
  if (!keys) {
    keys = new Map();
    for (const [key, value] of object.properties) keys.set(key, [...(keys.get(key) ?? []), value]);
    objectKeys.set(object, keys);
  }
  return keys;
}

/** The module a name is given by `require` alone (`const made = require('./made')`), if so. */
function requiredAs(file: Tables, name: string): string | undefined {
  const [only, ...more] = file.bindings.get(name) ?? [];
  return only?.kind === 'require' && more.length === 0 ? only.specifier : undefined;
}

/**
 * Methods of the language's strings, numbers and arrays that give a string, a number, a truth or a
 * new array: never a client. (`find`, `at` and `reduce` may give one of a list's items.)
 */
const LANGUAGE_METHODS = new Set(
  'map filter some every join slice concat flat flatMap includes indexOf sort toString toFixed trim split replace replaceAll padStart padEnd toLowerCase toUpperCase startsWith endsWith'.split(
    ' ',
  ),
);

/** Objects of the language and the platform (`JSON.stringify(x)`): what their methods give is never a client. */
const GLOBAL_OBJECTS = new Set(
  'console Math JSON Object Array Number String Promise Reflect Date process Buffer URL crypto Intl Symbol'.split(' '),
);

/** Functions of the language and the platform called by name (`String(x)`): what they give is never a client. */
const GLOBAL_FUNCTIONS = new Set(
  'String Number Boolean BigInt Symbol Date Array Object parseInt parseFloat isNaN isFinite encodeURIComponent decodeURIComponent encodeURI decodeURI setTimeout setInterval setImmediate clearTimeout clearInterval structuredClone fetch require'.split(
    ' ',
  ),
);

/**
 * A value that may be a function returning a client: any but a function whose returns are all
 * unknown, strings, or what a method of the language's returns (`return a.items.reduce(…)`).
 */
const mayMakeClient = (value: Ref): boolean =>
  value.kind !== 'function' ||
  value.returns.some(
    (r) =>
      r.kind !== 'unknown' &&
      r.kind !== 'string' &&
      !(r.kind === 'call' && r.callee.kind === 'member' && LANGUAGE_METHODS.has(r.callee.name)),
  );
