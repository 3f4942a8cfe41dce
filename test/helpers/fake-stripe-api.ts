/**
 * A fake Stripe HTTP API for tests: node:http on 127.0.0.1, port 0, started by the test. It answers
 * a restricted key as Stripe does (docs: ../shared/reference/stripe-apps.md §7b): 401 for a key it
 * does not know or that was revoked, 403 naming the missing `rak_` scope, 404 `resource_missing`
 * for an object that does not exist, list bodies for a permitted list. It keeps objects, so that a
 * create, an update or a delete changes its state (`changes`), and it records every request.
 *
 * Which permission a request needs comes from the API catalog (src/catalog/endpoints.ts,
 * matchEndpoint: verb + path template → permission); a test may pass its own `routeFor`.
 *
 * Special answers are queued with `answerNext()`: a 429, a dropped connection, or no answer at all
 * (the socket is held until `close()`). `nextRequest()` resolves when a request arrives, so a test
 * waits on the event, never on the clock.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { effectivePermissions } from '../../src/catalog/api.js';
import { matchEndpoint } from '../../src/catalog/endpoints.js';

export interface RecordedRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One endpoint: the same fields as an API catalog method. */
export interface FakeRoute {
  verb: 'GET' | 'POST' | 'DELETE';
  path: string;
  permission: string | null;
}

/** A special answer for the next request: Stripe's 429, a dropped connection, or none at all. */
export type SpecialAnswer = { kind: 'rate-limit'; retryAfter?: string } | { kind: 'drop' } | { kind: 'hang' };

/** A key the fake knows: the app permissions it holds, or 'all' (a secret key), and its account. */
export interface FakeKey {
  permissions: readonly string[] | 'all';
  account?: string;
}

export interface FakeStripeApiOptions {
  /** Keys the fake knows; any other key is answered 401. */
  keys?: Record<string, FakeKey | readonly string[]>;
  /** The account keys belong to unless they name one. */
  account?: string;
  /**
   * The endpoint a request matches (its permission, and its path template: one ending in `{…}` names
   * an object), or undefined for none (404). The API catalog's `matchEndpoint` by default.
   */
  routeFor?: (verb: string, path: string) => FakeRoute | undefined;
  /** The closure of a key's permissions: what it may do. The API catalog's effectivePermissions by default. */
  effective?: (granted: Iterable<string>) => ReadonlySet<string>;
  /** The scope Stripe's 403 names for a permission; `rak_<permission>` unless given. */
  scopeFor?: (permission: string) => string;
  /** Objects that exist, by path: `/v1/customers/cus_123` → its fields. */
  objects?: Record<string, Record<string, unknown>>;
}

export interface FakeStripeApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Creates, updates and deletes the fake carried out, in order ("POST /v1/customers" …). */
  readonly changes: readonly string[];
  /** The objects the fake holds now, by path. */
  readonly objects: ReadonlyMap<string, Record<string, unknown>>;
  /** Knows a key (again), holding these permissions. */
  grant(key: string, permissions: FakeKey | readonly string[]): void;
  /** Forgets a key: it is answered 401 from now on. */
  revoke(key: string): void;
  /** The next requests get these answers, in order, before the normal ones resume. */
  answerNext(...answers: SpecialAnswer[]): void;
  /** Resolves with the next request that arrives, once it has been read whole. */
  nextRequest(): Promise<RecordedRequest>;
  /** Stops the server, ending held and open connections; a second call waits on the first. */
  close(): Promise<void>;
}

export const FAKE_ACCOUNT = 'acct_1FakeRakApp0Test';

/** `rk_test_…qs8Kgd`: how Stripe's 403 names a key. */
const maskAs403 = (key: string): string => `${key.match(/^[a-z]+_[a-z]+_/)?.[0] ?? ''}…${key.slice(-6)}`;
/** `rk_test_********…abcd`: how Stripe's 401 names a key. */
const maskAs401 = (key: string): string => {
  const prefix = key.match(/^[a-z]+_[a-z]+_/)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
};

/** What a request's Authorization header carries: Bearer, or Basic with the key as user name. */
function keyOf(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (!auth) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(auth);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(.+)$/i.exec(auth);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/:.*$/, '');
  return undefined;
}

/** `/v1/checkout/sessions/cs_1` → `checkout.session`: how Stripe names an object in "No such …". */
function objectNoun(path: string): string {
  const segments = path.split('/').slice(2, -1);
  const last = (segments.pop() ?? 'object').replace(/ies$/, 'y').replace(/s$/, '');
  return [...segments, last].join('.');
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'request-id': `req_fake${Math.random().toString(36).slice(2, 14)}`,
    ...headers,
  });
  res.end(text);
};

const stripeError = (fields: Record<string, unknown>): unknown => ({
  error: { type: 'invalid_request_error', ...fields },
});

