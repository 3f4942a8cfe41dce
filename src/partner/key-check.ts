/**
 * Whether a restricted key a user pasted holds the permissions an app asks for (`rak-app key check`,
 * and `checkKey` in the package's API). Stripe has no API that lists a key's permissions, so this
 * sends one safe request per permission (src/catalog/probes.ts) and reads Stripe's answers.
 *
 * Data in, data out: no console, no process, no files. The fetch, the deadline and the signal are
 * the caller's.
 */
import { findPermission } from '../catalog/permissions.js';
import { type Probe, probeFor } from '../catalog/probes.js';
import { parseStripeKeyError, permissionForScope } from '../catalog/scopes.js';
import { mask, redactSecrets } from '../core/secrets.js';

export const DEFAULT_API_BASE = 'https://api.stripe.com';
/** The whole check's deadline unless the caller gives one, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Probes in flight at once: well under Stripe's rate limit, and a check takes seconds, not minutes. */
const CONCURRENCY = 4;
/** Tries per probe when Stripe answers 429 or the connection fails. */
const MAX_ATTEMPTS = 3;
/** The first wait before a retry, doubled each time, when Stripe names none. */
const FIRST_BACKOFF_MS = 250;
/** The longest wait a Retry-After may ask for; beyond it the probe gives up. */
const MAX_RETRY_AFTER_MS = 10_000;
/** Shorter than any key Stripe issues after its prefix (old keys had 24 characters, new ones ~99). */
const MIN_KEY_BODY = 24;

export type KeyKind =
  | 'restricted key'
  | 'secret key'
  | 'organization secret key'
  | 'publishable key'
  | 'webhook signing secret'
  | 'app signing secret'
  | 'unknown';

export interface KeyShape {
  /** Whether the key looks like a restricted key worth sending to Stripe. */
  ok: boolean;
  kind: KeyKind;
  mode: 'test' | 'live' | null;
  /** The key as rak-app shows it: `rk_test_…abcd`. */
  masked: string;
  /** What is wrong with it, as a sentence; absent when ok. */
  problem?: string;
}

export type PermissionStatus = 'granted' | 'missing' | 'not-checked';

/** Why a permission was not checked. */
export type NotCheckedReason =
  /** No request can tell without risking a change (the probe table says why). */
  | 'no-probe'
  /** A name rak-app does not know. */
  | 'unknown-permission'
  /** Stripe did not answer in time, or the connection failed. */
  | 'no-answer'
  /** Stripe kept answering 429. */
  | 'rate-limited'
  /** One of Stripe's errors that tells neither way (a 400 for the probe's parameters). */
  | 'unexpected-answer'
  /**
   * Not an answer as Stripe gives: a 5xx, a redirect, a body not in Stripe's shape, a 404 for the
   * path itself (an --api-base ending in /v1). The check cannot be trusted: the verdict is unreachable.
   */
  | 'not-stripe'
  /** Stopped, or not sent: Stripe did not accept the key. */
  | 'skipped';

export interface PermissionCheck {
  permission: string;
  status: PermissionStatus;
  /** The request sent (never with the key). */
  probe?: { verb: 'GET' | 'POST'; path: string; query: Readonly<Record<string, string>> };
  /** Stripe's HTTP status for the last try. */
  httpStatus?: number;
  /** For a 403: the scope Stripe said would allow the request, and the app permission it stands for. */
  scope?: string;
  scopePermission?: string | null;
  /** Why that scope is not simply `rak_` and the permission's name (a field-level scope, invoice items). */
  scopeNote?: string;
  /** For not-checked: why. */
  reason?: NotCheckedReason;
  /** In words: Stripe's message (masked), or why it was not checked. */
  detail?: string;
  attempts?: number;
}

export type Verdict =
  /** Every permission that could be checked is granted. */
  | 'valid'
  /** Stripe refused at least one permission. */
  | 'missing-permissions'
  /** Not a restricted key (a secret or publishable key, a webhook secret, cut short…); nothing sent. */
  | 'wrong-key'
  /** Stripe answered 401: revoked, deleted or mistyped. */
  | 'invalid-key'
  /**
   * Stripe did not answer for some permission (network, timeout, rate limit), or answered in a way
   * that tells neither way (a 5xx, a redirect, a body not in Stripe's shape: a wrong --api-base),
   * and none was refused.
   */
  | 'unreachable'
  /**
   * No permission could be checked (none has a safe request, or none is known): the key's shape is
   * right, and nothing more is known of it.
   */
  | 'unchecked';

