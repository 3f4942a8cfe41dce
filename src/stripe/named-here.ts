/**
 * Findings that name a Stripe CLI command (`stripe apps grant permission`) name it as the user can
 * run it: the bundled one by its path when no stripe is on their PATH. Used wherever a check's
 * findings are shown (`check`, the gate of `upload`).
 */
import type { CheckResult } from '../core/finding.js';
import { withStripeAsTyped } from '../hints.js';

/** Looked up only when a finding names a command, so a clean check never pays for it. */
export async function withStripeNamedHere(
  result: CheckResult,
  options: { env: NodeJS.ProcessEnv; cwd: string; stripe?: string | undefined },
): Promise<CheckResult> {
  const names = result.files.some((f) => f.findings.some((x) => x.message.includes('`stripe ')));
  if (!names) return result;
  const { locateStripe, stripeCommandFor } = await import('../adapters/stripe-locate.js');
  const stripe = stripeCommandFor(locateStripe({ env: options.env, cwd: options.cwd, stripeFlag: options.stripe }));
  const files = result.files.map((f) => ({
    ...f,
    findings: f.findings.map((x) => ({ ...x, message: withStripeAsTyped(x.message, stripe) })),
  }));
  return { ...result, files };
}
