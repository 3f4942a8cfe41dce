import {
  findPermission,
  OFFICIAL_SCHEMA_TYPOS,
  PERMISSION_ALIASES,
  PERMISSION_NAMES,
} from '../catalog/permissions.js';
import { messages } from '../core/messages.js';
import { suggest } from '../core/suggest.js';
import type { Report } from '../core/finding.js';
import { entries, isObject, type ManifestRule } from './rule.js';

// Webhook event types look like `invoice.paid` or `account.application.authorized`.
const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;

export const permissionUnknown: ManifestRule = {
  id: 'permission-unknown',
  severity: 'error',
  scope: 'manifest',
  description: 'Every permission must be one Stripe documents.',
  check: ({ manifest }) =>
    entries(manifest['permissions']).flatMap(([i, entry]): Report[] => {
      // A bare string is a shape problem (schema); its name is still worth checking.
      const name = isObject(entry) ? entry['permission'] : entry;
      const pointer = isObject(entry) ? `/permissions/${i}/permission` : `/permissions/${i}`;
      if (name === undefined) return [];
      if (typeof name !== 'string') return isObject(entry) ? [{ pointer, message: messages.permissionNotString(name) }] : [];
      if (findPermission(name)) return [];
      if (EVENT_TYPE.test(name)) return [{ pointer, message: messages.permissionIsEvent(name), suggestion: 'event_read' }];
      const suggestion = suggest(name, PERMISSION_NAMES, PERMISSION_ALIASES);
      return [
        {
          pointer,
          message: messages.permissionUnknown(name, suggestion, OFFICIAL_SCHEMA_TYPOS.has(name)),
          ...(suggestion ? { suggestion } : {}),
        },
      ];
    }),
};
