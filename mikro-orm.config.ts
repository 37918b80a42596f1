import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/sql';
import type { Pool } from 'pg';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { allEntities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';
import type { DatabaseTimeouts, HubConfig } from './server/config.js';
import { watchQueryDeadlines } from './support/query-deadline.js';
import { releaseDeadClients } from './server/release-dead-clients.js';

export type DatabaseConfig = HubConfig['database'];

/**
 * One set of entities and migrations, two drivers: the PostgreSQL server when `DATABASE_URL` is
 * set, embedded PGlite otherwise. The schema is only ever changed by migrations.
 */
export function createOrmOptions(database: DatabaseConfig, overrides: Partial<Options> = {}): Options {
  const common: Options = {
    entities: allEntities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // The global EntityManager must never serve a request: each request forks its own.
    allowGlobalContext: false,
    migrations: {
      migrationsList,
      path: './migrations',
      pathTs: './migrations',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    ...overrides,
  };
  if (database.driver === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: database.url,
      pool: { max: database.poolMax },
      driverOptions: { onPoolCreated: guardPool(database.timeouts), ...poolTimeouts(database.timeouts) },
      ...overrides,
    } as Options;
  }
  return {
    ...common,
    driver: PgliteDriver,
    dbName: 'hub',
    driverOptions: { dataDir: database.dataDir },
    ...overrides,
  } as Options;
}

/**
 * The `pg` pool's and client's names for the hub's database timeouts (server/config.ts). The wait
 * for an answer (`queryMs`) is not pg's `query_timeout` but the pool's sweep (guardPool).
 */
function poolTimeouts(timeouts: DatabaseTimeouts | undefined) {
  if (!timeouts) return {};
  return { connectionTimeoutMillis: timeouts.connectMs, statement_timeout: timeouts.statementMs };
}

/** What the hub adds to each `pg` pool it opens. */
function guardPool(timeouts: DatabaseTimeouts | undefined) {
  return (pool: Pool) => {
    releaseDeadClients(pool);
    if (timeouts?.queryMs) watchQueryDeadlines(pool, timeouts.queryMs);
  };
}

export default createOrmOptions(
  process.env.DATABASE_URL
    ? { driver: 'postgresql', url: process.env.DATABASE_URL, poolMax: 10 }
    : { driver: 'pglite', dataDir: process.env.PGLITE_DATA_DIR ?? './data/pglite' },
);
