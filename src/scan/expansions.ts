/**
 * `expand: ['customer', 'data.latest_invoice.payment_intent']`: each expanded object needs its own
 * permission. The path is walked over the objects stripe-node's types declare
 * (src/catalog/expandable.generated.ts), so only a field expandable where it stands is charged:
 * `items.data.price.product` on a subscription expands product; price is an object there already.
 * A field rak-app cannot place is reported, never dropped.
 */
import { EXPANDABLE, EXPANDABLE_IN, OLDER_FIELDS } from '../catalog/api.js';
import { methodForCall, OPTIONAL_ID } from '../catalog/endpoints.js';
import { CALL_RETURNS, OBJECTS } from '../catalog/expandable.generated.js';
import { eachOf } from './expand-option.js';
import {
  type At,
  type CallSite,
  type ExpandOption,
  type FileSummary,
  type Need,
  type NotUnderstood,
  need,
  notUnderstood,
} from './types.js';
import type { Lookup } from './literals.js';

/** How a field walks: expandable to objects, a list or array of something, a sub-object, or nothing more. */
type Walk =
  | { kind: 'expandable'; targets: string[] }
  /** `included`: returned only when asked for (a customer's subscriptions), its objects then read. */
  | { kind: 'list' | 'array'; inner: Walk; included?: true }
  | { kind: 'object'; target: string }
  | { kind: 'value' };

function decode(text: string): Walk {
  if (text === '-') return { kind: 'value' };
  if (text.startsWith('x:')) return { kind: 'expandable', targets: text.slice(2).split('|') };
  if (text.startsWith('o:')) return { kind: 'object', target: text.slice(2) };
  const included = text.startsWith('+');
  const list = included ? text.slice(1) : text;
  const walk: Walk = { kind: list.startsWith('l(') ? 'list' : 'array', inner: decode(list.slice(2, -1)) };
  if (included) walk.included = true;
  return walk;
}

const fieldCache = new Map<string, Map<string, Walk>>();
function fieldsOf(object: string): Map<string, Walk> {
  let fields = fieldCache.get(object);
  if (!fields) {
    fields = new Map();
    for (const entry of (OBJECTS[object] ?? '').split(';')) {
      const at = entry.indexOf('=');
      if (at > 0) fields.set(entry.slice(0, at), decode(entry.slice(at + 1)));
    }
    // An older API version's field is walked as that version shaped it (a line item's price was the
    // object itself): charged by its name alone, it would be an expansion it never was.
    for (const [name, text] of Object.entries(OLDER_FIELDS[object] ?? {}))
      if (!fields.has(name)) fields.set(name, decode(text));
    fieldCache.set(object, fields);
  }
  return fields;
}

/**
 * The permission that reads an object: that of the call retrieving it (`customers.retrieve`); null
 * when a call retrieves it but no app permission allows that call (`invoicePayments.retrieve`).
 */
let readers: Map<string, string | null> | undefined;
function readPermission(object: string): string | null | undefined {
  if (!readers) {
    readers = new Map();
    for (const [call, returned] of Object.entries(CALL_RETURNS)) {
      if (!call.endsWith('.retrieve') || readers.get(returned)) continue;
      readers.set(returned, methodForCall(call)?.permission ?? null);
    }
  }
  return readers.get(object);
}

type Element = Exclude<Walk, { kind: 'list' | 'array' }>;
function elementOf(walk: Walk): Element {
  switch (walk.kind) {
    case 'list':
    case 'array':
      return elementOf(walk.inner);
    default:
      return walk;
  }
}

type Found = { needs: Need[]; notUnderstood: NotUnderstood[] };

