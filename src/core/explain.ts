/**
 * `permissions explain`: whatever the user has in hand (a permission, a scope from a Stripe error, a
 * stripe-node call, an endpoint, or the whole error Stripe answered) → the permission it takes, what
 * else that permission covers, and, given the manifest's permissions, whether the app has it and
 * what to do next. Data only: the command renders it.
 */
import { basename, dirname } from 'node:path';
import { BASE_MANIFEST_NAME, LOCAL_MANIFEST_NAME } from '../catalog/manifest.js';
import { CONNECT_PERMISSIONS } from '../catalog/permissions.js';
import { quoteForShell } from '../words.js';
import {
  API_RESOURCES,
  EVENT_PERMISSIONS,
  EXPANDABLE,
  effectivePermissions,
  IMPLIES,
  METHOD_PERMISSIONS,
  permissionsForEvent,
} from '../catalog/api.js';
import { EVENT_TYPES } from '../catalog/expandable.generated.js';
import { API_METHODS, type ApiMethod, matchEndpoint, methodForCall } from '../catalog/endpoints.js';
import {
  findPermission,
  PERMISSION_ALIASES,
  PERMISSION_NAMES,
  PERMISSIONS,
  type Permission,
} from '../catalog/permissions.js';
import { parseStripeKeyError, permissionForScope, type ScopeMeaning, type StripeKeyError } from '../catalog/scopes.js';
import { redactSecrets } from './secrets.js';
import { suggest } from './suggest.js';

/** An API method as `explain` and `list` show it. */
export interface MethodInfo {
  call: string;
  verb: ApiMethod['verb'];
  path: string;
  /** A method the installed stripe package no longer has: the last release that had it. */
  legacy?: string;
}

export interface PermissionInfo extends Permission {
  /** Stripe API resources (as the stripe npm package names them) whose calls need it. */
  resources: string[];
  /** Every stripe-node method that needs it, with its endpoint (the generated API catalog). */
  methods: MethodInfo[];
  /** Event type prefixes it lets an app receive. */
  events: string[];
  /** Expandable fields it lets an app expand. */
  expands: string[];
  implies: string[];
}

const methodInfo = ({ call, verb, path, legacy }: ApiMethod): MethodInfo => ({
  call,
  verb,
  path,
  ...(legacy ? { legacy } : {}),
});

export function describePermission(p: Permission): PermissionInfo {
  return {
    ...p,
    resources: [
      ...Object.entries(METHOD_PERMISSIONS).flatMap(([call, permission]) =>
        permission === p.name ? [`${call}()`] : [],
      ),
      ...Object.entries(API_RESOURCES).flatMap(([r, rw]) => [
        ...(rw.read === p.name ? [`${r} (read)`] : []),
        ...(rw.write === p.name ? [`${r} (write)`] : []),
      ]),
    ],
    methods: API_METHODS.filter((m) => m.permission === p.name).map(methodInfo),
    events: EVENT_PERMISSIONS.filter(([, anyOf]) => anyOf.includes(p.name)).map(([prefix]) => `${prefix}*`),
    expands: Object.entries(EXPANDABLE)
      .filter(([, perm]) => perm === p.name)
      .map(([field]) => field),
    implies: [...(IMPLIES[p.name] ?? [])],
  };
}

export const listPermissions = (): PermissionInfo[] => PERMISSIONS.map(describePermission);

/** What the input was read as. */
export type InputKind = 'permission' | 'scope' | 'call' | 'endpoint' | 'event' | 'stripe-error';

/** How the manifest's permissions stand against the one needed. */
export interface ManifestVerdict {
  /** The manifest, as the user named it. */
  file: string;
  granted: boolean;
  /**
   * `listed`: the manifest has it; `write-implies-read`: it has the write twin; `implied`: another
   * permission implies it (Stripe's "also implies"); `bare`: it names it only as a bare string, which
   * Stripe does not accept (at `line`, `column`); `missing`: none of these.
   */
  how: 'listed' | 'write-implies-read' | 'implied' | 'bare' | 'missing';
  line?: number;
  column?: number;
  /** The manifest permissions that grant it. */
  grantedBy: string[];
}

