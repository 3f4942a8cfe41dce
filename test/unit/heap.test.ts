import { describe, expect, it } from 'vitest';
import { collectGarbageAbove } from '../../src/adapters/heap.js';

/** An object nothing holds once this returns, and a WeakRef to it. */
async function dropped(): Promise<WeakRef<object>> {
  let held: object | undefined = { summaries: new Array(1000).fill('x') };
  const ref = new WeakRef(held);
  held = undefined;
  // A WeakRef keeps its target alive until the job that made it ends.
  await new Promise((resolve) => setImmediate(resolve));
  return ref;
}

describe('collectGarbageAbove', () => {
  it('collects, at once, an object nothing holds any more, when the heap is above the threshold', async () => {
    const ref = await dropped();
    expect(collectGarbageAbove(0)).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('may be asked again: a second collection works as the first', async () => {
    expect(collectGarbageAbove(0)).toBe(true);
    const ref = await dropped();
    expect(collectGarbageAbove(0)).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('does not collect a heap at or below the threshold', () => {
    expect(collectGarbageAbove(Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