/** One expand path on a call whose returned object is known. */
function walkPath(
  file: string,
  at: At,
  what: string,
  resource: string,
  path: string,
  returned: string,
  found: Found,
): void {
  const segments = path.split('.');
  let i = 0;
  if (returned.startsWith('[]')) {
    // A list's objects are expanded by `data.<field>`.
    if (segments[0] !== 'data') {
      found.notUnderstood.push(
        notUnderstood(file, at, `${what} expanding ${path}`, 'a list call expands its objects by "data.<field>"'),
      );
      return;
    }
    i = 1;
  }
  let objects = [returned.replace(/^\[\]/, '')];
  for (; i < segments.length; i++) {
    const segment = segments[i]!;
    const holder = objects.find((o) => fieldsOf(o).has(segment));
    const field = holder ? fieldsOf(holder).get(segment) : undefined;
    if (!field) {
      // Not in the installed stripe's types: a field of an older API version (an invoice's
      // payment_intent) is still read by name; anything else is reported.
      const rest = segments.slice(i).join('.');
      if (EXPANDABLE_IN[resource]?.[segment] ?? EXPANDABLE[segment]) byName(file, at, what, resource, rest, found);
      else
        found.notUnderstood.push(
          notUnderstood(
            file,
            at,
            `${what} expanding ${path}`,
            `"${segment}" is no expandable field of ${objects.map((o) => o.replace(/^.*[:.]/, '')).join(' or ')} that rak-app knows`,
          ),
        );
      return;
    }
    // A list's or an array's objects: `lines.data.price` walks into each line.
    const walk = elementOf(field);
    if (field.kind === 'list' && segments[i + 1] === 'data') i++;
    // `expand: ['subscriptions']` on a customer: the list is returned, its objects read with it
    // (a charge's refunds are read as the charge is: nothing more; an invoice's payments, which no
    // app permission is documented to read, are reported).
    const reader =
      (field.kind === 'list' || field.kind === 'array') && field.included && walk.kind === 'object'
        ? readPermission(walk.target)
        : undefined;
    if (reader && reader !== readPermission(holder!))
      found.needs.push(need(file, at, `${what} expanding ${segment}`, [reader]));
    else if (reader === null)
      found.notUnderstood.push(notUnderstood(file, at, `${what} expanding ${path}`, unknownReader(segment)));
    if (walk.kind === 'value') return;
    if (walk.kind === 'object') {
      objects = [walk.target];
      continue;
    }
    const special = i === 0 || (i === 1 && returned.startsWith('[]')) ? EXPANDABLE_IN[resource]?.[segment] : undefined;
    const anyOf = special
      ? [special]
      : [...new Set(walk.targets.map((t) => readPermission(t) ?? EXPANDABLE[segment]).filter((p) => p != null))];
    if (anyOf.length > 0) found.needs.push(need(file, at, `${what} expanding ${segment}`, anyOf));
    else found.notUnderstood.push(notUnderstood(file, at, `${what} expanding ${path}`, unknownReader(segment)));
    objects = walk.targets;
  }
}

const unknownReader = (segment: string) => `which permission reads an expanded "${segment}" is not known to rak-app`;

/** Segments that walk into a list or a sub-object rather than name an expandable field. */
const TRAVERSED = new Set(['data', 'items', 'lines', 'line_items', 'sources']);

/** A call whose returned object rak-app does not know: each segment by name, the way it was read before the types. */
function byName(file: string, at: At, what: string, resource: string, path: string, found: Found): void {
  const segments = path.split('.');
  segments.forEach((segment, i) => {
    const permission = EXPANDABLE_IN[resource]?.[segment] ?? EXPANDABLE[segment];
    if (permission) found.needs.push(need(file, at, `${what} expanding ${segment}`, [permission]));
    else if (i === segments.length - 1 && !TRAVERSED.has(segment))
      found.notUnderstood.push(notUnderstood(file, at, `${what} expanding ${path}`, unknownReader(segment)));
  });
}

