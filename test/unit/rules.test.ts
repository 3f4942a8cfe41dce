/**
 * Every rule, as a table of cases over the example app: the valid ones give no finding, the invalid
 * ones exactly the findings listed (ruleId, messageId, data, line:column). The words of each message
 * are tested once, in messages.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { isPlaceholderPurpose } from '../../src/rules/access.js';
import { checkManifest, ICON, validManifest } from '../helpers/fixtures.js';
import { type InvalidCase, ruleTester } from '../helpers/rule-tester.js';

const pretty = (m: unknown): string => `${JSON.stringify(m, null, 2)}\n`;
const MAX_NESTING = 256;
/** The example's permissions, by place, as the findings name them. */
const PERMISSIONS = ['customer_read', 'invoice_read', 'charge_read', 'balance_transaction_source_read', 'event_read'];

describe('the example manifest', () => {
  ruleTester({ valid: [{ name: 'checks clean' }], invalid: [] });
});

describe('json-syntax and duplicate-key', () => {
  ruleTester({
    valid: [],
    invalid: [
      {
        name: 'a comment, at its position, and nothing else',
        text: (t) => t.replace('"permissions": [', '"permissions": [ // what the key may do'),
        errors: [
          {
            ruleId: 'json-syntax',
            messageId: 'jsonSyntax',
            data: {
              problem: { offset: expect.any(Number), kind: 'comment', code: expect.anything() },
              maxNesting: MAX_NESTING,
            },
            at: '//',
            severity: 'error',
            file: 'app/stripe-app.json',
          },
        ],
      },
      {
        name: 'a trailing comma, at the comma',
        text: (t) => t.replace('"component": "AppSettings"', '"component": "AppSettings",'),
        errors: [
          {
            ruleId: 'json-syntax',
            messageId: 'jsonSyntax',
            data: {
              problem: { offset: expect.any(Number), kind: 'trailing-comma', code: expect.anything() },
              maxNesting: MAX_NESTING,
            },
            at: ',',
            after: '"AppSettings"',
          },
        ],
      },
      {
        name: 'the second of two equal keys, with the place of the first',
        text: (t) => t.replace('"version": "1.0.0",', '"version": "1.0.0",\n  "version": "1.0.1",'),
        rules: ['duplicate-key'],
        errors: [
          {
            ruleId: 'duplicate-key',
            messageId: 'duplicateKey',
            data: { key: 'version', firstLine: 4, firstColumn: 3 },
            pointer: '/version',
            line: 5,
            column: 3,
          },
        ],
      },
      {
        name: 'a key repeated under another spelling, which JSON.parse would merge silently',
        text: (t) => t.replace('"version": "1.0.0",', '"version": "1.0.0",\n  "\\u0076ersion": "1.0.1",'),
        rules: ['duplicate-key'],
        errors: [
          {
            ruleId: 'duplicate-key',
            messageId: 'duplicateKey',
            data: { key: 'version', firstLine: 4, firstColumn: 3 },
            pointer: '/version',
            line: 5,
            column: 3,
          },
        ],
      },
    ],
  });
});

describe('schema and unknown-field', () => {
  const notAnObject = (text: string, actual: unknown): InvalidCase => ({
    name: `a manifest that is not an object: ${text}`,
    text,
    errors: [
      {
        ruleId: 'schema',
        messageId: 'schemaType',
        data: { pointer: '', expected: ['object'], actual },
        line: 1,
        column: 1,
      },
    ],
  });
  ruleTester({
    valid: [
      {
        name: 'the keys the Stripe CLI writes',
        manifest: (m) => ({ ...m, extensions: null, connect_permissions: null, app_backend: { webhooks: null } }),
      },
    ],
    invalid: [
      {
        name: 'a wrong type, at the value',
        manifest: (m) => {
          m.version = 2;
        },
        rules: ['schema'],
        errors: [
          {
            ruleId: 'schema',
            messageId: 'schemaType',
            data: { pointer: '/version', expected: ['string'], actual: 2 },
            pointer: '/version',
            at: '2',
            after: '"version"',
          },
        ],
      },
      {
        name: 'a value of the wrong type once, not again for not being one of the allowed values',
        manifest: (m) => ({ ...m, distribution_type: null }),
        rules: ['schema'],
        errors: [
          {
            ruleId: 'schema',
            messageId: 'schemaType',
            data: { pointer: '/distribution_type', expected: ['string'], actual: null },
            at: 'null',
          },
        ],
      },
      {
        name: 'one finding per problem',
        manifest: (m) => {
          m.sandbox_install_compatible = 'yes';
          m.ui_extension.views[0].component = 'App Settings';
          delete m.id;
        },
        rules: ['schema'],
        errors: [
          {
            ruleId: 'schema',
            messageId: 'schemaRequired',
            data: { pointer: '', property: 'id' },
            line: 1,
            column: 1,
          },
          {
            ruleId: 'schema',
            messageId: 'schemaType',
            data: { pointer: '/sandbox_install_compatible', expected: ['boolean'], actual: 'yes' },
            at: '"yes"',
          },
          {
            ruleId: 'schema',
            messageId: 'schemaPattern',
            data: {
              pointer: '/ui_extension/views/0/component',
              value: 'App Settings',
              field: 'component',
              pattern: expect.any(String),
            },
            at: '"App Settings"',
          },
        ],
      },
      notAnObject('null', null),
      notAnObject('[1]', [1]),
      notAnObject('"stripe-app"', 'stripe-app'),
      {
        name: 'an unknown key, warned at the key, with did-you-mean',
        manifest: (m) => {
          m.ui_extensions = m.ui_extension;
        },
        rules: ['unknown-field'],
        errors: [
          {
            ruleId: 'unknown-field',
            messageId: 'unknownField',
            data: { key: 'ui_extensions', parent: '', suggestion: 'ui_extension' },
            severity: 'warning',
            pointer: '/ui_extensions',
            suggestion: 'ui_extension',
            at: '"ui_extensions"',
          },
        ],
      },
      {
        name: 'an unknown key deep inside',
        manifest: (m) => {
          m.ui_extension.views[0].title = 'Settings';
        },
        rules: ['unknown-field'],
        errors: [
          {
            ruleId: 'unknown-field',
            messageId: 'unknownField',
            data: { key: 'title', parent: '/ui_extension/views/0', suggestion: null },
            pointer: '/ui_extension/views/0/title',
            at: '"title"',
          },
        ],
      },
      {
        name: 'an unknown key with / and ~, escaped in its pointer and still found',
        manifest: (m) => ({ ...m, 'a/b~c': 1 }),
        rules: ['unknown-field'],
        errors: [
          {
            ruleId: 'unknown-field',
            messageId: 'unknownField',
            data: { key: 'a/b~c', parent: '', suggestion: null },
            pointer: '/a~1b~0c',
            at: '"a/b~c"',
          },
        ],
      },
    ],
  });
});

