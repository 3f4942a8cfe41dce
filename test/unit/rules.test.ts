import { describe, expect, it } from 'vitest';
import { checkManifest, checkText, ICON, only, positionOf, validManifest } from '../helpers/fixtures.js';

const pretty = (m: unknown): string => JSON.stringify(m, null, 2) + '\n';

describe('the example manifest', () => {
  it('checks clean', () => {
    expect(checkManifest(validManifest())).toEqual([]);
  });
});

describe('json-syntax and duplicate-key', () => {
  it('reports a comment at its position and nothing else', () => {
    const text = pretty(validManifest()).replace('"permissions": [', '"permissions": [ // what the key may do');
    const findings = checkText(text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'json-syntax',
        severity: 'error',
        ...positionOf(text, '//'),
        file: 'app/stripe-app.json',
      }),
    ]);
  });

  it('reports a trailing comma at the comma', () => {
    const text = pretty(validManifest()).replace('"component": "AppSettings"', '"component": "AppSettings",');
    const [finding] = checkText(text);
    expect(finding).toMatchObject({
      ruleId: 'json-syntax',
      ...positionOf(text, ',', '"AppSettings"'),
      message: expect.stringContaining('Trailing comma'),
    });
  });

  it('reports the second of two equal keys, and the line of the first', () => {
    const text = pretty(validManifest()).replace('"version": "1.0.0",', '"version": "1.0.0",\n  "version": "1.0.1",');
    const findings = only(checkText(text), 'duplicate-key');
    expect(findings).toEqual([
      expect.objectContaining({
        pointer: '/version',
        line: 5,
        column: 3,
        message: expect.stringContaining('first at line 4'),
      }),
    ]);
  });

  it('reports a key repeated under another spelling, which JSON.parse would merge silently', () => {
    const text = pretty(validManifest()).replace(
      '"version": "1.0.0",',
      '"version": "1.0.0",\n  "\\u0076ersion": "1.0.1",',
    );
    expect(only(checkText(text), 'duplicate-key')).toEqual([
      expect.objectContaining({ pointer: '/version', line: 5, column: 3 }),
    ]);
  });
});

describe('schema and unknown-field', () => {
  it('reports a wrong type in plain words, at the value', () => {
    const m = validManifest();
    m.version = 2;
    const text = pretty(m);
    expect(only(checkText(text), 'schema')).toEqual([
      expect.objectContaining({
        pointer: '/version',
        ...positionOf(text, '2', '"version"'),
        message: 'version must be a string, not a number.',
      }),
    ]);
  });

  it('reports a value of the wrong type once, not again for not being one of the allowed values', () => {
    const findings = only(checkManifest({ ...validManifest(), distribution_type: null }), 'schema');
    expect(findings.map((f) => f.message)).toEqual(['distribution_type must be a string, not null.']);
  });

  it('reports one finding per problem', () => {
    const m = validManifest();
    m.sandbox_install_compatible = 'yes';
    m.ui_extension.views[0].component = 'App Settings';
    delete m.id;
    const messages = only(checkManifest(m), 'schema').map((f) => f.message);
    expect(messages).toEqual([
      'The manifest is missing the required field "id".',
      'sandbox_install_compatible must be a boolean, not a string.',
      'ui_extension.views[0].component is "App Settings"; a component name may hold only letters, digits and "_".',
    ]);
  });

  it('accepts the keys the Stripe CLI writes', () => {
    const m = { ...validManifest(), extensions: null, connect_permissions: null, app_backend: { webhooks: null } };
    expect(checkManifest(m)).toEqual([]);
  });

  it.each([
    ['null', 'null'],
    ['[1]', 'an array'],
    ['"stripe-app"', 'a string'],
  ])('says what a manifest that is not an object is instead (%s)', (text, what) => {
    expect(checkText(text)).toEqual([
      expect.objectContaining({
        ruleId: 'schema',
        line: 1,
        column: 1,
        message: `The manifest must be an object, not ${what}.`,
      }),
    ]);
  });

  it('warns about an unknown key, at the key, with did-you-mean', () => {
    const m = validManifest();
    m.ui_extensions = m.ui_extension;
    const text = pretty(m);
    expect(only(checkText(text), 'unknown-field')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        pointer: '/ui_extensions',
        suggestion: 'ui_extension',
        ...positionOf(text, '"ui_extensions"'),
      }),
    ]);
  });

  it('warns about an unknown key deep inside', () => {
    const m = validManifest();
    m.ui_extension.views[0].title = 'Settings';
    const [finding] = only(checkManifest(m), 'unknown-field');
    expect(finding).toMatchObject({ pointer: '/ui_extension/views/0/title' });
  });

  it("escapes / and ~ in an unknown key's pointer, and still finds the key", () => {
    const text = pretty({ ...validManifest(), 'a/b~c': 1 });
    expect(only(checkText(text), 'unknown-field')).toEqual([
      expect.objectContaining({ pointer: '/a~1b~0c', ...positionOf(text, '"a/b~c"') }),
    ]);
  });
});

