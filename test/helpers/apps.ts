import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_DIR } from './fixtures.js';
import { tempDir } from './run.js';

/** A copy of the example RAK app (which checks clean), its manifest changed as asked. */
export function exampleApp(change?: (manifest: Record<string, any>) => void): string {
  const dir = tempDir();
  cpSync(EXAMPLE_DIR, dir, { recursive: true });
  if (change) {
    const manifest = JSON.parse(readFileSync(join(dir, 'stripe-app.json'), 'utf8'));
    change(manifest);
    writeFileSync(join(dir, 'stripe-app.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return dir;
}
