#!/usr/bin/env node
// Generates src/catalog/api-methods.generated.ts: every method of the installed stripe package (the
// client's own resource objects, v1 and v2, test helpers included) with its HTTP verb, its path
// template and the app permission it needs. The permission is the resource's (src/catalog/api.ts,
// from Stripe's permission reference) for the verb: GET reads, POST and DELETE write; the exceptions
// are scripts/api-catalog-exceptions.js, each with its source.
//
// The methods are read by running the real client, not by parsing its files: each method is called
// with its resource's request function replaced by one that only records the verb and path, so
// nothing is sent, and the names are exactly those code calls (stripe.checkout.sessions.create).
//
//   npm run catalog            writes the file
//   npm run catalog -- --check exits 1 when the file is not what the installed package gives
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CALL_EXCEPTIONS, LEGACY_PACKAGES } from './api-catalog-exceptions.js';
import { generatorMode } from './generator-mode.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_PATH = join(root, 'src', 'catalog', 'api-methods.generated.ts');

/**
 * The installed stripe package's methods: `{ version, methods: [{ call, verb, path }], aliases }`.
 * Path parameters are named as stripe-node names the method's arguments (`/v1/quotes/{id}/pdf`).
 * `aliases` are client properties that are another property's object (`account` is `accounts`).
 */