/** What the expansions of one call need, added to `found`. */
export function expansionNeeds(
  file: string,
  option: ExpandOption,
  what: string,
  resource: string,
  method: string,
  found: Found,
  /** Where the call takes its options, when not where the method does (a raw request's params). */
  optionsAt?: number,
): void {
  const told = new Set<string>();
  // billing.meterEvents.create(params): what it returns has no field an expand could name.
  const returns = CALL_RETURNS[`${resource}.${method}`];
  const object = returns?.replace('[]', '');
  const expandsNothing =
    object !== undefined &&
    !/=[^-]/.test(OBJECTS[object] ?? '') &&
    EXPANDABLE_IN[resource] === undefined &&
    OLDER_FIELDS[object] === undefined;
  for (const c of option.computed) {
    if (expandsNothing && c.parameter !== undefined) continue;
    // A parameter is the options only where the method takes that many ids first (`retrieve(id, params)`).
    const atOptions =
      optionsAt === undefined
        ? isOptionsArgument(resource, method, c.index!, c.rest === true, c.part ? undefined : c.parameter)
        : c.rest
          ? c.index! <= optionsAt
          : c.index === optionsAt;
    if (c.parameter !== undefined && !atOptions) continue;
    // Several names taken from one parameter (`const { a, b } = req.body`) are told once there.
    const key = `${c.line}:${c.column}:${c.parameter}`;
    if (told.has(key)) continue;
    told.add(key);
    found.notUnderstood.push(
      notUnderstood(
        file,
        c,
        `${what}({ expand })`,
        c.parameter !== undefined
          ? `its options come from ${c.parameter}, a parameter: an expand passed in them is not seen`
          : c.whole
            ? 'the expand list is not written out'
            : 'an expanded field is computed',
      ),
    );
  }
  const returned = CALL_RETURNS[`${resource}.${method}`];
  for (const field of option.fields) {
    if (returned) walkPath(file, field, what, resource, field.value, returned, found);
    else byName(file, field, what, resource, field.value, found);
  }
}

/** Whether argument `index` of a call of `resource.method` is its options: after the ids its path takes. */
function isOptionsArgument(resource: string, method: string, index: number, rest: boolean, name?: string): boolean {
  const known = methodForCall(`${resource}.${method}`);
  // A call no permission covers is reported as such already.
  if (!known?.permission) return false;
  const ids = known.path.split('{').length - 1;
  // `accounts.retrieve(params)`: the id left out, the options first. A parameter named as an id or an
  // account (`accountId`, `stripeAccount`), or a part of one (`event.account`), is the id.
  if (OPTIONAL_ID.has(known.call) && index < ids && name !== undefined && !/(id|account)$/i.test(name)) return true;
  return rest ? index <= ids : index === ids;
}

/**
 * One options object named by two calls (`const base = { expand: […] }`) places each expansion at
 * its declaration: charged once for each call the same, not once a call (identical findings).
 */
const charged = new WeakMap<ExpandOption, Set<string>>();
export function firstCharge(option: ExpandOption, by: string): boolean {
  const seen = charged.get(option);
  if (!seen) {
    charged.set(option, new Set([by]));
    return true;
  }
  if (seen.has(by)) return false;
  seen.add(by);
  return true;
}

/**
 * A call's expand option: where the call writes it, or in the file its options object is imported
 * from. Each name passed may be imported (`full ? DETAILED : BRIEF`): every one's option is charged.
 */
export function expansionsOf(
  values: Pick<Lookup, 'importedFile'>,
  file: FileSummary,
  call: CallSite,
): readonly Expansion[] {
  if (call.expand)
    return eachOf(call.expand).map((option) => ({ option: withoutTyped(values, file, option), file: file.path }));
  if (call.optionsNames === undefined) return NO_EXPANSIONS;
  return call.optionsNames.flatMap((name) => {
    const imported = file.imports.get(name);
    const home = imported && values.importedFile(file, imported.specifier);
    return home ? eachOf(home.expandExports.get(imported.imported)).map((option) => ({ option, file: home.path })) : [];
  });
}

/**
 * An option without the parameters typed with an interface or class that holds no `expand`, imported
 * from a file the scan read (`dto: CreateCustomerDto` from `./dto`): they are no options.
 */
function withoutTyped(values: Pick<Lookup, 'importedFile'>, file: FileSummary, option: ExpandOption): ExpandOption {
  if (!option.computed.some((c) => c.type !== undefined)) return option;
  const computed = option.computed.filter((c) => {
    // `CreatePaymentIntentArgs.intentParams`: the type imported, and its member.
    const [type = '', ...member] = c.type === undefined ? [] : c.type.split('.');
    const imported = file.imports.get(type);
    const home = imported && values.importedFile(file, imported.specifier);
    return !(home && imported && home.expandFree.has([imported.imported, ...member].join('.')));
  });
  return computed.length === option.computed.length ? option : { ...option, computed };
}

// Most calls expand nothing: they share one empty list.
const NO_EXPANSIONS: readonly Expansion[] = Object.freeze([]);

/** An expand option, and the file that writes it (where its expansions are placed). */
export interface Expansion {
  option: ExpandOption;
  file: string;
}