describe('RAK rules', () => {
  it('access-type: absent means platform, at the manifest', () => {
    const m = validManifest();
    delete m.stripe_api_access_type;
    expect(only(checkManifest(m), 'access-type')).toEqual([
      expect.objectContaining({
        severity: 'error',
        pointer: '',
        line: 1,
        column: 1,
        message: expect.stringContaining('rak-app convert'),
      }),
    ]);
  });

  it('access-type: another value, at the value', () => {
    const m = { ...validManifest(), stripe_api_access_type: 'oauth' };
    const text = pretty(m);
    expect(only(checkText(text), 'access-type')).toEqual([
      expect.objectContaining({ pointer: '/stripe_api_access_type', ...positionOf(text, '"oauth"') }),
    ]);
  });

  it('access-type: a misspelt value is one finding, not two', () => {
    const m = { ...validManifest(), stripe_api_access_type: 'restricted_key' };
    const findings = checkManifest(m);
    expect(findings.map((f) => f.ruleId)).toEqual(['access-type']);
  });

  it('access-type: a value that is not even a string is one finding, not two', () => {
    const findings = checkManifest({ ...validManifest(), stripe_api_access_type: 0 });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'access-type',
        pointer: '/stripe_api_access_type',
        message: expect.stringContaining('rak-app convert'),
      }),
    ]);
  });

  it('settings-view: none on the settings viewport', () => {
    const m = validManifest();
    m.ui_extension.views[0].viewport = 'stripe.dashboard.customer.detail';
    const text = pretty(m);
    expect(only(checkText(text), 'settings-view')).toEqual([
      expect.objectContaining({
        // Stripe makes a settings page for every app and "recommends adding instructions or links".
        severity: 'warning',
        message: expect.stringContaining('"recommends adding instructions or links"'),
        pointer: '/ui_extension/views',
        ...positionOf(text, '[', '"views"'),
      }),
    ]);
    expect(only(checkText(text), 'view-context')).toEqual([
      expect.objectContaining({ severity: 'warning', pointer: '/ui_extension/views/0/viewport' }),
    ]);
  });

  it('settings-view: a backend-only app', () => {
    const m = validManifest();
    delete m.ui_extension;
    expect(only(checkManifest(m), 'settings-view')).toEqual([
      expect.objectContaining({ pointer: '', line: 1, column: 1 }),
    ]);
  });

  it('permission-none: empty or missing', () => {
    const m = { ...validManifest(), permissions: [] };
    expect(only(checkManifest(m), 'permission-none')).toEqual([expect.objectContaining({ pointer: '/permissions' })]);
    delete (m as Record<string, unknown>).permissions;
    expect(only(checkManifest(m), 'permission-none')).toEqual([expect.objectContaining({ pointer: '' })]);
  });

  it.each([
    ['customers_read', 'customer_read'],
    ['shpping_rate_write', 'shipping_rate_write'],
    ['apply_pay_domain_read', 'apple_pay_domain_read'],
    ['billing_portal_write', 'customer_portal_write'],
    ['webhook_endpoint_write', 'webhook_write'],
    ['account.application.authorized', 'event_read'],
    // A scope copied from Stripe's 403 ("Having the 'rak_customer_read' permission would allow this
    // request to continue."), and the name a real upload refused: "Permission
    // rak_stripecli_session_write does not exist".
    ['rak_customer_read', 'customer_read'],
    ['rak_stripecli_session_write', 'stripecli_session_write'],
    ['rak_invoice_item_read', 'invoice_read'],
  ])('permission-unknown: %s → %s', (wrong, right) => {
    const m = validManifest();
    m.permissions[1].permission = wrong;
    const text = pretty(m);
    expect(checkText(text)).toEqual([
      expect.objectContaining({
        ruleId: 'permission-unknown',
        severity: 'error',
        pointer: '/permissions/1/permission',
        suggestion: right,
        ...positionOf(text, `"${wrong}"`),
      }),
    ]);
  });

  it("permission-unknown: the correct spellings Stripe's schema lacks are known", () => {
    const m = validManifest();
    m.permissions.push(
      { permission: 'shipping_rate_write', purpose: 'Create shipping rates.' },
      { permission: 'apple_pay_domain_read', purpose: 'List Apple Pay domains.' },
      { permission: 'tax_settings_read', purpose: 'Read tax settings.' },
    );
    expect(checkManifest(m)).toEqual([]);
  });

  it('permission-duplicate: at the second one', () => {
    const m = validManifest();
    m.permissions.push({ permission: 'invoice_read', purpose: 'Again.' });
    expect(only(checkManifest(m), 'permission-duplicate')).toEqual([
      expect.objectContaining({
        pointer: '/permissions/5/permission',
        message: expect.stringContaining('permissions[1]'),
      }),
    ]);
  });

  it('permission-purpose: missing, empty and placeholder', () => {
    const m = validManifest();
    delete m.permissions[0].purpose;
    m.permissions[1].purpose = '  ';
    m.permissions[2].purpose = 'TODO';
    m.permissions[3].purpose = { en: 'Reconcile payouts.', fr: '' };
    const findings = only(checkManifest(m), 'permission-purpose');
    expect(findings.map((f) => [f.pointer, f.severity])).toEqual([
      ['/permissions/0', 'error'],
      ['/permissions/1/purpose', 'error'],
      ['/permissions/2/purpose', 'warning'],
      ['/permissions/3/purpose/fr', 'error'],
    ]);
  });

  it('permission-purpose: an entry with no name to show is named by its place', () => {
    const m = validManifest();
    m.permissions.push({ purpose: 'Read invoices.' } as never, { permission: { name: 'x' } } as never);
    const messages = only(checkManifest(m), 'permission-purpose').map((f) => f.message);
    expect(messages).toEqual([
      `permissions[${m.permissions.length - 1}] has no purpose: users read it when they install the app.`,
    ]);
  });

  it('permission-special: each with its reason', () => {
    const m = validManifest();
    m.permissions.push(
      { permission: 'webhook_write', purpose: 'x' },
      { permission: 'stripecli_session_write', purpose: 'x' },
      { permission: 'user_email_read', purpose: 'x' },
    );
    const findings = only(checkManifest(m), 'permission-special');
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(findings[0]!.message).toMatch(/Stripe Support/);
    expect(findings[1]!.message).toMatch(/Stripe CLI/);
    expect(findings[2]!.message).toMatch(/email/);
  });

  it('viewport-unknown: with did-you-mean', () => {
    const m = validManifest();
    m.ui_extension.views.push(
      { viewport: 'stripe.dashboard.drawer', component: 'Drawer' },
      { viewport: 'stripe.dashboard.custmer.detail', component: 'Customer' },
    );
    const findings = only(checkManifest(m), 'viewport-unknown');
    expect(findings.map((f) => [f.pointer, f.suggestion])).toEqual([
      ['/ui_extension/views/1/viewport', 'stripe.dashboard.drawer.default'],
      ['/ui_extension/views/2/viewport', 'stripe.dashboard.customer.detail'],
    ]);
  });

  it('redirect-uris: warned, never an error', () => {
    const m = { ...validManifest(), allowed_redirect_uris: ['https://example.com/callback'] };
    expect(checkManifest(m)).toEqual([
      expect.objectContaining({ ruleId: 'redirect-uris', severity: 'warning', pointer: '/allowed_redirect_uris' }),
    ]);
  });

  it('app-name: only for public apps', () => {
    const m = { ...validManifest(), name: 'Stripe Ledger App' };
    expect(only(checkManifest(m), 'app-name')).toHaveLength(1);
    expect(only(checkManifest({ ...m, distribution_type: 'private' }), 'app-name')).toHaveLength(0);
    expect(only(checkManifest({ ...m, name: 'Happy Ledger' }), 'app-name')).toHaveLength(0);
  });
});

