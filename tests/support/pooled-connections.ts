import type { Pool } from 'pg';
import type { TestHub } from './test-hub.js';

/**
 * The rows `sql` gives on every connection of the hub's pool, each connection's in its own list.
 * Prepared statements and their plans belong to a connection, so a test that checks them asks
 * each one; every connection is held until all have answered, so none is asked twice.
 */
export async function queryEveryPooledConnection<Row extends object>(hub: TestHub, sql: string, values: unknown[] = []): Promise<Row[][]> {
  const pool = (await hub.orm.em.getConnection().getNativeClient()) as Pool;
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  try {
    return await Promise.all(clients.map(async (client) => (await client.query<Row>(sql, values)).rows));
  } finally {
    for (const client of clients) client.release();
  }
}