export async function startFakeStripeApi(options: FakeStripeApiOptions = {}): Promise<FakeStripeApi> {
  const keys = new Map<string, FakeKey>();
  const toKey = (value: FakeKey | readonly string[]): FakeKey =>
    Array.isArray(value) ? { permissions: value as readonly string[] } : (value as FakeKey);
  for (const [key, value] of Object.entries(options.keys ?? {})) keys.set(key, toKey(value));
  const routeFor = options.routeFor ?? matchEndpoint;
  const effective = options.effective ?? effectivePermissions;
  const scopeFor = options.scopeFor ?? ((permission: string) => `rak_${permission}`);
  const objects = new Map<string, Record<string, unknown>>(Object.entries(options.objects ?? {}));

  const requests: RecordedRequest[] = [];
  const changes: string[] = [];
  const special: SpecialAnswer[] = [];
  const waiting: ((request: RecordedRequest) => void)[] = [];
  const sockets = new Set<Socket>();
  let created = 0;
  let closed: Promise<void> | undefined;

  function answer(request: RecordedRequest, res: ServerResponse): void {
    const key = keyOf(request.headers);
    if (!key) {
      json(
        res,
        401,
        stripeError({
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        }),
      );
      return;
    }
    const holder = keys.get(key);
    if (!holder) {
      json(res, 401, stripeError({ message: `Invalid API Key provided: ${maskAs401(key)}` }));
      return;
    }
    const route = routeFor(request.method, request.path);
    if (route === undefined) {
      json(
        res,
        404,
        stripeError({
          message: `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      );
      return;
    }
    const account = holder.account ?? options.account ?? FAKE_ACCOUNT;
    const { permission } = route;
    if (permission !== null && holder.permissions !== 'all' && !effective(holder.permissions).has(permission)) {
      json(
        res,
        403,
        stripeError({
          message: `The provided key '${maskAs403(key)}' does not have the required permissions for this endpoint on account '${account}'. Having the '${scopeFor(permission)}' permission would allow this request to continue.`,
        }),
      );
      return;
    }
    const [status, body] = act(request, route.path.endsWith('}'));
    json(res, status, body);
  }

  /** What a permitted request does to the fake's objects, and the answer: status and body. */
  function act(request: RecordedRequest, isObjectPath: boolean): [number, unknown] {
    const { method, path } = request;
    const prefix = `${path}/`;
    if (method === 'GET') {
      const object = objects.get(path);
      if (object) return [200, object];
      if (isObjectPath) return [404, notFound(path)];
      if (path === '/v1/balance' || path === '/v1/tax/settings')
        return [200, { object: 'balance', available: [], pending: [], livemode: false }];
      const limit = Number(request.query['limit'] ?? 10);
      const data = [...objects.entries()]
        .filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map(([, o]) => o);
      return [200, { object: 'list', data: data.slice(0, limit), has_more: data.length > limit, url: path }];
    }
    if (method === 'POST' && !isObjectPath) {
      const id = `${path.split('/').pop()?.slice(0, 3) ?? 'obj'}_fake${++created}`;
      const object = {
        id,
        object: objectNoun(`${path}/${id}`),
        ...Object.fromEntries(new URLSearchParams(request.body)),
      };
      objects.set(`${path}/${id}`, object);
      changes.push(`POST ${path} → ${id}`);
      return [200, object];
    }
    const existing = objects.get(path);
    if (!existing) return [404, notFound(path)];
    if (method === 'DELETE') {
      objects.delete(path);
      changes.push(`DELETE ${path}`);
      return [200, { id: existing['id'], object: existing['object'], deleted: true }];
    }
    Object.assign(existing, Object.fromEntries(new URLSearchParams(request.body)));
    changes.push(`POST ${path}`);
    return [200, existing];
  }

  const notFound = (path: string): unknown =>
    stripeError({
      code: 'resource_missing',
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
      message: `No such ${objectNoun(path)}: '${path.split('/').pop() ?? ''}'`,
      param: 'id',
    });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const next = special.shift();
      if (next?.kind === 'drop') {
        req.socket.destroy();
      } else if (next?.kind === 'hang') {
        // Holds the socket with no answer; close() ends it.
      } else if (next?.kind === 'rate-limit') {
        json(
          res,
          429,
          stripeError({
            code: 'rate_limit',
            doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
            message:
              'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
          }),
          next.retryAfter === undefined ? {} : { 'retry-after': next.retryAfter },
        );
      } else {
        answer(request, res);
      }
      for (const resolve of waiting.splice(0)) resolve(request);
    });
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    changes,
    objects,
    grant(key, permissions) {
      keys.set(key, toKey(permissions));
    },
    revoke(key) {
      keys.delete(key);
    },
    answerNext(...answers) {
      special.push(...answers);
    },
    nextRequest() {
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      for (const socket of sockets) socket.destroy();
      closed ??= new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      return closed;
    },
  };
}
