/**
 * Receivers the scan cannot tie to a client: whether another package gives them (then a call through
 * one is left alone), and why one named as a client is reported.
 */
import { isBuiltin } from 'node:module';
import { namedAsClient, namedResourceAt } from './calls.js';
import { literalOf, propertyOf } from './literals.js';
import { chainKey, chainNames, chainRefs, chainText, heldByKey, LISTED, requiredFrom, rootOf } from './refs.js';
import { type CallSite, type FileSummary, notUnderstood, type Ref, type ScanResult } from './types.js';
import { isStripeModule, PACKAGE_NAME, registryPackage } from './module-graph.js';
import type { Values } from './values.js';

/**
 * Whether a receiver is declared only with types another package gives:
 * `private readonly customers: Repository<Customer>` (TypeORM) is no Stripe client, however its
 * methods are named. A type from a module named for Stripe, or from a file the scan read, is not
 * taken as proof. Its other values did not make it a client, or this call would not be asked about.
 */
export function typedAsOther(values: Values, file: FileSummary, receiver: Ref): boolean {
  const key = chainKey(receiver);
  return key !== undefined && othersKey(values, file, key);
}

/**
 * A name or member (`this@Billing.client`) typed or made only by another package's class, and not
 * named as a Stripe client: `stripe: BillingClient` from a package the scan cannot read may be a
 * wrapper's Stripe client, so what is called through it is reported.
 */
export const othersKey = (values: Values, file: FileSummary, key: string): boolean =>
  !namedAsClient(key.slice(key.lastIndexOf('.') + 1)) && values.typedFromPackage(file, key);

/**
 * Of a resource on a receiver the scan cannot tie to a client, held by something named as one
 * (`ctx.stripe.customers`): why it is reported, naming the holder; undefined for any other chain,
 * or one whose holder another package types.
 */
export function namedHolder(values: Values, file: FileSummary, resource: Ref): string | undefined {
  const k = namedResourceAt(chainNames(resource));
  if (k < 1) return undefined;
  const holder = chainRefs(resource)[k - 1]!;
  // `const stripe = { customers: [] }`: an object written out, no client, unless what it holds
  // there may be a resource (`{ customers: client.customers }`).
  const literal = literalOf(values, file, holder);
  const held = literal && propertyOf(literal[1], chainNames(resource)[k]!);
  // A key not written in an object with a spread may be anything the spread gives.
  if (
    literal &&
    (held ? !(held.kind === 'member' || held.kind === 'name' || held.kind === 'call') : !literal[1].partial)
  )
    return undefined;
  const key = chainKey(holder);
  if (key !== undefined && values.typedFromPackage(file, key)) return undefined;
  return `${chainText(holder)} is not a Stripe client rak-app can see being created or typed here`;
}

/**
 * Whether a chain starts at a name imported, from outside the files scanned, from a module named for
 * Stripe (`customers` in `import { customers } from '@acme/stripe-client'; customers.list()`), or
 * from a package that depends on stripe or may (`export const { customers } = stripe` in it). One
 * imported from a scanned file is what that file makes it; one from an ORM is the ORM's.
 */
export function bareImport(values: Values, file: FileSummary, callee: Ref): boolean {
  let root = callee;
  while (root.kind === 'member') root = root.object;
  if (root.kind !== 'name') return false;
  const imported = file.imports.get(root.name);
  if (imported === undefined || importsScannedFile(values, file, root.name)) return false;
  return /stripe/i.test(imported.specifier) || bareImportPackage(values, file, root.name) !== undefined;
}

/**
 * The package a name imported by the chain's first name comes from, when that package depends on
 * stripe (`dependsOnStripe`) or may (not installed, stripe among its devDependencies only), as
 * stripePackageOf says of a name made by one.
 */
