import { messages } from '../core/messages.js';
import type { Report } from '../core/finding.js';
import { entries, isObject, type ManifestRule } from './rule.js';

// Hosts that serve the Stripe API; views reach Stripe through the SDK instead.
const STRIPE_API_HOST = /(^|\.)(api|files|uploads|connect|meter-events)\.stripe\.com$|^\*\.stripe\.com$/;
const LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|[^.]+\.localhost)$/;
const TUNNEL_HOST = /(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok-free\.dev|ngrok\.dev|trycloudflare\.com|loca\.lt|localtunnel\.me|serveo\.net|localhost\.run|lhr\.life|devtunnels\.ms)$/;

export const cspUrl: ManifestRule = {
  id: 'csp-url',
  severity: 'error',
  scope: 'manifest',
  description: 'Content security policy URLs must be https, have a path, avoid Stripe API hosts and use "*" only as the left-most label.',
  check: (ctx) => {
    const ui = ctx.manifest['ui_extension'];
    const csp = isObject(ui) ? ui['content_security_policy'] : undefined;
    if (!isObject(csp)) return [];
    const reports: Report[] = [];
    let urlCount = 0;
    for (const directive of ['connect-src', 'image-src'] as const) {
      for (const [i, url] of entries(csp[directive])) {
        if (typeof url !== 'string') continue;
        urlCount++;
        const pointer = `/ui_extension/content_security_policy/${directive}/${i}`;
        reports.push(...checkUrl(url, directive, pointer, ctx.fromLocal(pointer)));
      }
    }
    const purpose = csp['purpose'];
    const hasPurpose = (typeof purpose === 'string' && purpose.trim() !== '') || (isObject(purpose) && Object.keys(purpose).length > 0);
    if (urlCount > 0 && !hasPurpose && ctx.complete) {
      reports.push({ pointer: '/ui_extension/content_security_policy', message: messages.cspPurposeMissing(), severity: 'warning' });
    }
    return reports;
  },
};

function checkUrl(raw: string, directive: 'connect-src' | 'image-src', pointer: string, inLocalManifest: boolean): Report[] {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(raw);
  if (!match) return [{ pointer, message: messages.cspNotUrl(raw) }];
  const scheme = (match[1] ?? '').toLowerCase();
  const host = (match[2] ?? '').toLowerCase().replace(/:\d+$/, '');
  const path = match[3] ?? '';
  const local = LOCAL_HOST.test(host) || TUNNEL_HOST.test(host);
  const reports: Report[] = [];
  // A local manifest exists to point `stripe apps start` at a local server, over http if need be.
  if (scheme !== 'https' && !(inLocalManifest && local)) reports.push({ pointer, message: messages.cspNotHttps(raw) });
  // Stripe documents the path requirement for connect-src only.
  if (directive === 'connect-src' && (path === '' || path === '/')) reports.push({ pointer, message: messages.cspNoPath(raw) });
  if (STRIPE_API_HOST.test(host)) reports.push({ pointer, message: messages.cspStripeHost(raw) });
  // "*" may stand only as the whole left-most label of a host with at least two more labels.
  const labels = host.split('.');
  const allowedStars = labels[0] === '*' && labels.length > 2 ? 1 : 0;
  if ((raw.match(/\*/g) ?? []).length > allowedStars) reports.push({ pointer, message: messages.cspWildcard(raw) });
  if (local && !inLocalManifest) reports.push({ pointer, message: messages.cspLocal(raw), severity: 'warning' });
  return reports;
}