/** What to do; `when` says which case a step is for when the manifest was not given. */
export type NextStep =
  | { do: 'grant'; permission: string; command: string; when?: 'manifest-lacks-it' | 'still-refused' }
  | { do: 'reapprove'; permission: string; when?: 'manifest-has-it' | 'stripe-refuses-it' }
  | { do: 'nothing-grants-it'; reason: string }
  /** The manifest names the permission as a bare string: written out as Stripe accepts it, at `at`. */
  | { do: 'write-out'; permission: string; at: string }
  /** Stripe named a scope rak-app's catalog lacks: perhaps newer than it, so nothing is ruled out. */
  | { do: 'look-up-scope'; scope: string }
  /** The Apps platform refused a Dashboard view's call: which permission it needs is the call's. */
  | { do: 'grant-what-the-view-calls' }
  | { do: 'drop-stripe-account-header' }
  | { do: 'check-the-key' }
  /** The key itself is past use (expired): only a new one helps. */
  | { do: 'new-key' };

export interface Explanation {
  /** The input, secrets masked. */
  input: string;
  kind: InputKind;
  /** For a pasted Stripe error: what it says. */
  error?: StripeKeyError;
  /** For a scope, or an error naming one: the permission behind it. */
  scope?: ScopeMeaning;
  /** For a call or an endpoint: the stripe-node method. */
  method?: MethodInfo;
  /** For a webhook event's type: what receiving it takes. */
  event?: EventInfo;
  /** The app permission that allows it; null when none does (see reason). */
  permission: string | null;
  reason?: string;
  /** The permission in full. */
  details?: PermissionInfo;
  manifest?: ManifestVerdict;
  next: NextStep[];
}

/** A webhook event's type, and what receiving it takes besides the permission named. */
export interface EventInfo {
  type: string;
  /** Any one of these lets the app receive it (Stripe's table, by the type's prefix); none when it lists none. */
  anyOf: string[];
  /** event_read, which every webhook event needs: the manifest's verdict on it, when one was given. */
  eventRead?: ManifestVerdict;
}

/** The input was not understood: what it might have meant. */
export interface NotUnderstood {
  kind: 'unknown';
  input: string;
  /** What the input looked like, for the message. */
  lookedLike: 'permission' | 'scope' | 'call' | 'endpoint' | 'event';
  suggestions: string[];
  /** For an endpoint given without a verb that more than one verb has. */
  ambiguous?: MethodInfo[];
}

/** A manifest's permissions as explain weighs them. */
export interface ManifestPermissions {
  file: string;
  /** What it requests, written as Stripe accepts them. */
  permissions: readonly string[];
  /** Those written as bare names (`"customer_read"`), which Stripe does not accept: they grant nothing. */
  bare?: readonly { name: string; line: number; column: number }[];
}

export interface ExplainOptions {
  /** The permissions the manifest requests, when one was given. */
  manifest?: ManifestPermissions;
}

const VERBS = ['GET', 'POST', 'DELETE'] as const;
const ENDPOINT = /^(GET|POST|DELETE|PUT|PATCH)\s+(\S+)$/i;
const PATH_ONLY = /^(https?:\/\/[^/\s]+)?\/\S*$/i;
/** A chain of names as code writes a call: `stripe.quotes.pdf`, `this.client.invoices.create()`. */
const CALL = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+(\(\))?$/;

const RAW_REQUEST =
  /^(?:await\s+)?[A-Za-z_$][\w$.?]*\.rawRequest\s*\(\s*['"`]?(GET|POST|DELETE|PUT|PATCH)['"`]?\s*,?\s*(.*)\)\s*;?$/is;
/** One piece of a path as code joins it: a string, a template, or a name (`'/v1/accounts/' + id`). */
const PATH_PIECE = /^\s*(?:'([^']*)'|"([^"]*)"|`([^`]*)`|([A-Za-z_$][\w$.]*)|(\/[^\s,)]*))\s*/;

/**
 * The path a raw request's arguments start with, its values as parameters (`/v1/accounts/{id}`):
 * strings, templates and names joined by `+`, or the path alone as the scan prints it.
 */
function rawPath(args: string): string | undefined {
  let path = '';
  let rest = args;
  for (;;) {
    const piece = PATH_PIECE.exec(rest);
    if (!piece) return undefined;
    const [whole, single, double, template, name, bare] = piece;
    path +=
      single ??
      double ??
      bare ??
      (template !== undefined ? template.replace(/\$\{\s*([^}]*?)\s*\}/g, '{$1}') : `{${name}}`);
    rest = rest.slice(whole.length);
    if (!rest.startsWith('+')) break;
    rest = rest.slice(1);
  }
  return rest === '' || rest.startsWith(',') ? path : undefined;
}

