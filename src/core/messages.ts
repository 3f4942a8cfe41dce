/**
 * Every sentence a finding can carry, in one table keyed by messageId, so wording stays consistent
 * and reviewable. A finding is made as data (`say(messageId, data)`); its text is rendered from that
 * data here and nowhere else. Messages are one line, end with a full stop, and never contain a
 * secret in full. Also the words for a Stripe CLI run that could not finish.
 */
import { describePointer as at, type SyntaxProblem } from './source-file.js';
import type { StripeStopOutcome } from './stripe-outcome.js';
import { quoteForShell } from '../words.js';

const q = (v: unknown): string => JSON.stringify(v);
/** The convert command for an app folder, as the user named it from where they are. */
export const convertCommand = (folder: string): string =>
  `rak-app convert${folder === '.' ? '' : ` ${quoteForShell(folder)}`}`;

/** The convert command for an app folder; with none known, the command as run in the app's folder. */
const convertIn = (folder: string | undefined): string =>
  folder === undefined
    ? "rak-app convert` in the app's folder, where it is stripe-app.json"
    : `${convertCommand(folder)}\``;

/** An entry of `permissions` by its name, or by its place when it has no name to show. */
const permissionEntry = (name: unknown, index: number): string =>
  typeof name === 'string' ? `Permission ${q(name)}` : `permissions[${index}]`;
/** A pointer as the subject that opens a sentence. */
const subject = (pointer: string): string => (pointer === '' ? 'The manifest' : at(pointer));
const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
const list = (items: readonly string[]): string => items.map((i) => q(i)).join(', ');

const PARSE_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected ":"',
  CommaExpected: 'Expected "," or the end of the object or array',
  CloseBraceExpected: 'Expected "}"',
  CloseBracketExpected: 'Expected "]"',
  EndOfFileExpected: 'Unexpected text after the end of the JSON value',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid \\u escape',
  InvalidEscapeCharacter: 'Invalid escape sequence in a string',
  InvalidCharacter: 'A string holds a raw control character (tab, newline…); escape it',
};

/** What a schema pattern means, for the fields whose pattern no other rule explains. */
const PATTERN_MEANINGS: Readonly<Record<string, string>> = {
  id: 'an app id may hold only letters, digits, "_", "-" and "."',
  component: 'a component name may hold only letters, digits and "_"',
  url: 'a post-install URL starts with https:// (or http://)',
};

/** A message that carries no values. */
type NoData = Record<string, never>;

/**
 * Each message's wording, keyed by its messageId, from the values it is made of: the parameter of
 * each renderer is the finding's `data`, which JSON and SARIF consumers read instead of the text
 * (ESLint's messageId and data).
 */
