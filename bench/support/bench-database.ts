import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/sql';
import { initOrm } from '../../server/orm.js';

/** The PostgreSQL server every scenario and every peer runs on: the same server, the same run. */
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  orm: MikroORM;
  drop(): Promise<void>;
}

/**
 * A fresh database of the scenario's own (dropped first if a crashed run left it behind), brought
 * to the hub's schema by the hub's own migrations, so the peer reads exactly the tables the hub does.
 */
export async function createBenchDatabase(name: string): Promise<BenchDatabase> {
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  const url = withDatabase(ADMIN_URL, name);
  const orm = await initOrm({ driver: 'postgresql', url, poolMax: 4 });
  return {
    name,
    url,
    orm,
    async drop() {
      await orm.close(true);
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The server's version string, for the report. */
export async function postgresVersion(): Promise<string> {
  const [row] = await adminQuery<{ server_version: string }>('show server_version');
  return row!.server_version;
}
