/**
 * Rules about what users see: the settings view they land on, other views, viewports, the content
 * security policy, and the app's icon and name. One exported rule per id, each with its page in
 * docs/rules/.
 */
import { join } from 'node:path';
import { FORBIDDEN_NAME_WORDS, SETTINGS_VIEWPORT, VIEWPORT_ALIASES, VIEWPORT_NAMES } from '../catalog/manifest.js';
import type { Report } from '../core/finding.js';
import { say } from '../core/messages.js';
import { entries, isObject, lineColumn } from '../core/source-file.js';
import { suggest } from '../core/suggest.js';
import type { ManifestRule } from '../core/rule.js';

export const settingsView: ManifestRule = {
  id: 'settings-view',
  // A warning: Stripe makes a settings page for every app, and only recommends adding to it ("We
  // recommend adding instructions or links" for RAK apps).
  severity: 'warning',
  scope: 'manifest',
  description: 'A RAK app should have a view on the "settings" viewport, where users generate their key.',
  check: ({ manifest, complete }) => {
    if (!complete) return [];
    const ui = manifest['ui_extension'];
    const views = isObject(ui) ? ui['views'] : undefined;
    const hasSettings = entries(views).some(([, view]) => isObject(view) && view['viewport'] === SETTINGS_VIEWPORT);
    if (hasSettings) return [];
    const pointer = Array.isArray(views) ? '/ui_extension/views' : isObject(ui) ? '/ui_extension' : '';
    return [{ pointer, ...say('settingsViewMissing', {}) }];
  },
};

export const viewContext: ManifestRule = {
  id: 'view-context',
  severity: 'warning',
  scope: 'manifest',
  description: 'Views outside the settings page get no Dashboard context in a RAK app.',
  check: ({ manifest }) => {
    const ui = manifest['ui_extension'];
    return entries(isObject(ui) ? ui['views'] : undefined).flatMap(([i, view]) => {
      const viewport = isObject(view) ? view['viewport'] : undefined;
      // An unknown viewport is viewport-unknown's finding alone.
      if (typeof viewport !== 'string' || viewport === SETTINGS_VIEWPORT || !VIEWPORT_NAMES.includes(viewport))
        return [];
      return [{ pointer: `/ui_extension/views/${i}/viewport`, ...say('viewContext', { viewport }) }];
    });
  },
};

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
      if (typeof viewport !== 'string') return [{ pointer, ...say('viewportNotString', { value: viewport }) }];
      if (VIEWPORT_NAMES.includes(viewport)) return [];
      const suggestion = suggest(viewport, VIEWPORT_NAMES, VIEWPORT_ALIASES);
      return [
        {
          pointer,
          ...say('viewportUnknown', { name: viewport, suggestion: suggestion ?? null }),
          ...(suggestion ? { suggestion } : {}),
        },
      ];
    });
  },
};