const RENDERERS = {
  jsonSyntax({ problem, maxNesting }: { problem: SyntaxProblem; maxNesting: number }): string {
    switch (problem.kind) {
      case 'comment':
        return 'Comments are not allowed: the Stripe CLI reads strict JSON.';
      case 'trailing-comma':
        return 'Trailing comma: the Stripe CLI reads strict JSON, which allows no comma before "}" or "]".';
      case 'byte-order-mark':
        return 'The file starts with a byte-order mark; save it as UTF-8 without BOM.';
      case 'too-deep':
        return `Nested more than ${maxNesting} levels deep; no manifest needs that.`;
      case 'empty':
        return 'The file is empty; a manifest is a JSON object.';
      default:
        return `${(problem.code !== undefined && PARSE_ERRORS[problem.code]) || 'Invalid JSON'}: the Stripe CLI reads strict JSON.`;
    }
  },
  duplicateKey: ({ key, firstLine, firstColumn }: { key: string; firstLine: number; firstColumn: number }) =>
    `Duplicate key ${q(key)} (first at line ${firstLine}, column ${firstColumn}): only the last one counts, silently.`,

  schemaType: ({ pointer, expected, actual }: { pointer: string; expected: readonly string[]; actual: unknown }) =>
    `${subject(pointer)} must be ${expected.map((t) => (t === 'null' ? 'null' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`)).join(' or ')}, not ${typeName(actual)}.`,
  schemaRequired: ({ pointer, property }: { pointer: string; property: string }) =>
    `${subject(pointer)} is missing the required field ${q(property)}.`,
  schemaEnum: ({ pointer, value, allowed }: { pointer: string; value: unknown; allowed: readonly string[] }) =>
    `${subject(pointer)} is ${q(value)}; expected one of ${list(allowed)}.`,
  schemaPattern: ({
    pointer,
    value,
    field,
    pattern,
  }: {
    pointer: string;
    value: unknown;
    field: string;
    pattern: string;
  }) => `${subject(pointer)} is ${q(value)}; ${PATTERN_MEANINGS[field] ?? `it must match ${pattern}`}.`,
  schemaMinLength: ({ pointer }: { pointer: string }) => `${subject(pointer)} must not be empty.`,
  schemaOther: ({ pointer, detail }: { pointer: string; detail: string }) => `${subject(pointer)} ${detail}.`,

  unknownField: ({ key, parent, suggestion }: { key: string; parent: string; suggestion: string | null }) =>
    `Unknown field ${q(key)} in ${at(parent)}: neither Stripe's docs nor the Stripe CLI use it` +
    (suggestion ? `; did you mean ${q(suggestion)}?` : '; Stripe ignores or rejects it.'),

  // `converting`: said by a convert that refused the manifest, which names no command to run.
  accessTypeMissing: ({ folder, converting }: { folder?: string | undefined; converting?: boolean }) =>
    `stripe_api_access_type is not set, so the app uses "platform" keys; a RAK app needs "restricted_api_key"${converting ? '' : `: run \`${convertIn(folder)}`}.`,
  accessTypeWrong: ({
    value,
    nearMiss,
    folder,
    converting,
  }: {
    value: unknown;
    nearMiss: boolean;
    folder?: string | undefined;
    converting?: boolean;
  }) =>
    nearMiss
      ? `stripe_api_access_type is ${q(value)}; did you mean "restricted_api_key"?`
      : `stripe_api_access_type is ${q(value)}; a RAK app needs "restricted_api_key"${converting ? '' : `: run \`${convertIn(folder)}`}.`,
  accessTypeLocalOverride: ({ value }: { value: unknown }) =>
    `stripe_api_access_type is ${q(value)} in this local manifest, over its base's: a RAK app needs "restricted_api_key". Set it to that here, or remove it here once the app's stripe-app.json says so (\`rak-app convert\` on the app folder sets it there).`,
  accessTypeKeyTypo: ({ key }: { key: string }) =>
    `${q(key)} is not stripe_api_access_type, so the app uses "platform" keys; did you mean "stripe_api_access_type"?`,

  settingsViewMissing: (_: NoData) =>
    'No view on the "settings" viewport: Stripe creates a settings page for every app and sends users there after install to generate their key, and "recommends adding instructions or links" to it. Add one with `stripe apps add settings`.',
  viewContext: ({ viewport }: { viewport: string }) =>
    `The view on ${q(viewport)} gets no Dashboard context in a RAK app (only the settings page is fully supported).`,

  permissionNone: (_: NoData) =>
    'No permissions: the key users generate could do nothing. Add each with `stripe apps grant permission <permission> "<purpose>"`, or those your backend calls with `rak-app permissions scan <backend folder> --manifest <app folder> --fix`.',
  permissionUnknown: ({
    name,
    suggestion,
    typoInOfficialSchema,
  }: {
    name: string;
    suggestion: string | null;
    typoInOfficialSchema: boolean;
  }) =>
    `Unknown permission ${q(name)}` +
    (typoInOfficialSchema ? ": Stripe's published schema misspells it" : '') +
    (suggestion ? `; did you mean ${q(suggestion)}?` : '; see `docs.stripe.com/stripe-apps/reference/permissions`.'),
  permissionIsScope: ({ name, permission }: { name: string; permission: string }) =>
    `${q(name)} is how Stripe's errors name the permission ${q(permission)}; the manifest takes ${q(permission)}.`,
  permissionIsEvent: ({ name }: { name: string }) =>
    `${q(name)} is a webhook event type, not a permission: receiving events needs "event_read" plus the read permission of the event's object.`,
  permissionNotString: ({ value }: { value: unknown }) =>
    `A permission must be a name such as "customer_read", not ${typeName(value)}.`,
  permissionDuplicate: ({ name, firstIndex }: { name: string; firstIndex: number }) =>
    `Permission ${q(name)} is requested twice (first at permissions[${firstIndex}]).`,
  purposeMissing: ({ name, index }: { name: unknown; index: number }) =>
    `${permissionEntry(name, index)} has no purpose: users read it when they install the app.`,
  purposeEmpty: ({ name, index }: { name: unknown; index: number }) =>
    `${permissionEntry(name, index)} has an empty purpose: users read it when they install the app.`,
  purposePlaceholder: ({ name, index, purpose }: { name: unknown; index: number; purpose: string }) =>
    `${permissionEntry(name, index)} has a placeholder purpose ${q(purpose)}: say why the app needs it.`,
  purposeNotOneLine: ({ name, index, found }: { name: unknown; index: number; found: string }) =>
    `${permissionEntry(name, index)} has a purpose with ${found} in it: users read it at install as one line of text.`,
  permissionSpecial: ({ name, why }: { name: string; why: string }) =>
    `Permission ${q(name)} needs a second look: ${why}.`,

  viewportUnknown: ({ name, suggestion }: { name: string; suggestion: string | null }) =>
    `Unknown viewport ${q(name)}` + (suggestion ? `; did you mean ${q(suggestion)}?` : '.'),
  viewportNotString: ({ value }: { value: unknown }) =>
    `A viewport must be a name such as "settings", not ${typeName(value)}.`,

  redirectUris: (_: NoData) =>
    'allowed_redirect_uris is not used by a RAK app: after install Stripe sends users to the settings page, not to your site.',

  secretKey: ({ kind, masked, live }: { kind: string; masked: string; live: boolean }) =>
    `A Stripe ${kind} (${masked}) is in the manifest, which is usually committed (and uploaded, as stripe-app.json)` +
    (live ? '; roll it in the Dashboard now.' : '; remove it and roll it.'),

  cspNotUrl: ({ value }: { value: string }) =>
    `${q(value)} is not a URL; content security policy entries are https URLs.`,
  cspNotHttps: ({ url }: { url: string }) =>
    `${q(url)} is not https: Stripe only allows HTTPS in the content security policy.`,
  cspNoPath: ({ url }: { url: string }) =>
    `${q(url)} has no path: Stripe requires one (for example "https://api.example.com/v1/").`,
  cspStripeHost: ({ url }: { url: string }) =>
    `${q(url)} is a Stripe API URL: views call Stripe through the SDK's client, never through connect-src.`,
  cspWildcard: ({ url }: { url: string }) => `${q(url)} has "*" outside the left-most DNS label, which Stripe rejects.`,
  cspLocal: ({ url }: { url: string }) =>
    `${q(url)} points at a local machine or a tunnel: keep it in a local manifest (stripe-app.dev.json), not in the manifest you upload.`,
  cspPurposeMissing: (_: NoData) =>
    'content_security_policy lists URLs but has no purpose: users read it when they install the app.',

  iconEmpty: (_: NoData) => 'No icon: the app needs a 300x300 PNG such as "./icon.png".',
  iconPath: ({ value }: { value: string }) => `Icon ${q(value)} is not a "./…png" path beside the manifest.`,
  iconNoDotSlash: ({ value }: { value: string }) =>
    `Icon ${q(value)} needs "./" in front: Stripe reads it as "./${value}".`,
  iconMissing: ({ value }: { value: string }) =>
    `Icon ${q(value)} does not exist beside the manifest (as a regular file).`,
  iconNotPng: ({ value }: { value: string }) => `Icon ${q(value)} is not a PNG file.`,
  iconSize: ({ value, width, height }: { value: string; width: number; height: number }) =>
    `Icon ${q(value)} is ${width}x${height}; Stripe asks for 300x300.`,

  appName: ({ name, word }: { name: string; word: string }) =>
    `The public app's name ${q(name)} contains ${q(word)}, which Stripe does not allow in public app names.`,

  sandboxInstallMissing: (_: NoData) =>
    'A public app must say whether users may install it in sandboxes: add "sandbox_install_compatible": true or false (Stripe asks marketplace apps for it since 2025-02-03).',

  settingsPlaceholderLink: ({ href }: { href: string }) =>
    href === ''
      ? 'The settings page still has the template\'s empty link (href=""): point it at your setup docs.'
      : `The settings page still links to the template's placeholder ${q(href)}: point it at your setup docs.`,
  settingsPlaceholderText: (_: NoData) =>
    "The settings page still shows the template's welcome text: tell users where to paste their key.",

  extendsMissingField: (_: NoData) =>
    'A local manifest needs "extends": "stripe-app.json" to name the manifest it builds on.',
  extendsNotString: (_: NoData) => '"extends" must be a file name such as "stripe-app.json".',
  extendsMisnamed: ({ value }: { value: string }) =>
    `"extends" is ${q(value)}; it must name stripe-app.json or another stripe-app.<name>.json by a relative path.`,
  extendsNotFound: ({ value, resolved }: { value: string; resolved: string }) =>
    `"extends" names ${q(value)}, but ${resolved} does not exist.`,
  extendsUnreadable: ({ value, resolved }: { value: string; resolved: string }) =>
    `"extends" names ${q(value)}, but ${resolved} cannot be read.`,
  extendsLoop: ({ chain }: { chain: readonly string[] }) => `"extends" loops: ${chain.join(' → ')}.`,
  extendsBaseInvalid: ({ value, resolved }: { value: string; resolved: string }) =>
    `"extends" names ${q(value)}, but ${resolved} is not a valid JSON object, so this manifest is checked alone.`,

  // What `rak-app permissions scan` finds, comparing the code with the manifest.
  permissionMissing: ({ what, anyOf }: { what: string; anyOf: readonly string[]; manifest: string }) =>
    `${what} needs ${anyOf.map((p) => q(p)).join(' or ')}, which the manifest does not grant: every installed user's key would be refused.`,
  permissionMisspelt: ({ name, meant }: { name: string; meant: string }) =>
    `${q(name)} is no permission, and the code needs ${q(meant)}: did you mean it?`,
  permissionUnused: ({ name }: { name: string }) =>
    `${q(name)} is granted, but none of the scanned code needs it: users hand over access nobody uses.`,
  permissionUnusedBeside: ({ name, by }: { name: string; by: readonly string[] }) =>
    `${q(name)} is granted, but the scanned code needs nothing from it that ${by.map((p) => q(p)).join(' and ')}, also granted, ${by.length > 1 ? 'do' : 'does'} not give: users hand over access nobody uses.`,
  scanNotUnderstood: ({ what, why }: { what: string; why: string }) => `Not understood: ${what}: ${why}.`,
  // The parser's own words, as it gives them.
  scanUnreadable: ({ reason }: { reason: string }) => `Could not parse this file, so it was not scanned: ${reason}`,
} satisfies Record<string, (data: never) => string>;

