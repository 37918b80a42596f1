import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, disableAllConnectors, eventually, listDeliveries, recordEvents, uniqueName } from './connector-fixtures.js';

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

describe('outbound to a department database (MariaDB) and to NATS JetStream', () => {
  let hub: TestHub;
  let admin: mysql.Connection;
  const databaseName = `hub_dept_${randomBytes(5).toString('hex')}`;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 2, pollMs: 25, leaseMs: 5_000, batchSize: 20 } });
    admin = await mysql.createConnection(MARIADB);
    await admin.query(`create database ${databaseName}`);
    await admin.query(
      `create table ${databaseName}.taxpayer (
         uscc char(18) primary key, name varchar(100) not null, hub_event_id char(36) not null,
         event_type varchar(64) not null, capital decimal(20, 6) null, received_at varchar(40) null)`,
    );
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    jsm = await jetstreamManager(nc);
  });
  afterEach(async () => {
    await disableAllConnectors(hub);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${databaseName}`);
    await admin.end();
    for (const stream of streams) await jsm.streams.delete(stream).catch(() => {});
    await nc.drain();
    await hub.stop();
  });

  const sqlInput = (overrides: Record<string, unknown> = {}) => ({
    name: uniqueName('sw-db'),
    kind: 'SQL_TABLE',
    departmentCode: 'SW',
    eventTypes: ['enterprise.*'],
    config: {
      dialect: 'mysql',
      host: MARIADB.host,
      port: MARIADB.port,
      database: databaseName,
      user: MARIADB.user,
      table: 'taxpayer',
      columns: {
        uscc: '$aggregateKey',
        name: 'data.name',
        hub_event_id: '$id',
        event_type: '$type',
        capital: 'data.capital',
        received_at: '$occurredAt',
      },
      keyColumns: ['uscc'],
      backoffBaseMs: 50,
      backoffMaxMs: 200,
    },
    secrets: { password: MARIADB.password },
    ...overrides,
  });

  it('upserts each event as a row through the column mapping; a later change updates the same row', async () => {
    const connector = await createConnector(hub, sqlInput());
    const [registered, changed] = await recordEvents(hub.orm, 'SW', [
      { type: 'enterprise.registered', key: '91510811MA0000SQL1', payload: { name: '昭化区甲商贸有限公司', capital: '50.500000' } },
      { type: 'enterprise.changed', key: '91510811MA0000SQL1', payload: { name: '昭化区甲商贸集团有限公司', capital: '120.000000' } },
    ]);
    await recordEvents(hub.orm, 'SW', [
      { type: 'enterprise.registered', key: '91510811MA0000SQL2', payload: { name: '昭化区乙建筑有限公司', capital: null } },
    ]);
    const deliveries = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 3 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    expect(deliveries.map((delivery) => delivery.eventId)).toEqual(expect.arrayContaining([registered, changed]));
    const [rows] = await admin.query(`select uscc, name, hub_event_id, event_type, capital from ${databaseName}.taxpayer order by uscc`);
    expect(rows).toEqual([
      {
        uscc: '91510811MA0000SQL1',
        name: '昭化区甲商贸集团有限公司',
        hub_event_id: changed,
        event_type: 'enterprise.changed',
        capital: '120.000000',
      },
      {
        uscc: '91510811MA0000SQL2',
        name: '昭化区乙建筑有限公司',
        hub_event_id: expect.any(String),
        event_type: 'enterprise.registered',
        capital: null,
      },
    ]);
  });

  it('upserts into a PostgreSQL department database as well', async () => {
    const name = `hub_dept_pg_${randomBytes(5).toString('hex')}`;
    const server = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test' });
    await server.connect();
    await server.query(`create database ${name}`);
    const department = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/${name}` });
    try {
      await department.connect();
      await department.query(`create table registration_inbox (event_id uuid primary key, uscc char(18) not null, payload jsonb not null)`);
      const connector = await createConnector(hub, {
        name: uniqueName('tj-pg'),
        kind: 'SQL_TABLE',
        departmentCode: 'TJ',
        eventTypes: ['enterprise.registered'],
        config: {
          dialect: 'postgresql',
          host: '127.0.0.1',
          port: 5432,
          database: name,
          user: 'postgres',
          table: 'registration_inbox',
          columns: { event_id: '$id', uscc: '$aggregateKey', payload: 'data' },
          keyColumns: ['event_id'],
        },
      });
      const [id] = await recordEvents(hub.orm, 'TJ', [
        { type: 'enterprise.registered', key: '91510811MA00000PG1', payload: { name: '庚', capital: '1.000000' } },
      ]);
      await eventually(
        () => listDeliveries(hub, { connectorId: connector.id }),
        ([delivery]) => delivery?.status === 'DELIVERED',
      );
      const { rows } = await department.query('select event_id, uscc, payload from registration_inbox');
      expect(rows).toEqual([{ event_id: id, uscc: '91510811MA00000PG1', payload: { name: '庚', capital: '1.000000' } }]);
    } finally {
      await department.end();
      await disableAllConnectors(hub);
      await server.query(`drop database if exists ${name} with (force)`);
      await server.end();
    }
  });

  it('dead-letters at once when the mapping does not fit the table, and retries while the database cannot be reached', async () => {
    const badColumn = await createConnector(
      hub,
      sqlInput({ config: { ...sqlInput().config, columns: { uscc: '$aggregateKey', no_such_column: '$id' } } }),
    );
    const unreachable = await createConnector(hub, sqlInput({ config: { ...sqlInput().config, port: 1 }, maxAttempts: 100 }));
    await recordEvents(hub.orm, 'SW', [{ type: 'enterprise.registered', key: '91510811MA0000SQL3', payload: { name: '丙' } }]);
    const [dead] = await eventually(
      () => listDeliveries(hub, { connectorId: badColumn.id }),
      ([delivery]) => delivery?.status === 'DEAD',
    );
    expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringContaining('ER_BAD_FIELD_ERROR') });
    const [retrying] = await eventually(
      () => listDeliveries(hub, { connectorId: unreachable.id }),
      ([delivery]) => (delivery?.attempts ?? 0) >= 2,
    );
    expect(retrying.status).not.toBe('DEAD');
    expect(retrying.history[0].outcome).toBe('RETRY');
  });

  it('publishes to a JetStream subject per department with the event id as Nats-Msg-Id, and counts it delivered on the ack', async () => {
    const stream = `HUB_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
    const prefix = `hubtest.${stream.toLowerCase()}`;
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
    streams.push(stream);
    const connector = await createConnector(hub, {
      name: uniqueName('rs-bus'),
      kind: 'NATS',
      departmentCode: 'RS',
      eventTypes: ['enterprise.registered'],
      config: { servers: ['nats://127.0.0.1:4222'], subject: `${prefix}.{department}.{type}`, backoffBaseMs: 50, backoffMaxMs: 200 },
    });
    const ids = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.registered', key: '91510811MA0000NAT1', payload: { name: '丁' } },
      { type: 'enterprise.changed', key: '91510811MA0000NAT1', payload: { name: '丁二' } },
      { type: 'enterprise.registered', key: '91510811MA0000NAT2', payload: { name: '戊' } },
    ]);
    const deliveries = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 2 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    // Only the event types the connector carries.
    expect(deliveries.map((delivery) => delivery.eventId).sort()).toEqual([ids[0], ids[2]].sort());

    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.fetch({ max_messages: 10, expires: 1_000 });
    const received: Array<{ subject: string; msgId: string | undefined; id: string }> = [];
    for await (const message of messages) {
      received.push({ subject: message.subject, msgId: message.headers?.get('Nats-Msg-Id'), id: message.json<{ id: string }>().id });
      message.ack();
    }
    expect(received.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [ids[0], ids[2]].sort().map((id) => ({ subject: `${prefix}.RS.enterprise.registered`, msgId: id, id })),
    );

    // A replay publishes the same id again; JetStream drops it as a duplicate within its window.
    const replayed = await graphql(hub.url, 'mutation($id: ID!) { replayDelivery(id: $id) { status } }', {
      token: hub.tokens.admin,
      variables: { id: deliveries[0].id },
    });
    expect(replayed.body.errors).toBeUndefined();
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.every((delivery) => delivery.status === 'DELIVERED') && list.some((delivery) => delivery.history.length === 2),
    );
    expect((await jsm.streams.info(stream)).state.messages).toBe(2);
  });

  it('retries while no stream takes the subject, and delivers once the department creates it', async () => {
    const stream = `HUB_LATE_${randomBytes(4).toString('hex').toUpperCase()}`;
    const prefix = `hublate.${stream.toLowerCase()}`;
    const connector = await createConnector(hub, {
      name: uniqueName('tj-bus'),
      kind: 'NATS',
      departmentCode: 'TJ',
      eventTypes: ['enterprise.*'],
      config: { servers: ['nats://127.0.0.1:4222'], subject: `${prefix}.{type}`, timeoutMs: 500, backoffBaseMs: 50, backoffMaxMs: 200 },
      maxAttempts: 100,
    });
    await recordEvents(hub.orm, 'TJ', [{ type: 'enterprise.registered', key: '91510811MA0000NAT3', payload: { name: '己' } }]);
    const [failing] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => (delivery?.attempts ?? 0) >= 2,
    );
    expect(failing.lastError).toMatch(/JetStream did not acknowledge/);
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
    streams.push(stream);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery.status === 'DELIVERED',
    );
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);
  });
});
