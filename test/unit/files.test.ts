import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editJsonFile, makeFolderFor, whyUnwritable, writeFileAtomic } from '../../src/adapters/files.js';
import { tempDir } from '../helpers/run.js';
import { unlessSkipped } from '../helpers/skip-reasons.js';

describe('writeFileAtomic', () => {
  it("replaces the content and keeps the file's mode", async () => {
    const dir = tempDir();
    const path = join(dir, 'stripe-app.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['stripe-app.json']);
  });

  it('writes through a symbolic link, which stays a link', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'shared'));
    const target = join(dir, 'shared', 'stripe-app.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'stripe-app.json');
    symlinkSync(target, link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('leaves no temporary file behind when the write fails', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'stripe-app.json'));
    // A folder where the file should be: the final rename fails, even for root.
    await expect(writeFileAtomic(join(dir, 'stripe-app.json'), 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['stripe-app.json']);
    expect(statSync(join(dir, 'stripe-app.json')).isDirectory()).toBe(true);
  });
});

describe('writeFileAtomic failures name the path the user gave, not the temporary file', () => {
  it.each([
    ['a missing folder', (dir: string) => join(dir, 'no', 'r.json'), 'its folder does not exist'],
    ['a folder', (dir: string) => dir, 'it is a folder'],
    [
      'a file in the path',
      (dir: string) => {
        writeFileSync(join(dir, 'f'), '');
        return join(dir, 'f', 'r.json');
      },
      'part of its path is a file, not a folder',
    ],
  ])('%s', async (_name, target, message) => {
    await expect(writeFileAtomic(target(tempDir()), 'x')).rejects.toThrow(new RegExp(`^${message}$`));
  });
});

describe('whyUnwritable', () => {
  it('is undefined for a new file, in folders that exist or that would be made', async () => {
    const dir = tempDir();
    expect(whyUnwritable(join(dir, 'r.json'))).toBeUndefined();
    expect(whyUnwritable(join(dir, '.rak-app', 'uploads.json'))).toBeUndefined();
    writeFileSync(join(dir, 'r.json'), '');
    expect(whyUnwritable(join(dir, 'r.json'))).toBeUndefined();
  });

  it('says why otherwise', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.rak-app'), '');
    expect(whyUnwritable(join(dir, '.rak-app', 'uploads.json'))).toBe(
      `${join(dir, '.rak-app')} is a file, not a folder`,
    );
    expect(whyUnwritable(dir)).toBe('it is a folder');
  });
});

/** A folder with a read-only file system mounted on it (tmpfs), where this user may mount one. */
function readOnlyMount(): { dir?: string; why?: string } {
  const dir = tempDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0
    ? { dir }
    : { why: `this user cannot mount a read-only tmpfs (${(r.stderr || String(r.error)).trim()})` };
}
const readOnly = process.platform === 'linux' ? readOnlyMount() : { why: 'tmpfs is Linux' };

describe('whyUnwritable on a read-only file system', () => {
  afterAll(() => {
    if (readOnly.dir) spawnSync('umount', [readOnly.dir]);
  });
  it.skipIf(!readOnly.dir)(
    unlessSkipped('says the file system is read-only, not that permission is denied', readOnly.why),
    () => {
      expect(whyUnwritable(join(readOnly.dir!, '.rak-app', 'uploads.json'))).toBe('the file system is read-only');
    },
  );
});

describe('editJsonFile', () => {
  it('edits a manifest behind a symbolic link in place, keeping its layout', async () => {
    const dir = tempDir();
    const target = join(dir, 'real.json');
    writeFileSync(target, '{\n    "id": "com.example.app",\n    "version": "1.0.0"\n}\n');
    const link = join(dir, 'stripe-app.json');
    symlinkSync(target, link);
    await editJsonFile(link, [{ path: ['stripe_api_access_type'], value: 'restricted_api_key' }]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(
      '{\n    "id": "com.example.app",\n    "version": "1.0.0",\n    "stripe_api_access_type": "restricted_api_key"\n}\n',
    );
  });
});

describe('making the folders a report goes in', () => {
  it("makes those missing, and fails at once where a folder cannot be made (in /proc, where node's own mkdir -p never returns)", () => {
    const root = tempDir();
    makeFolderFor(join(root, 'a', 'b', 'report.json'));
    expect(existsSync(join(root, 'a', 'b'))).toBe(true);
    writeFileSync(join(root, 'file'), '');
    expect(() => makeFolderFor(join(root, 'file', 'x', 'report.json'))).toThrow(/not a folder|ENOTDIR/);
    if (existsSync('/proc/self')) expect(() => makeFolderFor('/proc/rak-app-none/x/report.json')).toThrow();
  });
});