describe('access-type', () => {
  ruleTester({
    valid: [],
    invalid: [
      {
        name: 'absent means platform: at the manifest, run convert',
        manifest: (m) => {
          delete m.stripe_api_access_type;
        },
        rules: ['access-type'],
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeMissing',
            data: { folder: 'app' },
            severity: 'error',
            pointer: '',
            line: 1,
            column: 1,
          },
        ],
      },
      {
        name: 'another value, at the value',
        manifest: (m) => ({ ...m, stripe_api_access_type: 'oauth' }),
        rules: ['access-type'],
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeWrong',
            data: { value: 'oauth', nearMiss: false, folder: 'app' },
            pointer: '/stripe_api_access_type',
            at: '"oauth"',
          },
        ],
      },
      {
        name: 'a misspelt value is one finding, not two',
        manifest: (m) => ({ ...m, stripe_api_access_type: 'restricted_key' }),
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeWrong',
            data: { value: 'restricted_key', nearMiss: false, folder: 'app' },
            at: '"restricted_key"',
          },
        ],
      },
      {
        name: 'a value that is not even a string is one finding, not two, and says run convert',
        manifest: (m) => ({ ...m, stripe_api_access_type: 0 }),
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeWrong',
            data: { value: 0, nearMiss: false, folder: 'app' },
            pointer: '/stripe_api_access_type',
            at: '0',
            after: '"stripe_api_access_type"',
          },
        ],
      },
      {
        name: '"restricted_api_keys" gets a did-you-mean',
        manifest: (m) => ({ ...m, stripe_api_access_type: 'restricted_api_keys' }),
        rules: ['access-type'],
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeWrong',
            data: { value: 'restricted_api_keys', nearMiss: true, folder: 'app' },
            suggestion: 'restricted_api_key',
            at: '"restricted_api_keys"',
          },
        ],
      },
      {
        name: 'a misspelt key is named at the key, with a did-you-mean, not "run rak-app convert" at 1:1',
        manifest: (m) => {
          delete m.stripe_api_access_type;
          m.stripe_api_acess_type = 'restricted_api_key';
        },
        rules: ['access-type'],
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeKeyTypo',
            data: { key: 'stripe_api_acess_type' },
            suggestion: 'stripe_api_access_type',
            at: '"stripe_api_acess_type"',
          },
        ],
      },
    ],
  });
});

describe('settings-view and view-context', () => {
  ruleTester({
    valid: [
      {
        name: 'view-context: not on a viewport viewport-unknown already reports',
        manifest: (m) => {
          m.ui_extension.views.push({ viewport: 'stripe.dashboard.settings.page', component: 'X' });
        },
        rules: ['view-context'],
      },
    ],
    invalid: [
      {
        // Stripe makes a settings page for every app and "recommends adding instructions or links".
        name: 'no view on the settings viewport: a warning at the views, and the view gets no context',
        manifest: (m) => {
          m.ui_extension.views[0].viewport = 'stripe.dashboard.customer.detail';
        },
        rules: ['settings-view', 'view-context'],
        errors: [
          {
            ruleId: 'settings-view',
            messageId: 'settingsViewMissing',
            data: {},
            severity: 'warning',
            pointer: '/ui_extension/views',
            at: '[',
            after: '"views"',
          },
          {
            ruleId: 'view-context',
            messageId: 'viewContext',
            data: { viewport: 'stripe.dashboard.customer.detail' },
            severity: 'warning',
            pointer: '/ui_extension/views/0/viewport',
            at: '"stripe.dashboard.customer.detail"',
          },
        ],
      },
      {
        name: 'a backend-only app, at the manifest',
        manifest: (m) => {
          delete m.ui_extension;
        },
        rules: ['settings-view'],
        errors: [
          {
            ruleId: 'settings-view',
            messageId: 'settingsViewMissing',
            data: {},
            pointer: '',
            line: 1,
            column: 1,
          },
        ],
      },
    ],
  });
});