export interface KeyCheckResult {
  verdict: Verdict;
  key: KeyShape;
  /** The account the key belongs to when Stripe named it (a 403 does), else null. */
  account: string | null;
  mode: 'test' | 'live' | null;
  apiBase: string;
  permissions: PermissionCheck[];
  /** What to tell the user, one sentence each. */
  advice: string[];
}

export interface CheckKeyOptions {
  key: string;
  /** The permissions to check; or a manifest (stripe-app.json, parsed) whose permissions are checked. */
  permissions?: readonly string[];
  manifest?: unknown;
  /** Default https://api.stripe.com; plain http only to a loopback address. */
  apiBase?: string;
  /** The whole check's deadline, in milliseconds (default 30000). */
  timeout?: number;
  /** Aborting it stops the check; checkKey then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
}

/** An option a caller got wrong; the command line reports it as a usage error. */
export class KeyCheckOptionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'KeyCheckOptionError';
  }
}

const SETTINGS_PAGE =
  "the app's settings page in the Stripe Dashboard (Settings › Installed apps › the app › View API keys)";

/** What a pasted key is, with no network: only a restricted key is the one to ask for. */
export function keyShape(key: string): KeyShape {
  // A form's field may be missing or not text (`req.body.key` is whatever was posted).
  if (typeof key !== 'string') return notText(key);
  const masked = mask(key.trim());
  const base = { masked, mode: /_live_/.test(key) ? ('live' as const) : /_test_/.test(key) ? ('test' as const) : null };
  const wrong = (kind: KeyKind, problem: string): KeyShape => ({ ...base, ok: false, kind, problem });
  if (key.length === 0) return wrong('unknown', 'The key is empty.');
  const kind = kindOf(key.trim());
  if (/\s/.test(key)) {
    const where =
      key.trim() === key
        ? 'a space or line break inside it'
        : /[\r\n]/.test(key)
          ? 'a line break before or after it'
          : 'spaces before or after it';
    return wrong(
      kind,
      `The key has ${where}: it was copied with more than the key. Copy it again from ${SETTINGS_PAGE}.`,
    );
  }
  switch (kind) {
    case 'secret key':
      return wrong(
        kind,
        "This is a secret key (sk_): it can do anything on the account, and since 2024-09-30 Stripe requires plugins to use restricted keys instead of users' secret keys. Ask for the restricted key (rk_) generated on " +
          `${SETTINGS_PAGE}.`,
      );
    case 'organization secret key':
      return wrong(
        kind,
        `This is an organization key (sk_org_), not a key for one account. Ask for the restricted key (rk_) on ${SETTINGS_PAGE}.`,
      );
    case 'publishable key':
      return wrong(
        kind,
        `This is a publishable key (pk_): it is meant for browsers and cannot call these APIs. Ask for the restricted key (rk_) on ${SETTINGS_PAGE}.`,
      );
    case 'webhook signing secret':
      return wrong(
        kind,
        `This is a webhook signing secret (whsec_): it verifies events and is no API key. Ask for the restricted key (rk_) on ${SETTINGS_PAGE}.`,
      );
    case 'app signing secret':
      return wrong(
        kind,
        `This is an app signing secret (absec_): it signs the app's requests and is no API key. Ask for the restricted key (rk_) on ${SETTINGS_PAGE}.`,
      );
    case 'unknown':
      return wrong(
        kind,
        `This is not a Stripe restricted key, which starts with rk_test_ or rk_live_. Copy it from ${SETTINGS_PAGE}.`,
      );
  }
  const body = key.replace(/^rk_(test|live)_/, '');
  if (/[…*]/.test(body))
    return wrong(
      kind,
      `This is the key as Stripe shows it masked, not the key itself. Copy the whole key from ${SETTINGS_PAGE}.`,
    );
  if (!/^[A-Za-z0-9]*$/.test(body))
    return wrong(kind, `The key has characters a Stripe key never has. Copy it again from ${SETTINGS_PAGE}.`);
  if (body.length < MIN_KEY_BODY) {
    const after = body.length === 0 ? 'nothing' : `${body.length} character${body.length === 1 ? '' : 's'}`;
    return wrong(
      kind,
      `The key is cut short (${after} after rk_${base.mode}_). Copy the whole key from ${SETTINGS_PAGE}.`,
    );
  }
  return { ...base, ok: true, kind };
}

