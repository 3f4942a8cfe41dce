/**
 * Names looked up through `export *` re-exports (barrels), kept for a round of resolving: a
 * monorepo's barrels are otherwise walked again for every name each time a value is worked out.
 */
import type { FileSummary } from './types.js';

const SEARCHING = Symbol('searching');

export class ReExports<V> {
  private known = new Map<FileSummary, Map<string, V | undefined | typeof SEARCHING>>();
  /** Whether the search under way met a barrel searched already (a cycle) or the depth limit. */
  private cut = false;

  /** A round of hand-offs taught something: what a name was found to be may change. */
  forget(): void {
    this.known = new Map();
  }

  /** A search given up by depth: what it found nothing in is not kept. */
  cutShort(): undefined {
    this.cut = true;
    return undefined;
  }

  /**
   * What `name` is through `file`'s re-exports, each looked up by `lookup` in the file it names.
   * What a search found nothing in is kept only when nothing cut it short.
   */
  find(
    file: FileSummary,
    name: string,
    files: (specifier: string) => FileSummary | undefined,
    lookup: (other: FileSummary) => V | undefined,
  ): V | undefined {
    let known = this.known.get(file);
    if (!known) this.known.set(file, (known = new Map()));
    const kept = known.get(name);
    if (kept === SEARCHING) return this.cutShort();
    if (kept !== undefined || known.has(name)) return kept;
    const outer = this.cut;
    this.cut = false;
    known.set(name, SEARCHING);
    let found: V | undefined;
    for (const specifier of file.reExports) {
      const other = files(specifier);
      found = other && lookup(other);
      if (found) break;
    }
    if (found || !this.cut) known.set(name, found);
    else known.delete(name);
    this.cut ||= outer;
    return found;
  }
}
