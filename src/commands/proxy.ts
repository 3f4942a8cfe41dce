/**
 * `rak-app proxy`: a local Stripe API that holds exactly the manifest's permissions. A backend's
 * Stripe SDK points at it; requests the manifest allows go on to Stripe, the others get Stripe's own
 * 403 for a restricted key, and each request is a line on the terminal and in the trace.
 */
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { type AppendLog, openAppendLog } from '../adapters/append-log.js';
import { quoteForShell } from '../words.js';
import { isSameFile, makeFolderFor, whyWriteFailed } from '../adapters/files.js';
import { onInterrupt } from '../adapters/interrupts.js';
import type { Io } from '../adapters/io.js';
import { plural } from '../words.js';
import { matchEndpoint } from '../catalog/endpoints.js';
import type { CommandContext } from '../command.js';
import { displayPath, printable } from '../core/source-file.js';
import { UserError } from '../errors.js';
import type { Outcome } from '../exit-codes.js';
import { createPolicy } from '../partner/decide.js';
import { isLoopback, type RunningProxy, socketAddress, startProxy, upstreamProblem } from '../partner/proxy.js';
import { type TraceRecord, traceLine } from '../partner/trace.js';
import { loadWholeGrants } from '../app-manifest.js';

export interface ProxyOptions {
  manifest?: string;
  port: number;
  host: string;
  upstream: string;
  trace?: string;
  allowLive: boolean;
}

export const DEFAULT_PORT = 12111;
export const DEFAULT_UPSTREAM = 'https://api.stripe.com';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UserError(`--port takes a port number from 0 to 65535 (0: any free port); got "${value}".`);
  return port;
}

export function register(command: Command, { io, finish }: CommandContext): void {
  command
    .description(
      "A local Stripe API that holds exactly the manifest's permissions: point a backend's Stripe SDK at it; " +
        "what the manifest allows goes on to Stripe, the rest gets Stripe's 403 for a restricted key.",
    )
    .option('--manifest <path>', 'the app folder or its stripe-app.json (default: .)')
    .option('--port <port>', 'the port to listen on (0: any free one)', parsePort, DEFAULT_PORT)
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--upstream <url>', 'where allowed requests go: https, or http to this machine', DEFAULT_UPSTREAM)
    .option('--trace <file>', 'append a JSON line per request to this file (for `rak-app permissions trace`)')
    .option(
      '--allow-live',
      'forward live-mode keys (sk_live_, rk_live_, pk_live_, ek_live_) and organization keys (sk_org_) too',
    )
    .action(async (options) => {
      finish(
        await runProxy(
          {
            manifest: options.manifest,
            port: options.port,
            host: options.host,
            upstream: options.upstream,
            trace: options.trace,
            allowLive: options.allowLive === true,
          },
          io,
        ),
      );
    });
}

/** Runs the proxy until Ctrl-C or SIGTERM; then it stops, prints its summary and comes to 'interrupted'. */
export async function runProxy(options: ProxyOptions, io: Io): Promise<Outcome> {
  const session = await startProxySession(options, io);
  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    let first: NodeJS.Signals | undefined;
    const stop = onInterrupt((received) => {
      if (first) {
        session.abort();
        return;
      }
      first = received;
      void session.stop().then(() => {
        stop();
        resolveSignal(received);
      });
    });
  });
  io.stderr.write(`Interrupted (${signal}); the proxy has stopped.\n`);
  session.report();
  return 'interrupted';
}

/** Whether a plain-http upstream on this machine is the port the proxy listens on, at an address that reaches it. */
function forwardsToItself(upstream: URL, host: string, port: number): boolean {
  if (upstream.protocol !== 'http:' || Number(upstream.port || 80) !== port || !isLoopback(upstream.hostname))
    return false;
  const to = socketAddress(upstream.hostname);
  const listening = socketAddress(host);
  // 0.0.0.0 and :: take every loopback address; `localhost` may be 127.0.0.1 or ::1 (either way).
  if (listening === '0.0.0.0' || listening === '::') return true;
  const local = ['localhost', '127.0.0.1', '::1'];
  return (
    to === listening ||
    (local.includes(to) && local.includes(listening) && (to === 'localhost' || listening === 'localhost'))
  );
}

/** A proxy started for the command line: it stops (gracefully or not) and reports. */
export interface ProxySession {
  port: number;
  /** Stops accepting, waits for the requests in flight, then closes the trace. */
  stop(): Promise<void>;
  /** Ends the requests in flight now. */
  abort(): void;
  /** Requests begun and not ended. */
  inFlight(): number;
  /** Prints the run's summary. */
  report(): void;
}