function kindOf(key: string): KeyKind {
  if (/^rk_(test|live)_/.test(key)) return 'restricted key';
  if (key.startsWith('sk_org_')) return 'organization secret key';
  if (/^sk_(test|live)_/.test(key)) return 'secret key';
  if (/^pk_(test|live)_/.test(key)) return 'publishable key';
  if (key.startsWith('whsec_')) return 'webhook signing secret';
  if (key.startsWith('absec_')) return 'app signing secret';
  return 'unknown';
}

function notText(key: unknown): KeyShape {
  const what = Array.isArray(key)
    ? 'a list'
    : key === null
      ? 'null'
      : typeof key === 'object'
        ? 'an object'
        : `a ${typeof key}`;
  const problem =
    key === undefined || key === null
      ? 'No key was given.'
      : `The key is not text (${what}): ask for the restricted key (rk_) on ${SETTINGS_PAGE}.`;
  return { ok: false, kind: 'unknown', mode: null, masked: '', problem };
}

/**
 * The permissions a check is asked for, from `permissions` or a parsed manifest; a KeyCheckOptionError
 * when there are none: a check of nothing would send no request and call any key valid.
 */
function permissionsAsked(options: CheckKeyOptions): string[] {
  const { permissions, manifest } = options;
  if (permissions !== undefined) {
    if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === 'string' && p.trim() !== ''))
      throw new KeyCheckOptionError('permissions must be a list of permission names, such as ["customer_read"].');
    if (permissions.length === 0) throw new KeyCheckOptionError(NOTHING_ASKED('permissions'));
    return [...new Set(permissions)];
  }
  if (manifest === undefined || manifest === null)
    throw new KeyCheckOptionError(
      'checkKey needs the permissions to check: permissions, manifest (a parsed stripe-app.json) or manifestPath.',
    );
  if (typeof manifest !== 'object')
    throw new KeyCheckOptionError(
      `manifest must be the parsed stripe-app.json (an object), not a ${typeof manifest}: parse it, or give manifestPath.`,
    );
  if (!Array.isArray((manifest as { permissions?: unknown }).permissions))
    throw new KeyCheckOptionError(
      'manifest has no "permissions" list. A local manifest (stripe-app.<name>.json) takes its base\'s: give manifestPath, which reads both.',
    );
  const names = manifestPermissions(manifest);
  if (names.length === 0) throw new KeyCheckOptionError(NOTHING_ASKED('manifest'));
  return names;
}
const NOTHING_ASKED = (what: string): string =>
  `${what} asks for no permission, so there is nothing to check the key against.`;

