import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/sql';
import { createOrmOptions, type DatabaseConfig } from '../mikro-orm.config.js';

/**
 * Opens the database and brings its schema up to date with the migrations. Used by the server,
 * the CLI scripts and the tests alike, so all of them run on exactly the same schema.
 */
export async function initOrm(database: DatabaseConfig, overrides: Partial<Options> = {}): Promise<MikroORM> {
  if (database.driver === 'pglite') {
    // PGlite creates its data directory but not the directory's parent.
    await mkdir(path.dirname(database.dataDir), { recursive: true });
  }
  const migrating = withoutStatementLimits(database);
  const orm = await MikroORM.init(createOrmOptions(migrating, overrides));
  try {
    await orm.migrator.up();
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  if (migrating === database) return orm;
  await orm.close();
  return MikroORM.init(createOrmOptions(database, overrides));
}

/**
 * A migration may rewrite a large table for longer than any request may take: migrations run on
 * connections without the statement and answer limits (the connect limit stays).
 */
export function withoutStatementLimits(database: DatabaseConfig): DatabaseConfig {
  if (database.driver !== 'postgresql' || !database.timeouts) return database;
  if (!database.timeouts.statementMs && !database.timeouts.queryMs) return database;
  return { ...database, timeouts: { ...database.timeouts, statementMs: 0, queryMs: 0 } };
}

/** Migrations that exist in code but are not yet applied; empty when the database is ready. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((migration) => migration.name);
}
