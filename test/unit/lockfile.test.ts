import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

describe('package-lock.json', () => {
  it('lists every platform package of @stripe/cli, so `npm ci` works on every platform', () => {
    // A registry that lacks other platforms' packages makes npm drop them from the lock, and `npm ci`
    // then refuses the lock everywhere. Each entry is optional and limited to its os and cpu.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const cli = lock.packages['node_modules/@stripe/cli'];
    for (const [name, version] of Object.entries(cli.optionalDependencies as Record<string, string>)) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, name).toMatchObject({ version, optional: true });
      expect(entry.os.length, name).toBe(1);
      expect(entry.cpu.length, name).toBe(1);
    }
  });
});
