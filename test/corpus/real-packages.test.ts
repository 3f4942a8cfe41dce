import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { run, tempDir } from '../helpers/run.js';

/**
 * `permissions scan` on code nobody here wrote, installed as dev dependencies, never copied.
 *
 * @profullstack/stripe-config is a published package
 * that wraps the stripe SDK (installed as a dev dependency, never copied). Each expected finding
 * was checked by reading dist/core/stripe-client.js: a class whose constructor does
 * `this.stripe = new Stripe(project.secretKey, …)` and whose methods call this.stripe.<resource>.
 */
const PACKAGE = join(ROOT, 'node_modules', '@profullstack', 'stripe-config', 'dist');

async function scanWith(permissions: string[]) {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'stripe-app.json'),
    JSON.stringify({
      id: 'com.example.x',
      version: '1',
      name: 'X',
      permissions: permissions.map((permission) => ({ permission, purpose: 'p' })),
    }),
  );
  const started = Date.now();
  const r = await run(['permissions', 'scan', PACKAGE, '--manifest', join(dir, 'stripe-app.json'), '--format', 'json']);
  const findings = (
    JSON.parse(r.stdout).files as {
      path: string;
      findings: { ruleId: string; line: number; column: number; messageId: string; data: Record<string, unknown> }[];
    }[]
  ).flatMap((f) => f.findings.map((x) => ({ file: f.path.slice(f.path.indexOf('dist/')), ...x })));
  return { ...r, findings, ms: Date.now() - started };
}

describe('permissions scan on a published package', () => {
  it('finds the calls its Stripe wrapper makes through this.stripe', async () => {
    const r = await scanWith([]);
    expect(r.code).toBe(1);
    const at = (line: number) =>
      r.findings
        .filter((f) => f.file === 'dist/core/stripe-client.js' && f.line === line)
        .map((f) => [f.ruleId, f.messageId, f.data['what'], f.data['anyOf'] ?? f.data['why']]);
    const missing = (what: string, permission: string) => [
      ['permission-missing', 'permissionMissing', what, [permission]],
    ];
    // Options its callers pass (`createProduct(input)`): an expand in them would not be seen.
    const fromParameter = (what: string, name: string) => [
      'scan-not-understood',
      'scanNotUnderstood',
      `${what}({ expand })`,
      `its options come from ${name}, a parameter: an expand passed in them is not seen`,
    ];
    expect(at(40)).toEqual([
      ...missing('this.stripe.products.create', 'product_write'),
      fromParameter('this.stripe.products.create', 'input'),
    ]);
    expect(at(95)).toEqual(missing('this.stripe.products.list', 'product_read'));
    expect(at(108)).toEqual([
      ...missing('this.stripe.prices.create', 'plan_write'),
      fromParameter('this.stripe.prices.create', 'input'),
    ]);
    expect(at(207)).toEqual(missing('this.stripe.accountLinks.create', 'account_link_write'));
    expect(at(259)).toEqual(missing('this.stripe.webhookEndpoints.create', 'webhook_write'));
    // Creating connected accounts is no Stripe App permission: reported, not guessed.
    expect(at(189)).toEqual([
      [
        'scan-not-understood',
        'scanNotUnderstood',
        'this.stripe.accounts.create()',
        'no Stripe App permission covers this call',
      ],
    ]);
  });

  it('is satisfied by the permissions the wrapper needs, write covering read', async () => {
    const r = await scanWith([
      'product_write',
      'plan_write',
      'connected_account_read',
      'account_link_write',
      'webhook_write',
    ]);
    expect(r.findings.filter((f) => f.ruleId !== 'scan-not-understood')).toEqual([]);
    expect(r.code).toBe(0);
  });
});

/**
 * @lowdefy/connection-stripe turns a request description into a Stripe call at run time:
 * dist/connections/Stripe/StripeRequest/StripeRequest.js creates `stripe = new Stripe(…)` (line 19),
 * then looks the resource and method up by name with `get(stripe, path)` (lines 32 and 33) and calls
 * it. Which permission it needs is unknowable from the code, and rak-app must say so.
 */
