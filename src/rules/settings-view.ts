import { SETTINGS_VIEWPORT } from '../catalog/viewports.js';
import { messages } from '../core/messages.js';
import { entries, isObject, type ManifestRule } from './rule.js';

export const settingsView: ManifestRule = {
  id: 'settings-view',
  severity: 'error',
  scope: 'manifest',
  description: 'A RAK app needs a view on the "settings" viewport, where users generate their key.',
  check: ({ manifest, complete }) => {
    if (!complete) return [];
    const ui = manifest['ui_extension'];
    const views = isObject(ui) ? ui['views'] : undefined;
    const hasSettings = entries(views).some(([, view]) => isObject(view) && view['viewport'] === SETTINGS_VIEWPORT);
    if (hasSettings) return [];
    const pointer = Array.isArray(views) ? '/ui_extension/views' : isObject(ui) ? '/ui_extension' : '';
    return [{ pointer, message: messages.settingsViewMissing() }];
  },
};
