// The benchmarks that run under vitest (npm run bench:dedupe, bench:link): kept out of `npm test`, which runs tests/ only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 1_800_000,
    pool: 'forks',
  },
});