describe('permissions', () => {
  const misnamed = (wrong: string, right: string, said: InvalidCase['errors'][number]): InvalidCase => ({
    name: `${wrong} → ${right}`,
    manifest: (m) => {
      m.permissions[1].permission = wrong;
    },
    errors: [{ ...said, severity: 'error', pointer: '/permissions/1/permission', suggestion: right, at: `"${wrong}"` }],
  });
  const unknown = (wrong: string, right: string, typoInOfficialSchema = false): InvalidCase =>
    misnamed(wrong, right, {
      ruleId: 'permission-unknown',
      messageId: 'permissionUnknown',
      data: { name: wrong, suggestion: right, typoInOfficialSchema },
    });
  const scope = (wrong: string, right: string): InvalidCase =>
    misnamed(wrong, right, {
      ruleId: 'permission-unknown',
      messageId: 'permissionIsScope',
      data: { name: wrong, permission: right },
    });

  ruleTester({
    valid: [
      {
        name: "permission-unknown: the correct spellings Stripe's schema lacks are known",
        manifest: (m) => {
          m.permissions.push(
            { permission: 'shipping_rate_write', purpose: 'Create shipping rates.' },
            { permission: 'apple_pay_domain_read', purpose: 'List Apple Pay domains.' },
            { permission: 'tax_settings_read', purpose: 'Read tax settings.' },
          );
        },
      },
      {
        name: 'app-name: a private app may say Stripe',
        manifest: (m) => ({ ...m, name: 'Stripe Ledger App', distribution_type: 'private' }),
        rules: ['app-name'],
      },
      {
        name: 'app-name: a public app with a name of its own',
        manifest: (m) => ({ ...m, name: 'Happy Ledger' }),
        rules: ['app-name'],
      },
      {
        name: 'sandbox-install: a public app that says false',
        manifest: (m) => ({ ...m, sandbox_install_compatible: false }),
        rules: ['sandbox-install'],
      },
      {
        name: 'sandbox-install: a private app need not say',
        manifest: ({ sandbox_install_compatible: _, ...m }) => ({ ...m, distribution_type: 'private' }),
        rules: ['sandbox-install'],
      },
      {
        name: 'sandbox-install: a local manifest that makes a private app public is never uploaded',
        manifest: ({ sandbox_install_compatible: _, ...m }) => ({ ...m, distribution_type: 'private' }),
        files: { '/app/stripe-app.dev.json': pretty({ extends: 'stripe-app.json', distribution_type: 'public' }) },
        rules: ['sandbox-install'],
      },
      {
        name: 'sandbox-install: an app with no distribution_type is private',
        manifest: ({ sandbox_install_compatible: _, distribution_type: __, ...m }) => m,
        rules: ['sandbox-install'],
      },
    ],
    invalid: [
      unknown('customers_read', 'customer_read'),
      unknown('shpping_rate_write', 'shipping_rate_write', true),
      unknown('apply_pay_domain_read', 'apple_pay_domain_read', true),
      unknown('billing_portal_write', 'customer_portal_write'),
      unknown('webhook_endpoint_write', 'webhook_write'),
      misnamed('account.application.authorized', 'event_read', {
        ruleId: 'permission-unknown',
        messageId: 'permissionIsEvent',
        data: { name: 'account.application.authorized' },
      }),
      misnamed('invoice.paid', 'event_read', {
        ruleId: 'permission-unknown',
        messageId: 'permissionIsEvent',
        data: { name: 'invoice.paid' },
      }),
      // A permission written with a dot is that permission, not an event: one edit from it at most.
      unknown('customer.read', 'customer_read'),
      unknown('customers.read', 'customer_read'),
      // A scope copied from Stripe's 403 ("Having the 'rak_customer_read' permission would allow this
      // request to continue."), and the name a real upload refused: "Permission
      // rak_stripecli_session_write does not exist".
      scope('rak_customer_read', 'customer_read'),
      scope('rak_stripecli_session_write', 'stripecli_session_write'),
      scope('rak_invoice_item_read', 'invoice_read'),
      {
        name: 'permission-none: an empty list, at the list',
        manifest: (m) => ({ ...m, permissions: [] }),
        rules: ['permission-none'],
        errors: [
          {
            ruleId: 'permission-none',
            messageId: 'permissionNone',
            data: {},
            pointer: '/permissions',
            at: '[]',
          },
        ],
      },
      {
        name: 'permission-none: no list, at the manifest',
        manifest: (m) => {
          delete m.permissions;
        },
        rules: ['permission-none'],
        errors: [{ ruleId: 'permission-none', messageId: 'permissionNone', data: {}, pointer: '', line: 1, column: 1 }],
      },
      {
        name: 'permission-duplicate: at the second one, naming the first',
        manifest: (m) => {
          m.permissions.push({ permission: 'invoice_read', purpose: 'Again.' });
        },
        rules: ['permission-duplicate'],
        errors: [
          {
            ruleId: 'permission-duplicate',
            messageId: 'permissionDuplicate',
            data: { name: 'invoice_read', firstIndex: 1 },
            pointer: '/permissions/5/permission',
            at: '"invoice_read"',
            after: '"event_read"',
          },
        ],
      },
      {
        name: 'permission-purpose: missing, empty and placeholder',
        manifest: (m) => {
          delete m.permissions[0].purpose;
          m.permissions[1].purpose = '  ';
          m.permissions[2].purpose = 'TODO';
          m.permissions[3].purpose = { en: 'Reconcile payouts.', fr: '' };
        },
        rules: ['permission-purpose'],
        errors: [
          {
            ruleId: 'permission-purpose',
            messageId: 'purposeMissing',
            data: { name: PERMISSIONS[0]!, index: 0 },
            severity: 'error',
            pointer: '/permissions/0',
            at: '{',
            after: '"permissions"',
          },
          {
            ruleId: 'permission-purpose',
            messageId: 'purposeEmpty',
            data: { name: PERMISSIONS[1]!, index: 1 },
            severity: 'error',
            pointer: '/permissions/1/purpose',
            at: '"  "',
          },
          {
            ruleId: 'permission-purpose',
            messageId: 'purposePlaceholder',
            data: { name: PERMISSIONS[2]!, index: 2, purpose: 'TODO' },
            severity: 'warning',
            pointer: '/permissions/2/purpose',
            at: '"TODO"',
          },
          {
            ruleId: 'permission-purpose',
            messageId: 'purposeEmpty',
            data: { name: PERMISSIONS[3]!, index: 3 },
            severity: 'error',
            pointer: '/permissions/3/purpose/fr',
            at: '""',
            after: '"fr"',
          },
        ],
      },
      {
        name: 'permission-purpose: a purpose that is not one line of text',
        manifest: (m) => {
          m.permissions[0].purpose = 'Match customers.\nAnd more.';
          m.permissions[1].purpose = 'Show \u001b[2Jpayouts.';
          m.permissions[2].purpose = { en: 'Read \u202einvoices.' };
          m.permissions[3].purpose = 'Reconcile payouts.\u2028';
        },
        rules: ['permission-purpose'],
        errors: [
          ['a line break', 0, '/permissions/0/purpose', 'Match customers.\nAnd more.'],
          ['a control character', 1, '/permissions/1/purpose', 'Show \u001b[2Jpayouts.'],
          ['a bidirectional control', 2, '/permissions/2/purpose/en', 'Read \u202einvoices.'],
          ['a line break', 3, '/permissions/3/purpose', 'Reconcile payouts.\u2028'],
        ].map(([found, index, pointer, purpose]) => ({
          ruleId: 'permission-purpose',
          messageId: 'purposeNotOneLine',
          data: { name: PERMISSIONS[index as number]!, index, found },
          severity: 'warning',
          pointer,
          at: JSON.stringify(purpose),
        })),
      },
      {
        name: 'permission-purpose: an entry with no name to show is named by its place',
        manifest: (m) => {
          m.permissions.push({ purpose: 'Read invoices.' }, { permission: { name: 'x' } });
        },
        rules: ['permission-purpose'],
        errors: [
          {
            ruleId: 'permission-purpose',
            messageId: 'purposeMissing',
            data: { name: { name: 'x' }, index: 6 },
            pointer: '/permissions/6',
            at: '{',
            after: '"Read invoices."',
          },
        ],
      },
      {
        name: 'permission-special: each with its reason',
        manifest: (m) => {
          m.permissions.push(
            { permission: 'webhook_write', purpose: 'x' },
            { permission: 'stripecli_session_write', purpose: 'x' },
            { permission: 'user_email_read', purpose: 'x' },
          );
        },
        rules: ['permission-special'],
        errors: [
          {
            ruleId: 'permission-special',
            messageId: 'permissionSpecial',
            data: { name: 'webhook_write', why: expect.stringMatching(/Stripe Support/) },
            severity: 'warning',
            at: '"webhook_write"',
          },
          {
            ruleId: 'permission-special',
            messageId: 'permissionSpecial',
            data: { name: 'stripecli_session_write', why: expect.stringMatching(/Stripe CLI/) },
            severity: 'warning',
            at: '"stripecli_session_write"',
          },
          {
            ruleId: 'permission-special',
            messageId: 'permissionSpecial',
            data: { name: 'user_email_read', why: expect.stringMatching(/email/) },
            severity: 'warning',
            at: '"user_email_read"',
          },
        ],
      },
      {
        name: 'viewport-unknown: with did-you-mean',
        manifest: (m) => {
          m.ui_extension.views.push(
            { viewport: 'stripe.dashboard.drawer', component: 'Drawer' },
            { viewport: 'stripe.dashboard.custmer.detail', component: 'Customer' },
          );
        },
        rules: ['viewport-unknown'],
        errors: [
          {
            ruleId: 'viewport-unknown',
            messageId: 'viewportUnknown',
            data: { name: 'stripe.dashboard.drawer', suggestion: 'stripe.dashboard.drawer.default' },
            pointer: '/ui_extension/views/1/viewport',
            suggestion: 'stripe.dashboard.drawer.default',
            at: '"stripe.dashboard.drawer"',
          },
          {
            ruleId: 'viewport-unknown',
            messageId: 'viewportUnknown',
            data: { name: 'stripe.dashboard.custmer.detail', suggestion: 'stripe.dashboard.customer.detail' },
            pointer: '/ui_extension/views/2/viewport',
            suggestion: 'stripe.dashboard.customer.detail',
            at: '"stripe.dashboard.custmer.detail"',
          },
        ],
      },
      {
        name: 'viewport-unknown, not view-context as well, on a viewport Stripe does not have',
        manifest: (m) => {
          m.ui_extension.views.push({ viewport: 'stripe.dashboard.settings.page', component: 'X' });
        },
        errors: [
          {
            ruleId: 'viewport-unknown',
            messageId: 'viewportUnknown',
            data: { name: 'stripe.dashboard.settings.page', suggestion: expect.any(String) },
            pointer: '/ui_extension/views/1/viewport',
            at: '"stripe.dashboard.settings.page"',
          },
        ],
      },
      {
        name: 'redirect-uris: warned, never an error',
        manifest: (m) => ({ ...m, allowed_redirect_uris: ['https://example.com/callback'] }),
        errors: [
          {
            ruleId: 'redirect-uris',
            messageId: 'redirectUris',
            data: {},
            severity: 'warning',
            pointer: '/allowed_redirect_uris',
            at: '[',
            after: '"allowed_redirect_uris"',
          },
        ],
      },
      {
        name: 'sandbox-install: a public app that does not say whether it can be installed in sandboxes',
        manifest: ({ sandbox_install_compatible: _, ...m }) => m,
        rules: ['sandbox-install'],
        errors: [
          {
            ruleId: 'sandbox-install',
            messageId: 'sandboxInstallMissing',
            data: {},
            severity: 'warning',
            pointer: '/distribution_type',
            at: '"public"',
          },
        ],
      },
      {
        name: 'app-name: a public app may not say Stripe',
        manifest: (m) => ({ ...m, name: 'Stripe Ledger App' }),
        rules: ['app-name'],
        errors: [
          {
            ruleId: 'app-name',
            messageId: 'appName',
            data: { name: 'Stripe Ledger App', word: 'stripe' },
            pointer: '/name',
            at: '"Stripe Ledger App"',
          },
        ],
      },
    ],
  });
});

