import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of the domain's rule modules (`npm run
 * test:mutation`): pure unit tests, no database and no hub process, so a mutant costs
 * milliseconds. Kept apart from vitest.config.ts, whose global setup migrates a PostgreSQL
 * template database that none of these tests reads.
 */
export default defineConfig({
  resolve: {
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: [
      'tests/domain/*.test.ts',
      'tests/sharing/filter-payload.test.ts',
      'tests/sharing/sharing-decision.test.ts',
      'tests/cases/case-transitions.test.ts',
      'tests/trading/trade-transitions.test.ts',
      'tests/licences/licence-status-changes.test.ts',
    ],
    setupFiles: ['tests/support/setup-file.ts'],
    pool: 'forks',
  },
});