/** Quotes as a chat, a mail or a word processor turns them, and the straight ones Stripe writes. */
const CURLY_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
const CURLY_DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033]/g;
/** One pair of quotes or backticks around the whole input: `'rak_subscription_read'`, copied with them. */
const QUOTED = /^(['"`])([^'"`]*)\1$/;
/** A scope Stripe names in quotes, anywhere in a text: part of an error pasted without the rest. */
const QUOTED_SCOPE = /'(rak_[a-z0-9_]+)'/gi;

/**
 * The input as Stripe or code wrote it: curly quotes straightened, one pair of quotes around it
 * dropped, a call's arguments and `await` dropped (`await stripe.customers.list({ limit: 3 })`).
 */
function normalised(raw: string): string {
  let input = raw.trim();
  input = QUOTED.exec(input)?.[2]?.trim() ?? input;
  // A raw request names its endpoint: `stripe.rawRequest('POST', '/v1/payouts')`, or as the scan
  // prints it, `stripe.rawRequest(POST /v1/payouts)`.
  const request = RAW_REQUEST.exec(input);
  const endpoint = request && rawPath(request[2]!);
  if (endpoint) return `${request[1]!.toUpperCase()} ${endpoint}`;
  const call = /^(?:await\s+)?([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)+)\s*\(/.exec(input);
  // Only one call, its arguments closed at the end: `a(); b()` is two things, not the first.
  return call && closesAtEnd(input, call[0].length) ? call[1]!.replace(/\s*\??\.\s*/g, '.') : input;
}

/** Whether the parenthesis opened before `from` closes at the end of the text (a `;` may follow). */
function closesAtEnd(text: string, from: number): boolean {
  let depth = 1;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return /^\s*;?\s*$/.test(text.slice(i + 1));
    }
  }
  return false;
}

/** Reads the input and explains it; NotUnderstood with suggestions when it cannot. */
export function explain(rawInput: string, options: ExplainOptions = {}): Explanation | NotUnderstood {
  const straight = redactSecrets(rawInput.replace(CURLY_QUOTES, "'").replace(CURLY_DOUBLE_QUOTES, '"').trim());
  // A Stripe error wins wherever it is in what was pasted (after a call's name, inside parentheses).
  const error = parseStripeKeyError(straight);
  if (error) return explainError(straight, error, options);
  const input = normalised(straight);

  const endpoint = ENDPOINT.exec(input);
  if (endpoint || PATH_ONLY.test(input)) {
    const path = endpoint ? endpoint[2]! : input;
    const verbs = endpoint ? [endpoint[1]!.toUpperCase()] : VERBS;
    // Each verb's most specific template; across verbs, the most specific too: `/v1/customers/search`
    // is GET's search, not POST's update of a customer named "search".
    const matches = verbs.flatMap((verb) => matchEndpoint(verb, path) ?? []);
    const literals = (m: ApiMethod): number => m.path.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
    const most = Math.max(0, ...matches.map(literals));
    const found = matches.filter((m) => literals(m) === most);
    if (found.length !== 1) {
      return {
        kind: 'unknown',
        input,
        lookedLike: 'endpoint',
        suggestions: [],
        ...(found.length > 1 ? { ambiguous: found.map(methodInfo) } : {}),
      };
    }
    return forMethod(input, 'endpoint', found[0]!, options);
  }

  if (input.toLowerCase().startsWith('rak_')) {
    const scope = permissionForScope(input);
    if (!scope) {
      const wanted = input.toLowerCase().slice('rak_'.length);
      return { kind: 'unknown', input, lookedLike: 'scope', suggestions: suggestPermissions(wanted) };
    }
    return forPermission(input, 'scope', scope.permission, options, { scope, reason: scope.note });
  }

  // `CUSTOMER_READ`, as a constant in code names it.
  const permission =
    findPermission(input) ?? (/^[A-Z0-9_]+$/.test(input) ? findPermission(input.toLowerCase()) : undefined);
  if (permission) return forPermission(input, 'permission', permission.name, options);

  // `invoice.paid`, `INVOICE.PAID`, or a prefix as an endpoint's enabled_events writes it: `invoice.*`.
  const eventType = eventTypeOf(input);
  if (eventType) return explainEvent(eventType, options);
  // Stripe's signature check, where the code runs: no request, and no method of the catalog.
  if (VERIFIES_EVENT.test(input.replace(/\(\)$/, '')))
    return forPermission(input, 'call', EVENT_READ, options, {
      reason:
        "It checks a webhook event's signature where the code runs; code that receives Stripe's events needs event_read, as every webhook event does.",
    });
  if (CALL.test(input)) {
    // `this.stripe.customers.list`, `ctx.stripeClient.checkout.sessions.create`: what holds the client
    // dropped, up to the name that is it; a name after it is a namespace, never dropped.
    const names = input.replace(/\(\)$/, '').split('.');
    const client = names.findIndex((name) => /stripe/i.test(name));
    // Without a name for Stripe (`this.client.invoices.create`), the longest ending that is a method.
    const method =
      client >= 0
        ? methodForCall(`stripe.${names.slice(client + 1).join('.')}`)
        : names.map((_, at) => methodForCall(names.slice(at).join('.'))).find((m) => m !== undefined);
    if (method) return forMethod(input, 'call', method, options);
    // `v1.billing.meter.error_report_triggered`: a v2 event notification's type.
    if (/^v\d+\.[a-z_.]+$/.test(input)) return explainEvent(input, options);
    // `invoice.payed`, `invoce.paid`: named as Stripe's event types are (lower case), not one of them;
    // `customer.list` may be either.
    const events = /^[a-z_.]+$/.test(input) ? suggestEvents(input) : undefined;
    if (events && (events.length > 0 || EVENT_ROOTS.has(input.split('.')[0]!)))
      return { kind: 'unknown', input, lookedLike: 'event', suggestions: [...events, ...suggestCalls(input)] };
    return { kind: 'unknown', input, lookedLike: 'call', suggestions: suggestCalls(input) };
  }
  // Part of an error, pasted without the rest: the scope it names in quotes, if it names one.
  const scopes = [...new Set([...input.matchAll(QUOTED_SCOPE)].map((m) => m[1]!))];
  if (scopes.length === 1) return explainError(input, { kind: 'missing-permission', scope: scopes[0]! }, options);
  return { kind: 'unknown', input, lookedLike: 'permission', suggestions: suggestPermissions(input) };
}

/** `customer` names a resource, whose permissions are the suggestion; else the closest name. */
function suggestPermissions(name: string): string[] {
  const forResource = PERMISSION_NAMES.filter((n) => n.replace(/_(read|write)$/, '') === name.toLowerCase());
  if (forResource.length > 0) return forResource;
  return [suggest(name, PERMISSION_NAMES, PERMISSION_ALIASES)].filter((n) => n !== undefined);
}

function suggestCalls(call: string): string[] {
  const bare = call.replace(/^stripe\./, '').replace(/\(\)$/, '');
  const close = suggest(
    bare,
    API_METHODS.map((m) => m.call),
  );
  return close ? [close] : [];
}

const EVENT_READ = 'event_read';
const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);
/** The first name of each event type (`invoice`, `customer`, `checkout`): what an event type's typo keeps. */
const EVENT_ROOTS: ReadonlySet<string> = new Set(EVENT_TYPES.map((type) => type.split('.')[0]!));
/** `constructEvent`, `stripe.webhooks.constructEventAsync`, `webhooks.signature.verifyHeader`: the same check. */
const VERIFIES_EVENT =
  /^(?:(?:[A-Za-z_$][\w$]*\.)*webhooks\.)?(?:constructEvent|constructEventAsync|signature\.verifyHeader|signature\.verifyHeaderAsync)$/;

