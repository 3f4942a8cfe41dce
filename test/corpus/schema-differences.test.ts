import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSION_NAMES } from '../../src/catalog/permissions.js';
import { VIEWPORT_NAMES } from '../../src/catalog/manifest.js';
import { validateWithSchema } from '../../src/core/schema.js';
import { ROOT, SHARED } from '../helpers/fixtures.js';
import { officialValidators, rakAppValidators } from '../helpers/official-schema.js';
import { unlessSkipped } from '../helpers/skip-reasons.js';

const corpus = join(SHARED, 'corpus', 'manifests');
const haveCorpus = existsSync(corpus);
const corpusMissing = haveCorpus ? undefined : '../shared/corpus/manifests not found';

describe.skipIf(!haveCorpus)(
  unlessSkipped("rak-app's schema against Stripe's, over the shared corpus", corpusMissing),
  () => {
    it('disagrees on exactly the files docs/schema-differences.md explains', async () => {
      const official = officialValidators();
      const rakApp = rakAppValidators();
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
        const rakAppAccepts = (local ? rakApp.local : rakApp.manifest)(value) as boolean;
        if (stripeAccepts !== rakAppAccepts) disagreements.push(name);
      }
      const documented = [
        ...readFileSync(join(ROOT, 'docs', 'schema-differences.md'), 'utf8').matchAll(/^\| `([^`]+)` \| (.+) \|$/gm),
      ];
      expect(disagreements).toEqual(documented.map((m) => m[1]));
      for (const m of documented) expect(m[2]!.trim().length).toBeGreaterThan(10);
    });

    it("check's compiled validator, with the catalog's permissions and viewports, agrees with schemas/ on every file", async () => {
      const rakApp = rakAppValidators();
      const known = (list: readonly string[], v: unknown) => typeof v !== 'string' || list.includes(v);
      const items = (v: unknown): Record<string, unknown>[] =>
        Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
      for (const name of readdirSync(corpus).sort()) {
        let value: Record<string, unknown>;
        try {
          value = JSON.parse(readFileSync(join(corpus, name), 'utf8'));
        } catch {
          continue;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
        const local = Object.hasOwn(value, 'extends');
        const ui = value['ui_extension'] as Record<string, unknown> | undefined;
        const compiled =
          validateWithSchema(value, local ? 'local' : 'manifest').length === 0 &&
          items(value['permissions']).every((p) => known(PERMISSION_NAMES, p['permission'])) &&
          items(ui?.['views']).every((v) => known(VIEWPORT_NAMES, v['viewport']));
        expect(compiled, name).toBe((local ? rakApp.local : rakApp.manifest)(value));
      }
    });
  },
);
