import { join } from 'node:path';
import { SETTINGS_VIEWPORT } from '../catalog/viewports.js';
import { messages } from '../core/messages.js';
import type { Report } from '../core/finding.js';
import { entries, isObject, type ManifestRule } from './rule.js';

/** What the restricted-api-key-app template leaves for the developer to replace. */
const PLACEHOLDER_LINK = /\bhref\s*=\s*(?:\{\s*)?(["'])(https:\/\/stripe\.com\/?|)\1/g;
const PLACEHOLDER_TEXT = 'You can use this space to welcome your users';
const SOURCE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

export const settingsPlaceholder: ManifestRule = {
  id: 'settings-placeholder',
  severity: 'warning',
  scope: 'manifest',
  description: 'The settings view must not keep the template\'s placeholder links and text.',
  check: ({ manifest, appDir, files }) => {
    const ui = manifest['ui_extension'];
    const reports: Report[] = [];
    for (const [, view] of entries(isObject(ui) ? ui['views'] : undefined)) {
      if (!isObject(view) || view['viewport'] !== SETTINGS_VIEWPORT || typeof view['component'] !== 'string') continue;
      if (!/^[A-Za-z0-9_]+$/.test(view['component'])) continue;
      for (const ext of SOURCE_EXTENSIONS) {
        const path = join(appDir, 'src', 'views', view['component'] + ext);
        const text = files.readText(path);
        if (text === undefined) continue;
        for (const m of text.matchAll(PLACEHOLDER_LINK)) {
          reports.push({ pointer: '', message: messages.settingsPlaceholderLink(m[2] ?? ''), location: { file: path, ...lineColumn(text, m.index ?? 0) } });
        }
        const textAt = text.indexOf(PLACEHOLDER_TEXT);
        if (textAt >= 0) reports.push({ pointer: '', message: messages.settingsPlaceholderText(), location: { file: path, ...lineColumn(text, textAt) } });
        break;
      }
    }
    return reports;
  },
};

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  return { line, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
}
