#!/usr/bin/env node
// Generates src/catalog/expandable.generated.ts from the installed stripe package's type
// declarations: for each API object, the fields that can be expanded (declared `string | Object`,
// the id or the object), the lists (`ApiList<Object>`), arrays and sub-objects an expand path walks
// through; and for each call, the object it returns. `permissions scan` walks an `expand` path with
// it, so it charges a permission only for a field that is expandable on the object it is on
// (`items.data.price.product` on a subscription expands product; price is already an object there).
// And every event type Stripe sends: a dotted string compared with something not named as an event
// is counted only if it is one.
//
//   npm run expandable            writes the file
//   npm run expandable -- --check exits 1 when the file is not what the installed package gives
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';
import { generatorMode } from './generator-mode.js';

const mode = generatorMode(
  'build-expandable.js',
  "Usage: npm run expandable [-- --check]\n  writes src/catalog/expandable.generated.ts from the installed stripe package's types;\n  --check exits 1 when the file is not what the package gives\n",
);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'src', 'catalog', 'expandable.generated.ts');
const require = createRequire(join(root, 'package.json'));
// The package root, above its main file (its exports do not list its package.json).
const main = require.resolve('stripe');
const stripeDir = main.slice(0, main.lastIndexOf('node_modules') + 'node_modules/stripe'.length);
const typesDir = join(stripeDir, 'cjs');
const version = JSON.parse(readFileSync(join(stripeDir, 'package.json'), 'utf8')).version;

const files = [];
const collect = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path);
    else if (entry.name.endsWith('.d.ts')) files.push(path);
  }
};
collect(join(typesDir, 'resources'));
files.push(join(typesDir, 'stripe.core.d.ts'));

