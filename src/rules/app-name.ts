import { FORBIDDEN_NAME_WORDS } from '../catalog/names.js';
import { messages } from '../core/messages.js';
import type { ManifestRule } from './rule.js';

export const appName: ManifestRule = {
  id: 'app-name',
  severity: 'warning',
  scope: 'manifest',
  description: 'A public app\'s name must not contain words Stripe forbids ("Stripe", "App", "Free", "Paid", "RAK"…).',
  check: ({ manifest }) => {
    const name = manifest['name'];
    if (manifest['distribution_type'] !== 'public' || typeof name !== 'string') return [];
    const words = name.toLowerCase().split(/[^a-z0-9]+/);
    const word = FORBIDDEN_NAME_WORDS.find((w) => words.includes(w));
    return word ? [{ pointer: '/name', message: messages.appName(name, word) }] : [];
  },
};
