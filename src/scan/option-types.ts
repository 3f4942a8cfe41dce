/**
 * What a parameter's declared type says of an `expand` in it: a type that can hold none (`input:
 * NewCustomer`, a NestJS DTO class, `Pick<Stripe.CustomerUpdateParams, 'name'>`) makes the parameter
 * no options a caller could expand through.
 */
import type { Node } from '@babel/types';

/** Declarations whose names a parameter may be typed with: walked for expandFreeName. */
export const TYPE_DECLARATIONS = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'ClassDeclaration']);

/** Types of a value that is no object: no options. */
const SCALAR = new Set([
  'TSStringKeyword',
  'TSNumberKeyword',
  'TSBooleanKeyword',
  'TSUndefinedKeyword',
  'TSNullKeyword',
  'TSLiteralType',
]);

/** The parameter's type holds no `expand`. */
export const NO_EXPAND = '';

/** Whether members hold an `expand` or may (an index signature, `[key: string]: unknown`). */
function mayHoldExpand(members: readonly Node[]): boolean {
  return members.some((member) => {
    if (member.type === 'TSIndexSignature') return true;
    if (
      member.type !== 'TSPropertySignature' &&
      member.type !== 'ClassProperty' &&
      member.type !== 'ClassAccessorProperty' &&
      member.type !== 'TSMethodSignature'
    )
      return false;
    const key = member.key;
    return (
      member.computed ||
      (key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : '') === 'expand'
    );
  });
}

/** The string literals a type names (`'name' | 'email'`), or undefined if it is anything else. */
function literalKeys(type: Node | undefined): string[] | undefined {
  if (type?.type === 'TSLiteralType' && type.literal.type === 'StringLiteral') return [type.literal.value];
  if (type?.type !== 'TSUnionType') return undefined;
  const keys = type.types.map(literalKeys);
  return keys.every((k) => k !== undefined) ? keys.flat() : undefined;
}

/**
 * What a type annotation says of an `expand` in the value: NO_EXPAND when it can hold none (an
 * object type without one, `Pick<T, 'name'>`, `Omit<T, 'expand'>`); the name of a type declared by
 * name, to look up (expandFreeName, here or in the file it is imported from); undefined when it may
 * (`Stripe.CustomerCreateParams`, `any`, a union).
 */
export function declaredExpand(type: Node | undefined): string | undefined {
  if (type?.type === 'TSTypeLiteral') return mayHoldExpand(type.members) ? undefined : NO_EXPAND;
  // `accountId: string`, `string | undefined`: an id, no options.
  if (type && SCALAR.has(type.type)) return NO_EXPAND;
  if (type?.type === 'TSUnionType' && type.types.every((t) => SCALAR.has(t.type))) return NO_EXPAND;
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
  const name = type.typeName.name;
  const [inner, keys] = type.typeParameters?.params ?? [];
  if (name === 'Pick') return literalKeys(keys)?.includes('expand') === false ? NO_EXPAND : undefined;
  if (name === 'Omit') return literalKeys(keys)?.includes('expand') ? NO_EXPAND : declaredExpand(inner);
  if (name === 'Partial' || name === 'Readonly' || name === 'Required') return declaredExpand(inner);
  return type.typeParameters ? undefined : name;
}

/** A member's type annotation, among an object type's or a class's members. */
function memberType(members: readonly Node[], name: string): Node | undefined {
  for (const m of members) {
    if (m.type !== 'TSPropertySignature' && m.type !== 'ClassProperty') continue;
    const key = m.key.type === 'Identifier' ? m.key.name : m.key.type === 'StringLiteral' ? m.key.value : '';
    if (!m.computed && key === name)
      return m.typeAnnotation?.type === 'TSTypeAnnotation' ? m.typeAnnotation.typeAnnotation : undefined;
  }
  return undefined;
}

/**
 * What the type of `type`'s member `member` says of an `expand` (declaredExpand): read in an object
 * type written there; for a type by name, the key to look up (`CreatePaymentIntentArgs.intentParams`).
 */
export function memberExpand(type: Node | undefined, member: string): string | undefined {
  if (type?.type === 'TSTypeLiteral') return declaredExpand(memberType(type.members, member));
  if (type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && !type.typeParameters)
    return `${type.typeName.name}.${member}`;
  return undefined;
}

/**
 * Each member of an interface, object type or class with what its type says (declaredExpand):
 * `['CreatePaymentIntentArgs.intentParams', NO_EXPAND]` for `intentParams: Pick<…, 'confirm'>`.
 */
export function memberTypes(node: Node): [key: string, type: string][] {
  const members =
    node.type === 'TSInterfaceDeclaration'
      ? node.body.body
      : node.type === 'TSTypeAliasDeclaration' && node.typeAnnotation.type === 'TSTypeLiteral'
        ? node.typeAnnotation.members
        : node.type === 'ClassDeclaration'
          ? node.body.body
          : [];
  const name = 'id' in node && node.id?.type === 'Identifier' ? node.id.name : undefined;
  if (name === undefined) return [];
  const found: [string, string][] = [];
  for (const m of members) {
    if ((m.type !== 'TSPropertySignature' && m.type !== 'ClassProperty') || m.computed) continue;
    const key = m.key.type === 'Identifier' ? m.key.name : m.key.type === 'StringLiteral' ? m.key.value : undefined;
    const annotation = m.typeAnnotation?.type === 'TSTypeAnnotation' ? m.typeAnnotation.typeAnnotation : undefined;
    const type = key === undefined ? undefined : declaredExpand(annotation);
    if (key !== undefined && type !== undefined) found.push([`${name}.${key}`, type]);
  }
  return found;
}

/**
 * The name of an interface, object type or class that can hold no `expand`: no such member, no
 * index signature, and nothing it extends (whose members are not read).
 */
export function expandFreeName(node: Node): string | undefined {
  if (node.type === 'TSInterfaceDeclaration')
    return node.extends?.length || mayHoldExpand(node.body.body) ? undefined : node.id.name;
  if (node.type === 'TSTypeAliasDeclaration')
    return declaredExpand(node.typeAnnotation) === NO_EXPAND ? node.id.name : undefined;
  // A class that implements an interface (Stripe's params) may be given its members.
  if (node.type !== 'ClassDeclaration' || !node.id || node.superClass || node.implements?.length) return undefined;
  const members = node.body.body;
  // constructor(public expand: string[]): a parameter property is a member too.
  const properties = members.flatMap((m) =>
    m.type === 'ClassMethod' && m.kind === 'constructor'
      ? m.params.flatMap((p) =>
          p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier' ? [p.parameter] : [],
        )
      : [],
  );
  const named = properties.some((p) => p.name === 'expand');
  return named || mayHoldExpand(members) ? undefined : node.id.name;
}
