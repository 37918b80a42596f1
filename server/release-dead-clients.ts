import type { Pool, PoolClient } from 'pg';

/**
 * Gives a pooled client back the moment its connection dies while it is checked out.
 *
 * When PostgreSQL goes away inside a transaction (restart, failover, a terminated backend),
 * MikroORM 7.2.1's transaction rolls back on the dead connection; the rollback fails and Kysely
 * never releases the client. The pool then counts it as in use for ever: each such loss shrinks
 * the pool by one until requests and delivery workers wait for a connection that never comes,
 * and closing the ORM at shutdown hangs. Found by the delivery fault suite (database lost
 * mid-delivery); remove once the ORM releases a client whose rollback failed.
 */
export function releaseDeadClients(pool: Pool): void {
  const checkedOut = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      if (!checkedOut.has(client)) return; // idle: the pool discards it itself
      checkedOut.delete(client);
      const release = client.release;
      // Its holder may still call release when its own query fails: by then there is nothing left to do.
      client.release = () => {};
      release.call(client, error);
    });
  });
}