describe('secret-key', () => {
  const live = 'sk_live_' + '51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ9f3a';
  const restricted = 'rk_test_' + '51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH1234';

  ruleTester({
    valid: [],
    invalid: [
      {
        name: 'keys anywhere, constants included, shown masked',
        manifest: (m) => ({ ...m, constants: { API_KEY: live, nested: [{ key: `Bearer ${restricted}` }] } }),
        rules: ['secret-key'],
        errors: [
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'secret key', masked: 'sk_live_…9f3a', live: true },
            severity: 'error',
            pointer: '/constants/API_KEY',
            at: `"${live}"`,
          },
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'restricted key', masked: 'rk_test_…1234', live: false },
            pointer: '/constants/nested/0/key',
            at: '"Bearer',
          },
        ],
      },
      {
        name: 'a key with its underscores %-escaped, in a URL',
        manifest: (m) => ({
          ...m,
          constants: {
            URL: `https://x.example.com/?k=${live.replace(/_/g, '%5F')}`,
            B: `a ${live.replace('live_', 'live%5F')}`,
          },
        }),
        rules: ['secret-key'],
        errors: [
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'secret key', masked: 'sk%5Flive%5F…9f3a', live: true },
            pointer: '/constants/URL',
            at: '"https://x.example.com',
          },
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'secret key', masked: 'sk_live%5F…9f3a', live: true },
            pointer: '/constants/B',
            at: '"a sk_live',
          },
        ],
      },
      {
        name: 'webhook and app signing secrets',
        manifest: (m) => ({ ...m, constants: { a: 'whsec_' + 'a'.repeat(32), b: 'absec_' + 'b'.repeat(32) } }),
        rules: ['secret-key'],
        errors: [
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'webhook signing secret', masked: 'whsec_…aaaa', live: false },
            at: '"whsec_',
          },
          {
            ruleId: 'secret-key',
            messageId: 'secretKey',
            data: { kind: 'app signing secret', masked: 'absec_…bbbb', live: false },
            at: '"absec_',
          },
        ],
      },
    ],
  });

  it('never shows a key whole, in the message or the data', () => {
    const m = { ...validManifest(), constants: { API_KEY: live, nested: [{ key: `Bearer ${restricted}` }] } };
    const findings = checkManifest(m);
    expect(findings.map((f) => f.ruleId)).toEqual(['secret-key', 'secret-key']);
    for (const f of findings) {
      expect(JSON.stringify(f)).not.toContain(live);
      expect(JSON.stringify(f)).not.toContain(restricted);
    }
  });

  it('masks a key used as a field name in every finding', () => {
    const m = { ...validManifest(), [live]: true };
    const findings = checkManifest(m);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['secret-key', 'unknown-field']);
    for (const f of findings) expect(JSON.stringify(f)).not.toContain(live);
  });
});

