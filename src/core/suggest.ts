/** Did-you-mean: the known value closest to what the user wrote, when it is close enough. */
type Distance = (a: string, b: string) => number;
let distance: Distance | undefined;

// Required on first use: a clean run never suggests anything, so it never loads the library (nor
// node:module, which a static import of createRequire would load on every run).
const levenshtein = (): Distance =>
  (distance ??= (process.getBuiltinModule('node:module').createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein')).distance);

export function suggest(
  value: string,
  candidates: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  if (Object.hasOwn(aliases, value)) return aliases[value];
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const measure = levenshtein();
  for (const candidate of candidates) {
    const d = measure(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Close means a few edits and under 40% of the word, as commander and Terraform judge it.
  const limit = Math.min(3, Math.max(1, Math.floor(value.length * 0.4)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
