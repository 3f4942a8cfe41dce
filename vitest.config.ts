import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // vitest's default leaves a core free; these tests spend much of their time waiting on child
    // processes (the fake stripe, a pseudo-terminal), so a worker per core keeps both busy: on the
    // 2-core machine 22 s instead of 38 s.
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
