// Each account that installs the app pastes its own restricted key; calls for that account use it.
import Stripe from 'stripe';
import type { Account } from './accounts';

export function stripeFor(account: Account): Stripe {
  return new Stripe(account.restrictedKey);
}
