/** Comparing versions as semver does; a version that is not semver is read as the nearest that is. */
import { coerce, compare, valid } from 'semver';

const asSemver = (version: string): string =>
  valid(version) ?? coerce(version, { includePrerelease: true })?.version ?? '0.0.0';

/** -1, 0 or 1; a prerelease ranks below its release (1.5.12-beta.1 < 1.5.12). */
export function compareVersions(a: string, b: string): number {
  return compare(asSemver(a), asSemver(b));
}
