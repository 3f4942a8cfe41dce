/** Where a rule's page is, for the json and sarif reports. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package's name on npm, as package.json gives it. */
const PACKAGE_NAME = 'rak-app';

/**
 * A rule's page, docs/rules/<id>.md, as an https URL that works once the package is published and
 * never changes for a version: unpkg serves the files of every published npm package, and docs/ is
 * in package.json's `files` (package.json names no repository to link to instead). Undefined for an
 * id with no page (looked for beside this module, two folders below the package in src/formatters/
 * or bundled in dist/commands/).
 */
export function ruleDocsUrl(ruleId: string, version: string): string | undefined {
  const page = new URL(`../../docs/rules/${ruleId}.md`, import.meta.url);
  if (!existsSync(fileURLToPath(page))) return undefined;
  return `https://unpkg.com/${PACKAGE_NAME}@${encodeURIComponent(version)}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
