/**
 * What rak-app asks of V8, for the command that parses a project's code: one setting, and full
 * collections where the scan has just let go of much (collectGarbageAbove, below).
 *
 * V8 pretenures the objects of an allocation site once most of them survive a young-generation
 * collection: they are made in the old generation from then on, and freed only by a full
 * collection. A tree Babel is building (and that the scan then walks) is alive at every collection
 * made meanwhile, so its node sites look long-lived, and whether V8 decides so depends on the order
 * of allocations: on 100,000 lines in files of 500 lines, the same scan took 4.4 s and peaked at
 * 211 MB, or 3.3 s and 120 MB with pretenuring off (docs/performance.md). With it off, each file's
 * tree dies young, as it does in a parse alone.
 *
 * The flag is read by each collection as it gathers feedback (V8's pretenuring handler returns early
 * when it is off), not once when the heap is made: set before the first file is read, no site has
 * been decided yet. It changes where objects are made, never what they hold. Node's warning about
 * changing flags at run time is for flags that change the heap's layout or the code made; a V8
 * without the flag prints its own one-line warning and goes on as before.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Turns V8's allocation-site pretenuring off for this process (setting it again changes nothing). */
export function letParsedTreesDieYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * A full collection, now, if the heap holds more than `bytes`; whether it was made. V8 collects its
 * old generation only once it has grown enough since the last time, so what is made just after a
 * large part of the heap became garbage goes into new pages beside it. Once the scan returns, its
 * summaries are garbage (the comparison and the report took the peak on 100,000 lines from 131 to
 * 145 MB); after a round of hand-offs, its memo of values is (on a monorepo, 30 MB). Collected first,
 * what follows is made in the room they leave. The collection costs 13–22 ms however small the heap
 * (most of it is V8's own code and builtins), which a small project pays for nothing, hence the
 * threshold. `gc` is given only to contexts made once the flag is set, hence the new context.
 */
export function collectGarbageAbove(bytes: number): boolean {
  if (getHeapStatistics().used_heap_size <= bytes) return false;
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
