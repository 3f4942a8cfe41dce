/** Did-you-mean: the known value closest to what the user wrote, when it is close enough. */
import { distance } from 'fastest-levenshtein';

export function suggest(
  value: string,
  candidates: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  if (Object.hasOwn(aliases, value)) return aliases[value];
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Close means a few edits and under 40% of the word, as commander and Terraform judge it.
  const limit = Math.min(3, Math.max(1, Math.floor(value.length * 0.4)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
