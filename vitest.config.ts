import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Through the real Stripe CLI: npm run test:e2e (vitest.e2e.config.ts), which .ci/run runs too.
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-tmpdir.ts'],
    // The default report, and the reason for each test skipped because something it needs is missing.
    reporters: ['default', './test/helpers/skip-reasons.ts'],
    // A worker per core (vitest's default leaves one free): these tests spend much of their time
    // waiting on child processes (the fake stripe, a pseudo-terminal). Threads that keep the modules
    // they imported, since commands take their world from an io and hold no state between runs
    // (a fresh process and module graph per file costs about a fifth more on the 2-core machine).
    pool: 'threads',
    isolate: false,
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