describe('csp-url', () => {
  const CSP = '/ui_extension/content_security_policy';
  const withUrls =
    (connect: string[], image: string[] = []) =>
    (m: Record<string, any>) => {
      m.ui_extension.content_security_policy = {
        'connect-src': connect,
        'image-src': image,
        purpose: 'Talk to the Ledger Sync API.',
      };
    };
  const rejects = (url: string, said: Pick<InvalidCase['errors'][number], 'messageId' | 'data'>): InvalidCase => ({
    name: `rejects ${url}`,
    manifest: withUrls([url]),
    rules: ['csp-url'],
    errors: [
      {
        ruleId: 'csp-url',
        ...said,
        severity: 'error',
        pointer: `${CSP}/connect-src/0`,
        at: `"${url}"`,
      } as InvalidCase['errors'][number],
    ],
  });

  ruleTester({
    valid: [
      {
        name: 'https URLs with a path and a left-most wildcard',
        manifest: withUrls(
          ['https://api.example.com/v1/', 'https://*.example.com/api/'],
          ['https://images.example.com/'],
        ),
        rules: ['csp-url'],
      },
    ],
    invalid: [
      rejects('http://api.example.com/v1/', { messageId: 'cspNotHttps', data: { url: 'http://api.example.com/v1/' } }),
      rejects('https://api.example.com', { messageId: 'cspNoPath', data: { url: 'https://api.example.com' } }),
      rejects('https://api.example.com/', { messageId: 'cspNoPath', data: { url: 'https://api.example.com/' } }),
      rejects('https://api.stripe.com/v1/', {
        messageId: 'cspStripeHost',
        data: { url: 'https://api.stripe.com/v1/' },
      }),
      // A trailing dot names the same host (the DNS root).
      rejects('https://api.stripe.com./v1/', {
        messageId: 'cspStripeHost',
        data: { url: 'https://api.stripe.com./v1/' },
      }),
      // A user before the host names the same host.
      rejects('https://user@api.stripe.com/v1/', {
        messageId: 'cspStripeHost',
        data: { url: 'https://user@api.stripe.com/v1/' },
      }),
      rejects('https://api.*.example.com/v1/', {
        messageId: 'cspWildcard',
        data: { url: 'https://api.*.example.com/v1/' },
      }),
      rejects('https://*example.com/v1/', { messageId: 'cspWildcard', data: { url: 'https://*example.com/v1/' } }),
      rejects('https://example.com/products/*', {
        messageId: 'cspWildcard',
        data: { url: 'https://example.com/products/*' },
      }),
      rejects('example.com/api', { messageId: 'cspNotUrl', data: { value: 'example.com/api' } }),
      // Two sources in one entry, a space in the host, no host, a port past 65535: no URL.
      ...[
        'https://api.example.com/v1/ https://evil.example.net/x/',
        'https://exa mple.com/api/',
        'https:///api/',
        'https://api.example.com:99999/v1/',
        'https://:443/v1/',
        'https://@/v1/',
      ].map((url) => rejects(url, { messageId: 'cspNotUrl', data: { value: url } })),
      {
        name: 'localhost and tunnels in a base manifest: warnings',
        manifest: withUrls(['https://abcd.ngrok-free.app/api/', 'https://localhost:3000/api/']),
        rules: ['csp-url'],
        errors: [
          {
            ruleId: 'csp-url',
            messageId: 'cspLocal',
            data: { url: 'https://abcd.ngrok-free.app/api/' },
            severity: 'warning',
            at: '"https://abcd.ngrok-free.app/api/"',
          },
          {
            ruleId: 'csp-url',
            messageId: 'cspLocal',
            data: { url: 'https://localhost:3000/api/' },
            severity: 'warning',
            at: '"https://localhost:3000/api/"',
          },
        ],
      },
      {
        name: 'URLs without a purpose',
        manifest: (m) => {
          m.ui_extension.content_security_policy = { 'connect-src': ['https://api.example.com/v1/'] };
        },
        rules: ['csp-url'],
        errors: [
          {
            ruleId: 'csp-url',
            messageId: 'cspPurposeMissing',
            data: {},
            severity: 'warning',
            pointer: CSP,
            at: '{',
            after: '"content_security_policy"',
          },
        ],
      },
      {
        name: 'a bare-string connect-src without a path ("path cannot be empty")',
        manifest: (m) => {
          m.ui_extension.content_security_policy = { 'connect-src': 'https://api.example.com', purpose: 'Sync.' };
        },
        rules: ['csp-url'],
        errors: [
          {
            ruleId: 'csp-url',
            messageId: 'cspNoPath',
            data: { url: 'https://api.example.com' },
            pointer: `${CSP}/connect-src`,
            at: '"https://api.example.com"',
          },
        ],
      },
    ],
  });
});

