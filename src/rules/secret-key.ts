import { toPointer } from '../core/json-pointer.js';
import { messages } from '../core/messages.js';
import { findSecrets } from '../core/secrets.js';
import type { Report } from '../core/finding.js';
import type { ManifestRule } from './rule.js';

export const secretKey: ManifestRule = {
  id: 'secret-key',
  severity: 'error',
  scope: 'manifest',
  description: 'No Stripe secret, restricted key or signing secret may sit in the manifest.',
  check: ({ manifest }) => {
    const reports: Report[] = [];
    const visit = (value: unknown, path: (string | number)[]): void => {
      if (typeof value === 'string') {
        for (const s of findSecrets(value)) reports.push({ pointer: toPointer(path), message: messages.secretKey(s.kind, s.masked, s.live) });
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
      else if (value !== null && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          // A secret used as a key name is as leaked as one used as a value.
          for (const s of findSecrets(key)) reports.push({ pointer: toPointer([...path, key]), at: 'key', message: messages.secretKey(s.kind, s.masked, s.live) });
          visit(v, [...path, key]);
        }
      }
    };
    visit(manifest, []);
    return reports;
  },
};
