import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Options } from '@mikro-orm/sql';
import { loadConfig, type HubConfig } from '../../server/config.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { createLogger } from '../../support/logger.js';
import { initOrm } from '../../server/orm.js';
import { issueCredential } from '../../domain/auth/manage-credentials.js';
import { Role } from '../../entities/role.js';
import { demoDepartments } from '../../demo/departments.js';
import { createDepartment } from '../../domain/auth/manage-credentials.js';
import { seedIntegratedCertificates } from '../../demo/integrated-certificates.js';
import { seedLicenceTypes } from '../../demo/licence-types.js';
import { seedSharingPolicy } from '../../domain/sharing/seed-sharing-policy.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestHub extends RunningHub {
  database: TestDatabase;
  /** Bearer tokens of the demo departments: `admin`, `clerk` (SCJG), and `system[CODE]`. */
  tokens: { admin: string; clerk: string; dashboard: string; system: Record<string, string> };
  stop(): Promise<void>;
}

/**
 * A real hub on a random port over a database of this test file's own, with the demo
 * departments and one credential per role.
 */
export async function startTestHub(overrides: Partial<HubConfig> = {}, ormOverrides: Partial<Options> = {}): Promise<TestHub> {
  const database = await createTestDatabase();
  // Each hub gets an access-log key and a checkpoint file of its own, never the ones in ./data.
  const accessLogDir = await mkdtemp(path.join(tmpdir(), 'hub-access-log-'));
  const config: HubConfig = {
    // No outbox workers unless a test asks for them (`delivery`): their SQL would mix into statement counts.
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DELIVERY_WORKERS: '0',
      ACCESS_LOG_KEY: randomBytes(32).toString('base64'),
      ACCESS_LOG_CHECKPOINT_FILE: path.join(accessLogDir, 'checkpoints.jsonl'),
      // Checkpoints when a test asks (or every 1 000 entries), never on a clock in the middle of a test.
      ACCESS_LOG_CHECKPOINT_SECONDS: '86400',
    }),
    host: '127.0.0.1',
    port: 0,
    database: database.config,
    ...overrides,
  };
  const orm = await initOrm(config.database, ormOverrides);
  const em = orm.em.fork();
  for (const department of demoDepartments) await createDepartment(em, department);
  await seedIntegratedCertificates(em);
  await seedLicenceTypes(em);
  await seedSharingPolicy(em);
  const issue = async (code: string, roles: Role[], label: string, clerkName?: string) =>
    (await issueCredential(em, { departmentCode: code, roles, label, clerkName })).token;
  const tokens = {
    admin: await issue('ZWFW', [Role.ADMIN], 'test admin'),
    dashboard: await issue('ZWFW', [Role.DASHBOARD], 'test screen'),
    clerk: await issue('SCJG', [Role.CLERK], 'test window', '测试员'),
    system: {} as Record<string, string>,
  };
  for (const department of demoDepartments) {
    tokens.system[department.code] = await issue(department.code, [Role.SYSTEM], `${department.code} test system`);
  }
  const hub = await startHub(config, createLogger(config.logLevel), { orm });
  return {
    ...hub,
    database,
    tokens,
    async stop() {
      await hub.close();
      await database.drop();
      await rm(accessLogDir, { recursive: true, force: true });
    },
  };
}

/** ORM options that hand every SQL statement the hub sends (as MikroORM logs it) to `record`. */
export function recordingQueries(record: (statement: string) => void): Partial<Options> {
  return { debug: ['query'], colors: false, logger: (message) => message.startsWith('[query]') && record(message) };
}
