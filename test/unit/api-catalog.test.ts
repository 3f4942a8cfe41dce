import { describe, expect, it } from 'vitest';
import {
  API_RESOURCES,
  EVENT_PERMISSIONS,
  EXPANDABLE,
  EXPANDABLE_IN,
  IMPLIES,
  METHOD_PERMISSIONS,
} from '../../src/catalog/api.js';
import { PERMISSION_NAMES } from '../../src/catalog/permissions.js';

/** Permissions that no API call, event or expansion needs, each with the reason. */
const NOT_APPLICABLE: Record<string, string> = {
  elements_write: 'used by Stripe.js Elements in the browser, not by a backend holding the key',
  confirmation_token_client_write: 'created client-side by Stripe.js',
  user_email_read: 'Dashboard users, not an API resource',
  stripecli_session_write: "the Stripe CLI's own sessions",
  capital_for_platforms_financing_offer_read: "Capital for platforms, not in the stripe package's public resources",
  report_runs_and_report_types_write: 'report runs are created with report_runs_and_report_types_read',
  mandate_write: 'mandates are made by payment and setup intents; the API writes none directly',
  usage_record_read: 'legacy usage records, reached through subscriptionItems',
  usage_record_write: 'legacy usage records, reached through subscriptionItems',
};

describe('the API-to-permission table', () => {
  it('names only permissions the catalog knows', () => {
    const used = [
      ...Object.values(API_RESOURCES)
        .flatMap((r) => [r.read, r.write])
        .filter((p): p is string => p !== null),
      ...EVENT_PERMISSIONS.flatMap(([, anyOf]) => anyOf),
      ...Object.values(EXPANDABLE),
      ...Object.values(EXPANDABLE_IN).flatMap((fields) => Object.values(fields)),
      ...Object.values(METHOD_PERMISSIONS),
      ...Object.keys(IMPLIES),
      ...Object.values(IMPLIES).flat(),
    ];
    for (const p of used) expect(PERMISSION_NAMES, p).toContain(p);
  });

  it('reaches every permission in the catalog from an API resource or an event, or says why not', () => {
    const reachable = new Set([
      ...Object.values(API_RESOURCES).flatMap((r) => [r.read, r.write]),
      ...EVENT_PERMISSIONS.flatMap(([, anyOf]) => anyOf),
      ...Object.values(EXPANDABLE),
      ...Object.values(METHOD_PERMISSIONS),
    ]);
    const unreachable = PERMISSION_NAMES.filter((p) => !reachable.has(p));
    expect(unreachable.sort()).toEqual(Object.keys(NOT_APPLICABLE).sort());
  });
});
