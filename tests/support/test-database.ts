import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../mikro-orm.config.js';
import { withDatabase } from './global-setup.js';

export interface TestDatabase {
  config: DatabaseConfig;
  /** The connection URL on the PostgreSQL server, or null on PGlite. */
  url: string | null;
  drop(): Promise<void>;
}

/** A database of this test's own: a copy of the migrated template, or an in-memory PGlite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const template = inject('templateDatabase');
  if (!adminUrl || !template) {
    return { config: { driver: 'pglite', dataDir: 'memory://' }, url: null, drop: async () => {} };
  }
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database ${name} template ${template}`));
  const url = withDatabase(adminUrl, name);
  return {
    config: { driver: 'postgresql', url, poolMax: 10 },
    url,
    drop: () => withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
