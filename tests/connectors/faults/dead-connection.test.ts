import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../../server/orm.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * A connection that dies inside a transaction must go back to the pool: otherwise each database
 * loss mid-delivery takes one connection for good, and the hub ends up waiting for ever (for a
 * connection, or to close its pool at shutdown).
 */
describe('fault: a connection killed inside a transaction', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('is released, so the pool keeps serving and closes', async () => {
    if (!database.url) return; // PGlite has no connections to lose
    const orm = await initOrm({ ...database.config, driver: 'postgresql', url: database.url, poolMax: 2 });
    const name = new URL(database.url).pathname.slice(1);
    const admin = new Client({ connectionString: database.url.replace(`/${name}`, '/postgres') });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round += 1) {
        const lost = orm.em.fork().transactional(async (tx) => {
          await tx.execute('select 1');
          await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
          await new Promise((resolve) => setTimeout(resolve, 100));
          await tx.execute('select 2');
        });
        await expect(lost).rejects.toThrow();
      }
      // Three losses on a pool of two: it still answers, and it closes.
      expect(await orm.em.fork().execute('select 42 as answer')).toEqual([{ answer: 42 }]);
      const closed = await Promise.race([
        orm.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting for a connection'), 10_000)),
      ]);
      expect(closed).toBe('closed');
    } finally {
      await admin.end();
    }
  });
});