export function bareImportPackage(
  values: Values,
  file: FileSummary,
  name: string,
): { specifier: string; dependsOnStripe: boolean } | undefined {
  const specifier = file.imports.get(name)?.specifier;
  if (specifier === undefined || !PACKAGE_NAME.test(specifier) || isStripeModule(specifier) || isBuiltin(specifier))
    return undefined;
  const depends = values.dependsOnStripe(file.path, specifier);
  return depends === true || depends === undefined ? { specifier, dependsOnStripe: depends === true } : undefined;
}

/**
 * The package a name is made or typed by, when that package depends on stripe (`new PaymentsClient()`
 * from `@acme/billing`) or may (not installed here, or stripe among its devDependencies only), and
 * is not among the files scanned: the reason to scan it too, or to install it first.
 */
export function stripePackageOf(
  values: Values,
  file: FileSummary,
  key: string,
): { specifier: string; dependsOnStripe: boolean } | undefined {
  let unknown: { specifier: string; dependsOnStripe: boolean } | undefined;
  for (const ref of file.bindings.get(key) ?? []) {
    const name =
      ref.kind === 'type' ? ref.name : ref.kind === 'call' && ref.callee.kind === 'name' ? ref.callee.name : '';
    const found = importsScannedFile(values, file, name) ? undefined : bareImportPackage(values, file, name);
    if (found?.dependsOnStripe) return found;
    unknown ??= found;
  }
  return unknown;
}

/**
 * Where a chain's root name is imported, required, or destructured from a require or an import()
 * (`const { getStripe } = require(…)`), when that module is not among the files scanned nor
 * Node's own: its specifier, and the name it is exported under there when known.
 */
export function unreadSource(
  values: Values,
  file: FileSummary,
  chain: Ref,
): { specifier: string; imported?: string } | undefined {
  let root = chain;
  while (root.kind === 'member') root = root.object;
  if (root.kind !== 'name') return undefined;
  const [bound, ...more] = file.bindings.get(root.name) ?? [];
  const loaded = bound?.kind === 'member' ? bound.object : bound;
  const imported = file.imports.get(root.name);
  const source =
    imported ??
    (loaded?.kind === 'require' && !more.length
      ? { specifier: loaded.specifier, imported: bound?.kind === 'member' ? bound.name : undefined }
      : undefined);
  if (!source || isBuiltin(source.specifier) || values.importedFile(file, source.specifier)) return undefined;
  return source.imported === undefined ? { specifier: source.specifier } : source;
}

/**
 * Of a client's name or a call of a function named for one (`syncAll(stripe)`, `syncAll(getStripe())`,
 * `syncAll(lib.stripeClient())`; `const client = getStripe()` first too), from a module the scan
 * did not read that may be the project's own or Stripe's (a path, a URL, or an alias it could not
 * resolve: no configuration, a file missing or skipped; or a package named for Stripe, not one of
 * Stripe's for the browser such as `@stripe/stripe-js`): why it is reported, naming where.
 * Undefined for any other: other names (`ok(createStripeRefundId(id))`, `dehydrate(getQueryClient())`)
 * handed on from such a module would be reported wherever an alias is not configured.
 */
export function unreadMaker(values: Values, file: FileSummary, made: Ref): string | undefined {
  // `const client = getStripe(); syncAll(client)`: what the name is given, when that is all it is given.
  const [only, ...others] =
    made.kind === 'name' && !file.imports.has(made.name) ? (file.bindings.get(made.name) ?? []) : [];
  if (only && others.length === 0 && (only.kind === 'call' || only.kind === 'member')) made = only;
  // `listAll(getStripe().customers)`: what the call makes, a resource of it handed on.
  let base = made;
  while (base.kind === 'member') base = base.object;
  const callee = base.kind === 'call' && !base.isNew ? base.callee : made;
  if (callee.kind !== 'name' && callee.kind !== 'member') return undefined;
  const source = unreadSource(values, file, callee);
  if (!source || isStripeModule(source.specifier)) return undefined;
  const name = registryPackage(source.specifier) ?? source.specifier;
  const stripeModule = /stripe/i.test(name);
  if (name.startsWith('@stripe/') || (PACKAGE_NAME.test(name) && !stripeModule)) return undefined;
  // A module named for Stripe may call its maker `createClient`.
  const names = [callee.name, ...(callee.kind === 'name' && source.imported ? [source.imported] : [])];
  if (!names.some((n) => STRIPE_CLIENT_NAME.test(n) || (stripeModule && /client$/i.test(n)))) return undefined;
  let root: Ref = callee;
  while (root.kind === 'member') root = root.object;
  return `${root.kind === 'name' ? root.name : callee.name} comes from '${source.specifier}', which this scan did not read`;
}

