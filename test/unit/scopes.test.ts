import { describe, expect, it } from 'vitest';
import {
  missingPermissionMessage,
  parseStripeKeyError,
  permissionForScope,
  scopePermission,
} from '../../src/catalog/scopes.js';

// The texts Stripe answered restricted keys, as quoted in the issues the module names.
const MISSING =
  "The provided key 'rk_test_…qs8Kgd' does not have the required permissions for this endpoint on account 'acct_1PJBLEBBLEfV'. Having the 'rak_subscription_read' permission would allow this request to continue.";
const NOT_FOR_RESTRICTED =
  'This is a restricted API key, but the required permissions are not available for use by restricted keys.';
const STRIPE_ACCOUNT =
  'You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.';
const APP_PLATFORM =
  "This application does not have the required permissions for this endpoint on account 'acct_1'. Having the 'read_only' scope would allow this request to continue.";

describe('scopes', () => {
  it('maps rak_ + a permission to the permission, whatever the case', () => {
    expect(permissionForScope('rak_subscription_read')).toEqual({
      scope: 'rak_subscription_read',
      permission: 'subscription_read',
    });
    expect(scopePermission('RAK_plan_write')).toBe('plan_write');
    expect(scopePermission('rak_stripecli_session_write')).toBe('stripecli_session_write');
  });

  it('knows the scopes that are not a permission with a prefix', () => {
    expect(permissionForScope('rak_invoice_item_read')).toMatchObject({
      permission: 'invoice_read',
      note: expect.stringContaining('PostHog/posthog#57185'),
    });
    expect(permissionForScope('rak_accounts_kyc_id_numbers_read')).toMatchObject({
      permission: null,
      fieldLevel: true,
      note: expect.stringContaining('stripe/stripe-node#2246'),
    });
  });

  it('is undefined for what is no scope it knows', () => {
    expect(permissionForScope('customer_read')).toBeUndefined();
    expect(permissionForScope('rak_nothing_read')).toBeUndefined();
  });
});

describe('parseStripeKeyError', () => {
  it('reads the missing scope and the account, and never returns the key', () => {
    const error = parseStripeKeyError(MISSING);
    expect(error).toEqual({ kind: 'missing-permission', scope: 'rak_subscription_read', account: 'acct_1PJBLEBBLEfV' });
    expect(JSON.stringify(error)).not.toContain('rk_test');
  });

  it('reads it inside a whole response body', () => {
    const body = JSON.stringify({ error: { message: MISSING, type: 'invalid_request_error' } });
    expect(parseStripeKeyError(body)).toMatchObject({ kind: 'missing-permission', scope: 'rak_subscription_read' });
  });

  it.each([
    [NOT_FOR_RESTRICTED, { kind: 'not-for-restricted-keys' }],
    [STRIPE_ACCOUNT, { kind: 'stripe-account-header' }],
    [APP_PLATFORM, { kind: 'app-missing-permission', scope: 'read_only' }],
    ['{"error":{"code":"more_permissions_required_for_application"}}', { kind: 'app-missing-permission' }],
    ['Invalid API Key provided: rk_test_********************1234', { kind: 'invalid-key' }],
  ])('%s', (text, expected) => {
    expect(parseStripeKeyError(text)).toEqual(expected);
  });

  it('is undefined for other text', () => {
    expect(parseStripeKeyError('No such customer: cus_1')).toBeUndefined();
  });

  it('words a refusal as Stripe does, so what a proxy answers reads back the same', () => {
    const text = missingPermissionMessage('subscription_read', 'acct_1PJBLEBBLEfV', 'rk_test_…qs8Kgd');
    expect(text).toBe(MISSING);
    expect(parseStripeKeyError(text)).toMatchObject({ scope: 'rak_subscription_read' });
  });
});
