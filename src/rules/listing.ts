/**
 * Rules about how the app is presented: its icon and name. One exported rule per id, each with its
 * page in docs/rules/.
 */
import { join } from 'node:path';
import { FORBIDDEN_NAME_WORDS } from '../catalog/manifest-keys.js';
import { messages } from '../core/messages.js';
import type { ManifestRule } from './rule.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const icon: ManifestRule = {
  id: 'icon',
  severity: 'warning',
  scope: 'manifest',
  description: 'The icon must be a "./…png" path to a 300x300 PNG beside the manifest.',
  check: ({ manifest, complete, appDir, files }) => {
    const value = manifest['icon'];
    if (value === undefined) return complete ? [{ pointer: '', message: messages.iconEmpty() }] : [];
    if (typeof value !== 'string') return [];
    if (value === '') return [{ pointer: '/icon', message: messages.iconEmpty() }];
    if (!/^\.\/.+\.png$/.test(value) || value.split('/').includes('..')) return [{ pointer: '/icon', message: messages.iconPath(value) }];
    // The PNG header holds the signature, then the IHDR chunk with width and height.
    const head = files.readHead(join(appDir, value), 24);
    if (!head) return [{ pointer: '/icon', message: messages.iconMissing(value) }];
    if (head.length < 24 || PNG_SIGNATURE.some((b, i) => head[i] !== b)) return [{ pointer: '/icon', message: messages.iconNotPng(value) }];
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return width === 300 && height === 300 ? [] : [{ pointer: '/icon', message: messages.iconSize(value, width, height) }];
  },
};

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
