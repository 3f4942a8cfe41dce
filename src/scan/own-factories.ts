/**
 * Clients made by a function of the project's own where they are handed on (`syncAll(init())`).
 * A function called before its declaration (hoisted, at the file's top level) is known only once
 * the file is read, so such an argument waits here till then. Calls of globals (`String(x)`) and of
 * functions that return no client (`return a + 1`, `return items.map(…)`) are never kept: on code
 * made of nested calls, each kept would cost the scan time and memory.
 */
import type { Statement } from '@babel/types';
import type { CallSite, FileSummary, Ref } from './types.js';

type Chained = NonNullable<CallSite['chained']>[number];
type Tables = Pick<FileSummary, 'bindings' | 'imports'>;

export class OwnFactoryArguments {
  private readonly waiting: [name: string, call: CallSite, argument: Chained][] = [];
  /** Calls kept only for such an argument: added to the file's calls if one of theirs is kept. */
  private readonly onlyFor = new Set<CallSite>();
  /** Functions declared at the file's top level, which may be called above their declaration. */
  private readonly declared = new Set<string>();

  constructor(body: readonly Statement[]) {
    for (const statement of body) {
      const s =
        statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
      if (s.type === 'FunctionDeclaration' && s.id) this.declared.add(s.id.name);
      else if (s.type === 'VariableDeclaration')
        for (const d of s.declarations) if (d.id.type === 'Identifier') this.declared.add(d.id.name);
    }
  }

  /** Whether an argument made by calling `name` may be a client: the file imports it, or declares it returning one. */
  mayMake(name: string, file: Tables): boolean {
    const values = file.bindings.get(name);
    return values ? values.some(mayMakeClient) : file.imports.has(name) || this.declared.has(name);
  }

  add(name: string, call: CallSite, argument: Chained, onlyForThis: boolean): void {
    this.waiting.push([name, call, argument]);
    if (onlyForThis) this.onlyFor.add(call);
  }

  /** Keeps each argument whose function may make a client, now the whole file is read; returns the calls to add. */
  settle(file: Tables): CallSite[] {
    const added: CallSite[] = [];
    for (const [name, call, argument] of this.waiting) {
      const values = file.bindings.get(name);
      if (values ? !values.some(mayMakeClient) : !file.imports.has(name)) continue;
      call.chained = [...(call.chained ?? []), argument];
      if (this.onlyFor.delete(call)) added.push(call);
    }
    return added;
  }
}

/** Methods of the language's arrays, strings and numbers: what they return is never a client. */
const LANGUAGE_METHODS = new Set(
  'map filter reduce find findLast some every join slice concat flat flatMap includes indexOf at sort toString toFixed trim split replace replaceAll padStart padEnd toLowerCase toUpperCase startsWith endsWith'.split(
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