const moduleId = (path) =>
  relative(typesDir, path)
    .replace(/\.d\.ts$/, '')
    .replace(/^resources\//, '');

/** Per module: imports (local → [module, exported]), namespace imports, interfaces, classes. */
const modules = new Map();
for (const path of files) {
  const id = moduleId(path);
  const ast = parse(readFileSync(path, 'utf8'), { sourceType: 'module', plugins: [['typescript', { dts: true }]] });
  const mod = {
    id,
    imports: new Map(),
    namespaces: new Map(),
    reexports: new Map(),
    interfaces: new Map(),
    classes: new Map(),
  };
  modules.set(id, mod);
  const target = (source) =>
    join(dirname(id), source.replace(/\.js$/, ''))
      .replace(/\\/g, '/')
      .replace(/^resources\//, '');
  const visit = (statements, prefix) => {
    for (let node of statements) {
      if (node.type === 'ExportNamedDeclaration' && node.declaration) node = node.declaration;
      if (node.type === 'ImportDeclaration') {
        for (const s of node.specifiers) {
          if (s.type === 'ImportNamespaceSpecifier') mod.namespaces.set(s.local.name, target(node.source.value));
          else if (s.type === 'ImportSpecifier')
            mod.imports.set(s.local.name, [target(node.source.value), s.imported.name]);
        }
      } else if (node.type === 'ExportNamedDeclaration' && node.source) {
        for (const s of node.specifiers) mod.reexports.set(s.exported.name, [target(node.source.value), s.local.name]);
      } else if (node.type === 'TSInterfaceDeclaration') {
        mod.interfaces.set(prefix + node.id.name, { members: node.body.body, scope: prefix });
      } else if (node.type === 'ClassDeclaration') {
        mod.classes.set(prefix + node.id.name, node.body.body);
      } else if (node.type === 'TSModuleDeclaration' && node.body?.type === 'TSModuleBlock') {
        visit(node.body.body, `${prefix}${node.id.name}.`);
      }
    }
  };
  visit(ast.program.body, '');
}

/** The key (`Subscriptions:Subscription`) of a type named in a module, within namespaces `scope`. */
function resolveType(mod, name, scope = '', depth = 0) {
  if (!mod || depth > 8) return undefined;
  const parts = scope.split('.').filter(Boolean);
  for (let i = parts.length; i >= 0; i--) {
    const qualified = [...parts.slice(0, i), name].join('.');
    if (mod.interfaces.has(qualified) || mod.classes.has(qualified)) return `${mod.id}:${qualified}`;
  }
  const [head, ...rest] = name.split('.');
  const imported = mod.imports.get(head);
  if (imported) return resolveType(modules.get(imported[0]), [imported[1], ...rest].join('.'), '', depth + 1);
  const reexported = mod.reexports.get(head);
  if (reexported) return resolveType(modules.get(reexported[0]), [reexported[1], ...rest].join('.'), '', depth + 1);
  const namespace = mod.namespaces.get(head);
  if (namespace && rest.length > 0) {
    const index = modules.get(`${namespace}/index`) ?? modules.get(namespace);
    return resolveType(index, rest.join('.'), '', depth + 1);
  }
  return undefined;
}

const typeName = (node) => {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'TSQualifiedName') return `${typeName(node.left)}.${node.right.name}`;
  return undefined;
};

/** How a field's type walks: `x` expandable (to targets), `l` list, `a` array, `o` object; undefined: a value. */
function classify(mod, scope, type) {
  if (!type) return undefined;
  if (type.type === 'TSParenthesizedType') return classify(mod, scope, type.typeAnnotation);
  // `{ [currency: string]: Price.CurrencyOptions }`: a map of objects, walked as a list of them.
  if (type.type === 'TSTypeLiteral' && type.members.length === 1 && type.members[0].type === 'TSIndexSignature') {
    const inner = classify(mod, scope, type.members[0].typeAnnotation?.typeAnnotation);
    return inner && { kind: 'a', inner };
  }
  if (type.type === 'TSArrayType') {
    const inner = classify(mod, scope, type.elementType);
    return inner && { kind: 'a', inner };
  }
  if (type.type === 'TSUnionType') {
    const parts = type.types.filter((t) => t.type !== 'TSNullKeyword' && t.type !== 'TSUndefinedKeyword');
    const hasString = parts.some((t) => t.type === 'TSStringKeyword');
    const refs = parts
      .filter((t) => t.type === 'TSTypeReference')
      .map((t) => resolveType(mod, typeName(t.typeName), scope))
      .filter((key) => key && !/:Deleted/.test(key));
    if (hasString && refs.length > 0) return { kind: 'x', targets: refs };
    if (parts.length === 1) return classify(mod, scope, parts[0]);
    return undefined;
  }
  if (type.type === 'TSTypeReference') {
    const name = typeName(type.typeName);
    const params = type.typeParameters?.params ?? [];
    if (name === 'ApiList' || name === 'ApiSearchResult') {
      const inner = params[0] && classify(mod, scope, params[0]);
      return inner && { kind: 'l', inner };
    }
    if (name === 'Array') {
      const inner = params[0] && classify(mod, scope, params[0]);
      return inner && { kind: 'a', inner };
    }
    const key = resolveType(mod, name, scope);
    return key && modules.get(key.split(':')[0])?.interfaces.has(key.split(':')[1])
      ? { kind: 'o', target: key }
      : undefined;
  }
  return undefined;
}

const encode = (c) =>
  c.kind === 'x' ? `x:${c.targets.join('|')}` : c.kind === 'o' ? `o:${c.target}` : `${c.kind}(${encode(c.inner)})`;

// Values (no objects) returned only when expanded, which the types do not mark apart from other
// optional fields: each is named, expanded, and needs nothing more. Stripe's API reference, the
// Secret object: "payload nullable string Expandable" (docs.stripe.com/api/secret_management).
const EXPANDABLE_VALUES = { 'Apps/Secrets:Secret': ['payload'] };

const fieldsOf = {};
for (const mod of modules.values()) {
  for (const [name, { members }] of mod.interfaces) {
    // Request parameters are no API objects.
    if (/Params\b|Params\./.test(name)) continue;
    const fields = [];
    for (const member of members) {
      if (member.type !== 'TSPropertySignature' || member.key.type !== 'Identifier') continue;
      const c = classify(mod, name, member.typeAnnotation?.typeAnnotation);
      // Optional on an object Stripe returns: a field returned only when asked for (includable, as a
      // customer's subscriptions are), whose objects an expand path then reads.
      if (c) fields.push([member.key.name, c.kind === 'x' || !member.optional ? c : { ...c, included: true }]);
      else if (EXPANDABLE_VALUES[`${mod.id}:${name}`]?.includes(member.key.name))
        fields.push([member.key.name, { kind: 'v' }]);
    }
    if (fields.length > 0) fieldsOf[`${mod.id}:${name}`] = fields;
  }
}

// Kept: objects some call returns, and those their fields lead to; a field leading to nothing
// expandable is kept by name only (`tiers=-`), so that expanding it is known to need nothing.
const targetsOf = (c) =>
  c.kind === 'v' ? [] : c.kind === 'x' ? c.targets : c.kind === 'o' ? [c.target] : targetsOf(c.inner);
const leadsToExpandable = new Map();
const matters = (key, seen = new Set()) => {
  if (leadsToExpandable.has(key)) return leadsToExpandable.get(key);
  if (seen.has(key)) return false;
  seen.add(key);
  const found = (fieldsOf[key] ?? []).some(([, c]) => {
    let inner = c;
    while (inner.kind === 'a' || inner.kind === 'l') inner = inner.inner;
    return inner.kind === 'x' || targetsOf(inner).some((t) => matters(t, seen));
  });
  leadsToExpandable.set(key, found);
  return found;
};
const objects = {};

/** Calls (`checkout.sessions.retrieve`) and the objects they return (`[]` marks a list). */
const returns = {};
const resourceTypes = {};
const walkClass = (key, prefix, seen) => {
  if (!key || seen.has(key)) return;
  seen.add(key);
  const [id, name] = key.split(':');
  const mod = modules.get(id);
  for (const member of mod?.classes.get(name) ?? []) {
    if (member.key?.type !== 'Identifier' || member.accessibility === 'private') continue;
    if (member.type === 'ClassProperty' && member.typeAnnotation?.typeAnnotation.type === 'TSTypeReference') {
      const child = resolveType(mod, typeName(member.typeAnnotation.typeAnnotation.typeName));
      if (child && modules.get(child.split(':')[0])?.classes.has(child.split(':')[1])) {
        // `Stripe.Checkout.SessionResource` is the client's `checkout.sessions`: the type's name under
        // its namespaces (each of the path's names before it, capitalised).
        const className = child.split(':')[1];
        const namespaces = prefix
          .split('.')
          .filter(Boolean)
          .map((n) => n[0].toUpperCase() + n.slice(1));
        const typeKey = [...namespaces, className].join('.');
        if (className.endsWith('Resource') && !(typeKey in resourceTypes))
          resourceTypes[typeKey] = `${prefix}${member.key.name}`;
        walkClass(child, `${prefix}${member.key.name}.`, seen);
      }
    } else if (member.type === 'TSDeclareMethod' && member.returnType) {
      let type = member.returnType.typeAnnotation;
      let list = false;
      const unwrap = () => {
        const n = type.type === 'TSTypeReference' ? typeName(type.typeName) : undefined;
        if (n === 'Promise' || n === 'Response') type = type.typeParameters.params[0];
        else if (n === 'ApiListPromise' || n === 'ApiSearchResultPromise' || n === 'ApiList') {
          list = true;
          type = type.typeParameters.params[0];
        } else return false;
        return true;
      };
      while (unwrap());
      if (type.type === 'TSUnionType')
        type = type.types.find((t) => t.type === 'TSTypeReference' && !/^Deleted/.test(typeName(t.typeName))) ?? type;
      if (type.type !== 'TSTypeReference') continue;
      const object = resolveType(mod, typeName(type.typeName));
      // An object with no field an expand path can name is kept too: an expand passed to the call needs nothing.
      const [objectModule = '', objectName = ''] = object?.split(':') ?? [];
      if (object && modules.get(objectModule)?.interfaces.has(objectName))
        returns[`${prefix}${member.key.name}`] = `${list ? '[]' : ''}${object}`;
    }
  }
};
walkClass('stripe.core:Stripe', '', new Set());

/** A list or an array of objects (not of ids expandable one by one). */
const listOfObjects = (c) => (c.kind === 'l' || c.kind === 'a') && (c.inner.kind === 'o' || listOfObjects(c.inner));

const keep = (key) => {
  if (objects[key] !== undefined || !fieldsOf[key]) return;
  objects[key] = '';
  const fields = fieldsOf[key].map(([name, c]) => {
    const useful = matters(key) && (c.kind === 'x' || targetsOf(c).some((t) => matters(t)));
    if (useful) for (const t of targetsOf(c)) keep(t);
    return `${name}=${useful ? `${c.included && listOfObjects(c) ? '+' : ''}${encode(c)}` : '-'}`;
  });
  objects[key] = fields.join(';');
};
for (const object of Object.values(returns)) keep(object.replace(/^\[\]/, ''));

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

// The event types a webhook endpoint can be enabled for: every one Stripe sends (WebhookEndpoints'
// EnabledEvent union, less '*').
const enabled = /type EnabledEvent = ([^;]+);/.exec(
  readFileSync(join(typesDir, 'resources', 'WebhookEndpoints.d.ts'), 'utf8'),
);
if (!enabled) throw new Error(`stripe ${version}: no EnabledEvent type in WebhookEndpoints.d.ts`);
const eventTypes = [...enabled[1].matchAll(/'([^']+)'/g)]
  .map((m) => m[1])
  .filter((t) => t !== '*')
  .sort();
const text = `// Generated by scripts/build-expandable.js (npm run expandable) from the type declarations of stripe ${version}; do not edit.
// OBJECTS: each API object's fields an expand path can name or walk through: x: expandable (the id,
// or the object once expanded), l: a list (\`data\` walks in), a: an array, o: a sub-object; +: a list
// of objects returned only when asked for (a customer's subscriptions), each then read.
// CALL_RETURNS: the object each call returns (\`[]\`: a list of them). src/scan/expansions.ts reads both.
// EVENT_TYPES: every event type a webhook endpoint can be enabled for (src/scan/events.ts, uses.ts).
// RESOURCE_TYPES: each resource's type, under Stripe's namespace, to the client's path to it
// (src/scan/type-names.ts: \`api: Stripe.CustomerResource\` is \`stripe.customers\`).

export const EXPANDABLE_TYPES_VERSION = ${JSON.stringify(version)};

export const OBJECTS: Readonly<Record<string, string>> = ${JSON.stringify(sorted(objects), null, 1)};

export const CALL_RETURNS: Readonly<Record<string, string>> = ${JSON.stringify(sorted(returns), null, 1)};

export const EVENT_TYPES: readonly string[] = ${JSON.stringify(eventTypes, null, 1)};

export const RESOURCE_TYPES: Readonly<Record<string, string>> = ${JSON.stringify(sorted(resourceTypes), null, 1)};
`;
if (mode === 'check') {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error(`${relative(root, OUT)} is not what stripe ${version} gives: run npm run expandable.`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(
    `${relative(root, OUT)}: ${Object.keys(objects).length} objects, ${Object.keys(returns).length} calls, ${eventTypes.length} event types (stripe ${version}).`,
  );
}
