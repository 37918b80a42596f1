import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';
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
      await graphql<{ trade: Record<string, unknown> | null }>(
        hub.url,
        'query($code: String!) { trade(code: $code) { code name status budget dealAmount dealOn winnerUscc winnerName savings } }',
        { token: hub.tokens.admin, variables: { code } },
      )
    ).body.data!.trade;
  const connectorState = async (id: string) =>
    (
      await hub.orm.em.fork().execute('select cursor, last_error, last_success_at, last_failure_at from connector where id = ?', [id])
    )[0] as {
      cursor: string | null;
      last_error: string | null;
      last_failure_at: Date | null;
      last_success_at: Date | null;
    };

  it("polls the trading centre's deals feed with its cursor, applies each deal once, and picks up new ones", async () => {
    feed.deals.push(deal('GGZY-2026-001', '1985000.00'), deal('GGZY-2026-002', '560000.50'), deal('GGZY-2026-003', '88000.00'));
    const connector = await createConnector(hub, feedConnectorInput(uniqueName('ggzy-deals'), feed));
    await eventually(
      () => connectorState(connector.id),
      (state) => state.cursor === '3',
    );
    // Each deal is a trade of the hub now, recorded and awarded through the trading centre's own steps.
    expect(await trade('GGZY-2026-001')).toEqual({
      code: 'GGZY-2026-001',
      name: 'GGZY-2026-001 昭化区道路改造工程',
      status: 'AWARDED',
      budget: '2196892.00',
      dealAmount: '1985000.00',
      dealOn: '2026-11-20',
      winnerUscc: WINNER,
      winnerName: '四川昭化路桥有限公司',
      savings: '211892.00',
    });
    expect((await trade('GGZY-2026-002'))!.dealAmount).toBe('560000.50');
    expect(await trade('GGZY-2026-003')).not.toBeNull();

    // A changed deal for an awarded (final) trade is refused, not merged; a malformed one is refused too; both are kept.
    feed.deals.push({ ...deal('GGZY-2026-001', '1980000.00'), id: 'deal-GGZY-2026-001-v2' }, deal('GGZY-2026-004', '12.345'));
    await eventually(
      () => connectorState(connector.id),
      (state) => state.cursor === '5',
    );
    expect((await trade('GGZY-2026-001'))!.dealAmount).toBe('1985000.00');
    expect(await trade('GGZY-2026-004')).toBeNull();
    const rejected = await graphql<{ inboundRecords: { nodes: Array<{ sourceEventId: string; reason: string }> } }>(
      hub.url,
      'query($filter: InboundRecordFilterInput) { inboundRecords(filter: $filter) { nodes { sourceEventId reason } } }',
      { token: hub.tokens.admin, variables: { filter: { connectorId: connector.id, status: 'REJECTED' } } },
    );
    expect(rejected.body.data!.inboundRecords.nodes).toEqual([
      { sourceEventId: 'deal-GGZY-2026-004-v1', reason: expect.stringMatching(/^fields\.dealAmount: .*decimal places/) },
      {
        sourceEventId: 'deal-GGZY-2026-001-v2',
        reason: expect.stringMatching(
          /^fields: trade GGZY-2026-001 is recorded with dealAmount "1985000.00"; it is AWARDED, which is final/,
        ),
      },
    ]);
    const applied = Number(
      (
        await hub.orm.em
          .fork()
          .execute(`select count(*) as n from connector_inbound_record where connector_id = ? and status = 'APPLIED'`, [connector.id])
      )[0].n,
    );
    expect(applied).toBe(3);

    // The feed goes down: the failure is visible on the connector, and polling resumes after.
    feed.failing = true;
    const failed = await eventually(
      () => connectorState(connector.id),
      (state) => state.last_error !== null,
    );
    expect(failed.last_error).toBe('the feed answered HTTP 503');
    feed.failing = false;
    feed.deals.push(deal('GGZY-2026-005', '300.00'));
    await eventually(
      () => connectorState(connector.id),
      (state) => state.cursor === '6',
    );
    expect((await trade('GGZY-2026-005'))!.dealAmount).toBe('300.00');
    await hub.orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
  });

  it('reads new and changed rows of a department table (MariaDB) by its updated-at cursor', async () => {
    const table = `${databaseName}.tax_register`;
    const { uscc } = await registerOk(hub);
    await admin.query(
      `insert into ${table} (uscc, taxpayer_type, tax_status, updated_at) values (?, 'SMALL_SCALE', 'NORMAL', '2026-11-20 09:00:00.000')`,
      [uscc],
    );
    const connector = await createConnector(hub, {
      name: uniqueName('sw-tax-table'),
      kind: 'SQL_PULL',
      departmentCode: 'SW',
      eventTypes: ['enterprise'],
      config: {
        dialect: 'mysql',
        host: '127.0.0.1',
        port: 3306,
        database: databaseName,
        user: 'root',
        table: 'tax_register',
        recordType: 'enterprise',
        idColumn: 'id',
        cursorColumn: 'updated_at',
        keyColumn: 'uscc',
        columns: { taxpayerType: 'taxpayer_type', taxStatus: 'tax_status' },
        intervalMs: 50,
      },
      secrets: { password: '' },
    });
    const enterprise = async () =>
      (
        await graphql<{ sourcedRecord: { fields: Record<string, unknown> } | null }>(
          hub.url,
          'query($key: String!) { sourcedRecord(recordType: "enterprise", key: $key) { fields } }',
          { token: hub.tokens.admin, variables: { key: uscc } },
        )
      ).body.data!.sourcedRecord;
    await eventually(enterprise, (record) => record?.fields.taxpayerType === 'SMALL_SCALE');

    await admin.query(`update ${table} set taxpayer_type = 'GENERAL', updated_at = '2026-11-21 10:00:00.000' where uscc = ?`, [uscc]);
    await eventually(enterprise, (record) => record?.fields.taxpayerType === 'GENERAL');
    const state = await connectorState(connector.id);
    expect(JSON.parse(state.cursor!)).toEqual({ value: '2026-11-21 10:00:00.000', id: 1 });
    const records = await hub.orm.em
      .fork()
      .execute('select source_event_id, status from connector_inbound_record where connector_id = ? order by received_at', [connector.id]);
    expect(records).toEqual([
      { source_event_id: 'tax_register:1:2026-11-20 09:00:00.000', status: 'APPLIED' },
      { source_event_id: 'tax_register:1:2026-11-21 10:00:00.000', status: 'APPLIED' },
    ]);
  });
});
