import type { TestProject } from 'vitest/node';
import { Client } from 'pg';
import { MikroORM } from '@mikro-orm/sql';
import { createOrmOptions } from '../../mikro-orm.config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server tests create their databases on, or null to use PGlite. */
    postgresAdminUrl: string | null;
    /** A database migrated to the latest migration, copied for every test file. */
    templateDatabase: string | null;
  }
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * Integration tests run on the real PostgreSQL server when it answers (CI always has one), and
 * on embedded PGlite otherwise. On the server, the migrations run once into a template database
 * that each test file copies, so files run in parallel, each in a database of its own.
 */
export default async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
  const admin = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch {
    console.warn(`PostgreSQL is not reachable at ${ADMIN_URL}: integration tests run on embedded PGlite.`);
    project.provide('postgresAdminUrl', null);
    project.provide('templateDatabase', null);
    return async () => {};
  }
  const template = `hub_test_template_${process.pid}`;
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const orm = await MikroORM.init(createOrmOptions({ driver: 'postgresql', url: withDatabase(ADMIN_URL, template), poolMax: 2 }));
  try {
    await orm.migrator.up();
  } finally {
    await orm.close(true);
  }
  project.provide('postgresAdminUrl', ADMIN_URL);
  project.provide('templateDatabase', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
