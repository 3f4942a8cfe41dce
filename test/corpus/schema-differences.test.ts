import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateWithSchema } from '../../src/core/schema.js';
import { ROOT, SHARED } from '../helpers/fixtures.js';
import { officialValidators } from '../helpers/official-schema.js';

const corpus = join(SHARED, 'corpus', 'manifests');
const haveCorpus = existsSync(corpus);

describe.skipIf(!haveCorpus)('rak-app\'s schema against Stripe\'s, over the shared corpus (skipped without ../shared)', () => {
  it('disagrees on exactly the files docs/schema-differences.md explains', () => {
    const official = officialValidators();
    const disagreements: string[] = [];
    for (const name of readdirSync(corpus).sort()) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(join(corpus, name), 'utf8'));
      } catch {
        continue; // Not JSON: neither schema gets to say anything.
      }
      const local = typeof value === 'object' && value !== null && Object.hasOwn(value, 'extends');
      const stripeAccepts = (local ? official.local : official.manifest)(value) as boolean;
      const rakAppAccepts = validateWithSchema(value, local ? 'local' : 'manifest').length === 0;
      if (stripeAccepts !== rakAppAccepts) disagreements.push(name);
    }
    const documented = [...readFileSync(join(ROOT, 'docs', 'schema-differences.md'), 'utf8').matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)];
    expect(disagreements).toEqual(documented.map((m) => m[1]));
    for (const m of documented) expect(m[2]!.trim().length).toBeGreaterThan(10);
  });
});
