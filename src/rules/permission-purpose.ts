import { messages } from '../core/messages.js';
import type { Report } from '../core/finding.js';
import { entries, isObject, type ManifestRule } from './rule.js';

// What people leave in a purpose when they mean to come back to it.
const PLACEHOLDER = /^(todo|tbd|fixme|xxx+|tba|n\/?a|none|test|testing|placeholder|purpose|description|lorem ipsum.*|\.+|-+|\?+|…)$/i;

export const permissionPurpose: ManifestRule = {
  id: 'permission-purpose',
  severity: 'error',
  scope: 'manifest',
  description: 'Every permission needs a purpose users can read at install; placeholders are flagged.',
  check: ({ manifest }) =>
    entries(manifest['permissions']).flatMap(([i, entry]): Report[] => {
      if (!isObject(entry)) return [];
      const name = String(entry['permission'] ?? `permissions[${i}]`);
      const purpose = entry['purpose'];
      const pointer = `/permissions/${i}/purpose`;
      if (purpose === undefined || purpose === null) return [{ pointer: `/permissions/${i}`, message: messages.purposeMissing(name) }];
      // A purpose is a string, or an object mapping locales to strings.
      const texts: [string, unknown][] = typeof purpose === 'string' ? [[pointer, purpose]] : isObject(purpose) ? Object.entries(purpose).map(([locale, text]) => [`${pointer}/${locale}`, text]) : [];
      if (isObject(purpose) && texts.length === 0) return [{ pointer, message: messages.purposeEmpty(name) }];
      return texts.flatMap(([at, text]): Report[] => {
        if (typeof text !== 'string') return [];
        if (text.trim() === '') return [{ pointer: at, message: messages.purposeEmpty(name) }];
        if (PLACEHOLDER.test(text.trim())) return [{ pointer: at, message: messages.purposePlaceholder(name, text), severity: 'warning' }];
        return [];
      });
    }),
};