describe('secret-key', () => {
  const live = 'sk_live_' + '51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ9f3a';
  const restricted = 'rk_test_' + '51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH1234';

  it('finds keys anywhere, constants included, and never shows them whole', () => {
    const m = { ...validManifest(), constants: { API_KEY: live, nested: [{ key: `Bearer ${restricted}` }] } };
    const text = pretty(m);
    const findings = only(checkText(text), 'secret-key');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '/constants/API_KEY', ...positionOf(text, `"${live}"`) }),
      expect.objectContaining({ pointer: '/constants/nested/0/key' }),
    ]);
    expect(findings[0]!.message).toContain('sk_live_…9f3a');
    for (const f of findings) {
      expect(f.message).not.toContain(live);
      expect(f.message).not.toContain(restricted);
    }
  });

  it('finds webhook and app signing secrets', () => {
    const m = { ...validManifest(), constants: { a: 'whsec_' + 'a'.repeat(32), b: 'absec_' + 'b'.repeat(32) } };
    expect(only(checkManifest(m), 'secret-key').map((f) => f.message)).toEqual([
      expect.stringContaining('webhook signing secret (whsec_…aaaa)'),
      expect.stringContaining('app signing secret (absec_…bbbb)'),
    ]);
  });

  it('masks a key used as a field name in every message', () => {
    const m = { ...validManifest(), [live]: true };
    const findings = checkManifest(m);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['secret-key', 'unknown-field']);
    for (const f of findings) expect(f.message).not.toContain(live);
  });
});

