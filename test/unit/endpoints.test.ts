import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALL_EXCEPTIONS } from '../../scripts/api-catalog-exceptions.js';
import {
  CATALOG_PATH,
  deriveApiMethods,
  readLegacyReleases,
  readStripeMethods,
  renderCatalog,
} from '../../scripts/build-api-catalog.js';
import { API_RESOURCES, METHOD_PERMISSIONS } from '../../src/catalog/api.js';
import {
  API_METHODS,
  type ApiMethod,
  matchEndpoint,
  methodForCall,
  methodsOfResource,
  STRIPE_PACKAGE_VERSION,
} from '../../src/catalog/endpoints.js';
import { PERMISSION_NAMES } from '../../src/catalog/permissions.js';

const installed = readStripeMethods();
const legacy = readLegacyReleases();

describe('the API method catalog', () => {
  it('is what the installed stripe package and the resource table give (else: npm run catalog)', () => {
    const text = renderCatalog({
      version: installed.version,
      rows: deriveApiMethods(installed.methods, API_RESOURCES, legacy, installed.aliases),
      aliases: installed.aliases,
    });
    expect(STRIPE_PACKAGE_VERSION).toBe(installed.version);
    expect(readFileSync(CATALOG_PATH, 'utf8')).toBe(text);
  });

  it('maps every method the installed client has, with its verb and path', () => {
    expect(installed.methods.length).toBeGreaterThan(600);
    const unmapped = installed.methods.filter((m) => {
      const mapped = methodForCall(m.call);
      return mapped?.verb !== m.verb || mapped.path !== m.path;
    });
    expect(unmapped).toEqual([]);
  });

  it('gives a reason for every method with no permission, and names only known permissions', () => {
    for (const m of API_METHODS) {
      if (m.permission === null) expect(m.reason, m.call).toMatch(/\w{4}/);
      else {
        expect(PERMISSION_NAMES, m.call).toContain(m.permission);
        expect(m.reason, m.call).toBeUndefined();
      }
    }
  });

  it('quotes a source for every exception, and each exception is in the catalog as written', () => {
    for (const e of CALL_EXCEPTIONS) {
      expect(e.source.length, e.call).toBeGreaterThan(40);
      expect(methodForCall(e.call)?.permission, e.call).toBe(e.permission);
    }
  });

  it('agrees with the call table the scan still reads', () => {
    for (const [call, permission] of Object.entries(METHOD_PERMISSIONS))
      expect(methodForCall(call)?.permission).toBe(permission);
  });

  it('finds each method again from its own verb and template (no two calls share an endpoint)', () => {
    const lost = API_METHODS.filter((m) => !m.legacy && matchEndpoint(m.verb, m.path) !== m).map((m) => m.call);
    expect(lost).toEqual([]);
  });

  it("finds an older release's method from its endpoint, or a newer method for the same endpoint", () => {
    const major = (m: ApiMethod) => (m.legacy ? Number.parseInt(m.legacy, 10) : Number.POSITIVE_INFINITY);
    for (const m of API_METHODS.filter((m) => m.legacy)) {
      const found = matchEndpoint(m.verb, m.path)!;
      if (found !== m) {
        expect([found.path, found.permission], m.call).toEqual([m.path, m.permission]);
        expect(major(found), m.call).toBeGreaterThan(major(m));
      }
    }
    expect(matchEndpoint('DELETE', '/v1/subscriptions/sub_1')?.call).toBe('subscriptions.cancel');
    expect(matchEndpoint('GET', '/v1/invoices/upcoming/lines')?.call).toBe('invoices.listUpcomingLines');
    expect(methodForCall('subscriptions.del')).toMatchObject({ permission: 'subscription_write', legacy: '11.18.0' });
  });
});

describe('permissions that a name-based guess got wrong', () => {
  // stripe-node 23, Quotes.js: `pdf(id, params, options) { return this._makeRequest('GET',
  // `/v1/quotes/${encodeURIComponent(id)}/pdf`, …` — a GET reads the quote.
  it('quotes.pdf is a GET, so it needs quote_read', () => {
    expect(methodForCall('quotes.pdf')).toEqual({
      call: 'quotes.pdf',
      verb: 'GET',
      path: '/v1/quotes/{id}/pdf',
      permission: 'quote_read',
    });
  });

  // stripe-node 23, CreditNotes.js: `preview(params, options) { return this._makeRequest('GET',
  // '/v1/credit_notes/preview', …` — it creates nothing.
  it('creditNotes.preview is a GET, so it needs credit_note_read', () => {
    expect(methodForCall('creditNotes.preview')).toMatchObject({ verb: 'GET', permission: 'credit_note_read' });
    expect(methodForCall('creditNotes.listPreviewLineItems')).toMatchObject({
      verb: 'GET',
      permission: 'credit_note_read',
    });
  });

  // Stripe's permission reference, Billing: "usage_record_read/write". stripe 23 dropped the
  // methods; stripe 14.25.0 had `createUsageRecord: stripeMethod({method: 'POST', fullPath:
  // '/v1/subscription_items/{subscription_item}/usage_records'})` and `listUsageRecordSummaries`
  // (GET …/usage_record_summaries).
  it('usage records need usage_record_write and their summaries usage_record_read, not subscription_*', () => {
    expect(installed.methods.map((m) => m.call)).not.toContain('subscriptionItems.createUsageRecord');
    expect(methodForCall('subscriptionItems.createUsageRecord')?.permission).toBe('usage_record_write');
    expect(methodForCall('subscriptionItems.listUsageRecordSummaries')?.permission).toBe('usage_record_read');
    expect(matchEndpoint('POST', '/v1/subscription_items/si_123/usage_records')?.permission).toBe('usage_record_write');
    expect(matchEndpoint('GET', '/v1/subscription_items/si_123/usage_record_summaries?limit=3')?.permission).toBe(
      'usage_record_read',
    );
  });

  // Stripe's permission reference, Connect: "edit_link_write (login links)".
  it('a login link needs edit_link_write, and other account writes have no app permission', () => {
    expect(matchEndpoint('POST', '/v1/accounts/acct_1/login_links')?.permission).toBe('edit_link_write');
    expect(methodForCall('accounts.update')).toMatchObject({
      permission: null,
      reason: expect.stringMatching(/no write/),
    });
  });
});

