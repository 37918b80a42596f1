// @ts-check
/**
 * Mutation testing of the domain's rules (`npm run test:mutation`): StrykerJS changes one thing at
 * a time in a rule module (a `<` to `<=`, a condition to `true`, a list to `[]`) and runs the unit
 * tests that reach it; a change no test notices is a rule the tests would let go wrong. The scores
 * of the last run are in MUTATION.md. CI runs it with --incremental against the committed
 * reports/mutation/stryker-incremental.json, so only mutants of changed modules or tests run again.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  mutate: [
    // Identifiers
    'domain/uscc.ts',
    'domain/resident-id.ts',
    'domain/organisation-code.ts',
    'domain/licence-identifier.ts',
    'domain/iso7064.ts',
    // Money and trading figures
    'domain/money.ts',
    'domain/trading/trading-figures.ts',
    // Calendar and working days
    'domain/working-days.ts',
    'domain/holiday-calendar.ts',
    'domain/calendar/acceptance-counting.ts',
    // State machines: cases, trades, licences
    'domain/cases/case-status.ts',
    'domain/cases/case-transitions.ts',
    'domain/trading/trade-status.ts',
    'domain/trading/trade-transitions.ts',
    'domain/licence/change-licence-status.ts',
    'domain/licence/effective-status.ts',
    // The sharing decision
    'domain/sharing/decide.ts',
    'domain/sharing/reader.ts',
    'domain/sharing/record-facts.ts',
    'domain/sharing/mask.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most.
  concurrency: 2,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['dist', 'data', 'coverage', 'tests/artifacts', 'bench/profiles', 'reports', '*.log'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