/** The permission names a manifest (stripe-app.json, parsed) asks for, in order, each once. */
export function manifestPermissions(manifest: unknown): string[] {
  const entries = (manifest as { permissions?: unknown } | null)?.permissions;
  if (!Array.isArray(entries)) return [];
  const names = entries
    .map((entry: unknown) =>
      entry && typeof entry === 'object' ? (entry as { permission?: unknown }).permission : undefined,
    )
    .filter((name): name is string => typeof name === 'string');
  return [...new Set(names)];
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** The API base as a URL with no trailing slash; https, or http to a loopback address only. */
export function checkApiBase(apiBase: string): string {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new KeyCheckOptionError(
      `"${apiBase}" is not a URL.`,
      `For example: ${DEFAULT_API_BASE} or http://127.0.0.1:12111`,
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new KeyCheckOptionError(
      `Refusing to send a key over plain http to ${url.host}: anyone on the way could read it.`,
      'Use https, or http only to this machine (localhost, 127.0.0.1, [::1]).',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new KeyCheckOptionError(`The API base must be an https URL, not ${url.protocol}.`);
  if (url.search || url.hash || url.username || url.password)
    throw new KeyCheckOptionError('The API base must be a plain URL, with no query, fragment or credentials.');
  return url.href.replace(/\/+$/, '');
}

/** A day: longer than any check, and within what a timer can wait. */
const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/** More than any answer to a probe (a one-item list, an error): what is read of a body. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** Checks a key against permissions: the shape first, then one safe request per permission. */
export async function checkKey(options: CheckKeyOptions): Promise<KeyCheckResult> {
  const apiBase = checkApiBase(options.apiBase ?? DEFAULT_API_BASE);
  const asked = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(asked) && asked > 0 && asked <= MAX_TIMEOUT_MS))
    throw new KeyCheckOptionError(
      `The timeout must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS} (a day), not ${asked}.`,
    );
  // Timers take whole milliseconds: 16.1 s is 16100.000000000002 ms.
  const timeout = Math.ceil(asked);
  const wanted = permissionsAsked(options);
  const key = keyShape(options.key);
  const base = { key, mode: key.mode, apiBase, account: null };
  if (!key.ok) {
    return { ...base, verdict: 'wrong-key', permissions: [], advice: [key.problem ?? 'This is not a restricted key.'] };
  }
  options.signal?.throwIfAborted();
  // One controller that every stop aborts: the deadline's timer, a key Stripe refuses, the caller's
  // signal; the timer holds it until it fires or is cleared.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new DOMException('The check ran out of time.', 'TimeoutError')), timeout);
  const keyInvalid = new AbortController();
  keyInvalid.signal.addEventListener('abort', () => stop.abort(keyInvalid.signal.reason), { once: true });
  const callerStopped = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', callerStopped, { once: true });
  const signal = stop.signal;
  const send = options.fetch ?? globalThis.fetch;
  const started = Date.now();
  const context: ProbeContext = {
    key: options.key,
    apiBase,
    send,
    signal,
    timeLeft: () => timeout - (Date.now() - started),
    onInvalidKey: () => keyInvalid.abort(),
  };

  const checks: Checked[] = wanted.map((permission) => ({ permission, status: 'not-checked' }));
  const tasks = wanted.map((permission, i) => async (): Promise<void> => {
    checks[i] = await checkPermission(permission, context);
  });
  try {
    await runPool(tasks, CONCURRENCY);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', callerStopped);
  }
  // The caller's cancel is the caller's: it ends the check, not a verdict.
  options.signal?.throwIfAborted();

  let account: string | null = null;
  for (const check of checks) if (check.account) account ??= check.account;
  const results = checks.map(({ account: _, ...check }) => check as PermissionCheck);
  const invalid = keyInvalid.signal.aborted;
  if (invalid) {
    for (const check of results)
      if (check.status === 'not-checked' && check.reason === 'no-answer')
        Object.assign(check, { reason: 'skipped', detail: 'Stopped: Stripe did not accept the key.' });
  }
  const verdict: Verdict = invalid
    ? 'invalid-key'
    : results.some((c) => c.status === 'missing')
      ? 'missing-permissions'
      : results.some((c) => c.reason === 'no-answer' || c.reason === 'rate-limited' || c.reason === 'not-stripe')
        ? 'unreachable'
        : results.length > 0 && !results.some((c) => c.status === 'granted')
          ? 'unchecked'
          : 'valid';
  return { ...base, account, verdict, permissions: results, advice: adviceFor(verdict, results, timeout) };
}

interface ProbeContext {
  key: string;
  apiBase: string;
  send: typeof fetch;
  signal: AbortSignal;
  timeLeft: () => number;
  onInvalidKey: () => void;
}

type Checked = PermissionCheck & { account?: string };

async function checkPermission(permission: string, context: ProbeContext): Promise<Checked> {
  const found = probeFor(permission);
  if (!found) {
    const known = findPermission(permission) !== undefined;
    return {
      permission,
      status: 'not-checked',
      reason: known ? 'no-probe' : 'unknown-permission',
      detail: known ? "There is no safe request for it in rak-app's catalog." : 'Not a permission rak-app knows.',
    };
  }
  if ('notChecked' in found)
    return { permission, status: 'not-checked', reason: 'no-probe', detail: `No safe request: ${found.notChecked}.` };
  const probe = found;
  const sent = { verb: probe.verb, path: probe.path, query: probe.query };
  let attempts = 0;
  let lastStatus: number | undefined;
  // Stopped (the deadline, or the caller's signal): not checked, never guessed.
  const unanswered = (): PermissionCheck => ({
    permission,
    status: 'not-checked',
    probe: sent,
    reason: 'no-answer',
    detail: noAnswer(context),
    attempts,
  });
  while (true) {
    if (context.signal.aborted) return unanswered();
    attempts++;
    let response: Response;
    let body: string;
    try {
      response = await context.send(urlOf(context.apiBase, probe), {
        method: probe.verb,
        headers: {
          authorization: `Bearer ${context.key}`,
          'user-agent': 'rak-app key check',
          ...(probe.verb === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(probe.verb === 'POST' ? { body: '' } : {}),
        signal: context.signal,
        redirect: 'error',
      });
      body = await answerText(response, context.signal);
    } catch (error) {
      if (context.signal.aborted) return unanswered();
      // A redirect is an answer, not a failed connection: it is not followed (the key would go to
      // another address) and not tried again.
      if (/redirect/i.test(causeOf(error)))
        return {
          permission,
          status: 'not-checked',
          probe: sent,
          reason: 'not-stripe',
          detail: 'The API answered with a redirect, which rak-app does not follow: a key is sent to --api-base only.',
          attempts,
        };
      if (attempts < MAX_ATTEMPTS && (await waitBeforeRetry(attempts, undefined, context))) continue;
      const detail = `${CONNECTION_FAILED}: ${causeOf(error)}.`;
      return { permission, status: 'not-checked', probe: sent, reason: 'no-answer', detail, attempts };
    }
    lastStatus = response.status;
    if (response.status === 429) {
      const retryAfter = response.headers.get('retry-after');
      if (attempts < MAX_ATTEMPTS && (await waitBeforeRetry(attempts, retryAfter, context))) continue;
      return {
        permission,
        status: 'not-checked',
        probe: sent,
        httpStatus: 429,
        reason: 'rate-limited',
        detail: `Stripe answered 429 (too many requests) ${attempts === 1 ? 'once' : `${attempts} times`}.`,
        attempts,
      };
    }
    return { ...readAnswer(permission, probe, lastStatus, body, context), probe: sent, attempts };
  }
}

/** What one answer says about one permission. */
function readAnswer(permission: string, probe: Probe, status: number, body: string, context: ProbeContext): Checked {
  const error = stripeError(body);
  const message = error?.message ? redactSecrets(error.message) : undefined;
  const targetsObject = probe.template.includes('{');
  // A 401 or 403 that is not in Stripe's shape comes from something else (a firewall, a proxy, the
  // wrong --api-base): it says nothing of the key.
  if ((status === 401 || status === 403) && error === undefined)
    return {
      permission,
      status: 'not-checked',
      httpStatus: status,
      reason: 'not-stripe',
      detail: `The API answered ${status} without Stripe's error body, not as Stripe answers; that tells neither way.`,
    };
  // Stripe's 401 for a key it does not know ("Invalid API Key provided: rk_live_…") or that has
  // expired ("Expired API Key provided", code api_key_expired). Another 401 in Stripe's shape
  // (`rak-app proxy` refusing a live key) says nothing of the key: not checked, below.
  const refused = parseStripeKeyError(`${message ?? ''} ${error?.code ?? ''}`)?.kind;
  if (status === 401 && (refused === 'invalid-key' || refused === 'expired-key')) {
    context.onInvalidKey();
    return {
      permission,
      status: 'not-checked',
      httpStatus: 401,
      reason: 'skipped',
      detail: message ?? 'Stripe answered 401.',
    };
  }
  if (status === 403) {
    const said = parseStripeKeyError(message ?? '');
    const scope = said && 'scope' in said ? said.scope : undefined;
    const account = said?.kind === 'missing-permission' ? said.account : undefined;
    const meaning = scope ? permissionForScope(scope) : undefined;
    return {
      permission,
      status: 'missing',
      httpStatus: 403,
      ...(scope ? { scope, scopePermission: meaning?.permission ?? null } : {}),
      ...(meaning?.note ? { scopeNote: meaning.note } : {}),
      ...(account ? { account } : {}),
      detail: message ?? 'Stripe answered 403 with no message.',
    };
  }
  // Only Stripe's own answers tell: the object a read asks for (a list, the balance), or "No such …"
  // for the impossible id an update or a retrieve names. A 2xx for that id, a 404 for the path itself
  // ("Unrecognized request URL": an --api-base ending in /v1), or a page from another server (a
  // catch-all mock answering 200 to anything) tells nothing.
  const object = status >= 200 && status < 300 && !targetsObject ? stripeObjectOf(body) : undefined;
  const granted =
    (object !== undefined && object === probe.object) ||
    (status === 404 && targetsObject && error?.code === 'resource_missing');
  if (granted) return { permission, status: 'granted', httpStatus: status };
  const stripes = error !== undefined && status >= 400 && status < 500 && status !== 404;
  return {
    permission,
    status: 'not-checked',
    httpStatus: status,
    reason: stripes ? 'unexpected-answer' : 'not-stripe',
    detail: stripes
      ? `Stripe answered ${status}${message ? `: ${message.replace(/[.\s]+$/, '')}` : ''}; that tells neither way.`
      : status >= 500
        ? `The API failed with ${status}${message ? `: ${message.replace(/[.\s]+$/, '')}` : ''}. A fault on the server's side says nothing of the key; run the check again later.`
        : `The API answered ${status}${message ? `: ${message}` : status < 300 ? ', not with a Stripe object' : ''}, not as Stripe answers this request; that tells neither way.`,
  };
}

/**
 * The start of an answer's body: a probe's answer is a few hundred bytes, and a server that sends
 * gigabytes (a wrong --api-base) must not hold the check past its deadline or fill the memory.
 */
async function answerText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  // Each read races the signal: the fetch's own abort does not always reach a body being read (with
  // collections running, a server that stalls mid-body held the check for minutes).
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const read = await Promise.race([reader.read(), stopped]);
      if (read.done) {
        done = true;
        break;
      }
      chunks.push(read.value);
      size += read.value.length;
    }
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (!done) void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** What a body is, when it is one of Stripe's objects (`list`, `customer`…): every one names its `object`. */
function stripeObjectOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { object?: unknown };
    return typeof parsed === 'object' && parsed !== null && typeof parsed.object === 'string'
      ? parsed.object
      : undefined;
  } catch {
    return undefined;
  }
}

