/**
 * Rules about what the app's key can do and how the app reaches Stripe: the access type, the
 * permissions the generated key will hold, redirect URIs, and secrets. One exported rule per id,
 * each with its page in docs/rules/.
 */
import { DEFAULT_ACCESS_TYPE, RAK_ACCESS_TYPE } from '../catalog/manifest.js';
import { OFFICIAL_SCHEMA_TYPOS, PERMISSION_ALIASES, PERMISSION_NAMES, findPermission } from '../catalog/permissions.js';
import { scopePermission } from '../catalog/scopes.js';
import type { Report } from '../core/finding.js';
import { say } from '../core/messages.js';
import { findSecrets } from '../core/secrets.js';
import { entries, isObject, toPointer } from '../core/source-file.js';
import { distance } from 'fastest-levenshtein';
import { suggest } from '../core/suggest.js';
import type { ManifestRule } from '../core/rule.js';

const ACCESS_TYPE_KEY = 'stripe_api_access_type';

export const accessType: ManifestRule = {
  id: 'access-type',
  severity: 'error',
  scope: 'manifest',
  description: `stripe_api_access_type must be "${RAK_ACCESS_TYPE}" (absent means "${DEFAULT_ACCESS_TYPE}").`,
  check: ({ manifest, complete, appFolder, kind, fromLocal }) => {
    const value = manifest['stripe_api_access_type'];
    if (value === RAK_ACCESS_TYPE) return [];
    const nearMiss = typeof value === 'string' && suggest(value, [RAK_ACCESS_TYPE]) === RAK_ACCESS_TYPE;
    // A local manifest that sets it over its base: convert (which edits the base) changes nothing.
    if (kind === 'local' && value !== undefined && !nearMiss && fromLocal('/stripe_api_access_type'))
      return [
        {
          pointer: '/stripe_api_access_type',
          ...say('accessTypeLocalOverride', { value }),
          suggestion: RAK_ACCESS_TYPE,
        },
      ];
    if (value === undefined) {
      if (!complete) return [];
      // `stripe_api_acess_type`: the fix is the key's name, not a convert.
      const typo = Object.keys(manifest).find((key) => suggest(key, [ACCESS_TYPE_KEY]) === ACCESS_TYPE_KEY);
      if (typo)
        return [
          { pointer: `/${typo}`, at: 'key', ...say('accessTypeKeyTypo', { key: typo }), suggestion: ACCESS_TYPE_KEY },
        ];
      return [{ pointer: '', ...say('accessTypeMissing', { folder: appFolder }) }];
    }
    return [
      {
        pointer: '/stripe_api_access_type',
        ...say('accessTypeWrong', { value, nearMiss, folder: appFolder }),
        suggestion: RAK_ACCESS_TYPE,
      },
    ];
  },
};

export const redirectUris: ManifestRule = {
  id: 'redirect-uris',
  severity: 'warning',
  scope: 'manifest',
  description: 'allowed_redirect_uris is unused by a RAK app.',
  check: ({ manifest }) => {
    const uris = manifest['allowed_redirect_uris'];
    return Array.isArray(uris) && uris.length > 0
      ? [{ pointer: '/allowed_redirect_uris', ...say('redirectUris', {}) }]
      : [];
  },
};

export const secretKey: ManifestRule = {
  id: 'secret-key',
  severity: 'error',
  scope: 'manifest',
  description: 'No Stripe secret, restricted key or signing secret may sit in the manifest.',
  check: ({ manifest }) => {
    const reports: Report[] = [];
    const visit = (value: unknown, path: (string | number)[]): void => {
      if (typeof value === 'string') {
        for (const s of findSecrets(value))
          reports.push({
            pointer: toPointer(path),
            ...say('secretKey', { kind: s.kind, masked: s.masked, live: s.live }),
          });
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => {
          visit(v, [...path, i]);
        });
      } else if (value !== null && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          // A secret used as a key name is as leaked as one used as a value.
          for (const s of findSecrets(key))
            reports.push({
              pointer: toPointer([...path, key]),
              at: 'key',
              ...say('secretKey', { kind: s.kind, masked: s.masked, live: s.live }),
            });
          visit(v, [...path, key]);
        }
      }
    };
    visit(manifest, []);
    return reports;
  },
};

