/**
 * The Node.js versions rak-app runs on, as package.json's `engines` says them: one source for the
 * command line's own check, doctor and the README.
 */
import packageJson from '../package.json' with { type: 'json' };

export const NODE_RANGE: string = packageJson.engines.node;

/**
 * Whether `version` is older than the range's lowest version (a `>=major.minor.patch` range): a check
 * light enough for every start, before anything that needs a newer Node.js runs.
 */
export function olderThanRange(version: string, range = NODE_RANGE): boolean {
  const parts = (text: string): number[] => (/(\d+)\.(\d+)\.(\d+)/.exec(text) ?? []).slice(1).map(Number);
  const [have, want] = [parts(version), parts(range)];
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== (want[i] ?? 0)) return (have[i] ?? 0) < (want[i] ?? 0);
  return false;
}
