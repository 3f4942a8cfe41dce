import { defineConfig } from 'vitest/config';

// The bench scripts' own smoke tests (`npm run test:bench`): they run where benches run, not in `npm test`.
export default defineConfig({
  test: { include: ['bench/**/*.test.ts'], testTimeout: 120_000 },
});