/**
 * A name for a Stripe client, or for a function that makes one: `stripe`, `getStripe`,
 * `stripeClient`, `getStripeInstance`, `stripeForAccount`, `stripe_client`, `get_stripe`,
 * `platform_stripe`; not `createStripeRefundId`, nor a flag (`use_stripe`, `enable_stripe`), nor a
 * constant (`STRIPE_CLIENT` is as often a dependency injection token).
 */
const STRIPE_CLIENT_NAME =
  /(^s|S)tripe(Client|Instance|Api|API|Sdk|SDK)?$|^(get|create|make|init|new)?(s|S)tripe(Client)?(For|With)[A-Z]|^(?!(use|enable|disable|is|has|show|hide|allow|should|can|no|skip|toggle)_)(\w*_)?stripe(_(client|instance|api|sdk))?$/;

/**
 * Of an object named before the call (`const options = { stripeClient }`) handed to a function or
 * class of a module the scan does not read (`stripe(options)`): why it is reported, naming the key
 * a client is held under. Handed to the project's own, what is read from it is reported there.
 */
export function heldClient(values: Values, file: FileSummary, ref: Ref, callee: Ref): string | undefined {
  if (ref.kind !== 'name' || unreadSource(values, file, callee) === undefined) return undefined;
  // Each object the name is given: names are kept by file, and another function's `options` (or a
  // type, `options: PluginOptions`) is given to the same name.
  const given = file.imports.has(ref.name) ? [ref] : (file.bindings.get(ref.name) ?? []);
  for (const value of given) {
    const literal = literalOf(values, file, value);
    const held = literal && heldByKey(literal[1])?.find(([, v]) => values.of(literal[0], v)?.kind === 'client');
    if (held) return `${ref.name} holds a client under ${held[0]}`;
  }
  return undefined;
}

/** Whether a name is imported from a file this scan read (then what it is, is known there). */
function importsScannedFile(values: Values, file: FileSummary, local: string): boolean {
  const imported = file.imports.get(local);
  return imported !== undefined && values.importedFile(file, imported.specifier) !== undefined;
}

/**
 * `seen.add(stripe)`, `seen.has(stripe)`: a Set or WeakSet made here, and not exported, keeps it and
 * gives nothing back but whether it holds it. Not a Map, whose `get` hands the client on again.
 */
const KEEPERS = new Set(['Set', 'WeakSet']);
export const keptIn = (file: FileSummary, callee: Ref): boolean =>
  callee.kind === 'member' &&
  callee.object.kind === 'name' &&
  file.bindings.has(callee.object.name) &&
  !file.exports.has(callee.object.name) &&
  file.bindings
    .get(callee.object.name)!
    .every(
      (ref) => ref.kind === 'call' && ref.isNew === true && ref.callee.kind === 'name' && KEEPERS.has(ref.callee.name),
    );

/** A Stripe key by its name (`stripeSecretKey`, `stripe_api_key`, `stripeKey`), not a publishable one. */
const STRIPE_KEY = /^stripe(?!\w*(?:publishable|public|idempotency|lookup|cache))\w*key$/i;

/**
 * A schema's field, not a value: a type (`String`, `Schema.Types.String`, `DataTypes.STRING`,
 * `S.String`), a type built by calls (`z.string()`, `t.String({ minLength: 1 })`, `Joi.string()`),
 * or by a validation package's calls (`z.optional(z.string())`, `Type.Optional(…)`, `v.pipe(…)`). A
 * value read or parsed by a call is a key: `config.get('stripe.secret')`, `getenv.string('KEY')`
 * (an environment's or a config's package), `z.string().parse(env.KEY)`, `parse(string(), env.KEY)`,
 * `Redacted.value(secret)`.
 */
