/**
 * What a TypeScript type annotation says of Stripe: a client (`Stripe`, `Stripe.Stripe`, a type
 * parameter constrained to it) or one of its resources (`Stripe.CustomersResource`).
 */
import type { Node } from '@babel/types';
import { RESOURCE_TYPES } from '../catalog/expandable.generated.js';
import { intern } from './intern.js';
import { isStripeModule } from './module-graph.js';
import type { Ref } from './types.js';

const WRAPPING_TYPES = new Set(['Pick', 'Omit', 'Partial', 'Required', 'Readonly', 'NonNullable']);

/** Stripe's type: what a name typed `Stripe` (or a type parameter constrained to it) is given. */
export const STRIPE_TYPE: Ref = { kind: 'type', name: 'Stripe' };
const NO_NAMES: ReadonlyMap<string, boolean> = new Map();

/**
 * A function's or a class's type parameters, each with whether it is constrained to Stripe's type:
 * `T` of `<T extends Stripe>` is, `T` of `<T extends Repo>` is not (and hides an outer `T` that is).
 */
export function stripeTypeParameters(node: Node): ReadonlyMap<string, boolean> {
  const declared: Node | null | undefined = 'typeParameters' in node ? node.typeParameters : undefined;
  if (declared?.type !== 'TSTypeParameterDeclaration') return NO_NAMES;
  return new Map(declared.params.map((p) => [p.name, typeNames(p.constraint).includes('Stripe')]));
}

/**
 * A resource of a client by its type's names: `Checkout.SessionResource` (of `Stripe.…`) is the
 * client's `checkout.sessions`, as the installed stripe package declares it; an older one's name
 * (`CustomersResource`) is read as the path it spells.
 */
export function resourceOfType(names: readonly string[]): Ref {
  const declared = RESOURCE_TYPES[names.join('.')]?.split('.');
  const path =
    declared ??
    names.map((name, i) => {
      const bare = i === names.length - 1 ? name.replace(/Resource$/, '') : name;
      return bare.charAt(0).toLowerCase() + bare.slice(1);
    });
  let ref: Ref = STRIPE_TYPE;
  for (const name of path) ref = { kind: 'member', object: ref, name: intern(name) };
  return ref;
}

/**
 * A type annotation naming one of a client's resources: `Stripe.CustomersResource`,
 * `Stripe.Checkout.SessionsResource`, `Stripe['products']`, either side of `… | undefined`.
 */
export function resourceType(node: Node | null | undefined): Ref | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'TSTypeAnnotation':
    case 'TSParenthesizedType':
      return resourceType(node.typeAnnotation);
    case 'TSUnionType':
      return node.types.map(resourceType).find((ref) => ref !== undefined);
    case 'TSIndexedAccessType': {
      const { objectType: object, indexType: index } = node;
      const onStripe = object.type === 'TSTypeReference' && typeNames(object).includes('Stripe');
      return onStripe && index.type === 'TSLiteralType' && index.literal.type === 'StringLiteral'
        ? { kind: 'member', object: STRIPE_TYPE, name: intern(index.literal.value) }
        : undefined;
    }
    case 'TSTypeReference': {
      const [first, ...names] = qualifiedNames(node.typeName);
      return first === 'Stripe' && names.at(-1)?.endsWith('Resource') ? resourceOfType(names) : undefined;
    }
    default:
      return undefined;
  }
}

/** The names of a qualified type or `typeof` name, from its first: `Stripe.Checkout.SessionResource`, `vi.fn`. */
export function qualifiedNames(name: Node): string[] {
  if (name.type === 'Identifier') return [name.name];
  return name.type === 'TSQualifiedName' ? [...qualifiedNames(name.left), name.right.name] : [];
}