export function readStripeMethods(from = root) {
  const Stripe = createRequire(join(from, 'package.json'))('stripe');
  const stripe = new Stripe('sk_test_catalog_generator_makes_no_request');
  const methodsOf = (resource, name) => {
    const found = [];
    for (const [method, fn] of ownMethods(resource, '_makeRequest')) {
      const parameters = (/^[^(]*\(([^)]*)\)/.exec(fn.toString())?.[1] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      let request;
      resource._makeRequest = (verb, path) => {
        request = { verb: verb.toUpperCase(), path };
        return Promise.resolve({});
      };
      try {
        fn.apply(
          resource,
          parameters.map((p) => (p === 'params' || p === 'options' ? {} : `{${p}}`)),
        );
      } catch {
        // A method that fails before it makes a request is not an API call (nor is one that makes none).
      } finally {
        delete resource._makeRequest;
      }
      if (request)
        found.push({ call: `${name}.${method}`, verb: request.verb, path: decodeURIComponent(request.path) });
    }
    return found;
  };
  return { version: stripe.VERSION, ...walkResources(stripe, (v) => typeof v?._makeRequest === 'function', methodsOf) };
}

/**
 * An older stripe-node's methods (a LEGACY_PACKAGES alias), read as readStripeMethods reads the
 * installed one but through what those releases share: every method is made from a spec
 * (`stripeMethod({ method, fullPath })`) and checks its path's arguments, so it is called with one,
 * two, … ids until it makes a request, which its client's request function only records. The ids
 * are named by place, the last `{id}`.
 */
export function readLegacyMethods(packageName, from = root) {
  const Stripe = createRequire(join(from, 'package.json'))(packageName);
  const stripe = new Stripe('sk_test_catalog_generator_makes_no_request');
  // 11 and 17 send through the client's request sender, 8 through each resource's own `_request`.
  const sender = stripe._requestSender;
  const methodsOf = (resource, name) => {
    const found = [];
    const target = sender ?? resource;
    const machinery = typeof resource._makeRequest === 'function' ? '_makeRequest' : '_request';
    for (const [method, fn] of ownMethods(resource, machinery)) {
      let request;
      target._request = (verb, _host, path, ...rest) => {
        request = { verb: verb.toUpperCase(), path };
        // Answered as an empty list: a list method's promise pages on through what it is given.
        const callback = rest.findLast((arg) => typeof arg === 'function');
        callback?.(null, { object: 'list', data: [], has_more: false });
      };
      try {
        for (let ids = 0; ids <= 3 && !request; ids++) {
          // The last `{id}`, the one before it `{parent}`, any before that `{parent2}`, …
          const names = Array.from({ length: ids }, (_, i) => ids - 1 - i).map((n) =>
            n === 0 ? 'id' : n === 1 ? 'parent' : `parent${n}`,
          );
          try {
            // Too few ids: the method's promise is rejected (in 8, it throws) before any request.
            Promise.resolve(
              fn.apply(
                resource,
                names.map((n) => `{${n}}`),
              ),
            ).catch(() => {});
          } catch {}
        }
      } finally {
        delete target._request;
      }
      if (request) {
        const path = decodeURIComponent(request.path.replace(/\?.*$/s, ''));
        found.push({ call: `${name}.${method}`, verb: request.verb, path });
      }
    }
    return found;
  };
  const isResource = (v) => typeof v?._request === 'function' || typeof v?._makeRequest === 'function';
  return { version: stripe.VERSION, ...walkResources(stripe, isResource, methodsOf) };
}

/**
 * Every resource object reachable from the client, and its methods by `methodsOf`; `aliases`, client
 * properties that are another property's object (`account` is `accounts`).
 */
function walkResources(stripe, isResource, methodsOf) {
  const methods = [];
  const aliases = {};
  const seen = new Map();
  const walk = (object, prefix) => {
    for (const key of Object.keys(object)) {
      // `_stripe` and each namespace's `stripe` lead back to the client.
      if (key.startsWith('_') || key === 'stripe') continue;
      const value = object[key];
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const name = `${prefix}${key}`;
      if (seen.has(value)) {
        if (isResource(value)) aliases[name] = seen.get(value);
        continue;
      }
      seen.set(value, name);
      walk(value, `${name}.`);
      if (isResource(value)) methods.push(...methodsOf(value, name));
    }
  };
  walk(stripe, '');
  methods.sort((a, b) => (a.call < b.call ? -1 : a.call > b.call ? 1 : 0));
  return { methods, aliases };
}

/** A resource's own methods, by name, up to the shared base class that holds `machinery` (not API methods). */
function ownMethods(resource, machinery) {
  const names = new Set();
  for (let proto = Object.getPrototypeOf(resource); proto && proto !== Object.prototype; ) {
    if (Object.hasOwn(proto, machinery)) break;
    for (const own of Object.getOwnPropertyNames(proto)) names.add(own);
    proto = Object.getPrototypeOf(proto);
  }
  return [...names]
    .sort()
    .filter((method) => method !== 'constructor' && !method.startsWith('_'))
    .flatMap((method) => (typeof resource[method] === 'function' ? [[method, resource[method]]] : []));
}

/**
 * The permission of each method: the exception for its call, else its resource's read (GET) or
 * write (POST, DELETE) permission, else null with the reason. Then each older release's methods the
 * installed one lacks (`legacy`, newest first: `{ version, methods }`), with `legacy` the version
 * that last had it; a client property that is now an alias is named as the property (`account` is
 * `accounts`).
 */
export function deriveApiMethods(methods, apiResources, legacy = [], aliases = {}) {
  const exceptions = new Map(CALL_EXCEPTIONS.map((e) => [e.call, e]));
  const derive = ({ call, verb, path }) => {
    const exception = exceptions.get(call);
    if (exception) {
      return exception.permission === null
        ? { call, verb, path, permission: null, reason: exception.reason }
        : { call, verb, path, permission: exception.permission };
    }
    const resource = call.slice(0, call.lastIndexOf('.'));
    const side = verb === 'GET' ? 'read' : 'write';
    const permissions = Object.hasOwn(apiResources, resource) ? apiResources[resource] : undefined;
    if (!permissions) {
      const why = call.startsWith('v2.')
        ? "a v2 API: Stripe's permission reference for Apps names no permission for it"
        : call.startsWith('testHelpers.')
          ? "a test helper: Stripe's permission reference for Apps names no permission for it"
          : `Stripe's permission reference for Apps names no permission for ${resource}`;
      return { call, verb, path, permission: null, reason: `${why}.` };
    }
    const permission = permissions[side];
    if (permission === null) {
      const other = permissions[side === 'read' ? 'write' : 'read'];
      return {
        call,
        verb,
        path,
        permission: null,
        reason: `Stripe's permission reference gives ${resource} no ${side} permission (only ${other}).`,
      };
    }
    return { call, verb, path, permission };
  };
  const rows = methods.map(derive);
  const known = new Set(methods.map((m) => m.call));
  for (const { version, methods: older } of legacy)
    for (const method of older) {
      const head = method.call.slice(0, method.call.indexOf('.'));
      const call = Object.hasOwn(aliases, head) ? `${aliases[head]}${method.call.slice(head.length)}` : method.call;
      if (known.has(call)) continue;
      known.add(call);
      rows.push({ ...derive({ ...method, call }), legacy: version });
    }
  return rows.sort((a, b) => (a.call < b.call ? -1 : a.call > b.call ? 1 : 0));
}

/** Each LEGACY_PACKAGES release's methods, newest first. */
export const readLegacyReleases = (from = root) =>
  LEGACY_PACKAGES.map((name) => {
    const { version, methods } = readLegacyMethods(name, from);
    return { version, methods };
  });

/** The generated module's text: a row per method, so a regenerated file's diff reads method by method. */
export function renderCatalog({ version, rows, aliases }) {
  const reasons = [...new Set(rows.flatMap((r) => (r.reason ? [r.reason] : [])))].sort();
  const q = (s) => JSON.stringify(s);
  const row = (r) =>
    `[${q(r.call)}, ${q(r.verb)}, ${q(r.path)}, ${r.permission === null ? `null, ${reasons.indexOf(r.reason)}` : q(r.permission)}]`;
  return [
    '// Generated by scripts/build-api-catalog.js (npm run catalog) from the installed stripe package; do not edit.',
    '// Each row: the call as stripe-node names it, HTTP verb, path template, permission or null and',
    '// the index of the reason there is none. src/catalog/endpoints.ts reads it.',
    '',
    `export const STRIPE_PACKAGE_VERSION = ${q(version)};`,
    '',
    '/** Client properties that are another property (stripe.account is stripe.accounts). */',
    `export const CALL_ALIASES: Readonly<Record<string, string>> = ${JSON.stringify(aliases)};`,
    '',
    'export const NO_PERMISSION_REASONS: readonly string[] = [',
    ...reasons.map((r) => `  ${q(r)},`),
    '];',
    '',
    'export type ApiMethodRow =',
    "  | readonly [call: string, verb: 'GET' | 'POST' | 'DELETE', path: string, permission: string]",
    "  | readonly [call: string, verb: 'GET' | 'POST' | 'DELETE', path: string, permission: null, reason: number];",
    '',
    'export const API_METHOD_ROWS: readonly ApiMethodRow[] = [',
    ...rows.filter((r) => !r.legacy).map((r) => `  ${row(r)},`),
    '];',
    '',
    '/** Methods the installed package no longer has, each with the last release that had it (a devDependency). */',
    'export const LEGACY_METHOD_ROWS: readonly (readonly [lastVersion: string, row: ApiMethodRow])[] = [',
    ...rows.filter((r) => r.legacy).map((r) => `  [${q(r.legacy)}, ${row(r)}],`),
    '];',
    '',
  ].join('\n');
}

/** src/catalog/api.ts's resource table, through esbuild: node runs no TypeScript. */
async function loadApiResources() {
  const { build } = await import('esbuild');
  const bundled = await build({
    entryPoints: [join(root, 'src', 'catalog', 'api.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const source = bundled.outputFiles[0].text;
  const { API_RESOURCES } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  return API_RESOURCES;
}

export async function generateCatalog() {
  const { version, methods, aliases } = readStripeMethods();
  const rows = deriveApiMethods(methods, await loadApiResources(), readLegacyReleases(), aliases);
  return renderCatalog({ version, rows, aliases });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = generatorMode(
    'build-api-catalog.js',
    'Usage: npm run catalog [-- --check]\n  writes src/catalog/api-methods.generated.ts from the installed stripe package;\n  --check exits 1 when the file is not what the package gives\n',
  );
  const text = await generateCatalog();
  if (mode === 'check') {
    if (readFileSync(CATALOG_PATH, 'utf8') !== text) {
      console.error('src/catalog/api-methods.generated.ts is stale: run npm run catalog.');
      process.exit(1);
    }
  } else {
    writeFileSync(CATALOG_PATH, text);
    console.log(`Wrote ${CATALOG_PATH} (${text.split('\n').filter((l) => l.startsWith('  [')).length} methods).`);
  }
}