const TYPE_NAMES = new Set(['String', 'Number', 'Boolean', 'Object']);
const SCHEMA_PACKAGES =
  /^(?:zod(?:\/.*)?|joi|@hapi\/joi|yup|valibot|superstruct|io-ts|arktype|runtypes|@sinclair\/typebox|typebox|@effect\/schema|effect)$/;
const READERS = /(?:env|config|secret|vault|convict)/i;
const READS =
  /^(?:parse|parseAsync|safeParse|safeParseAsync|validate|validateSync|validateAsync|cast|create|check|decode\w*|assert|attempt|value|get\w*|unwrap|read\w*|load\w*|require)$/;
function typeOfField(file: FileSummary, value: Ref): boolean {
  if (value.kind === 'name') return TYPE_NAMES.has(value.name);
  let typed = false;
  let ref: Ref = value;
  while (ref.kind === 'call' || ref.kind === 'member') {
    if (ref.kind === 'member') {
      if (/^string$/i.test(ref.name)) typed = true;
      ref = ref.object;
      continue;
    }
    const callee = ref.callee;
    // A call that reads or parses a value gives the value, whatever built its schema.
    if ((callee.kind === 'member' || callee.kind === 'name') && READS.test(callee.name)) return false;
    ref = callee;
  }
  const specifier =
    ref.kind === 'name'
      ? (file.imports.get(ref.name)?.specifier ?? requiredFrom(file.bindings.get(ref.name)))
      : undefined;
  if (specifier !== undefined && READERS.test(specifier)) return false;
  return typed || (specifier !== undefined && SCHEMA_PACKAGES.test(specifier));
}

/**
 * `new StripeSync({ stripeSecretKey: env.STRIPE_SECRET_KEY })`: a Stripe key's value handed to a
 * package the scan does not read, not Stripe's own class: it calls Stripe with it out of sight.
 * Not an environment's schema or mapping (`STRIPE_API_KEY: z.string()`, `STRIPE_API_KEY:
 * env.STRIPE_API_KEY`), nor a function the scan reads. Reported; true when it was.
 */
export function keyHandedOn(
  values: Values,
  file: FileSummary,
  call: CallSite,
  [key, value]: [string, Ref],
  result: ScanResult,
): boolean {
  // Given to a class made here (an SDK's client), not a function (a schema, a row, a log's context).
  if (!call.isNew || !STRIPE_KEY.test(key) || /^[A-Z0-9_]+$/.test(key) || typeOfField(file, value)) return false;
  const source = unreadSource(values, file, call.callee);
  if (!source || isStripeModule(source.specifier) || values.of(file, call.callee)?.kind === 'stripe-class')
    return false;
  const to = call.callee.kind === 'name' || call.callee.kind === 'member' ? chainText(call.callee) : 'a function';
  const why =
    'what is called on Stripe with it there cannot be followed from here: scan that code too, or list its calls';
  result.notUnderstood.push(notUnderstood(file.path, call, `a Stripe key passed to ${to} (new) as ${key}`, why));
  return true;
}

/**
 * A value read by its key from a holder of the project's (`ctx.stripe`, `req.stripe`), or a name
 * taken from one (`({ stripe }) => …`): not a package's value (`DiscountProvider.stripe`, an
 * enum's member), nor a name given something else too (`provider ?? DiscountProvider.stripe`).
 */
export function readByKey(file: FileSummary, ref: Ref, key?: string): boolean {
  if (key === LISTED) return false; // kept in a list, not under a key
  if (ref.kind === 'member') return !file.imports.has(rootOf(ref) ?? '');
  const given = ref.kind === 'name' ? file.bindings.get(ref.name) : undefined;
  return given !== undefined && given.length > 0 && given.every((r) => r.kind === 'member' && readByKey(file, r));
}
