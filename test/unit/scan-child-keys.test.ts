import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

describe("the scan's table of child keys", () => {
  it("is the installed @babel/types' VISITOR_KEYS (node scripts/build-child-keys.js)", () => {
    // A node type missing from the table would be walked past, and the calls inside it never seen.
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-child-keys.js'), '--check'], {
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