/** Loads the manifest, opens the trace and starts the proxy; prints where it listens. */
export async function startProxySession(given: ProxyOptions, io: Io): Promise<ProxySession> {
  // `[::1]`, as a URL writes an IPv6 address, is the address `::1`.
  const options = { ...given, host: given.host.replace(/^\[(.*)\]$/, '$1') };
  const { manifestPath, manifestName, grants } = loadWholeGrants(io.cwd, options.manifest);

  let upstream: URL;
  try {
    upstream = new URL(options.upstream);
  } catch {
    throw new UserError(`--upstream takes a URL; got "${options.upstream}".`, `For example: ${DEFAULT_UPSTREAM}`);
  }
  // Requests keep their own path and carry their own key: an upstream is an origin, nothing more.
  if (
    upstream.username ||
    upstream.password ||
    (upstream.pathname !== '/' && upstream.pathname !== '') ||
    upstream.search ||
    upstream.hash
  ) {
    // Shown without its credentials or its query: a password, or a key in a query, is never printed.
    const shown = new URL(upstream.href);
    shown.username = '';
    shown.password = '';
    const query = shown.search || shown.hash ? '?…' : '';
    shown.search = '';
    shown.hash = '';
    throw new UserError(
      `--upstream takes an origin (scheme, host and port); "${shown.href}${query}" has ${upstream.username || upstream.password ? 'credentials' : 'a path or a query'}, which rak-app would not use.`,
      `For example: ${DEFAULT_UPSTREAM}`,
    );
  }
  if (options.host.trim() === '')
    throw new UserError('--host takes an address to listen on; got an empty one.', 'For example: --host 127.0.0.1');
  // stripe-mock's usual port is this proxy's default: `--upstream http://127.0.0.1:12111` with no
  // stripe-mock started sends each request back to the proxy, which forwards it again, without end.
  // Refused before a trace is opened or a port taken (--port 0 is never a port an upstream names).
  if (options.port !== 0 && forwardsToItself(upstream, options.host, options.port))
    throw new UserError(
      `--upstream ${upstream.origin} is this proxy itself (it would listen on http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}): each request would be forwarded back to it, without end.`,
      'Give the upstream (stripe-mock, say) its own port, or this proxy another one with --port.',
    );
  const problem = upstreamProblem(upstream);
  if (problem)
    throw new UserError(
      `--upstream ${upstream.origin}: ${problem}.`,
      'Keys are forwarded only over https, or over plain http to this machine.',
    );

  const trace = openTrace(options.trace, manifestPath, io.cwd);
  let traceLost = false;
  const summary = new Summary();
  const policy = createPolicy({
    granted: grants.granted.map((g) => g.name),
    connectGranted: grants.connect,
    lookup: matchEndpoint,
    allowLive: options.allowLive,
  });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      host: options.host,
      port: options.port,
      upstream,
      decide: policy,
      onRecord: (record) => {
        if (trace && !trace.log.append(traceLine(record)) && !traceLost) {
          traceLost = true;
          io.stderr.write(
            `rak-app: the trace ${trace.shown} can take no more lines (${trace.log.failure()}); requests go on, untraced from here.\n`,
          );
        }
        summary.add(record);
        io.stdout.write(requestLine(record));
      },
    });
  } catch (error) {
    trace?.log.close();
    throw listenError(error as NodeJS.ErrnoException, options);
  }

  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${proxy.port}`;
  io.stdout.write(
    `The proxy is listening on ${url}: what ${manifestName} grants (${plural(grants.granted.length, 'permission')}) goes on to ${upstream.origin}.\n` +
      `${trace ? `Trace: ${trace.shown}` : 'No trace file (pass --trace <file> to keep one for `rak-app permissions trace`)'}. Ctrl-C stops.\n`,
  );
  if (!isLoopback(options.host))
    io.stderr.write(
      `rak-app: Listening on ${options.host}, not 127.0.0.1: other machines can reach this proxy and use the keys sent through it.\n`,
    );

  let stopping: Promise<void> | undefined;
  return {
    port: proxy.port,
    stop() {
      if (!stopping) {
        const waiting = proxy.inFlight();
        stopping = proxy.close().then(() => trace?.log.close());
        // Said once the proxy no longer accepts connections.
        if (waiting > 0)
          io.stderr.write(
            `Stopping: waiting for ${plural(waiting, 'request')} in flight; Ctrl-C again ends ${waiting === 1 ? 'it' : 'them'} now.\n`,
          );
      }
      return stopping;
    },
    abort: () => proxy.abort(),
    inFlight: () => proxy.inFlight(),
    report: () =>
      io.stdout.write(
        summary.format(trace?.shown, options.manifest === undefined ? undefined : manifestName, traceLost),
      ),
  };
}

function openTrace(
  path: string | undefined,
  manifestPath: string,
  cwd: string,
): { log: AppendLog; shown: string } | undefined {
  if (path === undefined) return undefined;
  const full = resolve(cwd, path);
  const shown = displayPath(full, cwd);
  if (isSameFile(full, manifestPath)) throw new UserError(`--trace ${shown} is the manifest; name another file.`);
  try {
    // Its folder made if need be, as -o and --report make a report's.
    makeFolderFor(full);
    return { log: openAppendLog(full), shown };
  } catch (error) {
    throw new UserError(
      `${shown} cannot be opened for the trace (${TRACE_OPEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ''] ?? whyWriteFailed(error)}).`,
    );
  }
}

const TRACE_OPEN_ERRORS: Record<string, string> = {
  ENOTREG: 'it is not a regular file: a pipe or a device',
  EISDIR: 'it is a folder',
};

function listenError(error: NodeJS.ErrnoException, options: ProxyOptions): Error {
  const where = `${options.host}:${options.port}`;
  if (error.code === 'EADDRINUSE')
    return new UserError(
      `Port ${options.port} on ${options.host} is already in use.`,
      'Stop what listens there, or pass --port <another port> (--port 0 takes any free one).',
    );
  if (error.code === 'EACCES')
    return new UserError(`Not allowed to listen on ${where}.`, 'Ports below 1024 need privileges; pass --port 12111.');
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return new UserError(`${options.host} is not an address of this machine.`, 'Pass --host 127.0.0.1.');
  return error;
}

const MARK: Record<TraceRecord['decision'], string> = { allowed: '✔', refused: '✖', unknown: '?' };

const WHY: Record<NonNullable<TraceRecord['reason']>, string> = {
  permission: 'not granted by the manifest',
  connect: 'Stripe-Account or Stripe-Context header, and no Connect permission',
  'not-for-restricted-keys': 'no permission a restricted key can hold allows it',
  'live-key': 'a live-mode or organization key (--allow-live forwards it)',
  'no-key': 'no API key',
  malformed: 'malformed HTTP request',
  'upstream-unreachable': 'the upstream could not be reached',
  'upstream-broken': "the upstream's answer could not be passed on",
  aborted: 'ended before its answer',
};

/** The terminal's line for a request: mark, method, path, permission, status, and why when not plain. */
export function requestLine(record: TraceRecord): string {
  // A malformed request with a path had one that is not plain (an escaped slash, a dot segment).
  const unplain = record.reason === 'malformed' && record.path !== '';
  const what =
    record.reason === 'malformed' && !unplain ? '(unparsable request)' : `${record.method} ${printable(record.path)}`;
  const permission = record.permission ?? (record.decision === 'unknown' ? 'unknown endpoint, forwarded' : '-');
  const why = unplain ? '  (not a plain path)' : record.reason ? `  (${WHY[record.reason]})` : '';
  // Forwarded, but no answer came back from the upstream: not a ✔.
  const mark =
    record.reason === 'upstream-unreachable' || record.reason === 'upstream-broken' || record.reason === 'aborted'
      ? '!'
      : MARK[record.decision];
  return `${mark} ${what}  ${permission}  ${record.status ?? '-'}${why}\n`;
}

/** What a run came to, for the summary printed when the proxy stops. */
class Summary {
  private readonly counts = { allowed: 0, refused: 0, unknown: 0 };
  /** Permissions the run needed and the manifest does not grant, with an endpoint that needed each. */
  private readonly missing = new Map<string, string>();
  private readonly unknown = new Set<string>();

  add(record: TraceRecord): void {
    this.counts[record.decision]++;
    if (record.reason === 'permission' && record.permission && !this.missing.has(record.permission))
      this.missing.set(record.permission, `${record.method} ${printable(record.path)}`);
    if (record.decision === 'unknown') this.unknown.add(`${record.method} ${printable(record.path)}`);
  }

  format(traceShown: string | undefined, manifestShown?: string, traceLost = false): string {
    const { allowed, refused, unknown } = this.counts;
    const lines = [
      `\n${plural(allowed + refused + unknown, 'request')}: ${allowed} allowed, ${refused} refused, ${unknown} to endpoints rak-app does not know.`,
      ...[...this.missing].map(([permission, what]) => `  missing ${permission} (first needed by ${what})`),
      ...[...this.unknown].map((what) => `  unknown endpoint ${what}: forwarded; check its permission by hand`),
    ];
    const traceCommand = `rak-app permissions trace ${quoteForShell(traceShown ?? '')}${manifestShown ? ` --manifest ${quoteForShell(manifestShown)}` : ''}`;
    if (traceShown && traceLost)
      lines.push(
        `The trace in ${traceShown} is incomplete: it stopped at the first request it could not take (said above), so \`${traceCommand}\` judges only the requests before it.`,
      );
    else if (traceShown)
      lines.push(`The trace is in ${traceShown}: \`${traceCommand}\` compares it with the manifest.`);
    return `${lines.join('\n')}\n`;
  }
}
