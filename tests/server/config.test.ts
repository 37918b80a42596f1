import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../server/config.js';
import { nodeVersionProblem } from '../../server/node-version.js';

describe('configuration from the environment', () => {
  it('needs nothing: embedded PGlite in ./data on port 4000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ driver: 'pglite', dataDir: path.resolve('./data/pglite') });
    expect(config.introspection).toBe('authenticated');
  });

  it('switches to the PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://hub@db.internal:5432/hub' });
    expect(config.database).toEqual({
      driver: 'postgresql',
      url: 'postgresql://hub@db.internal:5432/hub',
      poolMax: 10,
      timeouts: { connectMs: 5_000, statementMs: 15_000, queryMs: 20_000 },
    });
  });

  it('takes the database timeouts, 0 meaning none, and refuses a negative one naming it', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://hub@db/hub',
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_QUERY_TIMEOUT_MS: '2500',
    });
    expect(config.database).toMatchObject({ timeouts: { connectMs: 1_500, statementMs: 0, queryMs: 2_500 } });
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS="-1"/);
  });

  it('names every bad variable and why, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toContain('PORT="eighty": must be a port number');
    expect(problems).toContain('DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL');
    expect(problems).toContain('DEMO_DATA="maybe"');
    expect(problems).toContain('LOG_LEVEL="loud"');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.driver).toBe('pglite');
  });
});

describe('Node version guard', () => {
  it('refuses Node below 22.17 with a message that says what to do', () => {
    expect(nodeVersionProblem('20.20.2')).toMatch(/needs Node >= 22\.17\.0 but runs on 20\.20\.2.*npm install/);
    expect(nodeVersionProblem('22.16.9')).toBeDefined();
    expect(nodeVersionProblem('22.17.0')).toBeUndefined();
    expect(nodeVersionProblem('24.21.0')).toBeUndefined();
  });
});
