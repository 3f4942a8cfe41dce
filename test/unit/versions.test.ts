import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/core/versions.js';

describe('compareVersions', () => {
  it.each([
    ['1.5.9', '1.5.12', -1],
    ['1.52.0', '1.25.0', 1],
    ['1.25.0', '1.25.0', 0],
    ['1.25', '1.25.0', 0],
    ['2.0.0-beta.1', '1.99.9', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});
