import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  createConnector,
  disableAllConnectors,
  eventually,
  fastDelivery,
  listDeliveries,
  recordEvents,
  uniqueName,
} from './connector-fixtures.js';

const BROKER = 'amqp://127.0.0.1:5672';
const run = promisify(execFile);

describe('outbound to RabbitMQ', () => {
  let hub: TestHub;
  let broker: ChannelModel;
  let channel: Channel;
  const prefix = `hubtest.${randomBytes(4).toString('hex')}`;
  const exchanges: string[] = [];
  const queues: string[] = [];
  let serial = 0;
  let stopped = false;

  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
    broker = await connect(BROKER);
    channel = await broker.createChannel();
  });
  afterEach(async () => {
    if (!stopped) await disableAllConnectors(hub);
  });
  afterAll(async () => {
    if (!stopped) await hub.stop();
    for (const queue of queues) await channel.deleteQueue(queue).catch(() => {});
    for (const exchange of exchanges) await channel.deleteExchange(exchange).catch(() => {});
    await broker.close();
  });

  /** A fresh exchange name, and a queue bound to it by `pattern` when one is given. */
  async function names(pattern?: string) {
    const id = ++serial;
    const exchange = `${prefix}.x${id}`;
    const queue = `${prefix}.q${id}`;
    exchanges.push(exchange);
    queues.push(queue);
    if (pattern) await bind(exchange, queue, pattern);
    return { exchange, queue };
  }

  async function bind(exchange: string, queue: string, pattern: string) {
    // Declared the way the hub declares it, so whichever side comes first the other agrees.
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, pattern);
  }

  async function drain(queue: string): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true }))
      messages.push(message);
    return messages;
  }

  const rabbitInput = (departmentCode: string, config: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
    name: uniqueName(`${departmentCode.toLowerCase()}-rabbit`),
    kind: 'RABBITMQ',
    departmentCode,
    eventTypes: ['enterprise.*'],
    config: { url: BROKER, backoffBaseMs: 50, backoffMaxMs: 200, ...config },
    ...overrides,
  });

  it('publishes each event persistently with messageId = event id, in order per record, counted delivered on the confirm', async () => {
    const { exchange, queue } = await names('hub.RS.#');
    const connector = await createConnector(hub, rabbitInput('RS', { exchange }));
    const firstRecord = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.registered', key: '91510811MA0000AMQ1', payload: { name: '甲' } },
      { type: 'enterprise.changed', key: '91510811MA0000AMQ1', payload: { name: '甲二' } },
    ]);
    const [other] = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.registered', key: '91510811MA0000AMQ2', payload: { name: '乙' } },
    ]);
    const [third] = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.changed', key: '91510811MA0000AMQ1', payload: { name: '甲三' } },
    ]);
    const deliveries = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 4 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    expect(deliveries.every((delivery) => delivery.attempts === 1)).toBe(true);

    const messages = await drain(queue);
    expect(messages).toHaveLength(4);
    for (const message of messages) {
      const body = JSON.parse(message.content.toString('utf8'));
      expect(message.properties).toMatchObject({ messageId: body.id, type: body.type, contentType: 'application/json', deliveryMode: 2 });
      expect(message.fields.routingKey).toBe(`hub.RS.${body.type}`);
      expect(body).toMatchObject({
        department: 'RS',
        aggregateType: 'enterprise',
        payloadVersion: expect.any(Number),
        occurredAt: expect.any(String),
      });
    }
    const ids = (key: string) =>
      messages
        .filter((message) => JSON.parse(message.content.toString('utf8')).aggregateKey === key)
        .map((message) => message.properties.messageId);
    expect(ids('91510811MA0000AMQ1')).toEqual([...firstRecord, third]);
    expect(ids('91510811MA0000AMQ2')).toEqual([other]);
    expect(JSON.parse(messages.find((message) => message.properties.messageId === third)!.content.toString('utf8')).data).toEqual({
      name: '甲三',
    });
  });

  it('publishes the record cut to what the receiving department may read', async () => {
    const set = await graphql(hub.url, 'mutation($input: SetFieldSharingInput!) { setFieldSharing(input: $input) { level } }', {
      token: hub.tokens.admin,
      variables: { input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' } },
    });
    expect(set.body.errors).toBeUndefined();
    const { exchange, queue } = await names('hub.TJ.#');
    const connector = await createConnector(hub, rabbitInput('TJ', { exchange }));
    const enterprise = { uscc: '91510811MA00000154', name: '昭化区分公司', parentUscc: '91350100M000100Y43', status: 'ACTIVE' };
    const [id] = await recordEvents(hub.orm, 'TJ', [
      { type: 'enterprise.registered', key: enterprise.uscc, payload: { registrationId: 'r-1', enterprise } },
    ]);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery?.status === 'DELIVERED',
    );
    const [message] = await drain(queue);
    expect(message.properties.messageId).toBe(id);
    expect(JSON.parse(message.content.toString('utf8')).data).toEqual({
      registrationId: 'r-1',
      enterprise: { uscc: enterprise.uscc, name: enterprise.name, status: 'ACTIVE' },
    });
  });

  it('retries while no queue is bound to the routing key, showing why, and delivers once one is', async () => {
    const { exchange, queue } = await names();
    const connector = await createConnector(
      hub,
      rabbitInput('TJ', { exchange, routingKey: `${prefix}.{department}.{type}` }, { maxAttempts: 100 }),
    );
    const [id] = await recordEvents(hub.orm, 'TJ', [{ type: 'enterprise.registered', key: '91510811MA0000AMQ3', payload: { name: '丙' } }]);
    const [failing] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => (delivery?.attempts ?? 0) >= 2,
    );
    expect(['PENDING', 'IN_FLIGHT']).toContain(failing.status);
    expect(failing.lastError).toBe(
      `no queue is bound to routing key "${prefix}.TJ.enterprise.registered" on exchange "${exchange}" (312 NO_ROUTE)`,
    );
    expect(failing.history[0]).toMatchObject({ outcome: 'RETRY', error: failing.lastError });

    await bind(exchange, queue, `${prefix}.TJ.*.*`);
    const [delivered] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery.status === 'DELIVERED',
    );
    expect(delivered.history.at(-1)?.outcome).toBe('DELIVERED');
    // The returned attempts reached no queue: exactly one copy arrives.
    expect((await drain(queue)).map((message) => message.properties.messageId)).toEqual([id]);
  });

  it.each([
    ['a URL that is not amqp://', { url: 'http://127.0.0.1:5672' }, 'input.config.url', /amqp:\/\/ or amqps:\/\//],
    ['a URL that carries the password', { url: 'amqp://hub:s3cret@127.0.0.1:5672/' }, 'input.config.url', /secrets\.password/],
    [
      'a routing key with an unknown placeholder',
      { url: BROKER, routingKey: 'hub.{dept}.{type}' },
      'input.config.routingKey',
      /\{department\} and \{type\}/,
    ],
    ['a routing key with a space', { url: BROKER, routingKey: 'hub {type}' }, 'input.config.routingKey', /\{department\} and \{type\}/],
    ['an exchange reserved by the broker', { url: BROKER, exchange: 'amq.topic' }, 'input.config.exchange', /amq\./],
  ])('refuses %s at registration, naming the field, and writes nothing', async (_case, config, field, reason) => {
    const count = async () => Number((await hub.orm.em.fork().execute(`select count(*) as n from connector`))[0].n);
    const before = await count();
    const response = await graphql(hub.url, 'mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }', {
      token: hub.tokens.admin,
      variables: {
        input: { name: uniqueName('bad-rabbit'), kind: 'RABBITMQ', departmentCode: 'SW', eventTypes: ['enterprise.*'], config },
      },
    });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.body.errors?.[0].message).toMatch(reason);
    expect(await count()).toBe(before);
  });

  it('retries with the last error while the broker cannot be reached, and delivers once the URL is fixed', async () => {
    const { exchange, queue } = await names('hub.SW.#');
    const connector = await createConnector(
      hub,
      rabbitInput('SW', { url: 'amqp://127.0.0.1:1', exchange, timeoutMs: 1_000 }, { maxAttempts: 100 }),
    );
    const [id] = await recordEvents(hub.orm, 'SW', [{ type: 'enterprise.registered', key: '91510811MA0000AMQ4', payload: { name: '丁' } }]);
    const [failing] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => (delivery?.attempts ?? 0) >= 2,
    );
    expect(['PENDING', 'IN_FLIGHT']).toContain(failing.status);
    expect(failing.lastError).toMatch(/^cannot reach RabbitMQ .*ECONNREFUSED/);
    expect(failing.history.every((attempt) => attempt.outcome === 'RETRY')).toBe(true);

    const fixed = await graphql(
      hub.url,
      'mutation($id: ID!, $input: UpdateConnectorInput!) { updateConnector(id: $id, input: $input) { id } }',
      {
        token: hub.tokens.admin,
        variables: {
          id: connector.id,
          input: {
            config: { url: 'amqp://guest@127.0.0.1:5672/', exchange, timeoutMs: 1_000, backoffBaseMs: 50, backoffMaxMs: 200 },
            secrets: { password: 'guest' },
          },
        },
      },
    );
    expect(fixed.body.errors).toBeUndefined();
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery.status === 'DELIVERED',
    );
    expect((await drain(queue)).map((message) => message.properties.messageId)).toEqual([id]);
  });

  it('opens a new connection on the next delivery after the broker closed the old one', async () => {
    const { exchange, queue } = await names('hub.RS.#');
    const connector = await createConnector(hub, rabbitInput('RS', { exchange }));
    const [first] = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.registered', key: '91510811MA0000AMQ5', payload: { name: '戊' } },
    ]);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery?.status === 'DELIVERED',
    );

    const before = await connectionsOf(connector.name);
    expect(before).toHaveLength(1);
    await run('rabbitmqctl', ['close_connection', before[0], 'test: broker closes the connection']);
    // The broker drops a connection from its list only after the client's close-ok, by which time the hub has seen the close.
    await eventually(
      () => connectionsOf(connector.name),
      (pids) => pids.length === 0,
    );

    const [second] = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.changed', key: '91510811MA0000AMQ5', payload: { name: '戊二' } },
    ]);
    const deliveries = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 2 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    // Recovered on the very next delivery, not after a failed attempt on the dead channel.
    expect(deliveries.find((delivery) => delivery.eventId === second)?.history.map((attempt) => attempt.outcome)).toEqual(['DELIVERED']);
    expect((await drain(queue)).map((message) => message.properties.messageId)).toEqual([first, second]);
    const after = await connectionsOf(connector.name);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });

  it('closes its broker connections when the hub stops', async () => {
    const { exchange } = await names('hub.TJ.#');
    const connector = await createConnector(hub, rabbitInput('TJ', { exchange }));
    await recordEvents(hub.orm, 'TJ', [{ type: 'enterprise.registered', key: '91510811MA0000AMQ6', payload: { name: '己' } }]);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery?.status === 'DELIVERED',
    );
    expect(await connectionsOf(connector.name)).toHaveLength(1);
    stopped = true;
    await hub.stop();
    await eventually(
      () => connectionsOf(connector.name),
      (pids) => pids.length === 0,
    );
  });
});

/** The broker's ids of the connections a connector holds, found by the name the hub gives them. */
async function connectionsOf(connectorName: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '-s']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","hub connector ${connectorName}"}`))
    .map((line) => line.split('\t')[0]);
}
