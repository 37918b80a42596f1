import type { MikroORM } from '@mikro-orm/sql';
import { Gauge } from 'prom-client';
import type { Metrics } from './metrics.js';

interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * `hub_db_pool_connections{state}`, read from the `pg` pool at scrape time. PGlite has no pool:
 * it is one in-process connection, reported as such.
 */
export async function trackDatabasePool(orm: MikroORM, metrics: Metrics): Promise<void> {
  const connection = orm.em.getConnection() as unknown as { getNativeClient?: () => Promise<unknown> };
  const native = typeof connection.getNativeClient === 'function' ? await connection.getNativeClient() : undefined;
  const pool = native && typeof (native as PgPoolLike).totalCount === 'number' ? (native as PgPoolLike) : undefined;
  new Gauge({
    name: 'hub_db_pool_connections',
    help: 'Database connections of the pool, by state (embedded PGlite reports its one connection as active).',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    collect() {
      if (!pool) {
        this.set({ state: 'active' }, 1);
        return;
      }
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