/** The event type an input names: one the stripe package sends, in any case, or a prefix of some (`invoice.*`). */
function eventTypeOf(input: string): string | undefined {
  const type = input.toLowerCase();
  if (KNOWN_EVENT_TYPES.has(type)) return type;
  const prefix = type.endsWith('.*') ? type.slice(0, -1) : undefined;
  return prefix && EVENT_TYPES.some((t) => t.startsWith(prefix)) ? type : undefined;
}

function suggestEvents(type: string): string[] {
  const close = suggest(type, EVENT_TYPES);
  return close ? [close] : [];
}

/**
 * A webhook event's type: the permission of the manifest's that receives it (else the first of
 * Stripe's table), and event_read, which every event needs besides.
 */
function explainEvent(type: string, options: ExplainOptions): Explanation {
  const anyOf = [...(permissionsForEvent(type.replace(/\*$/, '')) ?? [])];
  const manifest = options.manifest;
  // One the manifest lists, else one its write twin grants, else one granted otherwise, else Stripe's first.
  const granted = (how: ManifestVerdict['how'][]) =>
    manifest && anyOf.find((p) => how.includes(verdict(p, manifest).how));
  const permission = granted(['listed']) ?? granted(['write-implies-read']) ?? granted(['implied']) ?? anyOf[0];
  const eventRead = manifest && verdict(EVENT_READ, manifest);
  const event: EventInfo = { type, anyOf, ...(eventRead ? { eventRead } : {}) };
  // event_read's own step, first: it is needed whatever the event; none when it is granted or is the permission.
  const readSteps: NextStep[] =
    eventRead?.granted || permission === EVENT_READ
      ? []
      : eventRead
        ? nextSteps(EVENT_READ, eventRead, false)
        : [{ ...grantStep(EVENT_READ), when: 'manifest-lacks-it' }];
  const explained =
    permission === undefined
      ? forPermission(type, 'event', null, options, {
          event,
          reason: /^v\d+\./.test(type)
            ? `${type} is a v2 event notification's type ("thin" events): Stripe's permission table covers none of them, so which permission reading one needs is not known here; every webhook event needs event_read.`
            : `Stripe's permission table lists no permission for ${type}, so which one receives it is not known here; every webhook event needs event_read.`,
        })
      : forPermission(type, 'event', permission, options, { event, ...narrower(type) });
  return { ...explained, next: [...readSteps, ...explained.next] };
}