describe('matchEndpoint', () => {
  const call = (m: ApiMethod | undefined) => m?.call;

  it('takes a concrete path, ignoring the query string, the host and a trailing slash', () => {
    expect(call(matchEndpoint('GET', '/v1/quotes/qt_123/pdf'))).toBe('quotes.pdf');
    expect(call(matchEndpoint('get', '/v1/customers/cus_1?expand[]=default_source'))).toBe('customers.retrieve');
    expect(call(matchEndpoint('GET', 'https://api.stripe.com/v1/customers/'))).toBe('customers.list');
  });

  it('takes a template, whatever its parameters are called', () => {
    expect(call(matchEndpoint('GET', '/v1/quotes/{quote}/pdf'))).toBe('quotes.pdf');
    expect(call(matchEndpoint('DELETE', '/v1/customers/{customer}'))).toBe('customers.del');
  });

  it('prefers literal segments to parameters', () => {
    expect(call(matchEndpoint('GET', '/v1/customers/search'))).toBe('customers.search');
    expect(call(matchEndpoint('GET', '/v1/customers/cus_search'))).toBe('customers.retrieve');
    expect(call(matchEndpoint('GET', '/v1/credit_notes/preview'))).toBe('creditNotes.preview');
    expect(call(matchEndpoint('GET', '/v1/credit_notes/cn_1'))).toBe('creditNotes.retrieve');
    // A template's parameter never matches a literal segment.
    expect(call(matchEndpoint('GET', '/v1/credit_notes/{id}'))).toBe('creditNotes.retrieve');
  });

  it('tells the verb apart, and finds nothing for an endpoint stripe-node does not have', () => {
    expect(call(matchEndpoint('POST', '/v1/customers/cus_1'))).toBe('customers.update');
    expect(matchEndpoint('PUT', '/v1/customers/cus_1')).toBeUndefined();
    expect(matchEndpoint('GET', '/v1/no_such_thing')).toBeUndefined();
    expect(matchEndpoint('GET', '/v1/customers/cus_1/extra/deep')).toBeUndefined();
  });

  it('maps v2 and test-helper endpoints, with the reason they have no permission', () => {
    expect(matchEndpoint('GET', '/v2/core/events/evt_1')).toMatchObject({
      call: 'v2.core.events.retrieve',
      permission: null,
    });
    expect(matchEndpoint('POST', '/v1/test_helpers/test_clocks/clock_1/advance')).toMatchObject({
      call: 'testHelpers.testClocks.advance',
      permission: 'billing_clock_write',
    });
  });
});

describe('methodForCall and methodsOfResource', () => {
  it('accept the call with or without stripe., with (), and the account alias', () => {
    expect(methodForCall('stripe.quotes.pdf')?.call).toBe('quotes.pdf');
    expect(methodForCall('checkout.sessions.create')?.permission).toBe('checkout_session_write');
    expect(methodForCall('stripe.customers.list()')?.permission).toBe('customer_read');
    expect(methodForCall('stripe.account.retrieve')?.call).toBe('accounts.retrieve');
    expect(methodForCall('quotes.nothing')).toBeUndefined();
  });

  it("lists a resource's methods, nested resources apart", () => {
    const names = methodsOfResource('checkout.sessions').map((m) => m.call);
    expect(names).toContain('checkout.sessions.create');
    expect(names).toContain('checkout.sessions.listLineItems');
    expect(names.every((n) => n.startsWith('checkout.sessions.'))).toBe(true);
    expect(methodsOfResource('customers').map((m) => m.call)).toContain('customers.createBalanceTransaction');
    expect(methodsOfResource('v2.core.accounts').map((m) => m.call)).not.toContain('v2.core.accounts.persons.create');
    expect(methodsOfResource('nothing')).toEqual([]);
  });
});
