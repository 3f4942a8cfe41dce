/**
 * `rak-app proxy`'s server: a local HTTP server between a backend and Stripe. Each request is decided
 * (./decide.ts): allowed and unknown ones are forwarded to the upstream and their answers streamed
 * back unchanged; refused ones get Stripe's own answer and never reach the upstream. Each request, as
 * it ends, becomes one trace record handed to the caller. Nothing here prints or touches the process.
 */
import { Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { type Server, type ServerResponse, createServer } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import type { Decision, RequestFacts } from './decide.js';
import { type StripeErrorAnswer, upstreamBroken, upstreamUnreachable } from './stripe-answers.js';
import { keepStart, redactSecrets } from '../core/secrets.js';
import { printable } from '../core/source-file.js';
import type { TraceRecord } from './trace.js';

export interface ProxyOptions {
  host: string;
  /** 0 for any free port. */
  port: number;
  upstream: URL;
  decide: (request: RequestFacts) => Decision;
  /** Called once per request, when its answer has ended (or the client went away). */
  onRecord: (record: TraceRecord) => void;
}

export interface RunningProxy {
  /** The address it listens on (the port chosen when 0 was asked for). */
  host: string;
  port: number;
  /** Requests begun and not ended. */
  inFlight: () => number;
  /** Stops accepting connections; resolves once every request in flight has ended. */
  close: () => Promise<void>;
  /** Ends every request in flight now (each is still traced, as aborted). */
  abort: () => void;
}

/**
 * Why rak-app must not send keys to an upstream, or undefined when it may: keys go only over https,
 * or over plain http to this machine (a local fake of Stripe).
 */
export function upstreamProblem(upstream: URL): string | undefined {
  if (upstream.protocol === 'https:') return undefined;
  if (upstream.protocol !== 'http:') return `${upstream.protocol.replace(/:$/, '')} is not http or https`;
  return isLoopback(upstream.hostname)
    ? undefined
    : 'plain http to another machine would send API keys unencrypted; use https';
}

/** Whether a host name or address is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const bare = socketAddress(host);
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/**
 * An address as a socket takes it: no brackets, lower case, and an IPv4 address mapped into IPv6,
 * as written (`::ffff:127.0.0.1`) or as a URL writes it (`::ffff:7f00:1`), as the IPv4 address.
 */
export function socketAddress(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) !== 6) return bare;
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (!hex) return dotted ?? bare;
  const [high, low] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): about one connection, never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The request's headers for the upstream: all end-to-end ones, with the upstream's Host. */
function upstreamHeaders(headers: IncomingHttpHeaders, upstream: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  out['host'] = upstream.host;
  return out;
}

/** The upstream's answer headers for the client, as sent (names and order kept), hop-by-hop ones left out. */
function answerHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function sendAnswer(res: ServerResponse, answer: StripeErrorAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    // stripe-node, stripe-python and others retry on this header's word; Stripe sends false on a 4xx.
    // A 502 (the upstream could not be reached) leaves it out, so the client retries as it would
    // a connection Stripe dropped.
    ...(answer.status < 500 ? { 'stripe-should-retry': 'false' } : {}),
  });
  res.end(body);
}

/**
 * What a request target (origin-form, or absolute-form as a proxy may be sent) asks for: its path,
 * %-escapes decoded, and its path and query as forwarded, as sent. Undefined for a target that is
 * neither (`*`, a broken URL) or whose path an upstream could read as another endpoint than the one
 * decided on: an escaped `/`, `\`, `?`, `#` or control character (`/v1/customers%2Fcus_1`), a dot segment
 * (`/v1/customers/../accounts`, `%2E%2E` too), an empty one (`//v1//charges`) or a backslash.
 * stripe-node escapes every id it puts in a path (`gold:monthly` is `gold%3Amonthly`), so an escape
 * that says nothing of the path's shape is decoded once, as Stripe does, for the decision.
 */
