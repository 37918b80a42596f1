import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { CREATE_CONNECTOR, createConnector, HMAC_SECRET, webhookInput } from './connector-fixtures.js';

describe('connectors are data, managed by the admin', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } });
  });
  afterAll(() => hub.stop());

  const connectorCount = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from connector'))[0].n);
  const create = (input: Record<string, unknown>, token = hub.tokens.admin) =>
    graphql(hub.url, CREATE_CONNECTOR, { token, variables: { input } });

  it('registers a webhook connector and never returns its secret', async () => {
    const created = await createConnector(hub, webhookInput('SW', 'https://tax.example.gov.cn/hub/events'));
    const listed = await graphql<{ connectors: Array<Record<string, unknown>> }>(
      hub.url,
      '{ connectors { id name kind direction config secretNames enabled department { code } health { backlog healthy } } }',
      { token: hub.tokens.admin },
    );
    expect(listed.body.data!.connectors).toEqual([
      expect.objectContaining({
        id: created.id,
        kind: 'WEBHOOK',
        direction: 'OUT',
        secretNames: ['hmacSecret'],
        department: { code: 'SW' },
        health: { backlog: 0, healthy: true },
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(HMAC_SECRET);
    const connectorType = await graphql<{ __type: { fields: Array<{ name: string }> } }>(
      hub.url,
      '{ __type(name: "Connector") { fields { name } } }',
      {
        token: hub.tokens.admin,
      },
    );
    expect(connectorType.body.data!.__type.fields.map((field) => field.name)).not.toContain('secrets');
  });

  it.each([
    ['a malformed URL', webhookInput('SW', 'not a url'), 'input.config.url', /http:\/\/ or https:\/\//],
    ['an FTP URL', webhookInput('SW', 'ftp://tax.example/x'), 'input.config.url', /http:\/\/ or https:\/\//],
    [
      'a short HMAC secret',
      { ...webhookInput('SW', 'https://tax.example/x'), secrets: { hmacSecret: 'short' } },
      'input.secrets.hmacSecret',
      /at least 16/,
    ],
    ['no HMAC secret', { ...webhookInput('SW', 'https://tax.example/x'), secrets: null }, 'input.secrets.hmacSecret', /./],
    ['an unknown setting', webhookInput('SW', 'https://tax.example/x', {}, { retries: 3 }), 'input.config', /retries/],
    [
      'a bad event type',
      webhookInput('SW', 'https://tax.example/x', { eventTypes: ['Enterprise Registered'] }),
      'input.eventTypes.0',
      /not a type/,
    ],
    ['no event type', webhookInput('SW', 'https://tax.example/x', { eventTypes: [] }), 'input.eventTypes', /at least one/],
    ['an attempt limit of 0', webhookInput('SW', 'https://tax.example/x', { maxAttempts: 0 }), 'input.maxAttempts', /1 to 100/],
    [
      'a retry horizon under a second',
      webhookInput('SW', 'https://tax.example/x', {}, { retryHorizonMs: 500 }),
      'input.config.retryHorizonMs',
      /1000/,
    ],
    [
      'a retry horizon over 30 days',
      webhookInput('SW', 'https://tax.example/x', {}, { retryHorizonMs: 31 * 86_400_000 }),
      'input.config.retryHorizonMs',
      /2592000000/,
    ],
    [
      'a concurrency of 0',
      webhookInput('SW', 'https://tax.example/x', {}, { concurrency: 0 }),
      'input.config.concurrency',
      /whole number from 1 to 64/,
    ],
    [
      'a fractional circuit threshold',
      webhookInput('SW', 'https://tax.example/x', {}, { circuitFailureThreshold: 2.5 }),
      'input.config.circuitFailureThreshold',
      /whole number from 1 to 1000/,
    ],
    [
      'a circuit probe interval over an hour',
      webhookInput('SW', 'https://tax.example/x', {}, { circuitProbeMs: 7_200_000 }),
      'input.config.circuitProbeMs',
      /3600000/,
    ],
    [
      'a SQL mapping whose key column is not mapped',
      {
        name: 'tax-db',
        kind: 'SQL_TABLE',
        departmentCode: 'SW',
        eventTypes: ['enterprise.*'],
        config: {
          dialect: 'mysql',
          host: '127.0.0.1',
          database: 'tax',
          user: 'hub',
          table: 'taxpayer',
          columns: { uscc: '$aggregateKey' },
          keyColumns: ['event_id'],
        },
      },
      'input.config.keyColumns.0',
      /not a mapped column/,
    ],
    [
      'a SQL mapping onto an injected column name',
      {
        name: 'tax-db',
        kind: 'SQL_TABLE',
        departmentCode: 'SW',
        eventTypes: ['enterprise.*'],
        config: {
          dialect: 'mysql',
          host: '127.0.0.1',
          database: 'tax',
          user: 'hub',
          table: 'taxpayer',
          columns: { 'uscc`; drop table x; --': '$aggregateKey' },
          keyColumns: ['uscc'],
        },
      },
      expect.stringMatching(/^input\.config\.columns/),
      /SQL identifier/,
    ],
    [
      'a SQL mapping from an unknown source',
      {
        name: 'tax-db',
        kind: 'SQL_TABLE',
        departmentCode: 'SW',
        eventTypes: ['enterprise.*'],
        config: {
          dialect: 'mysql',
          host: '127.0.0.1',
          database: 'tax',
          user: 'hub',
          table: 'taxpayer',
          columns: { uscc: 'payload.uscc' },
          keyColumns: ['uscc'],
        },
      },
      'input.config.columns.uscc',
      /data\.<field>/,
    ],
    [
      'a NATS server that is not a nats:// URL',
      { name: 'bus', kind: 'NATS', departmentCode: 'SW', eventTypes: ['enterprise.*'], config: { servers: ['http://127.0.0.1:4222'] } },
      'input.config.servers.0',
      /nats:\/\//,
    ],
  ] as Array<[string, Record<string, unknown>, unknown, RegExp]>)(
    'refuses %s, naming the field, and writes nothing',
    async (_case, input, field, reason) => {
      const before = await connectorCount();
      const response = await create(input);
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.body.errors?.[0].message).toMatch(reason);
      expect(await connectorCount()).toBe(before);
    },
  );

  it('refuses an unknown department and a duplicate name', async () => {
    const unknown = await create(webhookInput('NOPE', 'https://x.example/'));
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.departmentCode' });
    const first = await createConnector(hub, webhookInput('RS', 'https://rs.example/'));
    const duplicate = await create({ ...webhookInput('RS', 'https://rs.example/'), name: first.name });
    expect(duplicate.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
  });

  it('lets only the admin manage connectors', async () => {
    const asSystem = await create(webhookInput('SW', 'https://x.example/'), hub.tokens.system.SW);
    expect(asSystem.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const list = await graphql(hub.url, '{ connectors { id } }', { token: hub.tokens.clerk });
    expect(list.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('updates a connector: disables it, rotates its secret, and checks the new configuration', async () => {
    const connector = await createConnector(hub, webhookInput('TJ', 'https://tj.example/'));
    const update = (input: Record<string, unknown>) =>
      graphql<{ updateConnector: Record<string, unknown> }>(
        hub.url,
        'mutation($id: ID!, $input: UpdateConnectorInput!) { updateConnector(id: $id, input: $input) { enabled config secretNames } }',
        {
          token: hub.tokens.admin,
          variables: { id: connector.id, input },
        },
      );
    const disabled = await update({ enabled: false, secrets: { hmacSecret: 'rotated-secret-0123456789' } });
    expect(disabled.body.data!.updateConnector).toMatchObject({ enabled: false, secretNames: ['hmacSecret'] });
    const bad = await update({ config: { url: 'tj.example' } });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.config.url' });
    const stored = await hub.orm.em.fork().execute('select config, secrets from connector where id = ?', [connector.id]);
    expect(stored[0].config.url).toBe('https://tj.example/');
    expect(stored[0].secrets.hmacSecret).toBe('rotated-secret-0123456789');
  });
});
