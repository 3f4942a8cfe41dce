import { SETTINGS_VIEWPORT } from '../catalog/viewports.js';
import { messages } from '../core/messages.js';
import { entries, isObject, type ManifestRule } from './rule.js';

export const viewContext: ManifestRule = {
  id: 'view-context',
  severity: 'warning',
  scope: 'manifest',
  description: 'Views outside the settings page get no Dashboard context in a RAK app.',
  check: ({ manifest }) => {
    const ui = manifest['ui_extension'];
    return entries(isObject(ui) ? ui['views'] : undefined).flatMap(([i, view]) => {
      const viewport = isObject(view) ? view['viewport'] : undefined;
      if (typeof viewport !== 'string' || viewport === SETTINGS_VIEWPORT) return [];
      return [{ pointer: `/ui_extension/views/${i}/viewport`, message: messages.viewContext(viewport) }];
    });
  },
};
