import { messages } from '../core/messages.js';
import type { ManifestRule } from './rule.js';

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
