#!/usr/bin/env node
// Precompiles schemas/*.json into src/generated/validate-manifest.js (ajv standalone), so that
// `rak-app check` never loads ajv or compiles a schema at run time; scripts/build.js bundles it.
// Run alone with --write, it first regenerates schemas/*.json from the catalog, which is how a
// change to the permission or viewport lists reaches the schemas.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = (name) => join(root, 'schemas', name);

/** Writes schemas/*.json from src/catalog/manifest-schema.ts. */
export async function writeSchemas() {
  const bundled = await build({
    entryPoints: [join(root, 'src/catalog/manifest-schema.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const source = bundled.outputFiles[0].text;
  const { buildManifestSchema, buildLocalManifestSchema } = await import(
    `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
  );
  writeFileSync(schemaPath('stripe-app.schema.json'), JSON.stringify(buildManifestSchema(), null, 2) + '\n');
  writeFileSync(schemaPath('stripe-app-local.schema.json'), JSON.stringify(buildLocalManifestSchema(), null, 2) + '\n');
}

/** Writes src/generated/validate-manifest.js from schemas/stripe-app.schema.json. */
export function buildValidator() {
  // Descriptions serve editors; the validator does not need them, and they would be embedded in it.
  const withoutDescriptions = (node) =>
    Array.isArray(node)
      ? node.map(withoutDescriptions)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([k]) => k !== 'description' || typeof node[k] !== 'string')
              .map(([k, v]) => [k, withoutDescriptions(v)]),
          )
        : node;
  const published = JSON.parse(readFileSync(schemaPath('stripe-app.schema.json'), 'utf8'));
  const main = withoutDescriptions(published);
  // The permission and viewport lists are checked against the catalog by the permission-unknown and
  // viewport-unknown rules, which add did-you-mean; compiled into the validator they would only be a
  // third of its code, run at every start, with errors nothing reads. Editors keep them through
  // schemas/. Every other enum stays.
  delete main.properties.permissions.items.properties.permission.enum;
  delete main.properties.ui_extension.properties.views.items.properties.viewport.enum;

  // The keys the schema allows at each level ('*' for array items), for the unknown-field rule's
  // did-you-mean, so that it needs no schema at run time.
  const knownKeys = {};
  const collect = (node, pointer) => {
    if (node?.properties) {
      knownKeys[pointer] = Object.keys(node.properties);
      for (const [key, child] of Object.entries(node.properties)) collect(child, `${pointer}/${key}`);
    }
    if (node?.items) collect(node.items, `${pointer}/*`);
  };
  collect(main, '');

  const ajv = new (Ajv.default ?? Ajv)({
    allErrors: true,
    allowUnionTypes: true,
    // Count string length in UTF-16 units, as JavaScript does: this keeps the generated code free of
    // runtime imports from ajv (ajv marks the option deprecated, hence the filtered warning).
    unicode: false,
    logger: { log: console.log, error: console.error, warn: (m) => /unicode/.test(String(m)) || console.warn(m) },
    // rak-app words its own messages (core/messages.ts); ajv's would only make the validator bigger.
    messages: false,
    code: { source: true, esm: true, optimize: true },
  });
  ajv.addSchema(main);
  // Only the main schema is compiled: the local schema is the main one with nothing required at the
  // top and `extends` added, which src/core/schema.ts applies to the main validator's errors.
  const code = (standaloneCode.default ?? standaloneCode)(ajv, { validateManifest: 'stripe-app.schema.json' });
  if (/\brequire\(/.test(code)) {
    throw new Error('The precompiled validator needs ajv at run time; remove the schema keyword that causes it.');
  }
  // V8 compiles a function lazily: it skims the body when the module loads, then parses it again in
  // full on the first call. Every `check` calls the validator, so it is made a parenthesised function
  // expression, which V8 compiles at once: its 28 KB are parsed once instead of twice.
  const declaration = 'function validate10(';
  const exported = 'export const validateManifest = validate10;';
  if (code.split(declaration).length !== 2 || !code.includes(exported)) {
    throw new Error(
      `ajv's standalone code no longer has one "${declaration}" and "${exported}"; update scripts/build-schemas.js.`,
    );
  }
  const eager = `${code.replace(exported, '').replace(declaration, `const validate10 = (${declaration}`).trimEnd()});\n${exported}`;
  mkdirSync(join(root, 'src', 'generated'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'generated', 'validate-manifest.js'),
    `// Generated by scripts/build-schemas.js: do not edit.\n${eager}\nexport const knownKeys = ${JSON.stringify(knownKeys)};\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) await writeSchemas();
  buildValidator();
}