function targetOf(target: string): { path: string; forwarded: string } | undefined {
  let forwarded = target;
  if (!target.startsWith('/')) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    forwarded = url.pathname + url.search;
  }
  const query = forwarded.indexOf('?');
  const sent = query === -1 ? forwarded : forwarded.slice(0, query);
  // What would change the path's shape once decoded: a separator (`/`, `\`), the start of a query or
  // a fragment (`?`, `#`: the catalog's match stops there, the upstream's does not), a control character.
  if (/%(2f|5c|3f|23|[01][0-9a-f]|7f)/i.test(sent)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(sent);
  } catch {
    return undefined; // A broken escape (`%zz`) or bytes that are no UTF-8.
  }
  // An empty segment too (`//v1//charges`): decided without it, it might be read with it upstream.
  if (/\\|\/\//.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
  return { path, forwarded };
}

/** Stripe's shape for a request rak-app proxy will not decide on. */
const unplainTarget = (target: string): StripeErrorAnswer => ({
  status: 400,
  body: {
    error: {
      type: 'invalid_request_error',
      message: `rak-app proxy forwards plain paths only; ${JSON.stringify(redactSecrets(keepStart(target, 200)))} is not one (an escaped slash, backslash or control character, a broken escape, a dot or empty segment, or no path), and the upstream might read it as another endpoint than the one the manifest was checked against.`,
    },
  },
});

/**
 * The trace line of a request refused before any decision, with 400: not HTTP (no path), or a target
 * that is no plain path (`path` as sent).
 */
const malformed = (method: string, time: string, ms: number, path = ''): TraceRecord => ({
  time,
  method,
  path,
  permission: null,
  decision: 'refused',
  reason: 'malformed',
  status: 400,
  ms,
});