type Renderers = typeof RENDERERS;
/** Every messageId a finding can carry. */
export type MessageId = keyof Renderers;
/** The values each message is made of: its finding's `data`. */
export type MessageData = { [K in MessageId]: Parameters<Renderers[K]>[0] };

/** The renderers, seen as one mapped type, so that a renderer and its data are taken by one key. */
const render: { readonly [K in MessageId]: (data: MessageData[K]) => string } = RENDERERS;

/** Every messageId, in the table's order. */
export function messageIds(): MessageId[] {
  return Object.keys(RENDERERS).filter(isMessageId);
}

function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(RENDERERS, id);
}

/** A message as data: its text, its stable id and the values it was made from. */
export interface Said<K extends MessageId = MessageId> {
  message: string;
  messageId: K;
  data: MessageData[K];
}

/**
 * A message by its id and its data, with its text: rules spread it into a report. The data object
 * is the finding's `data` as JSON and SARIF show it.
 */
export function say<K extends MessageId>(messageId: K, data: MessageData[K]): Said<K> {
  return { message: render[messageId](data), messageId, data };
}

/**
 * How to get a Stripe CLI, for when none is found. rak-app's own @stripe/cli is an optional
 * dependency, which an install with --omit=optional (a check-only CI) leaves out; installed beside
 * rak-app, it is found again.
 */
