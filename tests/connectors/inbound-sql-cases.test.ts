import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { addCatalog, APPLICANT_USCC, foodLicence } from '../cases/case-fixtures.js';
import { CREATE_CONNECTOR, createConnector, eventually, uniqueName } from './connector-fixtures.js';

/**
 * A county department whose case system is a MariaDB database and nothing else: the hub reads its
 * case table by the updated-at cursor and keeps its cases, whose times are local (no zone).
 */
describe("SQL pull of a department's case table (MariaDB)", () => {
  let hub: TestHub;
  let admin: mysql.Connection;
  const databaseName = `hub_cases_${randomBytes(5).toString('hex')}`;
  const table = `${databaseName}.shenpi_case`;
  const config = (overrides: Record<string, unknown> = {}) => ({
    dialect: 'mysql',
    host: '127.0.0.1',
    port: 3306,
    database: databaseName,
    user: 'root',
    table: 'shenpi_case',
    recordType: 'case',
    idColumn: 'id',
    cursorColumn: 'updated_at',
    keyColumn: 'case_no',
    columns: {
      matterCode: 'matter_code',
      applicantCode: 'applicant_code',
      applicantName: 'applicant_name',
      channel: 'channel',
      acceptedAt: 'accepted_at',
      status: 'status',
      statusAt: 'status_at',
      reason: 'reason',
    },
    intervalMs: 50,
    ...overrides,
  });

  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 1, pollMs: 25, leaseMs: 5_000, batchSize: 10 } });
    await addCatalog(hub);
    admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await admin.query(`create database ${databaseName}`);
    await admin.query(
      `create table ${table} (
         id int auto_increment primary key, case_no varchar(64) not null, matter_code varchar(64) not null,
         applicant_code varchar(18) not null, applicant_name varchar(200) not null, channel varchar(20) not null,
         accepted_at datetime not null, status varchar(20) not null, status_at datetime null, reason varchar(500) null,
         updated_at datetime(3) not null)`,
    );
  });
  afterAll(async () => {
    await admin?.query(`drop database if exists ${databaseName}`);
    await admin?.end();
    await hub?.stop();
  });

  const caseOf = async (caseNo: string) =>
    (
      await graphql<{ case: { status: string; acceptedAt: string; acceptedOn: string; completedOn: string | null } | null }>(
        hub.url,
        'query($caseNo: String!) { case(caseNo: $caseNo) { status acceptedAt acceptedOn completedOn } }',
        { token: hub.tokens.admin, variables: { caseNo } },
      )
    ).body.data!.case;

  it('accepts the cases of the table with their local times as China Standard Time, and follows their changes', async () => {
    await admin.query(
      `insert into ${table} (case_no, matter_code, applicant_code, applicant_name, channel, accepted_at, status, updated_at)
       values ('SCJG-DB-0001', ?, ?, '福建测试食品有限公司', 'WINDOW', '2026-11-16 08:30:00', 'ACCEPTED', '2026-11-16 08:30:00.000')`,
      [foodLicence.code, APPLICANT_USCC],
    );
    await createConnector(hub, {
      name: uniqueName('scjg-case-table'),
      kind: 'SQL_PULL',
      departmentCode: 'SCJG',
      eventTypes: ['case'],
      config: config(),
      secrets: { password: '' },
    });

    // 08:30 in the county is 00:30 UTC, on the 16th in China.
    const accepted = await eventually(
      () => caseOf('SCJG-DB-0001'),
      (found) => found !== null,
    );
    expect(accepted).toEqual({ status: 'ACCEPTED', acceptedAt: '2026-11-16T00:30:00.000Z', acceptedOn: '2026-11-16', completedOn: null });

    await admin.query(
      `update ${table} set status = 'COMPLETED', status_at = '2026-11-18 17:45:00', updated_at = '2026-11-18 17:45:00.000' where case_no = 'SCJG-DB-0001'`,
    );
    const completed = await eventually(
      () => caseOf('SCJG-DB-0001'),
      (found) => found?.status === 'COMPLETED',
    );
    expect(completed!.completedOn).toBe('2026-11-18');
  });

  it('refuses a connector whose time zone is not a UTC offset, writing nothing', async () => {
    const before = Number((await hub.orm.em.fork().execute('select count(*) as n from connector'))[0].n);
    const refused = await graphql(hub.url, CREATE_CONNECTOR, {
      token: hub.tokens.admin,
      variables: {
        input: {
          name: uniqueName('bad-zone'),
          kind: 'SQL_PULL',
          departmentCode: 'SCJG',
          eventTypes: ['case'],
          config: config({ timeZone: 'Asia/Shanghai' }),
          secrets: { password: '' },
        },
      },
    });
    expect(refused.body.errors?.[0]).toMatchObject({
      message: 'input.config.timeZone: must be a UTC offset such as +08:00',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.config.timeZone' },
    });
    expect(Number((await hub.orm.em.fork().execute('select count(*) as n from connector'))[0].n)).toBe(before);
  });
});
