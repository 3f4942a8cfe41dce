/**
 * Names that hold an `expand` option through a file's functions (`const params = { expand: […] }`),
 * and the parameters a call's options may come from, out of the scan's sight (a wrapper's callers pass them).
 */
import type { Node } from '@babel/types';
import {
  asExpands,
  CONDITIONS,
  eachOf,
  expandOptionOf,
  itemsOption,
  MAY_HOLD_OPTION,
  namesIn,
  optionOf,
  optionsWritten,
  unwrapped,
} from './expand-option.js';
import {
  declaredExpand,
  expandFreeName,
  memberExpand,
  memberTypes,
  NO_EXPAND,
  TYPE_DECLARATIONS,
} from './option-types.js';
import { declaredName } from './node-types.js';
import { type Copied, copiedFrom, declares, typeText } from './option-params.js';
import { columnOf, lineOf, patternTargets, propertyName } from './refs.js';
import { callsIn, type Computed, methodKey, open, ReturnedOptions, thisOf, type ViaCall } from './returned-options.js';
import type { CallSite, ExpandOption, Expands, Ref } from './types.js';

const NO_OPTIONS: ReadonlyMap<string, Expands> = new Map();

/** Arguments that may pass on a part or a copy of a parameter (copiedFrom). */
const PASSED_PARTS = new Set(['MemberExpression', 'OptionalMemberExpression', 'CallExpression', 'AwaitExpression']);

/**
 * The names of one function (or of the file), each with the option it holds; `null` for a name
 * declared there holding none, which hides the same name outside. Made when a name is first given.
 */
interface Scope {
  readonly outer: Scope | undefined;
  names: Map<string, Expands | null> | undefined;
  /** The function's parameters, as the tree has them. */
  readonly params: readonly Node[];
  /**
   * Parameters whose `expand` the function gives, yet may keep the caller's: a default (`params = {
   * expand: […] }`, the call's only when the caller passes none), one added to (`??=`, `push`), or
   * one set (`=`, which may stand behind a condition).
   */
  kept?: Set<string>;
  /** Names given a copy of a parameter (`const options = { ...params }`), with the parameter's name. */
  copies?: Map<string, Copied>;
  /** Its name (`function build`, `const build = () =>`, a method's key), and what `this` is in it (thisOf). */
  readonly name: string | undefined;
  readonly self: string | undefined;
}

/**
 * Objects holding an `expand` option, by the name they are given (`const params = { expand: […] }`),
 * for the calls that pass them. A name is its function's own, as the language has it: `params` in
 * one function is not `params` in another. A call made before the object is declared (below, in the
 * file or its function) is given it once the file is walked.
 */
export class NamedExpands {
  private readonly file: Scope = { outer: undefined, names: new Map(), params: [], name: undefined, self: undefined };
  private scope: Scope = this.file;
  private readonly waiting: [CallSite, string[], Scope, Computed | undefined, ViaCall[] | undefined][] = [];
  private readonly returns = new ReturnedOptions();
  /**
   * The file's interfaces, object types and classes that hold no `expand` (expandFreeName), and their
   * members that hold none (`CreatePaymentIntentArgs.intentParams`).
   */
  readonly expandFree = new Set<string>();
  /** Declarations that may hold an `expand`: another of the same name (merged) is not expand-free. */
  private readonly mayExpand = new Set<string>();
  /** Members typed with a type's name (`params: IntentParams`): expand-free if that type is, once the file is walked. */
  private readonly memberTypes: [key: string, type: string][] = [];

