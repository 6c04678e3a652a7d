import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration and e2e tests start servers on their own ports; files run in parallel processes.
    pool: 'forks',
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