describe('icon', () => {
  const small = Buffer.from(ICON);
  small.writeUInt32BE(64, 16);
  small.writeUInt32BE(64, 20);
  const icon = (
    value: string,
    said: Pick<InvalidCase['errors'][number], 'messageId' | 'data'>,
    files: Record<string, string | Uint8Array> = {},
    suggestion?: string,
  ): InvalidCase => ({
    name: `icon ${JSON.stringify(value)}: ${said.messageId}`,
    manifest: (m) => ({ ...m, icon: value }),
    files,
    rules: ['icon'],
    errors: [
      {
        ruleId: 'icon',
        ...said,
        pointer: '/icon',
        ...(suggestion ? { suggestion } : {}),
        at: JSON.stringify(value),
        after: '"icon"',
      } as InvalidCase['errors'][number],
    ],
  });

  ruleTester({
    valid: [],
    invalid: [
      icon('', { messageId: 'iconEmpty', data: {} }),
      // Beside the manifest, as in Stripe's own full-page example: only the "./" is missing.
      icon('icon.png', { messageId: 'iconNoDotSlash', data: { value: 'icon.png' } }, {}, './icon.png'),
      icon('nothere.png', { messageId: 'iconPath', data: { value: 'nothere.png' } }),
      icon('./logo.svg', { messageId: 'iconPath', data: { value: './logo.svg' } }),
      icon('./missing.png', { messageId: 'iconMissing', data: { value: './missing.png' } }),
      icon(
        './fake.png',
        { messageId: 'iconNotPng', data: { value: './fake.png' } },
        { '/app/fake.png': 'not a png at all, honest' },
      ),
      icon(
        './small.png',
        { messageId: 'iconSize', data: { value: './small.png', width: 64, height: 64 } },
        { '/app/small.png': small },
      ),
    ],
  });
});

