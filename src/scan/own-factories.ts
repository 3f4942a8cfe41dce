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
import { calledFunction } from './node-types.js';
import { columnOf, lineOf, type RefMaker } from './refs.js';
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
const mayBeOwn = (specifier: string): boolean =>
  /stripe/i.test(specifier) || (!isBuiltin(specifier) && !PACKAGE_NAME.test(specifier));
const PACKAGE_NAME = /^(?:@[\w.-]+\/)?[\w.-]+$/;

export class OwnFactoryArguments {
  // Each argument waiting: its function's name, its node and index, its call, the class it is in. In
  // lists side by side, as a tuple each was the most the walk made on code of nested calls.
  private readonly names: string[] = [];
  private readonly args: Node[] = [];
  private readonly indexes: number[] = [];
  private readonly calls: (Call | CallSite)[] = [];
  private readonly classNames: (string | undefined)[] = [];
  /**
   * Whether an argument, made by a call (`init()`, `factories.make()`), may be a client: yes if the file imports the
   * function (or a namespace of its own files holding it) or binds it to what may return one; no for
   * the language's and the platform's (`String(x)`, `JSON.stringify(x)`, a package's `util.format`);
   * else later, once the file is read (a function declared below, or one still being read: a call
   * inside it).
   */
  /** `isParameter`: whether a name is a parameter of a function the walk is in. */
  constructor(private readonly isParameter: (name: string) => boolean) {}

  mayMake(arg: Node, index: number, file: Tables): 'yes' | 'no' | 'later' {
    const callee = calledFunction(arg);
    if (!callee) return 'no';
    // Past the 31st argument, no bit to wait by: kept at once.
    const later = index < 31 ? 'later' : 'yes';
    if (callee.type === 'Identifier') {
      const name = callee.name;
      // A function handed in (`withDb(connect) { syncAll(connect()) }`) is its caller's, whatever the file names so.
      if (this.isParameter(name)) return 'no';
      const imported = file.imports.get(name)?.specifier;
      if (imported !== undefined) return mayBeOwn(imported) ? 'yes' : 'no';
      if (file.bindings.get(name)?.some(mayMakeClient)) return 'yes';
      return GLOBAL_FUNCTIONS.has(name) && !file.bindings.has(name) ? 'no' : later;
    }
    const root = callee.object.name;
    const imported = file.imports.get(root)?.specifier ?? requiredAs(file, root);
    if (imported !== undefined) return mayBeOwn(imported) ? 'yes' : 'no';
    if (
      file.bindings
        .get(`${root}.${callee.property.type === 'Identifier' ? callee.property.name : ''}`)
        ?.some(mayMakeClient)
    )
      return 'yes';
    return GLOBAL_OBJECTS.has(root) && !file.bindings.has(root) ? 'no' : later;
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
      this.names.push(
        callee.type === 'Identifier'
          ? callee.name
          : `${callee.object.name}.${callee.property.type === 'Identifier' ? callee.property.name : ''}`,
      );
      this.args.push(arg);
      this.indexes.push(index);
      this.calls.push(call);
      this.classNames.push(className);
    }
  }

  /** Keeps each waiting argument whose function may make a client; returns the calls kept for them alone. */
  settle(file: Tables, refs: RefMaker): CallSite[] {
    const made = new Map<Call, CallSite>();
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      const dot = name.indexOf('.');
      const root = dot < 0 ? name : name.slice(0, dot);
      const imported = file.imports.get(root)?.specifier ?? (root === name ? undefined : requiredAs(file, root));
      const ownImport = imported !== undefined && mayBeOwn(imported);
      if (!ownImport && !file.bindings.get(name)?.some(mayMakeClient)) continue;
      const [arg, index, call] = [this.args[i]!, this.indexes[i]!, this.calls[i]!];
      refs.className = this.classNames[i];
      const site = 'type' in call ? made.get(call) : call;
      const argument = { index, ref: refs.ref(arg), line: lineOf(arg), column: columnOf(arg) };
      if (site) site.chained = [...(site.chained ?? []), argument];
      else if ('type' in call)
        made.set(call, {
          callee: refs.ref(call.callee),
          isNew: call.type === 'NewExpression',
          line: lineOf(call),
          column: columnOf(call),
          chained: [argument],
          keyed: undefined,
          expand: undefined,
          optionsNames: undefined,
          raw: undefined,
        });
    }
    // The tree's nodes let go of, as RefMaker.dropTree() does.
    for (const list of [this.names, this.args, this.indexes, this.calls, this.classNames]) list.length = 0;
    return [...made.values()];
  }
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