export const GET_STRIPE_CLI =
  'Install it in this project with `npm install --save-dev @stripe/cli`, or as Stripe shows at https://docs.stripe.com/stripe-cli#install; or point --stripe or RAK_APP_STRIPE at one.';

/** What a Stripe CLI run that could not finish means, and what the user should do. */
export function describeStripeStop(
  outcome: StripeStopOutcome,
  command: string,
  promptTimeoutSeconds: number,
  /** The Stripe CLI as the user can run it (`stripe`, or a path). */
  stripe = 'stripe',
): { message: string; hint: string } {
  switch (outcome.kind) {
    case 'missing':
      return {
        message: `The Stripe CLI at ${outcome.path} could not be run.`,
        hint: `${GET_STRIPE_CLI} \`rak-app doctor\` checks the setup.`,
      };
    case 'plugin-missing':
      return {
        message: outcome.said
          ? `The Stripe CLI cannot run its apps plugin: it said ${JSON.stringify(outcome.said.trim())}.`
          : 'The Stripe CLI asked to install its apps plugin; rak-app stopped it rather than let it wait.',
        hint: `Run \`${stripe} login\`, then \`${stripe} plugin install apps\`, once by hand (both need the internet).`,
      };
    case 'not-logged-in':
      return {
        message:
          'The Stripe CLI asked to log in ("Press Enter to run \'stripe login\'"); rak-app stopped it rather than let it wait.',
        hint: `Run \`${stripe} login\` once by hand (it opens a browser), then run this again.`,
      };
    case 'prompt-blocked': {
      // `stripe apps upload` run by hand asks to proceed, "Y" its default: an upload made there is
      // neither consented to in rak-app's plan nor recorded.
      const byHand = (hint: string): string =>
        / apps upload$/.test(command)
          ? `${hint} Answer n when it asks to proceed (the upload is rak-app's to make and record), then run this again.`
          : hint;
      if (outcome.reason === 'terms') {
        // `stripe apps create <name> …`: the folder a run by hand makes.
        const created = / apps create ('[^']*'|\S+)/.exec(command)?.[1];
        return {
          message: 'Stripe is waiting for the Stripe Apps terms to be accepted in a browser.',
          // An upload run by hand would not be recorded: the terms are accepted, the upload declined.
          hint: / apps upload$/.test(command)
            ? `Run \`${command}\` once at a terminal, accept the terms, and answer n when it asks to proceed (the upload is rak-app's to make and record), then run this again.`
            : created
              ? `Run \`${command}\` once at a terminal and accept the terms; then remove the folder it made (${created}) and run this again, which checks and completes the app it makes.`
              : `Run \`${command}\` once at a terminal, accept the terms, then run this again.`,
        };
      }
      if (outcome.reason === 'too-long') {
        return {
          message: `\`${command}\` ran for ${outcome.seconds} s without finishing${outcome.prompt ? `; it last printed ${JSON.stringify(outcome.prompt.trim())}` : ''}; rak-app stopped it rather than let it run on.`,
          hint: byHand('Run it at a terminal to see what it does, or allow it longer with --stripe-timeout.'),
        };
      }
      if (outcome.reason === 'unknown-prompt') {
        return {
          message: `Stripe asked ${JSON.stringify(outcome.prompt.trim())}, which rak-app does not answer for you.`,
          hint: byHand('Run it at a terminal to answer it yourself.'),
        };
      }
      return {
        message: `Stripe printed nothing for ${promptTimeoutSeconds} s${outcome.prompt ? ` after ${JSON.stringify(outcome.prompt.trim())}` : ''}; rak-app stopped it rather than let it hang.`,
        hint: byHand('Run it at a terminal to see what it waits for.'),
      };
    }
    case 'failed':
      return {
        message:
          outcome.exitCode === 0 && outcome.reported !== undefined
            ? `\`${command}\` failed: it printed "${outcome.reported}", though it exited 0; Stripe's output is above.`
            : `\`${command}\` failed${outcome.exitCode === undefined ? '' : ` (exit code ${outcome.exitCode})`}${outcome.reported === undefined ? '' : `: it printed "${outcome.reported}"`}; Stripe's output is above.`,
        hint: 'Fix what Stripe reports, then run this again.',
      };
    case 'interrupted':
      return {
        message: `Interrupted (${outcome.signal}); \`${command}\` was stopped.`,
        hint: 'Nothing more was done.',
      };
  }
}