describe('settings-placeholder', () => {
  const source = [
    'const AppSettings = () => (',
    '  <SettingsView>',
    '    <Box>You can use this space to welcome your users and direct them to your setup documentation.</Box>',
    '    <Button href="https://stripe.com" target="_blank">View setup instructions</Button>',
    '    <Link href="">Learn more</Link>',
    '  </SettingsView>',
    ');',
  ].join('\n');
  const file = 'app/src/views/AppSettings.tsx';

  ruleTester({
    valid: [],
    invalid: [
      {
        name: 'points into the view source at each placeholder the template leaves',
        files: { [`/${file}`]: source },
        rules: ['settings-placeholder'],
        errors: [
          {
            ruleId: 'settings-placeholder',
            messageId: 'settingsPlaceholderText',
            data: {},
            severity: 'warning',
            file,
            line: 3,
            column: 10,
          },
          {
            ruleId: 'settings-placeholder',
            messageId: 'settingsPlaceholderLink',
            data: { href: 'https://stripe.com' },
            file,
            line: 4,
            column: 13,
          },
          {
            ruleId: 'settings-placeholder',
            messageId: 'settingsPlaceholderLink',
            data: { href: '' },
            file,
            line: 5,
            column: 11,
          },
        ],
      },
    ],
  });
});

describe('local manifests (extends)', () => {
  const dev = 'app/stripe-app.dev.json';
  const extendsProblem = (local: unknown, said: Pick<InvalidCase['errors'][number], 'messageId' | 'data'>) => ({
    name: `extends: ${JSON.stringify(local)}`,
    files: { [`/${dev}`]: pretty(local) },
    rules: ['extends'],
    errors: [
      {
        ruleId: 'extends',
        ...said,
        severity: 'error',
        file: dev,
        pointer: '/extends',
        at: JSON.stringify((local as { extends: unknown }).extends),
      } as InvalidCase['errors'][number],
    ],
  });

  ruleTester({
    valid: [],
    invalid: [
      {
        name: "a local manifest that sets stripe_api_access_type over its base's: fixed there, not by convert",
        files: { [`/${dev}`]: pretty({ extends: 'stripe-app.json', stripe_api_access_type: 'platform' }) },
        rules: ['access-type'],
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeLocalOverride',
            data: { value: 'platform' },
            file: dev,
            pointer: '/stripe_api_access_type',
            at: '"platform"',
          },
        ],
      },
      {
        name: 'a local manifest is checked merged with its base, each finding at the file its value came from',
        files: {
          [`/${dev}`]: pretty({
            extends: 'stripe-app.json',
            ui_extension: {
              content_security_policy: {
                'connect-src': ['http://localhost:8888/v1/', 'http://api.example.com/v1/'],
                purpose: 'Local API.',
              },
            },
            permissions: [{ permission: 'customers_read', purpose: 'x' }],
          }),
        },
        errors: [
          {
            ruleId: 'csp-url',
            messageId: 'cspNotHttps',
            data: { url: 'http://api.example.com/v1/' },
            file: dev,
            pointer: '/ui_extension/content_security_policy/connect-src/1',
            at: '"http://api.example.com/v1/"',
          },
          {
            ruleId: 'permission-unknown',
            messageId: 'permissionUnknown',
            data: { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false },
            file: dev,
            pointer: '/permissions/0/permission',
            at: '"customers_read"',
          },
        ],
      },
      {
        name: 'an inherited problem is reported once, at the base',
        manifest: (m) => {
          m.permissions[0].permission = 'customers_read';
        },
        files: { [`/${dev}`]: pretty({ extends: 'stripe-app.json', constants: { API: 'http://localhost' } }) },
        errors: [
          {
            ruleId: 'permission-unknown',
            messageId: 'permissionUnknown',
            data: { name: 'customers_read', suggestion: 'customer_read', typoInOfficialSchema: false },
            file: 'app/stripe-app.json',
            at: '"customers_read"',
          },
        ],
      },
      extendsProblem({ extends: 'missing.json' }, { messageId: 'extendsMisnamed', data: { value: 'missing.json' } }),
      extendsProblem(
        { extends: 'stripe-app.prod.json' },
        {
          messageId: 'extendsNotFound',
          data: { value: 'stripe-app.prod.json', resolved: expect.stringContaining('stripe-app.prod.json') },
        },
      ),
      extendsProblem({ extends: 42 }, { messageId: 'extendsNotString', data: {} }),
      {
        name: 'extends: a loop, reported in each file of it',
        files: {
          '/app/stripe-app.a.json': pretty({ extends: 'stripe-app.b.json' }),
          '/app/stripe-app.b.json': pretty({ extends: 'stripe-app.a.json' }),
        },
        rules: ['extends'],
        errors: [
          {
            ruleId: 'extends',
            messageId: 'extendsLoop',
            data: { chain: ['stripe-app.a.json', 'stripe-app.b.json', 'stripe-app.a.json'] },
            file: 'app/stripe-app.a.json',
            at: '"stripe-app.b.json"',
          },
          {
            ruleId: 'extends',
            messageId: 'extendsLoop',
            data: { chain: ['stripe-app.b.json', 'stripe-app.a.json', 'stripe-app.b.json'] },
            file: 'app/stripe-app.b.json',
            at: '"stripe-app.a.json"',
          },
        ],
      },
      {
        name: 'extends: a local manifest without it, at the manifest',
        files: { [`/${dev}`]: pretty({ constants: { API: 'https://dev.example.com/' } }) },
        errors: [{ ruleId: 'extends', messageId: 'extendsMissingField', data: {}, file: dev, line: 1, column: 1 }],
      },
      {
        name: "extends: a base missing two steps down is reported at each step, as what that step's own extends names",
        files: {
          '/app/stripe-app.staging.json': pretty({ extends: 'stripe-app.dev.json' }),
          [`/${dev}`]: pretty({ extends: 'stripe-app.base.json' }),
        },
        rules: ['extends'],
        errors: [
          {
            ruleId: 'extends',
            messageId: 'extendsNotFound',
            data: { value: 'stripe-app.base.json', resolved: expect.stringContaining('stripe-app.base.json') },
            file: dev,
            at: '"stripe-app.base.json"',
          },
          {
            ruleId: 'extends',
            messageId: 'extendsNotFound',
            data: { value: 'stripe-app.dev.json', resolved: expect.stringContaining('stripe-app.base.json') },
            file: 'app/stripe-app.staging.json',
            at: '"stripe-app.dev.json"',
          },
        ],
      },
      {
        name: 'extends: a name Stripe does not take further down a chain is reported as written there',
        files: {
          '/app/stripe-app.staging.json': pretty({ extends: './stripe-app.dev.json' }),
          [`/${dev}`]: pretty({ extends: 'base.json' }),
        },
        rules: ['extends'],
        errors: [
          {
            ruleId: 'extends',
            messageId: 'extendsMisnamed',
            data: { value: 'base.json' },
            file: dev,
            at: '"base.json"',
          },
          {
            ruleId: 'extends',
            messageId: 'extendsMisnamed',
            data: { value: 'base.json' },
            file: 'app/stripe-app.staging.json',
            at: '"./stripe-app.dev.json"',
          },
        ],
      },
      {
        name: 'a local manifest that extends through another local manifest',
        files: {
          [`/${dev}`]: pretty({ extends: 'stripe-app.json', constants: { A: '1' } }),
          '/app/stripe-app.me.json': pretty({ extends: 'stripe-app.dev.json', stripe_api_access_type: 'oauth' }),
        },
        errors: [
          {
            ruleId: 'access-type',
            messageId: 'accessTypeLocalOverride',
            data: { value: 'oauth' },
            file: 'app/stripe-app.me.json',
            at: '"oauth"',
          },
        ],
      },
    ],
  });
});

