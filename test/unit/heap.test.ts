import { describe, expect, it } from 'vitest';
import { collectGarbageNow } from '../../src/adapters/heap.js';

describe('collectGarbageNow', () => {
  it('collects, at once, an object nothing holds any more', async () => {
    let held: object | undefined = { summaries: new Array(1000).fill('x') };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target alive until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    expect(held).toBeUndefined();
    collectGarbageNow();
    expect(ref.deref()).toBeUndefined();
  });

  it('may be asked again: a second collection works as the first', async () => {
    collectGarbageNow();
    let held: object | undefined = {};
    const ref = new WeakRef(held);
    held = undefined;
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbageNow();
    expect(ref.deref()).toBeUndefined();
  });
});
