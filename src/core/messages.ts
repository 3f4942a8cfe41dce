/**
 * Every sentence a finding can carry, in one place, so wording stays consistent and reviewable.
 * Messages are one line, end with a full stop, and never contain a secret in full.
 */
import { describePointer as at, type SyntaxProblem } from './source-file.js';
import type { StripeStopOutcome } from './stripe-outcome.js';

const q = (v: unknown): string => JSON.stringify(v);

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
  url: 'a post-install URL starts with https://',
};

export const messages = {
  jsonSyntax(problem: SyntaxProblem, maxNesting: number): string {
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
  duplicateKey: (key: string, firstLine: number) =>
    `Duplicate key ${q(key)} (first at line ${firstLine}): only the last one counts, silently.`,

  schemaType: (pointer: string, expected: string[], actual: unknown) =>
    `${subject(pointer)} must be ${expected.map((t) => (t === 'null' ? 'null' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`)).join(' or ')}, not ${typeName(actual)}.`,
  schemaRequired: (pointer: string, property: string) =>
    `${subject(pointer)} is missing the required field ${q(property)}.`,
  schemaEnum: (pointer: string, value: unknown, allowed: readonly string[]) =>
    `${subject(pointer)} is ${q(value)}; expected one of ${list(allowed)}.`,
  schemaPattern: (pointer: string, value: unknown, field: string, pattern: string) =>
    `${subject(pointer)} is ${q(value)}; ${PATTERN_MEANINGS[field] ?? `it must match ${pattern}`}.`,
  schemaMinLength: (pointer: string) => `${subject(pointer)} must not be empty.`,
  schemaOther: (pointer: string, detail: string) => `${subject(pointer)} ${detail}.`,

  unknownField: (key: string, parent: string, suggestion: string | undefined) =>
    `Unknown field ${q(key)} in ${at(parent)}: neither Stripe's docs nor the Stripe CLI use it` +
    (suggestion ? `; did you mean ${q(suggestion)}?` : '; Stripe ignores or rejects it.'),

  accessTypeMissing: () =>
    'stripe_api_access_type is not set, so the app uses "platform" keys; a RAK app needs "restricted_api_key": run `rak-app convert`.',
  accessTypeWrong: (value: unknown, nearMiss: boolean) =>
    nearMiss
      ? `stripe_api_access_type is ${q(value)}; did you mean "restricted_api_key"?`
      : `stripe_api_access_type is ${q(value)}; a RAK app needs "restricted_api_key": run \`rak-app convert\`.`,
  accessTypeKeyTypo: (key: string) =>
    `${q(key)} is not stripe_api_access_type, so the app uses "platform" keys; did you mean "stripe_api_access_type"?`,

  settingsViewMissing: () =>
    'No view on the "settings" viewport: Stripe creates a settings page for every app and sends users there after install to generate their key, and "recommends adding instructions or links" to it. Add one with `stripe apps add settings`.',
  viewContext: (viewport: string) =>
    `The view on ${q(viewport)} gets no Dashboard context in a RAK app (only the settings page is fully supported).`,

  permissionNone: () =>
    'No permissions: the key users generate could do nothing. Add them with `stripe apps grant permission`.',
  permissionUnknown: (name: string, suggestion: string | undefined, typoInOfficialSchema: boolean) =>
    `Unknown permission ${q(name)}` +
    (typoInOfficialSchema ? ": Stripe's published schema misspells it" : '') +
    (suggestion ? `; did you mean ${q(suggestion)}?` : '; see `docs.stripe.com/stripe-apps/reference/permissions`.'),
  permissionIsScope: (name: string, permission: string) =>
    `${q(name)} is how Stripe's errors name the permission ${q(permission)}; the manifest takes ${q(permission)}.`,
  permissionIsEvent: (name: string) =>
    `${q(name)} is a webhook event type, not a permission: receiving events needs "event_read" plus the read permission of the event's object.`,
  permissionNotString: (value: unknown) =>
    `A permission must be a name such as "customer_read", not ${typeName(value)}.`,
  permissionDuplicate: (name: string, firstIndex: number) =>
    `Permission ${q(name)} is requested twice (first at permissions[${firstIndex}]).`,
  purposeMissing: (name: unknown, index: number) =>
    `${permissionEntry(name, index)} has no purpose: users read it when they install the app.`,
  purposeEmpty: (name: unknown, index: number) =>
    `${permissionEntry(name, index)} has an empty purpose: users read it when they install the app.`,
  purposePlaceholder: (name: unknown, index: number, purpose: string) =>
    `${permissionEntry(name, index)} has a placeholder purpose ${q(purpose)}: say why the app needs it.`,
  permissionSpecial: (name: string, why: string) => `Permission ${q(name)} needs a second look: ${why}.`,

  viewportUnknown: (name: string, suggestion: string | undefined) =>
    `Unknown viewport ${q(name)}` + (suggestion ? `; did you mean ${q(suggestion)}?` : '.'),
  viewportNotString: (value: unknown) => `A viewport must be a name such as "settings", not ${typeName(value)}.`,

  redirectUris: () =>
    'allowed_redirect_uris is not used by a RAK app: after install Stripe sends users to the settings page, not to your site.',

  secretKey: (kind: string, masked: string, live: boolean) =>
    `A Stripe ${kind} (${masked}) is in the manifest, which is uploaded and usually committed` +
    (live ? '; roll it in the Dashboard now.' : '; remove it and roll it.'),

  cspNotUrl: (value: string) => `${q(value)} is not a URL; content security policy entries are https URLs.`,
  cspNotHttps: (url: string) => `${q(url)} is not https: Stripe only allows HTTPS in the content security policy.`,
  cspNoPath: (url: string) => `${q(url)} has no path: Stripe requires one (for example "https://api.example.com/v1/").`,
  cspStripeHost: (url: string) =>
    `${q(url)} is a Stripe API URL: views call Stripe through the SDK's client, never through connect-src.`,
  cspWildcard: (url: string) => `${q(url)} has "*" outside the left-most DNS label, which Stripe rejects.`,
  cspLocal: (url: string) =>
    `${q(url)} points at a local machine or a tunnel: keep it in a local manifest (stripe-app.dev.json), not in the manifest you upload.`,
  cspPurposeMissing: () =>
    'content_security_policy lists URLs but has no purpose: users read it when they install the app.',

  iconEmpty: () => 'No icon: the app needs a 300x300 PNG such as "./icon.png".',
  iconPath: (value: string) => `Icon ${q(value)} is not a "./…png" path beside the manifest.`,
  iconNoDotSlash: (value: string) => `Icon ${q(value)} needs "./" in front: Stripe reads it as "./${value}".`,
  iconMissing: (value: string) => `Icon ${q(value)} does not exist beside the manifest (as a regular file).`,
  iconNotPng: (value: string) => `Icon ${q(value)} is not a PNG file.`,
  iconSize: (value: string, width: number, height: number) =>
    `Icon ${q(value)} is ${width}x${height}; Stripe asks for 300x300.`,

  appName: (name: string, word: string) =>
    `The public app's name ${q(name)} contains ${q(word)}, which Stripe does not allow in public app names.`,

  settingsPlaceholderLink: (href: string) =>
    href === ''
      ? 'The settings page still has the template\'s empty link (href=""): point it at your setup docs.'
      : `The settings page still links to the template's placeholder ${q(href)}: point it at your setup docs.`,
  settingsPlaceholderText: () =>
    "The settings page still shows the template's welcome text: tell users where to paste their key.",

  extendsMissingField: () => 'A local manifest needs "extends": "stripe-app.json" to name the manifest it builds on.',
  extendsNotString: () => '"extends" must be a file name such as "stripe-app.json".',
  extendsMisnamed: (value: string) =>
    `"extends" is ${q(value)}; it must name stripe-app.json or another stripe-app.<name>.json by a relative path.`,
  extendsNotFound: (value: string, resolved: string) => `"extends" names ${q(value)}, but ${resolved} does not exist.`,
  extendsUnreadable: (value: string, resolved: string) =>
    `"extends" names ${q(value)}, but ${resolved} cannot be read.`,
  extendsLoop: (chain: string[]) => `"extends" loops: ${chain.join(' → ')}.`,
  extendsBaseInvalid: (value: string, resolved: string) =>
    `"extends" names ${q(value)}, but ${resolved} is not a valid JSON object, so this manifest is checked alone.`,
};

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
    case 'prompt-blocked':
      if (outcome.reason === 'terms') {
        return {
          message: 'Stripe is waiting for the Stripe Apps terms to be accepted in a browser.',
          hint: `Run \`${command}\` once at a terminal, accept the terms, then run this again.`,
        };
      }
      if (outcome.reason === 'too-long') {
        return {
          message: `\`${command}\` ran for ${outcome.seconds} s without finishing${outcome.prompt ? `; it last printed ${JSON.stringify(outcome.prompt.trim())}` : ''}; rak-app stopped it rather than let it run on.`,
          hint: 'Run it at a terminal to see what it does, or allow it longer with --stripe-timeout.',
        };
      }
      if (outcome.reason === 'unknown-prompt') {
        return {
          message: `Stripe asked ${JSON.stringify(outcome.prompt.trim())}, which rak-app does not answer for you.`,
          hint: 'Run it at a terminal to answer it yourself.',
        };
      }
      return {
        message: `Stripe printed nothing for ${promptTimeoutSeconds} s${outcome.prompt ? ` after ${JSON.stringify(outcome.prompt.trim())}` : ''}; rak-app stopped it rather than let it hang.`,
        hint: 'Run it at a terminal to see what it waits for.',
      };
    case 'failed':
      return {
        message: `\`${command}\` failed${outcome.exitCode === undefined ? '' : ` (exit code ${outcome.exitCode})`}; Stripe's output is above.`,
        hint: 'Fix what Stripe reports, then run this again.',
      };
    case 'interrupted':
      return {
        message: `Interrupted (${outcome.signal}); \`${command}\` was stopped.`,
        hint: 'Nothing more was done.',
      };
  }
}

