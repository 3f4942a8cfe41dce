/**
 * The wording of every message, once: a messageId and its data give exactly this text. Rule tests
 * assert which finding fired (ruleId, messageId, data, place); only this table reads the words, so
 * rewording a message changes one row here.
 */
import { describe, expect, it } from 'vitest';
import { type MessageData, type MessageId, messageIds, say } from '../../src/core/messages.js';

interface Row {
  messageId: MessageId;
  data: unknown;
  text: string;
  said: () => { message: string; messageId: string; data: unknown };
}

const row = <K extends MessageId>(messageId: K, data: MessageData[K], text: string): Row => ({
  messageId,
  data,
  text,
  said: () => say(messageId, data),
});

const ROWS: Row[] = [
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'comment', code: undefined }, maxNesting: 256 },
    'Comments are not allowed: the Stripe CLI reads strict JSON.',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'trailing-comma', code: 'PropertyNameExpected' }, maxNesting: 256 },
    'Trailing comma: the Stripe CLI reads strict JSON, which allows no comma before "}" or "]".',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'byte-order-mark', code: undefined }, maxNesting: 256 },
    'The file starts with a byte-order mark; save it as UTF-8 without BOM.',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'too-deep', code: undefined }, maxNesting: 256 },
    'Nested more than 256 levels deep; no manifest needs that.',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'empty', code: undefined }, maxNesting: 256 },
    'The file is empty; a manifest is a JSON object.',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'other', code: 'CommaExpected' }, maxNesting: 256 },
    'Expected "," or the end of the object or array: the Stripe CLI reads strict JSON.',
  ),
  row(
    'jsonSyntax',
    { problem: { offset: 0, kind: 'other', code: 'SomethingNew' }, maxNesting: 256 },
    'Invalid JSON: the Stripe CLI reads strict JSON.',
  ),
  row(
    'duplicateKey',
    { key: 'version', firstLine: 4, firstColumn: 3 },
    'Duplicate key "version" (first at line 4, column 3): only the last one counts, silently.',
  ),
  row(
    'schemaType',
    { pointer: '/version', expected: ['string'], actual: 2 },
    'version must be a string, not a number.',
  ),
  row(
    'schemaType',
    { pointer: '', expected: ['object'], actual: [1] },
    'The manifest must be an object, not an array.',
  ),
  row(
    'schemaType',
    { pointer: '/distribution_type', expected: ['string', 'null'], actual: true },
    'distribution_type must be a string or null, not a boolean.',
  ),
  row('schemaRequired', { pointer: '', property: 'id' }, 'The manifest is missing the required field "id".'),
  row(
    'schemaEnum',
    { pointer: '/distribution_type', value: 'free', allowed: ['public', 'private'] },
    'distribution_type is "free"; expected one of "public", "private".',
  ),
  row(
    'schemaPattern',
    {
      pointer: '/ui_extension/views/0/component',
      value: 'App Settings',
      field: 'component',
      pattern: '^[A-Za-z0-9_]+$',
    },
    'ui_extension.views[0].component is "App Settings"; a component name may hold only letters, digits and "_".',
  ),
  // Stripe's schema takes http:// as well (^https?://): the message says so.
  row(
    'schemaPattern',
    { pointer: '/post_install_action/url', value: 'ftp://x.example/', field: 'url', pattern: '^https?://' },
    'post_install_action.url is "ftp://x.example/"; a post-install URL starts with https:// (or http://).',
  ),
  row(
    'schemaPattern',
    { pointer: '/version', value: 'v 1', field: 'version', pattern: '^\\S+$' },
    'version is "v 1"; it must match ^\\S+$.',
  ),
  row('schemaMinLength', { pointer: '/name' }, 'name must not be empty.'),
  row(
    'schemaOther',
    { pointer: '/permissions', detail: `fails the schema's "maxItems" check` },
    `permissions fails the schema's "maxItems" check.`,
  ),
  row(
    'unknownField',
    { key: 'ui_extensions', parent: '', suggestion: 'ui_extension' },
    `Unknown field "ui_extensions" in the manifest: neither Stripe's docs nor the Stripe CLI use it; did you mean "ui_extension"?`,
  ),
  row(
    'unknownField',
    { key: 'title', parent: '/ui_extension/views/0', suggestion: null },
    `Unknown field "title" in ui_extension.views[0]: neither Stripe's docs nor the Stripe CLI use it; Stripe ignores or rejects it.`,
  ),
  row(
    'accessTypeMissing',
    { folder: '.' },
    'stripe_api_access_type is not set, so the app uses "platform" keys; a RAK app needs "restricted_api_key": run `rak-app convert`.',
  ),
  row(
    'accessTypeWrong',
    { value: 'oauth', nearMiss: false, folder: 'apps/my notes' },
    `stripe_api_access_type is "oauth"; a RAK app needs "restricted_api_key": run \`rak-app convert 'apps/my notes'\`.`,
  ),
  row(
    'accessTypeWrong',
    { value: 'oauth', nearMiss: false },
    `stripe_api_access_type is "oauth"; a RAK app needs "restricted_api_key": run \`rak-app convert\` in the app's folder, where it is stripe-app.json.`,
  ),
  // As convert shows them when it refuses the manifest: no command, convert being the one that refused.
  row(
    'accessTypeMissing',
    { converting: true },
    'stripe_api_access_type is not set, so the app uses "platform" keys; a RAK app needs "restricted_api_key".',
  ),
  row(
    'accessTypeWrong',
    { value: 'oauth', nearMiss: false, converting: true },
    'stripe_api_access_type is "oauth"; a RAK app needs "restricted_api_key".',
  ),
  row(
    'accessTypeWrong',
    { value: 'restricted_api_keys', nearMiss: true, folder: '.' },
    'stripe_api_access_type is "restricted_api_keys"; did you mean "restricted_api_key"?',
  ),
  row(
    'accessTypeLocalOverride',
    { value: 'platform' },
    'stripe_api_access_type is "platform" in this local manifest, over its base\'s: a RAK app needs "restricted_api_key". Set it to that here, or remove it here once the app\'s stripe-app.json says so (`rak-app convert` on the app folder sets it there).',
  ),
  row(
    'accessTypeKeyTypo',
    { key: 'stripe_api_acess_type' },
    '"stripe_api_acess_type" is not stripe_api_access_type, so the app uses "platform" keys; did you mean "stripe_api_access_type"?',
  ),
  row(
    'settingsViewMissing',
    {},
    'No view on the "settings" viewport: Stripe creates a settings page for every app and sends users there after install to generate their key, and "recommends adding instructions or links" to it. Add one with `stripe apps add settings`.',
  ),
  row(
    'viewContext',
    { viewport: 'stripe.dashboard.customer.detail' },
    'The view on "stripe.dashboard.customer.detail" gets no Dashboard context in a RAK app (only the settings page is fully supported).',
  ),
  row(
    'permissionNone',
    {},
    'No permissions: the key users generate could do nothing. Add each with `stripe apps grant permission <permission> "<purpose>"`, or those your backend calls with `rak-app permissions scan <backend folder> --manifest <app folder> --fix`.',
  ),
  row(
    'permissionUnknown',
    { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false },
    'Unknown permission "customers_read"; did you mean "customer_read"?',
  ),
  row(
    'permissionUnknown',
    { name: 'shpping_rate_write', suggestion: 'shipping_rate_write', typoInOfficialSchema: true },
    `Unknown permission "shpping_rate_write": Stripe's published schema misspells it; did you mean "shipping_rate_write"?`,
  ),
  row(
    'permissionUnknown',
    { name: 'xyz', suggestion: null, typoInOfficialSchema: false },
    'Unknown permission "xyz"; see `docs.stripe.com/stripe-apps/reference/permissions`.',
  ),
  row(
    'permissionIsScope',
    { name: 'rak_customer_read', permission: 'customer_read' },
    `"rak_customer_read" is how Stripe's errors name the permission "customer_read"; the manifest takes "customer_read".`,
  ),
  row(
    'permissionIsEvent',
    { name: 'account.application.authorized' },
    `"account.application.authorized" is a webhook event type, not a permission: receiving events needs "event_read" plus the read permission of the event's object.`,
  ),
  row(
    'permissionNotString',
    { value: { name: 'x' } },
    'A permission must be a name such as "customer_read", not an object.',
  ),
  row(
    'permissionDuplicate',
    { name: 'invoice_read', firstIndex: 1 },
    'Permission "invoice_read" is requested twice (first at permissions[1]).',
  ),
  row(
    'purposeMissing',
    { name: 'customer_read', index: 0 },
    'Permission "customer_read" has no purpose: users read it when they install the app.',
  ),
  row(
    'purposeMissing',
    { name: null, index: 5 },
    'permissions[5] has no purpose: users read it when they install the app.',
  ),
  row(
    'purposeEmpty',
    { name: 'invoice_read', index: 1 },
    'Permission "invoice_read" has an empty purpose: users read it when they install the app.',
  ),
  row(
    'purposePlaceholder',
    { name: 'payout_read', index: 2, purpose: 'TODO' },
    'Permission "payout_read" has a placeholder purpose "TODO": say why the app needs it.',
  ),
  row(
    'purposeNotOneLine',
    { name: 'payout_read', index: 2, found: 'a line break' },
    'Permission "payout_read" has a purpose with a line break in it: users read it at install as one line of text.',
  ),
  row('permissionSpecial', { name: 'webhook_write', why: 'x' }, 'Permission "webhook_write" needs a second look: x.'),
  row(
    'viewportUnknown',
    { name: 'stripe.dashboard.drawer', suggestion: 'stripe.dashboard.drawer.default' },
    'Unknown viewport "stripe.dashboard.drawer"; did you mean "stripe.dashboard.drawer.default"?',
  ),
  row('viewportUnknown', { name: 'nowhere', suggestion: null }, 'Unknown viewport "nowhere".'),
  row('viewportNotString', { value: 3 }, 'A viewport must be a name such as "settings", not a number.'),
  row(
    'redirectUris',
    {},
    'allowed_redirect_uris is not used by a RAK app: after install Stripe sends users to the settings page, not to your site.',
  ),
  row(
    'secretKey',
    { kind: 'secret key', masked: 'sk_live_…9f3a', live: true },
    'A Stripe secret key (sk_live_…9f3a) is in the manifest, which is usually committed (and uploaded, as stripe-app.json); roll it in the Dashboard now.',
  ),
  row(
    'secretKey',
    { kind: 'restricted key', masked: 'rk_test_…1234', live: false },
    'A Stripe restricted key (rk_test_…1234) is in the manifest, which is usually committed (and uploaded, as stripe-app.json); remove it and roll it.',
  ),
  row(
    'cspNotUrl',
    { value: 'example.com/api' },
    '"example.com/api" is not a URL; content security policy entries are https URLs.',
  ),
  row(
    'cspNotHttps',
    { url: 'http://api.example.com/v1/' },
    '"http://api.example.com/v1/" is not https: Stripe only allows HTTPS in the content security policy.',
  ),
  row(
    'cspNoPath',
    { url: 'https://api.example.com' },
    '"https://api.example.com" has no path: Stripe requires one (for example "https://api.example.com/v1/").',
  ),
  row(
    'cspStripeHost',
    { url: 'https://api.stripe.com/v1/' },
    `"https://api.stripe.com/v1/" is a Stripe API URL: views call Stripe through the SDK's client, never through connect-src.`,
  ),
  row(
    'cspWildcard',
    { url: 'https://api.*.example.com/v1/' },
    '"https://api.*.example.com/v1/" has "*" outside the left-most DNS label, which Stripe rejects.',
  ),
  row(
    'cspLocal',
    { url: 'https://localhost:3000/api/' },
    '"https://localhost:3000/api/" points at a local machine or a tunnel: keep it in a local manifest (stripe-app.dev.json), not in the manifest you upload.',
  ),
  row(
    'cspPurposeMissing',
    {},
    'content_security_policy lists URLs but has no purpose: users read it when they install the app.',
  ),
  row('iconEmpty', {}, 'No icon: the app needs a 300x300 PNG such as "./icon.png".'),
  row('iconPath', { value: 'nothere.png' }, 'Icon "nothere.png" is not a "./…png" path beside the manifest.'),
  row('iconNoDotSlash', { value: 'icon.png' }, 'Icon "icon.png" needs "./" in front: Stripe reads it as "./icon.png".'),
  row(
    'iconMissing',
    { value: './missing.png' },
    'Icon "./missing.png" does not exist beside the manifest (as a regular file).',
  ),
  row('iconNotPng', { value: './fake.png' }, 'Icon "./fake.png" is not a PNG file.'),
  row(
    'iconSize',
    { value: './small.png', width: 64, height: 64 },
    'Icon "./small.png" is 64x64; Stripe asks for 300x300.',
  ),
  row(
    'appName',
    { name: 'Stripe Ledger App', word: 'stripe' },
    `The public app's name "Stripe Ledger App" contains "stripe", which Stripe does not allow in public app names.`,
  ),
  row(
    'permissionUnusedBeside',
    { name: 'customer_write', by: ['customer_read'] },
    '"customer_write" is granted, but the scanned code needs nothing from it that "customer_read", also granted, does not give: users hand over access nobody uses.',
  ),
  row(
    'permissionUnusedBeside',
    { name: 'checkout_session_write', by: ['product_read', 'price_read'] },
    '"checkout_session_write" is granted, but the scanned code needs nothing from it that "product_read" and "price_read", also granted, do not give: users hand over access nobody uses.',
  ),
  row(
    'sandboxInstallMissing',
    {},
    'A public app must say whether users may install it in sandboxes: add "sandbox_install_compatible": true or false (Stripe asks marketplace apps for it since 2025-02-03).',
  ),
  row(
    'settingsPlaceholderLink',
    { href: 'https://stripe.com' },
    `The settings page still links to the template's placeholder "https://stripe.com": point it at your setup docs.`,
  ),
  row(
    'settingsPlaceholderLink',
    { href: '' },
    `The settings page still has the template's empty link (href=""): point it at your setup docs.`,
  ),
  row(
    'settingsPlaceholderText',
    {},
    `The settings page still shows the template's welcome text: tell users where to paste their key.`,
  ),
  row(
    'extendsMissingField',
    {},
    'A local manifest needs "extends": "stripe-app.json" to name the manifest it builds on.',
  ),
  row('extendsNotString', {}, '"extends" must be a file name such as "stripe-app.json".'),
  row(
    'extendsMisnamed',
    { value: 'missing.json' },
    '"extends" is "missing.json"; it must name stripe-app.json or another stripe-app.<name>.json by a relative path.',
  ),
  row(
    'extendsNotFound',
    { value: 'stripe-app.prod.json', resolved: 'app/stripe-app.prod.json' },
    '"extends" names "stripe-app.prod.json", but app/stripe-app.prod.json does not exist.',
  ),
  row(
    'extendsUnreadable',
    { value: 'stripe-app.json', resolved: 'app/stripe-app.json' },
    '"extends" names "stripe-app.json", but app/stripe-app.json cannot be read.',
  ),
  row(
    'extendsLoop',
    { chain: ['stripe-app.a.json', 'stripe-app.b.json', 'stripe-app.a.json'] },
    '"extends" loops: stripe-app.a.json → stripe-app.b.json → stripe-app.a.json.',
  ),
  row(
    'extendsBaseInvalid',
    { value: 'stripe-app.json', resolved: 'app/stripe-app.json' },
    '"extends" names "stripe-app.json", but app/stripe-app.json is not a valid JSON object, so this manifest is checked alone.',
  ),
  row(
    'permissionMissing',
    { what: 'stripe.customers.list', anyOf: ['customer_read', 'customer_write'], manifest: 'stripe-app.json' },
    `stripe.customers.list needs "customer_read" or "customer_write", which the manifest does not grant: every installed user's key would be refused.`,
  ),
  row(
    'permissionMisspelt',
    { name: 'invoices_read', meant: 'invoice_read' },
    '"invoices_read" is no permission, and the code needs "invoice_read": did you mean it?',
  ),
  row(
    'permissionUnused',
    { name: 'payout_read' },
    '"payout_read" is granted, but none of the scanned code needs it: users hand over access nobody uses.',
  ),
  row(
    'scanNotUnderstood',
    { what: 'stripe[method]()', why: 'the method is not a constant' },
    'Not understood: stripe[method](): the method is not a constant.',
  ),
  row(
    'scanUnreadable',
    { reason: 'Unexpected token (3:4)' },
    'Could not parse this file, so it was not scanned: Unexpected token (3:4)',
  ),
];

describe('messages', () => {
  it.each(ROWS.map((r) => [r.messageId, JSON.stringify(r.data), r] as const))('%s %s', (_id, _data, r) => {
    expect(r.said()).toEqual({ message: r.text, messageId: r.messageId, data: r.data });
  });

  it('the table has a row for every messageId a finding can carry', () => {
    expect([...new Set(ROWS.map((r) => r.messageId))].sort()).toEqual(messageIds().sort());
  });

  it('a finding carries the very data it was made from', () => {
    const data = { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false };
    expect(say('permissionUnknown', data).data).toBe(data);
  });

  it('every message is one line and ends with a full stop or a question mark', () => {
    // scanUnreadable ends with the parser's own words, as the parser gives them.
    for (const r of ROWS.filter((r) => r.messageId !== 'scanUnreadable')) {
      expect(r.said().message, r.messageId).not.toContain('\n');
      expect(r.said().message, r.messageId).toMatch(/[.?]$/);
    }
  });
});
