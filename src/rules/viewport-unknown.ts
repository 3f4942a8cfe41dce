import { VIEWPORT_ALIASES, VIEWPORT_NAMES } from '../catalog/viewports.js';
import { messages } from '../core/messages.js';
import { suggest } from '../core/suggest.js';
import type { Report } from '../core/finding.js';
import { entries, isObject, type ManifestRule } from './rule.js';

export const viewportUnknown: ManifestRule = {
  id: 'viewport-unknown',
  severity: 'error',
  scope: 'manifest',
  description: 'Every view must use a viewport Stripe documents.',
  check: ({ manifest }) => {
    const ui = manifest['ui_extension'];
    return entries(isObject(ui) ? ui['views'] : undefined).flatMap(([i, view]): Report[] => {
      if (!isObject(view) || view['viewport'] === undefined) return [];
      const viewport = view['viewport'];
      const pointer = `/ui_extension/views/${i}/viewport`;
      if (typeof viewport !== 'string') return [{ pointer, message: messages.viewportNotString(viewport) }];
      if (VIEWPORT_NAMES.includes(viewport)) return [];
      const suggestion = suggest(viewport, VIEWPORT_NAMES, VIEWPORT_ALIASES);
      return [{ pointer, message: messages.viewportUnknown(viewport, suggestion), ...(suggestion ? { suggestion } : {}) }];
    });
  },
};