export const permissionNone: ManifestRule = {
  id: 'permission-none',
  severity: 'error',
  scope: 'manifest',
  description: 'A RAK app must request at least one permission, or its key can do nothing.',
  check: ({ manifest, complete }) => {
    if (!complete) return [];
    const permissions = manifest['permissions'];
    if (Array.isArray(permissions) && permissions.length > 0) return [];
    return [{ pointer: permissions === undefined ? '' : '/permissions', ...say('permissionNone', {}) }];
  },
};

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
      if (typeof name !== 'string')
        return isObject(entry) ? [{ pointer, ...say('permissionNotString', { value: name }) }] : [];
      if (findPermission(name)) return [];
      // `customer.read`: a permission written with a dot, one edit or none from one; `invoice.paid` is an event.
      const dotted = EVENT_TYPE.test(name) ? name.replaceAll('.', '_') : undefined;
      const near = dotted === undefined ? undefined : suggest(dotted, PERMISSION_NAMES);
      if (dotted !== undefined && near !== undefined && distance(dotted, near) <= 1)
        return [
          {
            pointer,
            ...say('permissionUnknown', { name, suggestion: near, typoInOfficialSchema: false }),
            suggestion: near,
          },
        ];
      if (dotted !== undefined) return [{ pointer, ...say('permissionIsEvent', { name }), suggestion: 'event_read' }];
      // Copied from a 403 ("Having the 'rak_customer_read' permission would allow…"): the scope's permission.
      const scoped = scopePermission(name);
      if (scoped) return [{ pointer, ...say('permissionIsScope', { name, permission: scoped }), suggestion: scoped }];
      const suggestion = suggest(name, PERMISSION_NAMES, PERMISSION_ALIASES);
      return [
        {
          pointer,
          ...say('permissionUnknown', {
            name,
            suggestion: suggestion ?? null,
            typoInOfficialSchema: OFFICIAL_SCHEMA_TYPOS.has(name),
          }),
          ...(suggestion ? { suggestion } : {}),
        },
      ];
    }),
};

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
      return [{ pointer, ...say('permissionDuplicate', { name, firstIndex: first }) }];
    });
  },
};

// What people leave in a purpose when they mean to come back to it.
const PLACEHOLDER =
  /^(todo|tbd|fixme|xxx+|tba|n\/?a|none|test|testing|placeholder|purpose|description|lorem ipsum.*|\.+|-+|\?+|…)$|^(todo|tbd|fixme)(\s*:|\s+[-–—]\s)|^<[^<>]*>$|^\[[^[\]]*\]$|^\{\{.*\}\}$/i;

/** Whether a purpose is one people leave to come back to (`TODO`, `…`): what this rule flags. */
export const isPlaceholderPurpose = (purpose: string): boolean => PLACEHOLDER.test(purpose.trim());

/**
 * What keeps a purpose from reading as the one line users see at install, or undefined: a line
 * break of any kind, a control character (an escape sequence, a NUL), or a bidirectional control,
 * which reorders what follows.
 */
export function notOneLine(purpose: string): string | undefined {
  if (/[\n\r\u2028\u2029]/.test(purpose)) return 'a line break';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(purpose)) return 'a control character';
  if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(purpose)) return 'a bidirectional control';
  return undefined;
}

export const permissionPurpose: ManifestRule = {
  id: 'permission-purpose',
  severity: 'error',
  scope: 'manifest',
  description: 'Every permission needs a purpose users can read at install; placeholders are flagged.',
  check: ({ manifest }) =>
    entries(manifest['permissions']).flatMap(([i, entry]): Report[] => {
      if (!isObject(entry)) return [];
      // null, not undefined, for an entry without a name: the finding's data keeps the key in JSON.
      const name = entry['permission'] ?? null;
      const purpose = entry['purpose'];
      const pointer = `/permissions/${i}/purpose`;
      if (purpose === undefined || purpose === null)
        return [{ pointer: `/permissions/${i}`, ...say('purposeMissing', { name, index: i }) }];
      // A purpose is a string, or an object mapping locales to strings.
      const texts: [string, unknown][] =
        typeof purpose === 'string'
          ? [[pointer, purpose]]
          : isObject(purpose)
            ? Object.entries(purpose).map(([locale, text]) => [`${pointer}/${locale}`, text])
            : [];
      if (isObject(purpose) && texts.length === 0) return [{ pointer, ...say('purposeEmpty', { name, index: i }) }];
      return texts.flatMap(([at, text]): Report[] => {
        if (typeof text !== 'string') return [];
        if (text.trim() === '') return [{ pointer: at, ...say('purposeEmpty', { name, index: i }) }];
        if (isPlaceholderPurpose(text))
          return [
            { pointer: at, ...say('purposePlaceholder', { name, index: i, purpose: text }), severity: 'warning' },
          ];
        const found = notOneLine(text);
        if (found)
          return [{ pointer: at, ...say('purposeNotOneLine', { name, index: i, found }), severity: 'warning' }];
        return [];
      });
    }),
};

export const permissionSpecial: ManifestRule = {
  id: 'permission-special',
  severity: 'warning',
  scope: 'manifest',
  description: 'Permissions Stripe restricts, or that make no sense in a key handed to a partner.',
  check: ({ manifest }) =>
    entries(manifest['permissions']).flatMap(([i, entry]) => {
      const name = isObject(entry) ? entry['permission'] : undefined;
      const caution = typeof name === 'string' ? findPermission(name)?.caution : undefined;
      return caution && typeof name === 'string'
        ? [{ pointer: `/permissions/${i}/permission`, ...say('permissionSpecial', { name, why: caution }) }]
        : [];
    }),
};