describe('permissions scan on a package that dispatches by name at run time', () => {
  it('reports the client handed to get() as not understood, at both places, and guesses nothing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', version: '1', name: 'X', permissions: [] }),
    );
    const r = await run([
      'permissions',
      'scan',
      join(ROOT, 'node_modules', '@lowdefy', 'connection-stripe', 'dist'),
      '--manifest',
      join(dir, 'stripe-app.json'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const findings = (
      JSON.parse(r.stdout).files as {
        path: string;
        findings: { ruleId: string; line: number; column: number; messageId: string; data: Record<string, unknown> }[];
      }[]
    ).flatMap((f) =>
      f.findings.map((x) => [f.path.slice(f.path.indexOf('dist/')), x.line, x.column, x.ruleId, x.messageId, x.data]),
    );
    expect(findings).toEqual([
      [
        'dist/connections/Stripe/StripeRequest/StripeRequest.js',
        32,
        26,
        'scan-not-understood',
        'scanNotUnderstood',
        { what: 'stripe passed to get()', why: 'calls made through it there cannot be followed from here' },
      ],
      [
        'dist/connections/Stripe/StripeRequest/StripeRequest.js',
        33,
        24,
        'scan-not-understood',
        'scanNotUnderstood',
        { what: 'stripe passed to get()', why: 'calls made through it there cannot be followed from here' },
      ],
    ]);
  });
});

/**
 * @supabase/stripe-sync-engine 0.48.5 (a dev dependency, never copied): a published, bundled ES
 * module that keeps Stripe objects in Postgres, calling `this.stripe.<resource>.retrieve/list` on a
 * client its class makes, and handling webhook events. Read by hand (dist/index.js): its calls need
 * the 14 read permissions below and its events event_read; `invoicePayments` (a resource the
 * permission reference does not cover) and the `invoice_payment.paid` event (not in Stripe's event
 * table) cannot be attributed, and must be reported, not dropped.
 */
describe('permissions scan on @supabase/stripe-sync-engine', () => {
  it('attributes every call and event Stripe documents, and reports the rest', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stripe-app.json'),
      JSON.stringify({ id: 'com.example.x', version: '1', name: 'X', permissions: [] }),
    );
    const engine = join(ROOT, 'node_modules', '@supabase', 'stripe-sync-engine', 'dist', 'index.js');
    const r = await run([
      'permissions',
      'scan',
      engine,
      '--manifest',
      join(dir, 'stripe-app.json'),
      '--format',
      'json',
    ]);
    const findings = (
      JSON.parse(r.stdout).files as { findings: { ruleId: string; suggestion?: string; message: string }[] }[]
    ).flatMap((f) => f.findings);
    const permissions = new Set(findings.filter((f) => f.ruleId === 'permission-missing').map((f) => f.suggestion));
    expect([...permissions].sort()).toEqual([
      'charge_read',
      'checkout_session_read',
      'credit_note_read',
      'customer_read',
      'dispute_read',
      'entitlement_read',
      'event_read',
      'invoice_read',
      'payment_intent_read',
      'payment_method_read',
      'plan_read',
      'product_read',
      'review_read',
      'setup_intent_read',
      'subscription_read',
    ]);
    const unresolved = findings.filter((f) => f.ruleId === 'scan-not-understood').map((f) => f.message);
    expect(unresolved.length).toBeGreaterThan(0);
    // syncFeatures and syncEntitlements copy a part of their parameter into the options (`{ limit:
    // 100, ...syncParams?.pagination }`), which the JavaScript does not type: the scan does not read a
    // method's parameter types from the .d.ts beside it, so an expand passed there is not seen.
    const copied =
      /^Not understood: this\.stripe\.entitlements\.(features|activeEntitlements)\.list\(\{ expand \}\): its options come from syncParams, a parameter/;
    for (const message of unresolved.filter((m) => !copied.test(m)))
      expect(message).toMatch(/invoicePayments|invoice_payment\.paid/);
    expect(unresolved.filter((m) => copied.test(m)).length).toBeGreaterThan(0);
  });
});
