import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokedAs } from '../../src/adapters/io.js';
import { asRunHere } from '../../src/hints.js';
import { tempDir } from '../helpers/run.js';

describe('hints name rak-app as it runs here', () => {
  it.each([
    ['in backticks', 'run `rak-app convert`.', 'run `npx rak-app convert`.'],
    [
      'quoted in JSON',
      '"next": [\n    "rak-app upload . --dry-run"\n  ]',
      '"next": [\n    "npx rak-app upload . --dry-run"\n  ]',
    ],
    ['after next:', '  next: rak-app check app\n', '  next: npx rak-app check app\n'],
    ['opening a line', '  rak-app upload   # once uploaded\n', '  npx rak-app upload   # once uploaded\n'],
    ['piped into', '(`pbpaste | rak-app key check`)', '(`pbpaste | npx rak-app key check`)'],
  ])('%s', (_where, text, expected) => {
    expect(asRunHere(text, 'npx rak-app')).toBe(expected);
  });

  it.each([
    ['its own error prefix', 'rak-app: Unknown option.\n'],
    ['a sentence opening a line', 'rak-app does not know this permission.\n'],
    ['a word in a sentence', 'what rak-app does here'],
    ['prose', 'Stripe asked to log in; rak-app stopped it.\n'],
    ['the ledger folder', 'recorded in .rak-app/uploads.json'],
    ['a command named as it runs already', '`npx rak-app check`'],
    ['one whose two words a wrapped line splits', '(for `npx\n                     rak-app permissions trace`)'],
  ])('leaves %s alone', (_what, text) => {
    expect(asRunHere(text, 'npx rak-app')).toBe(text);
  });

  it('is `rak-app` only when PATH finds this very program, outside a node_modules/.bin', () => {
    const dir = tempDir();
    const script = join(dir, 'lib', 'rak-app.cjs');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(script, '');
    mkdirSync(join(dir, 'global-bin'));
    symlinkSync(script, join(dir, 'global-bin', 'rak-app'));
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(script, join(dir, 'node_modules', '.bin', 'rak-app'));
    expect(invokedAs(script, join(dir, 'global-bin'))).toBe('rak-app');
    expect(invokedAs(script, join(dir, 'node_modules', '.bin'))).toBe('npx rak-app');
    expect(invokedAs(script, '/usr/bin')).toBe('npx rak-app');
  });
});
