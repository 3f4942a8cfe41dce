/**
 * Requests to Stripe's API made without stripe-node, found in a file's text where their URL is
 * written: each is reported, since which permission it needs is not read.
 */
import { lineColumn } from '../core/source-file.js';
import type { At } from './types.js';

/**
 * A URL of Stripe's API with its version, up to its query: `https://api.stripe.com/v1/customers`,
 * an HTTP client's base `https://api.stripe.com/v1` (axios's `baseURL`, got's `prefixUrl`), the
 * files host's `https://files.stripe.com/v1/files`. The host alone (a CSP list) is no request.
 */
const STRIPE_API_URL = /https?:\/\/(?:api|files)\.stripe\.com\/v\d+(?![\w.])[\w/.{}$-]*/g;
/**
 * The host alone, a whole string given to a name for a request's base (`baseURL: "https://api.stripe.com"`,
 * got's `prefixUrl`, `const STRIPE_API_BASE = …`): the paths are joined to it where each request is
 * made. Not in a list or a text (a CSP's `connectSrc: ['https://api.stripe.com']`), nor under another
 * name (an origin allowed, a host to preconnect to, a status page's `url`).
 */
const STRIPE_API_BASE = /\w*(?:base|prefix)\w*['"]?\s*[:=]\s*(['"`])(https?:\/\/(?:api|files)\.stripe\.com\/?)\1/gi;
/**
 * The host joined to a path where a request is made: `` `https://api.stripe.com${path}` ``,
 * `'https://api.stripe.com' + path`, `new URL(path, 'https://api.stripe.com')`, and Node's
 * `https.request({ hostname: 'api.stripe.com', path })`. Not a text that names it before a space, nor
 * the files host as an image's (`remotePatterns: [{ hostname: 'files.stripe.com' }]` in next.config).
 */
const HOST = String.raw`(?<host>https?:\/\/(?:api|files)\.stripe\.com\/?)`;
const JOINED = [
  new RegExp(String.raw`\`${HOST}\$\{`, 'g'),
  new RegExp(String.raw`(['"])${HOST}\1\s*\+`, 'g'),
  new RegExp(String.raw`new URL\([^,()]+,\s*(['"\`])${HOST}\1\s*\)`, 'g'),
  /host(?:name)?\s*:\s*(['"`])(?<host>api\.stripe\.com)\1/g,
];

/** The host alone given to a name (those named for a base are STRIPE_API_BASE's). */
const NAMED_HOST = /([\w$]+)['"]?\s*[:=]\s*(['"`])(https?:\/\/(?:api|files)\.stripe\.com\/?)\2/g;

/** Whether a name is joined to a path after it is given the host: `${NAME}/…`, `${x.NAME}/…`, `NAME + '/…'`, `new URL(…, x.NAME)`. */
function joinedLater(text: string, name: string, from: number): boolean {
  const rest = text.slice(from);
  const held = String.raw`(?:[\w$]+\??\.)*${name.replace(/\$/g, '\\$')}`;
  return new RegExp(String.raw`\$\{${held}\}\/|\b${held}\s*\+\s*['"\`]\/|new URL\([^()]*,\s*${held}\s*\)`).test(rest);
}

/**
 * A test's or a mock's file, by its own name (`payouts.test.ts`, `x.spec.js`, NestJS's
 * `app.e2e-spec.ts`, Cypress's `pay.cy.ts`; not `ab-test.ts`) or a folder only tests have
 * (`__tests__`, `__mocks__`): a URL of Stripe's there is a mocked or an asserted request, made by the
 * code under test. Not `test/`, `mocks/` or `fixtures/`: the path is the one given, and the project
 * itself may sit in such a folder.
 */
const TEST_FILE = /(?:^|[\\/])__(?:tests|mocks)__[\\/]|(?:\.(?:test|spec|cy)|-spec)\.[cm]?[jt]sx?$/i;

/**
 * Requests to Stripe's API written out in code rather than made through stripe-node
 * (`fetch('https://api.stripe.com/v1/customers')`): each URL outside the spans `skipped` (comments,
 * stripe-node's own `rawRequest` arguments), at its place. Read from the text, only when it names
 * the host: most files do not.
 */
export function directRequests(
  path: string,
  text: string,
  skipped: readonly { start?: number | null; end?: number | null }[],
): ({ what: string } & At)[] {
  if (!text.includes('.stripe.com') || TEST_FILE.test(path)) return [];
  const found: ({ what: string } & At)[] = [];
  const add = (what: string, at: number): void => {
    if (!skipped.some((c) => c.start != null && c.end != null && at >= c.start && at < c.end))
      found.push({ what, ...lineColumn(text, at) });
  };
  for (const m of text.matchAll(STRIPE_API_URL)) add(m[0], m.index);
  for (const m of text.matchAll(STRIPE_API_BASE)) add(m[2]!, m.index + m[0].length - m[2]!.length - 1);
  for (const joined of JOINED)
    for (const m of text.matchAll(joined)) add(m.groups!['host']!, m.index + m[0].indexOf(m.groups!['host']!));
  // const STRIPE_API_URL = 'https://api.stripe.com', then `${STRIPE_API_URL}/v1/…` where a request is made.
  for (const m of text.matchAll(NAMED_HOST)) {
    const [, name = '', , host = ''] = m;
    if (/base|prefix/i.test(name) || !joinedLater(text, name, m.index + m[0].length)) continue;
    add(host, m.index + m[0].length - host.length - 1);
  }
  return found.length > 1 ? found.sort((a, b) => a.line - b.line || a.column - b.column) : found;
}
