/**
 * Hints name commands the user can paste where they are: rak-app as it was run (`npx rak-app` when
 * it is not on PATH, as in a project that installed it as a dev dependency). Commands and reports
 * write `rak-app …`; this is the one function that turns each such command into the form that runs
 * here, applied to everything rak-app writes (src/cli.ts).
 */

/**
 * `rak-app` where a command is named: in backticks, quoted in JSON, after `next:`, or opening an
 * indented line (a list of commands to run). A sentence that starts with `rak-app` is prose.
 */
const NAMED = /(^[ \t]+|`|"|next: +)rak-app(?= )/gm;

/** `text` with every command it names as `rak-app …` written as `invokedAs …`. */
export function asRunHere(text: string, invokedAs: string): string {
  return invokedAs === 'rak-app' ? text : text.replace(NAMED, (_whole, before: string) => `${before}${invokedAs}`);
}

/** `stripe` in backticks, as check's findings name the Stripe CLI. */
const STRIPE_NAMED = /`stripe(?= )/g;

/** `text` with each backticked `stripe …` command naming the Stripe CLI as the user can run it. */
export function withStripeAsTyped(text: string, stripe: string): string {
  return stripe === 'stripe' ? text : text.replace(STRIPE_NAMED, `\`${stripe}`);
}
