import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration and infra tests start local servers or synthesize a stack with esbuild bundling.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