/** A prefix's events that Stripe's table gives other permissions (`customer.*` holds `customer.subscription.*`). */
function narrower(type: string): { reason?: string } {
  if (!type.endsWith('.*')) return {};
  const prefix = type.slice(0, -1);
  const others = EVENT_PERMISSIONS.filter(([p]) => p !== prefix && p.startsWith(prefix));
  return others.length === 0
    ? {}
    : {
        reason: `Some of its events need another: ${others.map(([p, anyOf]) => `${p}* ${anyOf.join(' or ')}`).join('; ')}.`,
      };
}

function forMethod(input: string, kind: 'call' | 'endpoint', method: ApiMethod, options: ExplainOptions): Explanation {
  return forPermission(input, kind, method.permission, options, {
    method: methodInfo(method),
    ...(method.reason ? { reason: method.reason } : {}),
  });
}

function forPermission(
  input: string,
  kind: InputKind,
  permission: string | null,
  options: ExplainOptions,
  extra: Partial<Explanation> = {},
): Explanation {
  if (permission === null) {
    const reason = extra.reason ?? 'No app permission allows it.';
    return { input, kind, ...extra, permission: null, reason, next: [{ do: 'nothing-grants-it', reason }] };
  }
  const details = describePermission(findPermission(permission)!);
  const manifest = options.manifest && verdict(permission, options.manifest);
  return {
    input,
    kind,
    ...extra,
    permission,
    details,
    ...(manifest ? { manifest } : {}),
    next: nextSteps(permission, manifest, kind === 'stripe-error'),
  };
}

const unknownScope = (scope: string): string =>
  `Stripe named the scope ${scope}, which is not in rak-app's catalog (it may be newer than the catalog), so which app permission allows it is not known here.`;

