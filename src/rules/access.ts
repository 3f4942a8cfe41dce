/**
 * Rules about how the app reaches Stripe: the access type, redirect URIs, and secrets. One
 * exported rule per id, each with its page in docs/rules/.
 */
import { DEFAULT_ACCESS_TYPE, RAK_ACCESS_TYPE } from '../catalog/manifest-keys.js';
import type { Report } from '../core/finding.js';
import { toPointer } from '../core/json-pointer.js';
import { messages } from '../core/messages.js';
import { findSecrets } from '../core/secrets.js';
import type { ManifestRule } from './rule.js';

export const accessType: ManifestRule = {
  id: 'access-type',
  severity: 'error',
  scope: 'manifest',
  description: `stripe_api_access_type must be "${RAK_ACCESS_TYPE}" (absent means "${DEFAULT_ACCESS_TYPE}").`,
  check: ({ manifest, complete }) => {
    const value = manifest['stripe_api_access_type'];
    if (value === RAK_ACCESS_TYPE) return [];
    if (value === undefined) return complete ? [{ pointer: '', message: messages.accessTypeMissing() }] : [];
    return [{ pointer: '/stripe_api_access_type', message: messages.accessTypeWrong(value), suggestion: RAK_ACCESS_TYPE }];
  },
};

export const redirectUris: ManifestRule = {
  id: 'redirect-uris',
  severity: 'warning',
  scope: 'manifest',
  description: 'allowed_redirect_uris is unused by a RAK app.',
  check: ({ manifest }) => {
    const uris = manifest['allowed_redirect_uris'];
    return Array.isArray(uris) && uris.length > 0 ? [{ pointer: '/allowed_redirect_uris', message: messages.redirectUris() }] : [];
  },
};

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