describe('csp-url', () => {
  const withUrls = (connect: string[], image: string[] = []) => {
    const m = validManifest();
    m.ui_extension.content_security_policy = {
      'connect-src': connect,
      'image-src': image,
      purpose: 'Talk to the Ledger Sync API.',
    };
    return only(checkManifest(m), 'csp-url');
  };

  it('accepts https URLs with a path and a left-most wildcard', () => {
    expect(
      withUrls(['https://api.example.com/v1/', 'https://*.example.com/api/'], ['https://images.example.com/']),
    ).toEqual([]);
  });

  it.each([
    ['http://api.example.com/v1/', /not https/],
    ['https://api.example.com', /no path/],
    ['https://api.example.com/', /no path/],
    ['https://api.stripe.com/v1/', /Stripe API/],
    ['https://api.*.example.com/v1/', /left-most/],
    ['https://*example.com/v1/', /left-most/],
    ['https://example.com/products/*', /left-most/],
    ['example.com/api', /not a URL/],
  ])('rejects %s', (url, message) => {
    const findings = withUrls([url]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        pointer: '/ui_extension/content_security_policy/connect-src/0',
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('warns about localhost and tunnels in a base manifest', () => {
    const findings = withUrls(['https://abcd.ngrok-free.app/api/', 'https://localhost:3000/api/']);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });

  it('warns when URLs have no purpose', () => {
    const m = validManifest();
    m.ui_extension.content_security_policy = { 'connect-src': ['https://api.example.com/v1/'] };
    expect(only(checkManifest(m), 'csp-url')).toEqual([
      expect.objectContaining({ severity: 'warning', pointer: '/ui_extension/content_security_policy' }),
    ]);
  });
});

describe('icon', () => {
  it('warns about an empty icon, a bad path, a missing file, not a PNG, the wrong size', () => {
    const at = (icon: string, extra: Record<string, string | Uint8Array> = {}) =>
      only(checkManifest({ ...validManifest(), icon }, extra), 'icon').map((f) => f.message);
    expect(at('')).toEqual([expect.stringContaining('No icon')]);
    // Beside the manifest, as in Stripe's own full-page example: only the "./" is missing.
    expect(at('icon.png')).toEqual(['Icon "icon.png" needs "./" in front: Stripe reads it as "./icon.png".']);
    expect(at('nothere.png')).toEqual([expect.stringContaining('not a "./…png" path')]);
    expect(at('./logo.svg')).toEqual([expect.stringContaining('not a "./…png" path')]);
    expect(at('./missing.png')).toEqual([expect.stringContaining('does not exist')]);
    expect(at('./fake.png', { '/app/fake.png': 'not a png at all, honest' })).toEqual([
      expect.stringContaining('not a PNG'),
    ]);
    const small = Buffer.from(ICON);
    small.writeUInt32BE(64, 16);
    small.writeUInt32BE(64, 20);
    expect(at('./small.png', { '/app/small.png': small })).toEqual([expect.stringContaining('64x64')]);
  });
});

describe('settings-placeholder', () => {
  it('points into the view source at each placeholder the template leaves', () => {
    const source = [
      'const AppSettings = () => (',
      '  <SettingsView>',
      '    <Box>You can use this space to welcome your users and direct them to your setup documentation.</Box>',
      '    <Button href="https://stripe.com" target="_blank">View setup instructions</Button>',
      '    <Link href="">Learn more</Link>',
      '  </SettingsView>',
      ');',
    ].join('\n');
    const findings = only(
      checkManifest(validManifest(), { '/app/src/views/AppSettings.tsx': source }),
      'settings-placeholder',
    );
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'app/src/views/AppSettings.tsx', line: 3, column: 10 }),
      expect.objectContaining({
        file: 'app/src/views/AppSettings.tsx',
        line: 4,
        column: 13,
        message: expect.stringContaining('"https://stripe.com"'),
      }),
      expect.objectContaining({ line: 5, column: 11, message: expect.stringContaining('empty link (href="")') }),
    ]);
  });
});

