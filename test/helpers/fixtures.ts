import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../src/rules/index.js';
import { check } from '../../src/core/check.js';
import type { Finding } from '../../src/core/finding.js';
import { memoryFs } from './memory-fs.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_DIR = join(ROOT, 'examples', 'ledger-sync');
export const SHARED = join(ROOT, '..', 'shared');

/** A valid RAK manifest (the example app's), as an object to change one thing in. */
export function validManifest(): Record<string, any> {
  return JSON.parse(readFileSync(join(EXAMPLE_DIR, 'stripe-app.json'), 'utf8'));
}

export const ICON = readFileSync(join(EXAMPLE_DIR, 'icon.png'));
export const SETTINGS_SOURCE = readFileSync(join(EXAMPLE_DIR, 'src', 'views', 'AppSettings.tsx'), 'utf8');

/** Checks manifest text in an app folder at /app (with the example's icon and settings view). */
export function checkText(
  text: string,
  extra: Record<string, string | Uint8Array> = {},
  paths: string[] = ['/app'],
): Finding[] {
  const fs = memoryFs({
    '/app/stripe-app.json': text,
    '/app/icon.png': ICON,
    '/app/src/views/AppSettings.tsx': SETTINGS_SOURCE,
    ...extra,
  });
  return check({ paths, cwd: '/' }, fs, RULES).files.flatMap((f) => f.findings);
}

export const checkManifest = (manifest: unknown, extra?: Record<string, string | Uint8Array>): Finding[] =>
  checkText(JSON.stringify(manifest, null, 2) + '\n', extra);

/** 1-based line and column of the first occurrence of `needle` in `text` (after `after`, if given). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const start = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(needle, start);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export const only = (findings: Finding[], ruleId: string): Finding[] => findings.filter((f) => f.ruleId === ruleId);