/** What the restricted-api-key-app template leaves for the developer to replace. */
const PLACEHOLDER_LINK = /\bhref\s*=\s*(?:\{\s*)?(["'])(https:\/\/stripe\.com\/?|)\1/g;
const PLACEHOLDER_TEXT = 'You can use this space to welcome your users';
const SOURCE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

export const settingsPlaceholder: ManifestRule = {
  id: 'settings-placeholder',
  severity: 'warning',
  scope: 'manifest',
  description: "The settings view must not keep the template's placeholder links and text.",
  check: ({ manifest, appDir, files }) => {
    const ui = manifest['ui_extension'];
    const reports: Report[] = [];
    for (const [, view] of entries(isObject(ui) ? ui['views'] : undefined)) {
      if (!isObject(view) || view['viewport'] !== SETTINGS_VIEWPORT || typeof view['component'] !== 'string') continue;
      if (!/^[A-Za-z0-9_]+$/.test(view['component'])) continue;
      for (const ext of SOURCE_EXTENSIONS) {
        const path = join(appDir, 'src', 'views', view['component'] + ext);
        const text = files.readText(path);
        if (text === undefined) continue;
        for (const m of text.matchAll(PLACEHOLDER_LINK)) {
          reports.push({
            pointer: '',
            ...say('settingsPlaceholderLink', { href: m[2] ?? '' }),
            location: { file: path, ...lineColumn(text, m.index ?? 0) },
          });
        }
        const textAt = text.indexOf(PLACEHOLDER_TEXT);
        if (textAt >= 0)
          reports.push({
            pointer: '',
            ...say('settingsPlaceholderText', {}),
            location: { file: path, ...lineColumn(text, textAt) },
          });
        break;
      }
    }
    return reports;
  },
};

// Hosts that serve the Stripe API; views reach Stripe through the SDK instead.
const STRIPE_API_HOST = /(^|\.)(api|files|uploads|connect|meter-events)\.stripe\.com$|^\*\.stripe\.com$/;
const LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|[^.]+\.localhost)$/;
const TUNNEL_HOST =
  /(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok-free\.dev|ngrok\.dev|trycloudflare\.com|loca\.lt|localtunnel\.me|serveo\.net|localhost\.run|lhr\.life|devtunnels\.ms)$/;

export const cspUrl: ManifestRule = {
  id: 'csp-url',
  severity: 'error',
  scope: 'manifest',
  description:
    'Content security policy URLs must be https, have a path, avoid Stripe API hosts and use "*" only as the left-most label.',
  check: (ctx) => {
    const ui = ctx.manifest['ui_extension'];
    const csp = isObject(ui) ? ui['content_security_policy'] : undefined;
    if (!isObject(csp)) return [];
    const reports: Report[] = [];
    let urlCount = 0;
    for (const directive of ['connect-src', 'image-src'] as const) {
      const value = csp[directive];
      // A single URL written as a bare string, not a list, is checked all the same.
      const urls: [string, unknown][] =
        typeof value === 'string' ? [['', value]] : entries(value).map(([i, url]) => [`/${i}`, url]);
      for (const [at, url] of urls) {
        if (typeof url !== 'string') continue;
        urlCount++;
        const pointer = `/ui_extension/content_security_policy/${directive}${at}`;
        reports.push(...checkUrl(url, directive, pointer, ctx.fromLocal(pointer)));
      }
    }
    const purpose = csp['purpose'];
    const hasPurpose =
      (typeof purpose === 'string' && purpose.trim() !== '') || (isObject(purpose) && Object.keys(purpose).length > 0);
    if (urlCount > 0 && !hasPurpose && ctx.complete) {
      reports.push({
        pointer: '/ui_extension/content_security_policy',
        ...say('cspPurposeMissing', {}),
        severity: 'warning',
      });
    }
    return reports;
  },
};

function checkUrl(
  raw: string,
  directive: 'connect-src' | 'image-src',
  pointer: string,
  inLocalManifest: boolean,
): Report[] {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(raw);
  // One URL an entry: a space anywhere makes it two sources, or none; a host is there, and a port is one.
  const authority = (match?.[2] ?? '').replace(/^.*@/, ''); // `user@host`: the host follows the @
  const port = /:(\d*)$/.exec(authority)?.[1];
  const hostName = port === undefined ? authority : authority.slice(0, -port.length - 1);
  if (!match || /\s/.test(raw) || hostName === '' || (port !== undefined && Number(port) > 65535))
    return [{ pointer, ...say('cspNotUrl', { value: raw }) }];
  const scheme = (match[1] ?? '').toLowerCase();
  // `api.stripe.com.` (the DNS root's trailing dot) is the same host; `user@api.stripe.com` too.
  const host = hostName.toLowerCase().replace(/\.$/, '');
  const path = match[3] ?? '';
  const local = LOCAL_HOST.test(host) || TUNNEL_HOST.test(host);
  const reports: Report[] = [];
  // A local manifest exists to point `stripe apps start` at a local server, over http if need be.
  if (scheme !== 'https' && !(inLocalManifest && local)) reports.push({ pointer, ...say('cspNotHttps', { url: raw }) });
  // Stripe documents the path requirement for connect-src only.
  if (directive === 'connect-src' && (path === '' || path === '/'))
    reports.push({ pointer, ...say('cspNoPath', { url: raw }) });
  if (STRIPE_API_HOST.test(host)) reports.push({ pointer, ...say('cspStripeHost', { url: raw }) });
  // "*" may stand only as the whole left-most label of a host with at least two more labels.
  const labels = host.split('.');
  const allowedStars = labels[0] === '*' && labels.length > 2 ? 1 : 0;
  if ((raw.match(/\*/g) ?? []).length > allowedStars) reports.push({ pointer, ...say('cspWildcard', { url: raw }) });
  if (local && !inLocalManifest) reports.push({ pointer, ...say('cspLocal', { url: raw }), severity: 'warning' });
  return reports;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const icon: ManifestRule = {
  id: 'icon',
  severity: 'warning',
  scope: 'manifest',
  description: 'The icon must be a "./…png" path to a 300x300 PNG beside the manifest.',
  check: ({ manifest, complete, appDir, files }) => {
    const value = manifest['icon'];
    if (value === undefined) return complete ? [{ pointer: '', ...say('iconEmpty', {}) }] : [];
    if (typeof value !== 'string') return [];
    if (value === '') return [{ pointer: '/icon', ...say('iconEmpty', {}) }];
    // "brand_icon.png" beside the manifest: only the "./" is missing.
    if (/^[^./][^/]*\.png$/.test(value) && files.readHead(join(appDir, value), 1)) {
      return [{ pointer: '/icon', ...say('iconNoDotSlash', { value }), suggestion: `./${value}` }];
    }
    if (!/^\.\/.+\.png$/.test(value) || value.split('/').includes('..'))
      return [{ pointer: '/icon', ...say('iconPath', { value }) }];
    // The PNG header holds the signature, then the IHDR chunk with width and height.
    const head = files.readHead(join(appDir, value), 24);
    if (!head) return [{ pointer: '/icon', ...say('iconMissing', { value }) }];
    if (head.length < 24 || PNG_SIGNATURE.some((b, i) => head[i] !== b))
      return [{ pointer: '/icon', ...say('iconNotPng', { value }) }];
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return width === 300 && height === 300 ? [] : [{ pointer: '/icon', ...say('iconSize', { value, width, height }) }];
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
    return word ? [{ pointer: '/name', ...say('appName', { name, word }) }] : [];
  },
};

// Marketplace apps must declare it, true or false, since 2025-02-03 (docs.stripe.com/stripe-apps/reference/app-manifest).
// Either answer can be right (a sandbox install connects to the partner's managed sandbox), so there is no suggestion.
export const sandboxInstall: ManifestRule = {
  id: 'sandbox-install',
  severity: 'warning',
  scope: 'manifest',
  description: 'A public app must say whether it can be installed in sandboxes (sandbox_install_compatible).',
  check: ({ manifest, complete, fromLocal }) => {
    // A local manifest that makes the app public is never uploaded: only stripe-app.json is asked.
    if (!complete || manifest['distribution_type'] !== 'public' || fromLocal('/distribution_type')) return [];
    return manifest['sandbox_install_compatible'] === undefined
      ? [{ pointer: '/distribution_type', ...say('sandboxInstallMissing', {}) }]
      : [];
  },
};