describe('local manifests (extends)', () => {
  const base = pretty(validManifest());

  it('checks a local manifest merged with its base, each finding at the file its value came from', () => {
    const local = pretty({
      extends: 'stripe-app.json',
      ui_extension: {
        content_security_policy: {
          'connect-src': ['http://localhost:8888/v1/', 'http://api.example.com/v1/'],
          purpose: 'Local API.',
        },
      },
      permissions: [{ permission: 'customers_read', purpose: 'x' }],
    });
    const findings = checkText(base, { '/app/stripe-app.dev.json': local });
    expect(findings.map((f) => [f.ruleId, f.file, f.pointer])).toEqual([
      ['csp-url', 'app/stripe-app.dev.json', '/ui_extension/content_security_policy/connect-src/1'],
      ['permission-unknown', 'app/stripe-app.dev.json', '/permissions/0/permission'],
    ]);
  });

  it('reports an inherited problem once, at the base', () => {
    const m = validManifest();
    m.permissions[0].permission = 'customers_read';
    const findings = checkText(pretty(m), {
      '/app/stripe-app.dev.json': pretty({ extends: 'stripe-app.json', constants: { API: 'http://localhost' } }),
    });
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([['permission-unknown', 'app/stripe-app.json']]);
  });

  it.each([
    [{ extends: 'missing.json' }, /must name stripe-app.json/],
    [{ extends: 'stripe-app.prod.json' }, /does not exist/],
    [{ extends: 42 }, /must be a file name/],
  ])('extends: %j', (local, message) => {
    const findings = only(checkText(base, { '/app/stripe-app.dev.json': pretty(local) }), 'extends');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'app/stripe-app.dev.json',
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('extends: a loop', () => {
    const findings = only(
      checkText(base, {
        '/app/stripe-app.a.json': pretty({ extends: 'stripe-app.b.json' }),
        '/app/stripe-app.b.json': pretty({ extends: 'stripe-app.a.json' }),
      }),
      'extends',
    );
    expect(findings.map((f) => [f.file, f.message])).toEqual([
      ['app/stripe-app.a.json', '"extends" loops: stripe-app.a.json → stripe-app.b.json → stripe-app.a.json.'],
      ['app/stripe-app.b.json', '"extends" loops: stripe-app.b.json → stripe-app.a.json → stripe-app.b.json.'],
    ]);
  });

  it('extends: a local manifest without extends', () => {
    const findings = checkText(base, {
      '/app/stripe-app.dev.json': pretty({ constants: { API: 'https://dev.example.com/' } }),
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'extends', file: 'app/stripe-app.dev.json', line: 1, column: 1 }),
    ]);
  });

  it('a local manifest that extends through another local manifest', () => {
    const findings = checkText(base, {
      '/app/stripe-app.dev.json': pretty({ extends: 'stripe-app.json', constants: { A: '1' } }),
      '/app/stripe-app.me.json': pretty({ extends: 'stripe-app.dev.json', stripe_api_access_type: 'oauth' }),
    });
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([['access-type', 'app/stripe-app.me.json']]);
  });
});