  /**
   * A function entered: its parameters are names of its own, with what a default gives (`params = {
   * expand: […] }`); what it returns is kept by the name it is declared with (returned-options.ts).
   */
  enter(fn: Node, parent: Node | undefined, className: string | undefined): void {
    const params = 'params' in fn ? fn.params : [];
    const name = declaredName(fn, parent) ?? methodKey(fn, parent, className);
    if (name !== undefined) this.returns.declared(name);
    const self = thisOf(fn, parent, className, this.scope.self);
    this.scope = { outer: this.scope, names: undefined, params, name, self };
    for (const param of params)
      if (param.type === 'Identifier') this.own(param.name, null);
      else if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') {
        const option = expandOptionOf([param.right], this);
        this.own(param.left.name, option ?? null);
        if (option) (this.scope.kept ??= new Set()).add(param.left.name);
      } else for (const target of patternTargets(param)) if (target.type === 'Identifier') this.own(target.name, null);
    // `(x) => ({ ...x })`: the body is what it returns.
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement')
      this.returns.note(fn.body, this.scope, this);
  }
  /**
   * Whether a name is a parameter of a function the walk is in (`withDb(connect) { … connect() }`);
   * bound, to be handed on as it is.
   */
  readonly isParameter = (name: string): boolean => {
    for (let s: Scope | undefined = this.scope; s; s = s.outer)
      if (s.params.some((p) => declares(p, name))) return true;
    return false;
  };

  /**
   * Whether a name is, where the walk is, a parameter that may hold options the scan cannot see: the
   * innermost declaration of it is a parameter (a `const params` inside hides the outer one), not
   * typed as request options (`opts: Stripe.RequestOptions`, which hold no expand).
   */
  private optionsParameter(name: string, member: string | null | undefined): boolean | string {
    const holder = this.holderOf(name, this.scope);
    const param = holder?.params.find((p) => declares(p, name));
    if (!param) return false;
    const typed = param.type === 'AssignmentPattern' ? param.left : param;
    const annotation = 'typeAnnotation' in typed ? typed.typeAnnotation : undefined;
    const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : undefined;
    // Exactly request options: a union with the method's params, or a type of one's own, may hold an expand.
    if (type && typeText(type) === 'RequestOptions') return false;
    // Declared with a type that holds no expand (`input: NewCustomer`), or whose member passed holds
    // none (`args.intentParams`, `Pick<…>` in CreatePaymentIntentArgs): no options to expand through.
    const declared =
      typed.type !== 'Identifier' || member === null
        ? undefined
        : member === undefined
          ? declaredExpand(type)
          : memberExpand(type, member);
    return declared === NO_EXPAND ? false : (declared ?? true);
  }

  leave(): void {
    this.scope = this.scope.outer ?? this.file;
  }

  get(name: string): Expands | undefined {
    return this.holderOf(name, this.scope)?.names?.get(name) ?? undefined;
  }

  /** The innermost scope, from `scope` out, that has the name. */
  private holderOf(name: string, scope: Scope): Scope | undefined {
    for (let s: Scope | undefined = scope; s; s = s.outer) if (s.names?.has(name)) return s;
    return undefined;
  }

  private own(name: string, option: Expands | null, scope = this.scope): void {
    (scope.names ??= new Map()).set(name, option);
  }

  /**
   * `const params = { expand: […] }`, or `full ? { expand: […] } : undefined`: kept by its name.
   * Blocks are not told apart: a name declared again in its function (`case 'a': { const p = … }`)
   * holds the last option it was given, and one given none keeps what it held, so that an inner
   * `const q = {}` does not hide the outer `q`'s option from a call after the block.
   */
  declare(name: string, init: Node | null | undefined): void {
    // Most names are given something else (a call, a string): no option to look for.
    const option = init && MAY_HOLD_OPTION.has(unwrapped(init).type) ? expandOptionOf([init], this) : undefined;
    if (option || !this.scope.names?.has(name)) this.own(name, option ?? null);
    // `const options = { ...params }`: what the caller passed, under another name.
    const copied = init ? copiedFrom(init).find(([from]) => from !== name && this.isParameter(from)) : undefined;
    if (copied !== undefined) (this.scope.copies ??= new Map()).set(name, copied);
  }

  /**
   * An option given to a named object after it is made: `params.expand = ['customer']`, or
   * `params.expand.push('payment_intent')` (`items`). It adds to what the name held, since the
   * assignment may sit behind a condition; a call made before it is given it too.
   */
  changedBy(node: Node): void {
    if (node.type === 'ReturnStatement') {
      if (node.argument) this.returns.note(node.argument, this.scope, this);
      return;
    }
    // const { limit, ...rest } = params: the rest is a copy of the parameter; const { params } = opts, a part.
    if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init) {
      const from = copiedFrom(node.init).find(([name]) => this.isParameter(name));
      for (const p of node.id.properties) {
        if (p.type === 'RestElement') {
          if (p.argument.type === 'Identifier') this.declare(p.argument.name, node.init);
          continue;
        }
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : undefined;
        const target = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (!from || !key || target.type !== 'Identifier') continue;
        if (!this.scope.names?.has(target.name)) this.own(target.name, null);
        (this.scope.copies ??= new Map()).set(target.name, [from[0], from[1] === undefined ? key : null]);
      }
      return;
    }
    if (TYPE_DECLARATIONS.has(node.type)) {
      const free = expandFreeName(node);
      if (free !== undefined) this.expandFree.add(free);
      // Interfaces of one name merge: one declaration that may hold an expand makes the name hold one.
      else if ('id' in node && node.id?.type === 'Identifier') this.mayExpand.add(node.id.name);
      for (const [key, type] of memberTypes(node))
        if (type === NO_EXPAND) this.expandFree.add(key);
        else this.memberTypes.push([key, type]);
      return;
    }
    if (node.type === 'AssignmentExpression') {
      // `=`, and `??=`, `||=`, `&&=`, which may give it too.
      const holder = /^(=|\?\?=|\|\|=|&&=)$/.test(node.operator) ? expandHolder(node.left) : undefined;
      if (holder) this.addTo(holder, [optionOf(node.right)]);
      return;
    }
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return;
    const callee = node.callee;
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return;
    const method = propertyName(callee);
    if (method === 'push' || method === 'unshift') {
      // `(params.expand ??= []).push(…)`: the list the assignment gives.
      const list = unwrapped(callee.object);
      const holder = expandHolder(list.type === 'AssignmentExpression' ? list.left : list);
      if (holder) this.addTo(holder, [itemsOption(node.arguments)]);
    } else if (method === 'assign' && callee.object.type === 'Identifier' && callee.object.name === 'Object') {
      // Object.assign(params, { expand: […] }).
      const [target, ...sources] = node.arguments;
      const inner =
        target && target.type !== 'SpreadElement' && target.type !== 'ArgumentPlaceholder'
          ? unwrapped(target)
          : undefined;
      const name = inner?.type === 'Identifier' ? inner.name : undefined;
      const option = name
        ? expandOptionOf(
            sources.filter((source) => source.type !== 'SpreadElement'),
            this,
          )
        : undefined;
      if (name && option) this.addTo(name, eachOf(option));
    }
  }

  /**
   * Adds to the option of the name where it is declared (a function's own, or one it is written in).
   */
  private addTo(name: string, added: readonly ExpandOption[]): void {
    const holder = this.holderOf(name, this.scope) ?? this.scope;
    this.own(name, asExpands([...eachOf(holder.names?.get(name) ?? undefined), ...added])!, holder);
    // A parameter's: what its caller passed may stay, even with `=`, which may stand behind a
    // condition the scan does not read (`if (!params.expand) params.expand = […]`).
    if (holder.params.some((p) => declares(p, name))) (holder.kept ??= new Set()).add(name);
  }

  /**
   * The option a call's arguments give; a name not declared yet is looked up again by settle(). For
   * a call of a stripe-node method, whose options are argument `optionsAt` (`any` when the method is
   * known only once its receiver is resolved: `subs.retrieve(id, q)`), that argument when it is a
   * parameter of the function around it, or spreads one, is kept: an expand the wrapper's callers
   * pass is not seen (uses.ts tells the options from the ids then).
   */
  of(args: readonly Node[], call: CallSite, optionsAt?: number | 'any'): void {
    let names: string[] | undefined;
    let parameters: Computed | undefined;
    let vias: ViaCall[] | undefined;
    // Only the argument the options take (after the ids), or a spread that may reach it: an id
    // parameter (`retrieve(id)`) is none, and most calls' arguments are ids.
    // `member`: the part of the parameter passed (`args.params`: params), null for a part deeper or unnamed.
    const isOptions = (index: number, rest = false): boolean =>
      optionsAt === 'any' || (optionsAt !== undefined && (rest ? index <= optionsAt : index === optionsAt));
    const parameter = (
      name: string,
      index: number,
      node: Node,
      rest = false,
      member?: string | null,
      sink?: Computed,
    ) => {
      const declared = isOptions(index, rest) && this.optionsParameter(name, member);
      if (declared !== false)
        (sink ?? (parameters ??= [])).push({
          whole: true,
          parameter: name,
          index,
          rest,
          line: lineOf(node),
          column: columnOf(node),
          ...(typeof declared === 'string' ? { type: declared } : {}),
          ...(member !== undefined ? { part: true as const } : {}),
        });
    };
    // A name passed: a parameter, or a copy of one (`const options = { ...params }`).
    const named = (name: string, index: number, node: Node, sink?: Computed): void => {
      parameter(name, index, node, false, undefined, sink);
      const copied = this.holderOf(name, this.scope)?.copies?.get(name);
      if (copied !== undefined) parameter(copied[0], index, node, false, copied[1], sink);
    };
    // `build(params)`, `{ ...normalize(data) }`: what each argument may hold, read once the file's functions are known.
    const throughCalls = (node: Node, index: number): void => {
      if (!isOptions(index)) return;
      // A parameter of the function around the call is whatever its caller hands over, not the file's function.
      for (const [callee, c] of callsIn(node, this.scope.self)) {
        if (this.isParameter(callee)) continue;
        const passed = c.arguments.map((a) => {
          const inner = unwrapped(a);
          const options = inner.type === 'Identifier' ? [] : optionsWritten(inner, this); // a name: `names`
          const found = { names: namesIn(inner), parameters: [] as Computed, options };
          for (const name of found.names) named(name, index, inner, found.parameters);
          // `normalize(data.params)`: a part of a parameter.
          for (const [from, part] of PASSED_PARTS.has(inner.type) ? copiedFrom(inner) : [])
            parameter(from, index, inner, false, part, found.parameters);
          return found;
        });
        (vias ??= []).push([callee, passed]);
      }
    };
    call.expand = expandOptionOf(args, this);
    if (call.expand) {
      // A default's expand (`params = { expand: […] }`) is the call's only when its caller passes none.
      if (optionsAt !== undefined)
        args.forEach((arg, index) => {
          const inner = unwrapped(arg);
          if (inner.type === 'Identifier' && this.holderOf(inner.name, this.scope)?.kept?.has(inner.name))
            parameter(inner.name, index, inner);
        });
      if (parameters) call.expand = asExpands([...eachOf(call.expand), { fields: [], computed: parameters }]);
      // `{ expand: […], ...withCustomer() }`: what the function returns too.
      args.forEach((arg, index) => void throughCalls(unwrapped(arg), index));
      if (vias) this.waiting.push([call, [], this.scope, undefined, vias]);
      return;
    }
    args.forEach((arg, index) => {
      const inner = unwrapped(arg);
      // A name, the most common, is taken as it is; only a condition or an object is looked into.
      if (inner.type === 'Identifier') {
        (names ??= []).push(inner.name);
        named(inner.name, index, inner);
      } else if (inner.type === 'ObjectExpression' || CONDITIONS.has(inner.type)) {
        const inside = namesIn(inner);
        (names ??= []).push(...inside);
        for (const name of inside) named(name, index, inner);
        // A part of a parameter through a condition or spread (`opts.params ?? {}`, `{ ...req.query }`,
        // `{ ...(await req.json()) }`); the names themselves are above.
        for (const [from, part] of copiedFrom(inner))
          if (part !== undefined) parameter(from, index, inner, false, part);
        throughCalls(inner, index);
      } else if (PASSED_PARTS.has(inner.type)) {
        // A part of a parameter (`opts.stripe`, `req.query`, `await req.json()`), or a copy made where
        // it is passed (`Object.assign({}, params)`, `structuredClone(params)`).
        for (const [from, part] of copiedFrom(inner)) parameter(from, index, inner, false, part);
        throughCalls(inner, index);
      } else if (inner.type === 'SpreadElement' && inner.argument.type === 'Identifier')
        parameter(inner.argument.name, index, inner, true);
    });
    if ((names && names.length > 0) || parameters || vias)
      this.waiting.push([call, names ?? [], this.scope, parameters, vias]);
  }

  /**
   * Once the file is walked: each waiting call given what the names declared below hold, or told the
   * name to look up in the file it is imported from; returns the exported names' options.
   */
  settle(exports: ReadonlyMap<string, Ref>, imports: ReadonlyMap<string, unknown>): ReadonlyMap<string, Expands> {
    for (const name of this.mayExpand) this.expandFree.delete(name);
    for (const [key, type] of this.memberTypes) if (this.expandFree.has(type)) this.expandFree.add(key);
    for (const [call, names, scope, parameters, vias] of this.waiting) {
      const held = (name: string) => this.holderOf(name, scope)?.names?.get(name) ?? undefined;
      call.expand ??=
        names.length === 1 ? held(names[0]!) : asExpands(names.flatMap((name) => [...eachOf(held(name))]));
      // Names imported are looked up in their home file (uses.ts), as are functions imported whose
      // result is passed (`retrieve(id, withCustomer())`); only those are kept, as most calls pass
      // none and a list for each would stay in memory till the scan ends.
      const imported = call.expand
        ? []
        : [...names, ...(vias ?? []).map(([callee]) => callee)].filter((name) => imports.has(name));
      if (imported.length > 0) call.optionsNames = imported;
      // A parameter typed with an interface or class of this file that holds no expand is none.
      const opened = parameters?.filter((c) => open(c, this.expandFree));
      if (!call.expand && opened?.length) call.expand = { fields: [], computed: opened };
      if (vias) call.expand = this.returns.expandOf(vias, call.expand, held, this.expandFree);
    }
    // Each function's scope names its parameters' nodes: let go of with the tree.
    this.waiting.length = 0;
    this.scope = this.file;
    const exported = new Map<string, Expands>();
    for (const [name, ref] of exports) {
      const option =
        ref.kind === 'name' ? (this.file.names?.get(ref.name) ?? this.returns.optionsOf(ref.name)) : undefined;
      if (option) exported.set(name, option);
    }
    return exported.size > 0 ? exported : NO_OPTIONS;
  }
}

/**
 * The name whose `expand` a node sets or adds to: `params` of `params.expand` (behind
 * TypeScript's wrappers: `params.expand!`), or undefined.
 */
export function expandHolder(node: Node): string | undefined {
  const inner = unwrapped(node);
  if (inner.type !== 'MemberExpression' && inner.type !== 'OptionalMemberExpression') return undefined;
  const object = unwrapped(inner.object);
  return propertyName(inner) === 'expand' && object.type === 'Identifier' ? object.name : undefined;
}
