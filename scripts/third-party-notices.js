// The bundles in dist/ carry other packages' code, and their licences (MIT, ISC, BSD-3-Clause,
// Apache-2.0) ask that their copyright and licence notices travel with every copy. esbuild keeps no
// legal comments (`legalComments: 'none'`, for start-up), so the build writes the notices of every
// package whose code it bundled, from each package's own licence files, into one file beside them.
// A bundled package with no licence file stops the build: its notice cannot be made up.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\b|[-.])/i;

/** The folder of the package each bundled file came from (the last `node_modules/<name>` of its path). */
function packageFolders(root, metafiles) {
  const folders = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const parts = input.split('/');
      const at = parts.lastIndexOf('node_modules');
      if (at < 0) continue;
      const length = parts[at + 1]?.startsWith('@') ? 3 : 2;
      folders.add(join(root, ...parts.slice(0, at + length)));
    }
  }
  return folders;
}

/** Writes the notices of every package in the bundles' inputs to `file`; returns the packages named. */
export function writeThirdPartyNotices(root, metafiles, file) {
  const packages = new Map();
  const missing = [];
  for (const folder of packageFolders(root, metafiles)) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (packages.has(id)) continue;
    const texts = readdirSync(folder)
      .filter((name) => LICENCE_FILE.test(name))
      .sort()
      .map((name) => readFileSync(join(folder, name), 'utf8').trim());
    if (texts.length === 0) missing.push(id);
    packages.set(id, { name: manifest.name, version: manifest.version, licence: manifest.license, texts });
  }
  if (missing.length > 0)
    throw new Error(`no licence file in ${missing.join(', ')}: the build cannot write their notices`);
  const sorted = [...packages.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
  const sections = sorted.map(
    (p) =>
      `## ${p.name} ${p.version} (${p.licence ?? 'licence named in its files'})\n\n${p.texts.map((t) => `\`\`\`\`text\n${t}\n\`\`\`\``).join('\n\n')}\n`,
  );
  writeFileSync(
    file,
    `# Third-party notices\n\nThe files in this folder bundle code of the packages below. Each one's copyright and licence, as its package ships them:\n\n${sections.join('\n')}`,
  );
  return sorted.map((p) => p.name);
}
