import { messages } from '../core/messages.js';
import { entries, isObject, type ManifestRule } from './rule.js';

export const permissionDuplicate: ManifestRule = {
  id: 'permission-duplicate',
  severity: 'error',
  scope: 'manifest',
  description: 'Each permission may be requested once.',
  check: ({ manifest }) => {
    const firstIndex = new Map<string, number>();
    return entries(manifest['permissions']).flatMap(([i, entry]) => {
      const name = isObject(entry) ? entry['permission'] : entry;
      if (typeof name !== 'string') return [];
      const first = firstIndex.get(name);
      if (first === undefined) {
        firstIndex.set(name, i);
        return [];
      }
      const pointer = isObject(entry) ? `/permissions/${i}/permission` : `/permissions/${i}`;
      return [{ pointer, message: messages.permissionDuplicate(name, first) }];
    });
  },
};
