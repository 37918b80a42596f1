import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, uniqueName } from './connector-fixtures.js';
import { DealsFeed, deal, feedConnectorInput, WINNER } from './deals-feed.js';

describe('inbound pull: a REST feed and a department table', () => {
  let hub: TestHub;
  const feed = new DealsFeed();
  let admin: mysql.Connection;
  const databaseName = `hub_pull_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 1, pollMs: 25, leaseMs: 5_000, batchSize: 10 } });
    await feed.start();
    admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await admin.query(`create database ${databaseName}`);
    await admin.query(
      `create table ${databaseName}.tax_register (
         id int auto_increment primary key, uscc char(18) not null, taxpayer_type varchar(20) not null,
         tax_status varchar(20) null, updated_at datetime(3) not null)`,
    );
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${databaseName}`);
    await admin.end();
    await feed.stop();
    await hub.stop();
  });

  const trade = async (code: string) =>
    (
      await graphql<{ sourcedRecord: { fields: Record<string, unknown>; sources: Record<string, { department: string }> } | null }>(
        hub.url,
        'query($key: String!) { sourcedRecord(recordType: "trade", key: $key) { fields sources } }',
        { token: hub.tokens.admin, variables: { key: code } },
      )
    ).body.data!.sourcedRecord;
  const connectorState = async (id: string) =>
    (await hub.orm.em.fork().execute('select cursor, last_error, last_success_at, last_failure_at from connector where id = ?', [id]))[0] as {
      cursor: string | null;
      last_error: string | null;
      last_failure_at: Date | null;
      last_success_at: Date | null;
    };

  it("polls the trading centre's deals feed with its cursor, applies each deal once, and picks up new ones", async () => {
    feed.deals.push(deal('GGZY-2026-001', '1985000.00'), deal('GGZY-2026-002', '560000.50'), deal('GGZY-2026-003', '88000.00'));
    const connector = await createConnector(hub, feedConnectorInput(uniqueName('ggzy-deals'), feed));
    await eventually(() => connectorState(connector.id), (state) => state.cursor === '3');
    expect((await trade('GGZY-2026-001'))!.fields).toMatchObject({ dealAmountYuan: '1985000.00', controlPriceYuan: '2196892.00', winnerUscc: WINNER });
    expect((await trade('GGZY-2026-002'))!.sources.dealAmountYuan.department).toBe('GGZY');
    expect(await trade('GGZY-2026-003')).not.toBeNull();

    // A correction arrives later as a new deal version, and a malformed one is refused and kept.
    feed.deals.push({ ...deal('GGZY-2026-001', '1980000.00'), id: 'deal-GGZY-2026-001-v2' }, deal('GGZY-2026-004', '12.345'));
    await eventually(() => connectorState(connector.id), (state) => state.cursor === '5');
    expect((await trade('GGZY-2026-001'))!.fields.dealAmountYuan).toBe('1980000.00');
    expect(await trade('GGZY-2026-004')).toBeNull();
    const rejected = await graphql<{ inboundRecords: { nodes: Array<{ sourceEventId: string; reason: string }> } }>(
      hub.url,
      'query($filter: InboundRecordFilterInput) { inboundRecords(filter: $filter) { nodes { sourceEventId reason } } }',
      { token: hub.tokens.admin, variables: { filter: { connectorId: connector.id, status: 'REJECTED' } } },
    );
    expect(rejected.body.data!.inboundRecords.nodes).toEqual([{ sourceEventId: 'deal-GGZY-2026-004-v1', reason: expect.stringMatching(/^fields\.dealAmountYuan: .*decimal places/) }]);
    const applied = Number((await hub.orm.em.fork().execute(`select count(*) as n from connector_inbound_record where connector_id = ? and status = 'APPLIED'`, [connector.id]))[0].n);
    expect(applied).toBe(4);

    // The feed goes down: the failure is visible on the connector, and polling resumes after.
    feed.failing = true;
    const failed = await eventually(() => connectorState(connector.id), (state) => state.last_error !== null);
    expect(failed.last_error).toBe('the feed answered HTTP 503');
    feed.failing = false;
    feed.deals.push(deal('GGZY-2026-005', '300.00'));
    await eventually(() => connectorState(connector.id), (state) => state.cursor === '6');
    expect((await trade('GGZY-2026-005'))!.fields.dealAmountYuan).toBe('300.00');
    await hub.orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
  });

  it('reads new and changed rows of a department table (MariaDB) by its updated-at cursor', async () => {
    const table = `${databaseName}.tax_register`;
    await admin.query(`insert into ${table} (uscc, taxpayer_type, tax_status, updated_at) values (?, 'SMALL_SCALE', 'NORMAL', '2026-11-20 09:00:00.000')`, [WINNER]);
    const connector = await createConnector(hub, {
      name: uniqueName('sw-tax-table'),
      kind: 'SQL_PULL',
      departmentCode: 'SW',
      eventTypes: ['enterprise'],
      config: {
        dialect: 'mysql', host: '127.0.0.1', port: 3306, database: databaseName, user: 'root',
        table: 'tax_register', recordType: 'enterprise', idColumn: 'id', cursorColumn: 'updated_at', keyColumn: 'uscc',
        columns: { taxpayerType: 'taxpayer_type', taxStatus: 'tax_status' }, intervalMs: 50,
      },
      secrets: { password: '' },
    });
    const enterprise = async () =>
      (
        await graphql<{ sourcedRecord: { fields: Record<string, unknown> } | null }>(
          hub.url,
          'query($key: String!) { sourcedRecord(recordType: "enterprise", key: $key) { fields } }',
          { token: hub.tokens.admin, variables: { key: WINNER } },
        )
      ).body.data!.sourcedRecord;
    await eventually(enterprise, (record) => record?.fields.taxpayerType === 'SMALL_SCALE');

    await admin.query(`update ${table} set taxpayer_type = 'GENERAL', updated_at = '2026-11-21 10:00:00.000' where uscc = ?`, [WINNER]);
    await eventually(enterprise, (record) => record?.fields.taxpayerType === 'GENERAL');
    const state = await connectorState(connector.id);
    expect(JSON.parse(state.cursor!)).toEqual({ value: '2026-11-21 10:00:00.000', id: 1 });
    const records = await hub.orm.em.fork().execute('select source_event_id, status from connector_inbound_record where connector_id = ? order by received_at', [connector.id]);
    expect(records).toEqual([
      { source_event_id: 'tax_register:1:2026-11-20 09:00:00.000', status: 'APPLIED' },
      { source_event_id: 'tax_register:1:2026-11-21 10:00:00.000', status: 'APPLIED' },
    ]);
  });
});