/** Starts the proxy; rejects with the listen error (EADDRINUSE, EACCES…) when it cannot listen. */
export function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { upstream } = options;
  const secure = upstream.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  // Kept-alive connections to the upstream: a new TCP (and TLS) connection per request would cost
  // more than everything else the proxy does.
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const basePath = upstream.pathname.replace(/\/$/, '');
  const active = new Set<{ res: ServerResponse; abort: () => void }>();
  let closing: (() => void) | undefined;

  // Sockets with a request being handled: a parse error there is the client going away mid-body,
  // which that request's own trace line records, not a second, malformed request.
  const busy = new WeakSet<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    busy.add(socket);
    // Free once its body is read and its answer sent; a body never finished keeps it busy.
    let pending = 2;
    const settled = (): void => {
      if (--pending === 0) busy.delete(socket);
    };
    req.once('end', settled);
    res.once('close', settled);
    const startedAt = performance.now();
    const time = new Date().toISOString();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const asked = targetOf(target);
    if (!asked) {
      req.resume();
      sendAnswer(res, unplainTarget(target));
      // Named as sent, so that a trace says which request it was; one that is no path at all is not.
      const sent = target.startsWith('/') ? keepStart(target, 200) : '';
      options.onRecord(malformed(method, time, Math.round((performance.now() - startedAt) * 1000) / 1000, sent));
      return;
    }
    const { path } = asked;
    const stripeAccount = req.headers['stripe-account'];
    const stripeContext = req.headers['stripe-context'];
    const decision = options.decide({
      method,
      path,
      authorization: req.headers.authorization,
      stripeAccount: Array.isArray(stripeAccount) ? stripeAccount[0] : stripeAccount,
      stripeContext: Array.isArray(stripeContext) ? stripeContext[0] : stripeContext,
    });
    let reason: TraceRecord['reason'] = decision.decision === 'refused' ? decision.reason : undefined;
    let upstreamRequest: ReturnType<typeof send> | undefined;
    const entry = {
      res,
      abort: () => {
        upstreamRequest?.destroy();
        res.destroy();
      },
    };
    active.add(entry);
    res.on('close', () => {
      active.delete(entry);
      if (!res.writableFinished) {
        reason = reason ?? 'aborted';
        upstreamRequest?.destroy();
      }
      options.onRecord({
        time,
        method,
        // An endpoint the catalog does not know is traced as it decodes (a key escaped as
        // `%73k_live_…` is then masked), its control characters shown as \xNN.
        path: decision.template ?? printable(path),
        permission: decision.permission ?? null,
        decision: decision.decision,
        ...(reason ? { reason } : {}),
        status: res.headersSent ? res.statusCode : null,
        ms: Math.round((performance.now() - startedAt) * 1000) / 1000,
      });
      if (closing && active.size === 0) closing();
    });

    if (decision.decision === 'refused') {
      // The body is read and dropped, so the connection stays usable; it never reaches the upstream.
      req.resume();
      sendAnswer(res, decision.answer);
      return;
    }
    upstreamRequest = send({
      protocol: upstream.protocol,
      hostname: upstream.hostname.replace(/^\[|\]$/g, ''),
      port: upstream.port || (secure ? 443 : 80),
      method,
      path: basePath + asked.forwarded,
      headers: upstreamHeaders(req.headers, upstream),
      agent,
    });
    // An upstream whose answer cannot be passed on (a status line Node will not write again, a
    // protocol switch nobody asked for) fails this request alone, with a 502; one that breaks off
    // mid-answer cuts the client's answer off as it was cut.
    const broken = (why: string): void => {
      reason = 'upstream-broken';
      upstreamRequest?.destroy();
      if (res.headersSent) res.destroy();
      else sendAnswer(res, upstreamBroken(upstream.origin, why));
    };
    upstreamRequest.on('response', (answer) => {
      try {
        // A reason phrase with a control character is one Node refuses to write (later, as it writes).
        const phrase = answer.statusMessage?.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
        res.writeHead(answer.statusCode ?? 502, phrase, answerHeaders(answer.rawHeaders));
        // Sent now, not with the first bytes of the body: the status traced is then the one the
        // client has, even when the upstream breaks off before its body (a chunk size that is none).
        res.flushHeaders();
      } catch (error) {
        answer.resume();
        broken(`its answer cannot be passed on: ${(error as Error).message}`);
        return;
      }
      answer.pipe(res);
      answer.on('error', () => broken('its answer broke off'));
      answer.on('aborted', () => broken('its answer broke off'));
    });
    upstreamRequest.on('upgrade', (_answer, socket) => {
      socket.destroy();
      broken('it switched protocols, which no Stripe request asks for');
    });
    upstreamRequest.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent || res.destroyed) {
        // The upstream broke its answer off (a client that left has closed the answer already).
        if (!res.destroyed) reason = 'upstream-broken';
        res.destroy();
        return;
      }
      req.resume();
      // HPE_…: the upstream was reached, and answered with what is not HTTP.
      if (error.code?.startsWith('HPE_')) {
        broken(`its answer is not HTTP: ${error.code}`);
        return;
      }
      reason = 'upstream-unreachable';
      sendAnswer(res, upstreamUnreachable(upstream.origin, error.code ?? error.message));
    });
    // Streamed: the body goes on as it comes, never held whole. Most reads have none, and skip the pipe.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      req.resume();
      upstreamRequest.end();
    } else req.pipe(upstreamRequest);
  };

  const server: Server = createServer({ keepAlive: true }, handle);
  /** Answers 400 on the bare socket, for what never reaches `handle`, and traces it. */
  const refuseOnSocket = (socket: Socket, method: string, message: string): void => {
    const body = JSON.stringify({ error: { type: 'invalid_request_error', message } });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    options.onRecord(malformed(method, new Date().toISOString(), 0));
  };
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A client that resets its connection, or ends it in the middle of a request's body, is not a
    // malformed request.
    if (!error.code?.startsWith('HPE_') || !socket.writable || busy.has(socket)) {
      socket.destroy();
      return;
    }
    refuseOnSocket(socket, '', `rak-app proxy could not parse this HTTP request (${error.code}).`);
  });
  // CONNECT asks for a tunnel, which would carry requests past every decision: refused, not dropped.
  server.on('connect', (_req: IncomingMessage, socket: Socket) =>
    refuseOnSocket(socket, 'CONNECT', 'rak-app proxy is no tunnel: send each request to it, not CONNECT.'),
  );

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        host: options.host,
        port,
        inFlight: () => active.size,
        close: () =>
          new Promise<void>((done) => {
            const finish = (): void => {
              server.closeAllConnections();
              agent.destroy();
              done();
            };
            server.close();
            server.closeIdleConnections();
            if (active.size === 0) finish();
            else closing = finish;
          }),
        abort: () => {
          for (const entry of [...active]) entry.abort();
        },
      });
    });
  });
}
