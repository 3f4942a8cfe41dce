/**
 * Hints name commands the user can paste where they are: rak-app as it was run (`npx rak-app` when
 * it is not on PATH, as in a project that installed it as a dev dependency). Commands and reports
 * write `rak-app …`; this is the one function that turns each such command into the form that runs
 * here, applied to everything rak-app writes (src/cli.ts).
 */

const NAME = 'rak-app';

/**
 * Whether `rak-app` at `at` names a command: followed by a space, and in backticks, quoted in JSON,
 * after `next:` or a pipe, or opening an indented line (a list of commands to run). A sentence that starts a
 * line with `rak-app` is prose.
 */
function namesCommand(text: string, at: number): boolean {
  if (text.charCodeAt(at + NAME.length) !== 0x20) return false;
  // Named as it runs already (the help is, before commander wraps it, maybe between the two words).
  let k = at - 1;
  while (k >= 0 && /\s/.test(text[k]!)) k--;
  if (k >= 2 && k < at - 1 && text.startsWith('npx', k - 2)) return false;
  const before = text[at - 1];
  if (before === '`' || before === '"') return true;
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if ((i < 0 || '\n\r\u2028\u2029'.includes(text[i]!)) && i < at - 1) return true;
  // Piped into: `pbpaste | rak-app key check`.
  if (text[i] === '|' && i < at - 1) return true;
  return i >= 4 && i < at - 1 && text.startsWith('next:', i - 4) && !text.slice(i + 1, at).includes('\t');
}

/**
 * `text` with every command it names as `rak-app …` written as `invokedAs …`. A search for the name
 * rather than a pattern: everything rak-app writes passes here, a scan report of 9.5 MB among it,
 * and a pattern that tries each of its four openings at every character took 15 ms of such a scan.
 */
export function asRunHere(text: string, invokedAs: string | (() => string)): string {
  // The first look for the name decides whether how rak-app was run needs working out at all.
  if (!text.includes(NAME)) return text;
  const invoked = typeof invokedAs === 'string' ? invokedAs : invokedAs();
  if (invoked === NAME) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(NAME); at >= 0; at = text.indexOf(NAME, at + NAME.length)) {
    if (!namesCommand(text, at)) continue;
    out += text.slice(from, at) + invoked;
    from = at + NAME.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `stripe` in backticks, as check's findings name the Stripe CLI. */
const STRIPE_NAMED = /`stripe(?= )/g;

/** `text` with each backticked `stripe …` command naming the Stripe CLI as the user can run it. */
export function withStripeAsTyped(text: string, stripe: string): string {
  return stripe === 'stripe' ? text : text.replace(STRIPE_NAMED, `\`${stripe}`);
}