/**
 * The names of each message's data, in the order its builder takes them: with the builder's name as
 * the messageId, what a JSON or SARIF consumer reads instead of matching on the text (ESLint's
 * messageId and data). test/unit/docs.test.ts keeps this in step with the builders.
 */
export const MESSAGE_DATA: { readonly [K in keyof typeof messages]: readonly string[] } = {
  jsonSyntax: ['problem', 'maxNesting'],
  duplicateKey: ['key', 'firstLine'],
  schemaType: ['pointer', 'expected', 'actual'],
  schemaRequired: ['pointer', 'property'],
  schemaEnum: ['pointer', 'value', 'allowed'],
  schemaPattern: ['pointer', 'value', 'field', 'pattern'],
  schemaMinLength: ['pointer'],
  schemaOther: ['pointer', 'detail'],
  unknownField: ['key', 'parent', 'suggestion'],
  accessTypeMissing: [],
  accessTypeWrong: ['value', 'nearMiss'],
  accessTypeKeyTypo: ['key'],
  settingsViewMissing: [],
  viewContext: ['viewport'],
  permissionNone: [],
  permissionUnknown: ['name', 'suggestion', 'typoInOfficialSchema'],
  permissionIsScope: ['name', 'permission'],
  permissionIsEvent: ['name'],
  permissionNotString: ['value'],
  permissionDuplicate: ['name', 'firstIndex'],
  purposeMissing: ['name', 'index'],
  purposeEmpty: ['name', 'index'],
  purposePlaceholder: ['name', 'index', 'purpose'],
  permissionSpecial: ['name', 'why'],
  viewportUnknown: ['name', 'suggestion'],
  viewportNotString: ['value'],
  redirectUris: [],
  secretKey: ['kind', 'masked', 'live'],
  cspNotUrl: ['value'],
  cspNotHttps: ['url'],
  cspNoPath: ['url'],
  cspStripeHost: ['url'],
  cspWildcard: ['url'],
  cspLocal: ['url'],
  cspPurposeMissing: [],
  iconEmpty: [],
  iconPath: ['value'],
  iconNoDotSlash: ['value'],
  iconMissing: ['value'],
  iconNotPng: ['value'],
  iconSize: ['value', 'width', 'height'],
  appName: ['name', 'word'],
  settingsPlaceholderLink: ['href'],
  settingsPlaceholderText: [],
  extendsMissingField: [],
  extendsNotString: [],
  extendsMisnamed: ['value'],
  extendsNotFound: ['value', 'resolved'],
  extendsUnreadable: ['value', 'resolved'],
  extendsLoop: ['chain'],
  extendsBaseInvalid: ['value', 'resolved'],
};

/** A message as data: its text, its stable id and the values it was made from. */
export interface Said {
  message: string;
  messageId: string;
  data: Record<string, unknown>;
}

type Builders = typeof messages;

/** The message builders, each returning the message as data; rules spread it into a report. */
export const say = Object.fromEntries(
  Object.entries(messages).map(([id, build]) => [
    id,
    (...args: unknown[]): Said => ({
      message: (build as (...a: unknown[]) => string)(...args),
      messageId: id,
      data: Object.fromEntries(MESSAGE_DATA[id as keyof Builders].map((key, i) => [key, args[i] ?? null])),
    }),
  ]),
) as { [K in keyof Builders]: (...args: Parameters<Builders[K]>) => Said };
