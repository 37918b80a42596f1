import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { initOrm } from '../../server/orm.js';
import { QUERY_DEADLINE_MESSAGE, watchQueryDeadlines, withoutQueryDeadline } from '../../support/query-deadline.js';
import { isDatabaseUnavailable } from '../../schema/database-trouble.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The wait for a statement's answer (DATABASE_QUERY_TIMEOUT_MS), kept by one sweep per pool
 * instead of pg's per-statement timer and callback closure. On the real PostgreSQL server;
 * the frozen server, end to end through the hub, is tests/server/database-trouble.test.ts.
 */
const DEADLINE_MS = 300;
const adminUrl = inject('postgresAdminUrl');

describe.skipIf(!adminUrl)("the deadline for a statement's answer", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: adminUrl!, max: 2 });
    watchQueryDeadlines(pool, DEADLINE_MS, 50);
  });
  afterAll(() => pool.end());

  it("fails a statement unanswered past the deadline with pg's own message, and the pool serves again", async () => {
    const started = Date.now();
    const failure = await pool.query('select pg_sleep(5)').then(
      () => null,
      (error: Error) => error,
    );
    const waited = Date.now() - started;
    expect(failure?.message).toBe(QUERY_DEADLINE_MESSAGE);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(waited).toBeLessThan(3_000);
    expect((await pool.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('restarts the clock at every answer, and a connection its holder keeps idle awaits nothing', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      // Four statements of 150 ms on one connection: 600 ms in all, each answered within the deadline.
      for (let statement = 0; statement < 4; statement++) await client.query('select pg_sleep(0.15)');
      await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS * 2));
      expect((await client.query<{ two: number }>('select 2 as two')).rows).toEqual([{ two: 2 }]);
      await client.query('commit');
    } finally {
      client.release();
    }
  });

  it('lets a holder that waived the deadline wait, until it gives the waiver back', async () => {
    const client = await pool.connect();
    try {
      const restore = withoutQueryDeadline(client);
      expect((await client.query<{ slept: string }>('select pg_sleep(0.6)::text as slept')).rows).toEqual([{ slept: '' }]);
      restore();
      await expect(client.query('select pg_sleep(5)')).rejects.toThrow(QUERY_DEADLINE_MESSAGE);
    } finally {
      client.release(true);
    }
  });

  it('keeps the queue of one connection: a statement waiting behind another is not cut for its wait', async () => {
    const client = await pool.connect();
    try {
      // pg sends them one after the other; together 400 ms, each answered within 200 ms of the one before.
      const answers = await Promise.all([
        client.query('select pg_sleep(0.2)'),
        client.query('select pg_sleep(0.2)'),
        client.query('select 3 as three'),
      ]);
      expect(answers[2].rows).toEqual([{ three: 3 }]);
    } finally {
      client.release();
    }
  });
});

describe.skipIf(!adminUrl)("the hub's database pool", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('gives MikroORM statements the deadline by the sweep, with no timer of pg per statement', async () => {
    if (database.config.driver !== 'postgresql') throw new Error('a PostgreSQL test database was expected');
    const orm = await initOrm({ ...database.config, poolMax: 2, timeouts: { connectMs: 2_000, statementMs: 0, queryMs: DEADLINE_MS } });
    try {
      await expect(orm.em.fork().execute('select pg_sleep(5)')).rejects.toThrow(QUERY_DEADLINE_MESSAGE);
      const pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool & { options: Record<string, unknown> };
      expect(pool.options.query_timeout).toBeUndefined();
      expect(await orm.em.fork().execute('select 4 as four')).toEqual([{ four: 4 }]);
    } finally {
      await orm.close(true);
    }
  });
});
