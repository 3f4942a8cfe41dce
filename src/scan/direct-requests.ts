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
 * The host alone, a whole string given to a name (`baseURL: "https://api.stripe.com"`, `const
 * STRIPE_API_URL = …`): a request's base when the name is one (base, prefix: axios's `baseURL`, got's
 * `prefixUrl`) or when it is joined to a path later (`${STRIPE_API_URL}/v1/…`). Not in a list or a
 * text (a CSP's `connectSrc: ['https://api.stripe.com']`), nor under another name never joined (an
 * origin allowed, a host to preconnect to, a status page's `url`). Found from the quoted host, and
 * the name read in the few characters before it, so that a long word is never read again and again.
 */
const QUOTED_HOST = /(['"`])(https?:\/\/(?:api|files)\.stripe\.com\/?)\1/g;
const GIVEN_TO = /([\w$]+)['"]?\s*[:=]\s*$/;
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

/**
 * The names joined to a path somewhere in a text: `${NAME}/…`, `${x.NAME}/…`, `${NAME}${path}`,
 * `${NAME}v1/…`, `NAME + '/…'`, `new URL(…, x.NAME)`, or given to an HTTP client as its base. Each
 * pattern starts at what few places hold (`${`, `+`, `new URL(`, `baseURL`), and a name before one
 * is read in the few characters before it: one pass, however long the text.
 */
function joinedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{(?:[\w$]+\??\.)*([\w$]+)\s*\}(?:\/|\$\{|v\d)/g)) names.add(m[1]!);
  // axios.create({ baseURL: STRIPE_API }): handed to an HTTP client as its base.
  for (const m of text.matchAll(/(?:baseURL|baseUrl|prefixUrl)\s*:\s*(?:[\w$]+\??\.)*([\w$]+)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/\+\s*['"`]\//g)) {
    const name = /([\w$]+)\s*$/.exec(text.slice(Math.max(0, m.index - 80), m.index))?.[1];
    if (name) names.add(name);
  }
  for (const m of text.matchAll(/new URL\([^()]{0,200},\s*(?:[\w$]+\??\.)*([\w$]+)\s*\)/g)) names.add(m[1]!);
  return names;
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
  // A place found two ways (`STRIPE_BASE = 'https://api.stripe.com' + '/v1'`) is one request.
  const places = new Set<number>();
  const add = (what: string, at: number): void => {
    if (places.has(at) || skipped.some((c) => c.start != null && c.end != null && at >= c.start && at < c.end)) return;
    places.add(at);
    found.push({ what, ...lineColumn(text, at) });
  };
  for (const m of text.matchAll(STRIPE_API_URL)) add(m[0], m.index);
  for (const joined of JOINED)
    for (const m of text.matchAll(joined)) add(m.groups!['host']!, m.index + m[0].indexOf(m.groups!['host']!));
  // baseURL: 'https://api.stripe.com'; const STRIPE_API_URL = 'https://api.stripe.com', then `${STRIPE_API_URL}/v1/…`.
  let joined: Set<string> | undefined;
  for (const m of text.matchAll(QUOTED_HOST)) {
    const name = GIVEN_TO.exec(text.slice(Math.max(0, m.index - 80), m.index))?.[1];
    if (name && (/base|prefix/i.test(name) || (joined ??= joinedNames(text)).has(name))) add(m[2]!, m.index + 1);
  }
  return found.length > 1 ? found.sort((a, b) => a.line - b.line || a.column - b.column) : found;
}
