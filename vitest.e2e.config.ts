import { defineConfig } from 'vitest/config';

// End-to-end tests through the real Stripe CLI (@stripe/cli) and the emulated apps plugin:
// `npm run test:e2e`, which .ci/run runs after `npm test`. Each starts the real binary, which starts
// the plugin over gRPC; stopping one takes the CLI about 5 s, so they run apart from the fast suite.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-tmpdir.ts'],
    // The default report, and the reason for each test skipped because something it needs is missing.
    reporters: ['default', './test/helpers/skip-reasons.ts'],
    pool: 'threads',
    maxWorkers: '100%',
    testTimeout: 60_000,
  },
});
