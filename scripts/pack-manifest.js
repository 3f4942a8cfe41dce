#!/usr/bin/env node
// npm pack and npm publish run this before packing (`prepack`) and after (`postpack`). A clone needs
// the prepare script, which builds dist/ on `npm install`; a packed package ships dist/ built, and its
// prepare script would only make npm warn, at every install, about a script it does not run there.
// So the packed package.json has none: `strip` saves package.json and removes it, `restore` puts the
// saved file back, byte for byte. Usage: node scripts/pack-manifest.js strip|restore [package folder]
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's folder: this script's parent, or the one given after the verb.
const root = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const saved = join(root, 'package.json.before-pack');

if (process.argv[2] === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  writeFileSync(saved, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  console.error('usage: node scripts/pack-manifest.js strip|restore');
  process.exitCode = 2;
}
