import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // type-graphql and our code must share one graphql module, or graphql-js refuses the schema
    // ("from another module or realm").
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