/** Stripe's error body: every one names its `type` (`invalid_request_error`, `api_error`…). */
function stripeError(body: string): { message?: string; code?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown; type?: unknown } };
    const error = parsed?.error;
    if (!error || typeof error !== 'object' || typeof error.type !== 'string') return undefined;
    return {
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
    };
  } catch {
    return undefined;
  }
}

function urlOf(apiBase: string, probe: Probe): string {
  const query = new URLSearchParams(probe.query).toString();
  return `${apiBase}${probe.path}${query ? `?${query}` : ''}`;
}

/** The details that tell a deadline from a connection that failed, for the advice (adviceFor). */
const PAST_DEADLINE = 'Stripe did not answer before the deadline.';
const CONNECTION_FAILED = 'The connection failed';

const noAnswer = (context: ProbeContext): string =>
  context.timeLeft() <= 0 ? PAST_DEADLINE : 'The check was stopped before Stripe answered.';

/** Why a request failed, masked: a fetch of the caller's (a logging wrapper, say) may name the key in its error. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const said =
    code !== undefined && Object.hasOwn(CONNECTION_CODES, code)
      ? ` (${CONNECTION_CODES[code]})`
      : code === undefined && cause?.message === 'bad port'
        ? ' (a port fetch refuses to connect to, as browsers do: use another)'
        : '';
  return redactSecrets(`${code ?? cause?.message ?? (error as Error).message ?? String(error)}${said}`);
}

/** What the codes a failed connection ends with say, in words (the code stays, to look up). */
const CONNECTION_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at that address',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNRESET: 'the server closed the connection',
  UND_ERR_SOCKET: 'the server closed the connection',
  ETIMEDOUT: 'connecting timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the server's certificate is not trusted here (a proxy's? NODE_EXTRA_CA_CERTS adds one)",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak https there (plain http?)',
};

