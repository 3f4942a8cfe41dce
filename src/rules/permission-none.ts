import { messages } from '../core/messages.js';
import type { ManifestRule } from './rule.js';

export const permissionNone: ManifestRule = {
  id: 'permission-none',
  severity: 'error',
  scope: 'manifest',
  description: 'A RAK app must request at least one permission, or its key can do nothing.',
  check: ({ manifest, complete }) => {
    if (!complete) return [];
    const permissions = manifest['permissions'];
    if (Array.isArray(permissions) && permissions.length > 0) return [];
    return [{ pointer: permissions === undefined ? '' : '/permissions', message: messages.permissionNone() }];
  },
};