function explainError(input: string, error: StripeKeyError, options: ExplainOptions): Explanation {
  const base = { input, kind: 'stripe-error' as const, error };
  switch (error.kind) {
    case 'missing-permission': {
      const scope = permissionForScope(error.scope);
      if (!scope) {
        const reason = unknownScope(error.scope);
        return { ...base, permission: null, reason, next: [{ do: 'look-up-scope', scope: error.scope }] };
      }
      return forPermission(input, 'stripe-error', scope.permission, options, {
        error,
        scope,
        ...(scope.note ? { reason: scope.note } : {}),
      });
    }
    case 'app-missing-permission': {
      const reason =
        "The Apps platform's own refusal (a request from the app's Dashboard view, not from the key): the installed version lacks a permission, or the account has not approved the version that adds it. Stripe's message names no app permission.";
      return { ...base, permission: null, reason, next: [{ do: 'grant-what-the-view-calls' }] };
    }
    case 'not-for-restricted-keys': {
      const reason =
        'Stripe offers this endpoint to secret keys only (POST /v1/ephemeral_keys is one): no permission lets a restricted key call it, so the backend must do without it.';
      return { ...base, permission: null, reason, next: [{ do: 'nothing-grants-it', reason }] };
    }
    case 'stripe-account-header': {
      const reason = `The request named a connected account (the Stripe-Account header, stripe-node's stripeAccount option), and the key holds no Connect permission (${[...CONNECT_PERMISSIONS].join(', ')}). A RAK app's key usually acts on the account that made it: send no such header; an app that does act on connected accounts asks for the Connect permission its calls need.`;
      return { ...base, permission: null, reason, next: [{ do: 'drop-stripe-account-header' }] };
    }
    case 'invalid-key': {
      const reason =
        'Stripe does not know the key: mistyped, cut when pasted, revoked, or from the other mode (test against live).';
      return { ...base, permission: null, reason, next: [{ do: 'check-the-key' }] };
    }
    case 'expired-key': {
      const reason = 'The key has expired (it was rolled with an expiry): Stripe no longer takes it.';
      return { ...base, permission: null, reason, next: [{ do: 'new-key' }] };
    }
  }
}

function verdict(permission: string, manifest: ManifestPermissions): ManifestVerdict {
  if (manifest.permissions.includes(permission))
    return { file: manifest.file, granted: true, how: 'listed', grantedBy: [permission] };
  const grantedBy = manifest.permissions.filter((p) => effectivePermissions([p]).has(permission));
  if (grantedBy.length === 0) {
    const bare = manifest.bare?.find((b) => b.name === permission);
    return bare
      ? { file: manifest.file, granted: false, how: 'bare', grantedBy: [], line: bare.line, column: bare.column }
      : { file: manifest.file, granted: false, how: 'missing', grantedBy: [] };
  }
  const twin = permission.replace(/_read$/, '_write');
  const how =
    grantedBy.includes(twin) && !(IMPLIES[twin] ?? []).includes(permission) ? 'write-implies-read' : 'implied';
  return { file: manifest.file, granted: true, how, grantedBy };
}

/**
 * `stripe apps grant` edits the stripe-app.json of the folder it runs in: the manifest's folder, named
 * when it is not this one, and only when the manifest is that app's (not a copy under another name).
 */
const grantStep = (permission: string, manifest?: ManifestVerdict): NextStep & { do: 'grant' } => {
  const name = manifest ? basename(manifest.file) : undefined;
  const folder =
    manifest && (name === BASE_MANIFEST_NAME || LOCAL_MANIFEST_NAME.test(name ?? '')) ? dirname(manifest.file) : '.';
  return {
    do: 'grant',
    permission,
    command: `${folder === '.' ? '' : `cd ${quoteForShell(folder)} && `}stripe apps grant permission ${permission} "<purpose>"`,
  };
};

function nextSteps(permission: string, manifest: ManifestVerdict | undefined, refused: boolean): NextStep[] {
  if (manifest) {
    if (manifest.how === 'bare')
      return [{ do: 'write-out', permission, at: `${manifest.file}:${manifest.line}:${manifest.column}` }];
    if (!manifest.granted) return [grantStep(permission, manifest)];
    const reapprove: NextStep = refused
      ? { do: 'reapprove', permission }
      : { do: 'reapprove', permission, when: 'stripe-refuses-it' };
    // Granted only through another permission: if Stripe refuses the key even after approval, the
    // implication does not hold for it, and the permission itself is the fix.
    return manifest.how === 'listed'
      ? [reapprove]
      : [reapprove, { ...grantStep(permission, manifest), when: 'still-refused' }];
  }
  return [
    { ...grantStep(permission), when: 'manifest-lacks-it' },
    ...(refused ? [{ do: 'reapprove' as const, permission, when: 'manifest-has-it' as const }] : []),
  ];
}
