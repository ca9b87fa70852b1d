import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/redis-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: run files two at a time so timing-sensitive tests keep their margins.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