/** A type annotation's Stripe-ish names: `Stripe`, `Stripe.Stripe`, either side of `Stripe | null`. */
export function typeNames(node: Node | null | undefined): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'TSTypeAnnotation':
      return typeNames(node.typeAnnotation);
    case 'TSUnionType':
      return node.types.flatMap(typeNames);
    case 'TSParenthesizedType':
      return typeNames(node.typeAnnotation);
    case 'TSTypeReference':
      // Pick<Stripe, 'paymentIntents'>, Readonly<Stripe>: still the client, or part of it.
      if (node.typeName.type === 'Identifier' && WRAPPING_TYPES.has(node.typeName.name))
        return typeNames(node.typeParameters?.params[0]);
      if (node.typeName.type === 'Identifier') return [node.typeName.name];
      // Stripe.Stripe is the client; Stripe.Event and the like are not.
      if (
        node.typeName.type === 'TSQualifiedName' &&
        node.typeName.left.type === 'Identifier' &&
        node.typeName.right.name === 'Stripe'
      )
        return [node.typeName.left.name];
      // `Prisma.TransactionClient`: a member of a namespace, as written (namespaceOf reads its root).
      if (node.typeName.type === 'TSQualifiedName' && node.typeName.left.type === 'Identifier')
        return [`${node.typeName.left.name}.${node.typeName.right.name}`];
      return [];
    default:
      return [];
  }
}

/**
 * The namespace a type is a member of (`Prisma` of `Prisma.TransactionClient`), when the file imports
 * it from another package than stripe: the type is then that package's; else '' (`Stripe.Event`, no
 * client). A name without a dot is itself.
 */
export function namespaceOf(name: string, imports: ReadonlyMap<string, { specifier: string }>): string {
  const dot = name.indexOf('.');
  if (dot < 0) return name;
  const root = name.slice(0, dot);
  const specifier = imports.get(root)?.specifier;
  // Stripe's namespace may come through a module of the project's (`import { Stripe } from '@/lib/stripe'`).
  return specifier !== undefined && !isStripeModule(specifier) && !/stripe/i.test(`${root} ${specifier}`) ? root : '';
}

const OWN_TYPE_DECLARATIONS = new Set([
  'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration',
  'TSEnumDeclaration',
  'ClassDeclaration',
]);

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * A file's keys typed `Stripe` (`stripeClient: Stripe`), which make members of those names clients in
 * every file; none where `Stripe` there is another's than stripe-node's client (othersStripe).
 */
export const stripeTypedKeys = (
  keys: ReadonlySet<string>,
  body: readonly Node[],
  imports: ReadonlyMap<string, { specifier: string }>,
): ReadonlySet<string> => (keys.size > 0 && !othersStripe(body, imports) ? keys : NO_KEYS);

/**
 * Whether `Stripe` in a file's types is another's than stripe-node's client: declared in the file
 * (a generated SDK's `export type Stripe = { … }`), or imported from one of Stripe's other packages
 * (`@stripe/stripe-js`'s browser client).
 */
function othersStripe(body: readonly Node[], imports: ReadonlyMap<string, { specifier: string }>): boolean {
  if (imports.get('Stripe')?.specifier.startsWith('@stripe/')) return true;
  // `type Stripe = import('stripe').Stripe`, `class Stripe extends StripeNode`: stripe-node's still.
  const fromStripe = (node: Node | null | undefined): boolean => {
    if (!node) return false;
    if (node.type === 'TSImportType') return isStripeModule(node.argument.value);
    const root =
      node.type === 'TSTypeReference'
        ? qualifiedNames(node.typeName)[0]
        : node.type === 'TSQualifiedName'
          ? qualifiedNames(node)[0]
          : rootName(node);
    const specifier = root === undefined ? undefined : imports.get(root)?.specifier;
    return specifier !== undefined && isStripeModule(specifier);
  };
  return body.some((statement) => {
    const declared =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (
      declared == null ||
      !OWN_TYPE_DECLARATIONS.has(declared.type) ||
      !('id' in declared) ||
      declared.id?.type !== 'Identifier' ||
      declared.id.name !== 'Stripe'
    )
      return false;
    if (declared.type === 'TSTypeAliasDeclaration') return !fromStripe(declared.typeAnnotation);
    if (declared.type === 'ClassDeclaration') return declared.declare === true || !fromStripe(declared.superClass);
    if (declared.type === 'TSInterfaceDeclaration')
      return !(declared.extends ?? []).some((h) => fromStripe(h.expression));
    return true;
  });
}

/** The name a member chain starts from: `Stripe` of `Stripe.Stripe`; undefined for anything else. */
function rootName(node: Node): string | undefined {
  let at = node;
  while (at.type === 'MemberExpression') at = at.object;
  return at.type === 'Identifier' ? at.name : undefined;
}
