import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLocalManifestSchema, buildManifestSchema } from '../../src/catalog/manifest-schema.js';
import { PERMISSION_NAMES, PERMISSIONS } from '../../src/catalog/permissions.js';
import { VIEWPORT_NAMES } from '../../src/catalog/manifest.js';
import { validateWithSchema } from '../../src/core/schema.js';
import { ROOT } from '../helpers/fixtures.js';

const committed = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8'));

describe('schemas/', () => {
  it('are what the catalog builds (run `npm run schemas` after changing the catalog)', () => {
    expect(committed('stripe-app.schema.json')).toEqual(buildManifestSchema());
    expect(committed('stripe-app-local.schema.json')).toEqual(buildLocalManifestSchema());
  });

  it("enumerate exactly the catalog's permissions and viewports", () => {
    const schema = committed('stripe-app.schema.json');
    expect(schema.properties.permissions.items.properties.permission.enum).toEqual([...PERMISSION_NAMES]);
    expect(schema.properties.ui_extension.properties.views.items.properties.viewport.enum).toEqual([...VIEWPORT_NAMES]);
  });

  it('the precompiled validator is the committed schema, less the lists the rules check', () => {
    // The generated code embeds the schema it was compiled from.
    const generated = readFileSync(join(ROOT, 'src', 'generated', 'validate-manifest.js'), 'utf8');
    const schema = committed('stripe-app.schema.json');
    expect(generated).toContain(JSON.stringify(schema.properties.stripe_api_access_type.enum));
    expect(generated).toContain(JSON.stringify(schema.properties.permissions.items.required));
    expect(generated).not.toContain('"shipping_rate_write"');
    expect(generated).not.toContain('"stripe.dashboard.customer.detail"');
    const manifest = (permission: string) => ({
      id: 'x',
      version: '1',
      name: 'n',
      permissions: [{ permission, purpose: 'p' }],
    });
    // permission-unknown reports an unknown name; the schema still checks its shape.
    expect(validateWithSchema(manifest('shpping_rate_write'), 'manifest')).toEqual([]);
    expect(
      validateWithSchema({ ...manifest('x'), permissions: [{ permission: 7, purpose: 'p' }] }, 'manifest'),
    ).toEqual([expect.objectContaining({ keyword: 'type', pointer: '/permissions/0/permission' })]);
  });
});

describe('the permission catalog', () => {
  it('has no duplicates and only snake_case names ending in _read or _write', () => {
    expect(new Set(PERMISSION_NAMES).size).toBe(PERMISSION_NAMES.length);
    for (const name of PERMISSION_NAMES) expect(name).toMatch(/^[a-z]+(_[a-z]+)*_(read|write)$/);
  });

  it("knows the correct spellings of the official schema's typos, not the typos", () => {
    expect(PERMISSION_NAMES).toContain('shipping_rate_write');
    expect(PERMISSION_NAMES).toContain('apple_pay_domain_read');
    expect(PERMISSION_NAMES).not.toContain('shpping_rate_write');
    expect(PERMISSION_NAMES).not.toContain('apply_pay_domain_read');
  });

  it('gives a reason for every permission it cautions about', () => {
    const cautious = PERMISSIONS.filter((p) => p.status !== 'documented');
    expect(cautious.map((p) => p.name).sort()).toEqual([
      'capital_for_platforms_financing_offer_read',
      'report_runs_and_report_types_write',
      'stripecli_session_write',
      'user_email_read',
      'webhook_write',
    ]);
    for (const p of cautious) expect(p.caution).toBeTruthy();
  });
});
