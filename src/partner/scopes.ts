/**
 * The scope Stripe's 403 names ("Having the 'rak_customer_write' permission would allow this
 * request to continue.") mapped back to the app permission a manifest asks for.
 *
 * A minimal mapping for key check: `rak_<permission>` for a permission the catalog knows, and the
 * few exceptions seen in Stripe's answers (../shared/reference/stripe-apps.md §7b). The permission
 * explanation of pasted errors is meant to share one mapping with this once it exists.
 */
import { findPermission } from '../catalog/permissions.js';

/** Scopes Stripe names that are not `rak_` plus an app permission's name. */
const SCOPE_EXCEPTIONS: Readonly<Record<string, string | null>> = {
  // Invoice items belong to invoices: Stripe names their own scope, the app asks for invoice_*.
  rak_invoice_item_read: 'invoice_read',
  rak_invoice_item_write: 'invoice_write',
  rak_price_read: 'plan_read',
  rak_price_write: 'plan_write',
};

/**
 * The app permission a scope stands for, or null when no app permission grants it (field-level
 * scopes such as `rak_accounts_kyc_id_numbers_read`) or rak-app does not know the scope.
 */
export function permissionForScope(scope: string): string | null {
  if (scope in SCOPE_EXCEPTIONS) return SCOPE_EXCEPTIONS[scope] ?? null;
  const name = scope.replace(/^rak_/, '');
  return scope.startsWith('rak_') && findPermission(name) ? name : null;
}

/** The account and the scope Stripe's 403 names, when it has that shape. */
export function readPermissionError(message: string): { account?: string; scope?: string } {
  const account = /on account '(acct_[A-Za-z0-9]+)'/.exec(message)?.[1];
  const scope = /Having the '([a-z0-9_]+)' permission would allow/.exec(message)?.[1];
  return { ...(account ? { account } : {}), ...(scope ? { scope } : {}) };
}