/**
 * Waits before another try: as long as Retry-After asks (capped), else a doubling back-off. False
 * when the wait would pass the deadline, or the check was stopped meanwhile.
 */
async function waitBeforeRetry(
  attempt: number,
  retryAfter: string | null | undefined,
  context: ProbeContext,
): Promise<boolean> {
  const asked = retryAfter == null ? Number.NaN : Number(retryAfter) * 1000;
  const wait = Number.isFinite(asked) && asked >= 0 ? asked : FIRST_BACKOFF_MS * 2 ** (attempt - 1);
  if (wait > MAX_RETRY_AFTER_MS || wait >= context.timeLeft()) return false;
  if (wait > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', done);
        resolve();
      }
      context.signal.addEventListener('abort', done, { once: true });
    });
  }
  return !context.signal.aborted;
}

async function runPool(tasks: (() => Promise<void>)[], size: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
}

function adviceFor(verdict: Verdict, checks: readonly PermissionCheck[], timeout: number): string[] {
  const missing = checks.filter((c) => c.status === 'missing').map((c) => c.permission);
  const notChecked = checks.filter((c) => c.status === 'not-checked' && c.reason !== 'skipped');
  const advice: string[] = [];
  switch (verdict) {
    case 'invalid-key':
      advice.push(
        `Stripe does not accept this key: it was revoked (the app uninstalled, or the key rolled) or mistyped. Ask the user to generate a new key on ${SETTINGS_PAGE}.`,
      );
      break;
    case 'missing-permissions':
      advice.push(
        `The key lacks ${missing.join(', ')}. The account has not approved the version of the app that asks for ${missing.length === 1 ? 'it' : 'them'}: ask the user to install the app, or re-approve it (Review permissions on the app's page), then generate a new key on ${SETTINGS_PAGE}.`,
      );
      break;
    case 'unreachable': {
      const those = notChecked.length === 1 ? 'that permission' : 'those permissions';
      // A connection refused or a name not found fails at once: no timeout was reached then.
      const timedOut = notChecked.some((c) => c.detail === PAST_DEADLINE);
      // Named: "did not answer for every permission" read as if Stripe answered for none.
      const unanswered = checks
        .filter((c) => c.reason === 'no-answer' || c.reason === 'rate-limited' || c.reason === 'not-stripe')
        .map((c) => c.permission)
        .join(', ');
      advice.push(
        checks.some((c) => c.reason === 'not-stripe')
          ? `The API did not answer as Stripe does for ${unanswered} (see each one's detail): check the API base (it ends before /v1) and Stripe's status, and try again. Nothing is known yet about those permissions.`
          : !timedOut && notChecked.some((c) => c.detail?.startsWith(CONNECTION_FAILED))
            ? `Stripe could not be reached for ${unanswered} (the connection failed; each one's detail says how): check the network (or the API base), and try again. Nothing is known yet about ${those}.`
            : !timedOut && notChecked.some((c) => c.reason === 'rate-limited')
              ? // A wait past the deadline or the cap is not made: then it answered once.
                `Stripe answered 429 (too many requests) for ${those}, ${notChecked.some((c) => c.reason === 'rate-limited' && (c.attempts ?? 1) > 1) ? 'also after waiting' : `and waiting to ask again (as its Retry-After asked, or rak-app's own back-off) would have gone past --timeout or the ${MAX_RETRY_AFTER_MS / 1000} s rak-app waits at most`}: the account is making many requests; try again later. Nothing is known yet about ${those}.`
              : `Stripe did not answer for ${unanswered} within ${timeout / 1000} s: check the network (or the API base), and try again. Nothing is known yet about ${those}.`,
      );
      break;
    }
    case 'valid':
      // The verdict says the rest; what was not checked is said below.
      if (checks.length === 0) advice.push('No permission was asked for, so none was checked.');
      break;
    case 'unchecked':
      advice.push(
        'No permission could be checked, so nothing is known of the key beyond its shape: do not take it as valid.',
      );
      break;
    case 'wrong-key':
      break;
  }
  const unprobed = notChecked.filter(
    (c) => c.reason === 'no-probe' || c.reason === 'unknown-permission' || c.reason === 'unexpected-answer',
  );
  if (verdict !== 'invalid-key' && unprobed.length > 0)
    advice.push(
      `Not checked: ${unprobed.map((c) => c.permission).join(', ')} (see each one's detail); rak-app does not guess them.`,
    );
  return advice;
}