describe('a finding about the whole manifest, in a local manifest and its base', () => {
  it('is reported once, at the base, where the value is missing', async () => {
    const { check } = await import('../../src/core/check.js');
    const { memoryFs } = await import('../helpers/memory-fs.js');
    const { stripe_api_access_type: _, ...base } = validManifest();
    const fs = memoryFs({
      '/app/stripe-app.json': pretty(base),
      '/app/stripe-app.dev.json': pretty({ extends: 'stripe-app.json', constants: {} }),
    });
    const result = check({ paths: ['/app'], cwd: '/' }, fs, RULES);
    const found = result.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'access-type').map(() => f.path));
    expect(found).toEqual(['app/stripe-app.json']);
  });
});

describe('rule severity overrides', () => {
  it('turns a rule off or changes its severity', async () => {
    const { check } = await import('../../src/core/check.js');
    const { memoryFs } = await import('../helpers/memory-fs.js');
    const fs = memoryFs({
      '/app/stripe-app.json': pretty({ ...validManifest(), icon: '', allowed_redirect_uris: ['https://x.example/cb'] }),
    });
    const result = check(
      { paths: ['/app'], cwd: '/', ruleSeverity: { icon: 'off', 'redirect-uris': 'error' } },
      fs,
      RULES,
    );
    expect(result.files[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['redirect-uris', 'error']]);
    expect(result.errorCount).toBe(1);
  });
});

describe('a placeholder purpose', () => {
  it("is what people leave to come back to, and rak-app's own hint pasted as printed", () => {
    for (const purpose of [
      'TODO',
      ' tbd ',
      '…',
      '<purpose>',
      '<why the app needs it>',
      'TODO: explain',
      'FIXME - later',
      '[purpose]',
      '{{purpose}}',
    ])
      expect(isPlaceholderPurpose(purpose), purpose).toBe(true);
  });
  it('is no sentence that merely starts with such a word or holds brackets', () => {
    for (const purpose of [
      'Todo items are made from unpaid invoices.',
      'Todo-list sync: link each task to the customer it is for.',
      'Todo (the app) links tasks to customers.',
      'TBD-style holds: pause payouts under review.',
      'Sync <b>invoices</b> to the ledger.',
      'Read charges [for refunds].',
    ])
      expect(isPlaceholderPurpose(purpose), purpose).toBe(false);
  });
});
