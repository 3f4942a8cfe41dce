import { findPermission } from '../catalog/permissions.js';
import { messages } from '../core/messages.js';
import { entries, isObject, type ManifestRule } from './rule.js';

export const permissionSpecial: ManifestRule = {
  id: 'permission-special',
  severity: 'warning',
  scope: 'manifest',
  description: 'Permissions Stripe restricts, or that make no sense in a key handed to a partner.',
  check: ({ manifest }) =>
    entries(manifest['permissions']).flatMap(([i, entry]) => {
      const name = isObject(entry) ? entry['permission'] : undefined;
      const caution = typeof name === 'string' ? findPermission(name)?.caution : undefined;
      return caution && typeof name === 'string'
        ? [{ pointer: `/permissions/${i}/permission`, message: messages.permissionSpecial(name, caution) }]
        : [];
    }),
};