describe('rule severity overrides', () => {
  it('turns a rule off or changes its severity', async () => {
    const { check } = await import('../../src/core/check.js');
    const { memoryFs } = await import('../helpers/memory-fs.js');
    const fs = memoryFs({
      '/app/stripe-app.json': pretty({ ...validManifest(), icon: '', allowed_redirect_uris: ['https://x.example/cb'] }),
    });
    const result = check({ paths: ['/app'], cwd: '/', ruleSeverity: { icon: 'off', 'redirect-uris': 'error' } }, fs);
    expect(result.files[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['redirect-uris', 'error']]);
    expect(result.errorCount).toBe(1);
  });
});

describe('domain truth: what Stripe documents', () => {
  it('csp-url: a bare-string connect-src without a path ("path cannot be empty")', () => {
    const m = validManifest();
    m.ui_extension.content_security_policy = { 'connect-src': 'https://api.example.com', purpose: 'Sync.' };
    expect(only(checkManifest(m), 'csp-url')).toEqual([
      expect.objectContaining({
        pointer: '/ui_extension/content_security_policy/connect-src',
        message: expect.stringContaining('has no path'),
      }),
    ]);
  });

  it('view-context: not on a viewport viewport-unknown already reports', () => {
    const m = validManifest();
    m.ui_extension.views.push({ viewport: 'stripe.dashboard.settings.page', component: 'X' });
    const findings = checkManifest(m).filter((f) => f.pointer === '/ui_extension/views/1/viewport');
    expect(findings.map((f) => f.ruleId)).toEqual(['viewport-unknown']);
  });

  it('access-type: a misspelt key is named at the key, with a did-you-mean, not "run rak-app convert" at 1:1', () => {
    const m = validManifest();
    delete m.stripe_api_access_type;
    m.stripe_api_acess_type = 'restricted_api_key';
    const text = `${JSON.stringify(m, null, 2)}\n`;
    expect(only(checkText(text), 'access-type')).toEqual([
      expect.objectContaining({
        message:
          '"stripe_api_acess_type" is not stripe_api_access_type, so the app uses "platform" keys; did you mean "stripe_api_access_type"?',
        suggestion: 'stripe_api_access_type',
        ...positionOf(text, '"stripe_api_acess_type"'),
      }),
    ]);
  });

  it('access-type: "restricted_api_keys" gets a did-you-mean', () => {
    expect(
      only(checkManifest({ ...validManifest(), stripe_api_access_type: 'restricted_api_keys' }), 'access-type'),
    ).toEqual([
      expect.objectContaining({
        message: 'stripe_api_access_type is "restricted_api_keys"; did you mean "restricted_api_key"?',
      }),
    ]);
  });
});
