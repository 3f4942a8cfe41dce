import { DEFAULT_ACCESS_TYPE, RAK_ACCESS_TYPE } from '../catalog/manifest-keys.js';
import { messages } from '../core/messages.js';
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
