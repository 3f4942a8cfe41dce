/**
 * The proxy's trace: one JSON line per request (docs/proxy.md describes it), and what a run needed,
 * read back from such a trace or from `stripe logs tail --format JSON`, for `permissions trace`.
 * Pure: lines in, lines or needs out.
 */
import { redactSecrets } from '../core/secrets.js';
import type { Need, NotUnderstood } from '../scan/types.js';
import type { EndpointLookup, RefusalReason } from './decide.js';
import { PERMISSION_NAMES } from '../catalog/permissions.js';

export type TraceDecision = 'allowed' | 'refused' | 'unknown';

export interface TraceRecord {
  /** When the request arrived, ISO 8601. */
  time: string;
  method: string;
  /** The catalog's path template; for an endpoint the catalog does not know, the path as sent (no query). */
  path: string;
  permission: string | null;
  decision: TraceDecision;
  /** Why a request was refused, or what went wrong on the way. */
  reason?: RefusalReason | 'malformed' | 'upstream-unreachable' | 'upstream-broken' | 'aborted';
  /** The status the client was sent; null when it went away before any. */
  status: number | null;
  /** From the request's arrival to the end of its answer. */
  ms: number;
}

/** A record as its trace line; keys and bodies are never in a record, and a key in a path is masked. */
export const traceLine = (record: TraceRecord): string => `${redactSecrets(JSON.stringify(record))}\n`;

/** A request a run made, from either kind of line. */
export interface TracedRequest {
  line: number;
  method: string;
  /** The template (a proxy trace) or the concrete path (Stripe's request log). */
  path: string;
  /** The permission the proxy named, when the line is the proxy's. */
  permission?: string | null;
  status: number | null;
}

export interface TraceReading {
  requests: TracedRequest[];
  /** Lines that are neither kind, with why. */
  unreadable: { line: number; why: string }[];
  /** Requests the proxy refused as malformed: they named no endpoint, and reached no API. */
  malformed: number;
}

/**
 * Reads a proxy trace or the output of `stripe logs tail --format JSON` (one object per line, with
 * `method`, `url` and `status`, as stripe-cli's log tailer prints them). Blank lines are skipped.
 */
export function readTrace(text: string): TraceReading {
  const requests: TracedRequest[] = [];
  const unreadable: TraceReading['unreadable'] = [];
  let malformed = 0;
  // A byte-order mark before the first line (PowerShell's `Out-File -Encoding utf8` writes one) is no
  // part of it: left on, the first request would read as not JSON and be lost.
  (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      unreadable.push({ line, why: 'not JSON' });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      unreadable.push({ line, why: 'not a JSON object' });
      return;
    }
    const fields = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
    // A request the proxy could not parse named no endpoint.
    if (fields.get('reason') === 'malformed') {
      malformed++;
      return;
    }
    // A key in a logged URL is masked as read, before a URL parser drops what stood before it (a
    // line break) and a report format re-encodes it (%20 → %2520): masking later would miss it.
    const masked = (v: unknown): unknown => (typeof v === 'string' ? redactSecrets(v) : v);
    const method = masked(fields.get('method'));
    const path = masked(fields.get('path')) ?? pathOf(masked(fields.get('url')));
    const status = fields.get('status');
    if (typeof method !== 'string' || typeof path !== 'string') {
      unreadable.push({ line, why: 'no method and path (or url)' });
      return;
    }
    const permission = fields.get('permission');
    requests.push({
      line,
      method: method.toUpperCase(),
      path,
      ...(fields.has('decision') && (typeof permission === 'string' || permission === null) ? { permission } : {}),
      status: typeof status === 'number' ? status : null,
    });
  });
  return { requests, unreadable, malformed };
}

/** The path of a URL Stripe's log names, absolute or not, without its query. */
function pathOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    // The path as a URL parser gives it, %-escaped, but for a masked key's ellipsis, which reads as written.
    return new URL(url, 'https://api.stripe.com').pathname.replaceAll('%E2%80%A6', '…');
  } catch {
    return undefined;
  }
}

/**
 * What a traced run needed, in the shape `permissions scan` compares with a manifest: a need per
 * distinct endpoint (at its first line), and each endpoint the catalog does not know, once.
 */
const KNOWN: ReadonlySet<string> = new Set(PERMISSION_NAMES);
const STRIPE_PATH = /^\/v[12]\//;

export function needsOfTrace(
  reading: TraceReading,
  lookup: EndpointLookup,
  file: string,
): { needs: Need[]; notUnderstood: NotUnderstood[] } {
  const needs: Need[] = [];
  const notUnderstood: NotUnderstood[] = [];
  const seen = new Set<string>();
  for (const request of reading.requests) {
    const endpoint = lookup(request.method, request.path);
    const template = endpoint?.path ?? request.path;
    const what = `${request.method} ${template}`;
    if (seen.has(what)) continue;
    seen.add(what);
    // The catalog's permission for the endpoint; the one the proxy named only where the catalog
    // knows the endpoint not (another rak-app's catalog), and only if it is a permission at all: a
    // trace is a file anyone can edit, and --fix would grant what it names.
    // Only for a path of Stripe's API (`/v1/…`, `/v2/…`): `/V1/payouts` is no endpoint at all.
    const named =
      typeof request.permission === 'string' && STRIPE_PATH.test(request.path) ? request.permission : undefined;
    const permission = endpoint ? endpoint.permission : named && KNOWN.has(named) ? named : undefined;
    const at = { file, line: request.line, column: 1 };
    if (named && !endpoint && !KNOWN.has(named))
      notUnderstood.push({ ...at, what, why: `the trace names "${named}", which is no Stripe App permission` });
    else if (typeof permission === 'string') needs.push({ ...at, what, anyOf: [permission] });
    else if (endpoint)
      notUnderstood.push({ ...at, what, why: 'no permission a restricted key can hold allows this endpoint' });
    else
      notUnderstood.push({ ...at, what, why: 'an endpoint rak-app does not know, so not which permission it needs' });
  }
  for (const u of reading.unreadable)
    notUnderstood.push({ file, line: u.line, column: 1, what: 'this line', why: u.why });
  return { needs, notUnderstood };
}
