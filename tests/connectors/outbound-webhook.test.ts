import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../domain/connectors/signature.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';
import {
  createConnector,
  disableAllConnectors,
  eventually,
  fastDelivery,
  HMAC_SECRET,
  listDeliveries,
  recordEvents,
  webhookInput,
  type DeliveryNode,
} from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

describe('outbound webhook delivery from the outbox', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
    await peer.up();
  });
  afterEach(async () => {
    // Each test brings its own connector: the previous ones stop taking events.
    await disableAllConnectors(hub);
    peer.set({ kind: 'ok' });
    peer.received.length = 0;
    await peer.up().catch(() => {});
  });
  afterAll(async () => {
    await peer.down();
    await hub.stop();
  });

  const receiptsOf = async (registrationUscc: string) => {
    const receipts = await hub.orm.em
      .fork()
      .find(RegistrationReceipt, { registration: { enterprise: { uscc: registrationUscc } } }, { populate: ['department'] });
    return Object.fromEntries(receipts.map((receipt) => [receipt.department.code, receipt]));
  };
  const deliveriesOf = (connectorId: string) => listDeliveries(hub, { connectorId });
  const allDelivered = (deliveries: DeliveryNode[], count: number) =>
    deliveries.length === count && deliveries.every((delivery) => delivery.status === 'DELIVERED');

  it('hands a registration to the department system, signed and with a stable event id, and marks its receipt DELIVERED', async () => {
    const connector = await createConnector(hub, webhookInput('SW', peer.url));
    const enterprise = await registerOk(hub);
    const [delivery] = await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 1),
    );
    expect(delivery).toMatchObject({ eventType: 'enterprise.registered', aggregateKey: enterprise.uscc, attempts: 1, lastError: null });
    expect(delivery.history).toEqual([expect.objectContaining({ number: 1, outcome: 'DELIVERED', statusCode: 200 })]);

    expect(peer.accepted).toHaveLength(1);
    const [received] = peer.accepted;
    expect(received.eventId).toBe(delivery.eventId);
    expect(received.headers['idempotency-key']).toBe(delivery.eventId);
    expect(received.body).toMatchObject({
      id: delivery.eventId,
      type: 'enterprise.registered',
      aggregateKey: enterprise.uscc,
      department: 'SW',
      payloadVersion: expect.any(Number),
    });
    expect(received.body.data).toMatchObject({
      registrationId: expect.any(String),
      enterprise: { uscc: enterprise.uscc, name: enterprise.name },
    });
    const signature = verifySignature(
      HMAC_SECRET,
      {
        timestamp: received.headers['x-hub-timestamp'] as string,
        signature: received.headers['x-hub-signature'] as string,
        body: received.rawBody,
      },
      300,
    );
    expect(signature).toEqual({ ok: true });
    expect(
      verifySignature(
        'another-secret-0123456789',
        {
          timestamp: received.headers['x-hub-timestamp'] as string,
          signature: received.headers['x-hub-signature'] as string,
          body: received.rawBody,
        },
        300,
      ).ok,
    ).toBe(false);

    const receipts = await eventually(
      () => receiptsOf(enterprise.uscc),
      (byDepartment) => byDepartment.SW?.status === 'DELIVERED',
    );
    expect(receipts.SW.lastError).toBeNull();
    // Departments without a connector keep waiting.
    expect(receipts.RS.status).toBe('PENDING');
  });

  it('keeps the order of events per record across two workers, and delivers each event once', async () => {
    const connector = await createConnector(hub, webhookInput('TJ', peer.url));
    const keys = ['ORDER-A', 'ORDER-B', 'ORDER-C', 'ORDER-D'];
    const ids: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      ids.push(
        ...(await recordEvents(
          hub.orm,
          'TJ',
          keys.map((key) => ({ type: round === 0 ? 'enterprise.registered' : 'enterprise.changed', key, payload: { round } })),
        )),
      );
    }
    await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 20),
    );
    expect(peer.accepted.map((request) => request.eventId).sort()).toEqual([...ids].sort());
    for (const key of keys) {
      const rounds = peer.accepted.filter((request) => request.body.aggregateKey === key).map((request) => request.body.data.round);
      expect(rounds).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('a department system down for a while receives every event once it is back', async () => {
    await peer.down();
    const connector = await createConnector(hub, webhookInput('RS', peer.url, { maxAttempts: 100 }));
    const ids = await recordEvents(
      hub.orm,
      'RS',
      Array.from({ length: 10 }, (_, index) => ({ type: 'enterprise.registered', key: `DOWN-${index}` })),
    );
    const failing = await eventually(
      () => deliveriesOf(connector.id),
      (list) => list.length === 10 && list.every((delivery) => delivery.status !== 'DELIVERED' && delivery.attempts >= 2),
    );
    expect(failing[0].lastError).toMatch(/cannot reach the department system \(ECONNREFUSED\)/);
    expect(failing[0].history.every((attempt) => attempt.outcome === 'RETRY')).toBe(true);

    await peer.up();
    await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 10),
      30_000,
    );
    expect(peer.accepted.map((request) => request.eventId).sort()).toEqual([...ids].sort());
  });

  it('retries 5xx with backoff, waits as long as a 429 Retry-After asks, and does not trust a 2xx with an error body', async () => {
    peer.set({ kind: 'status', status: 500 });
    const connector = await createConnector(hub, webhookInput('ZJJ', peer.url, { maxAttempts: 50 }));
    const [eventId] = await recordEvents(hub.orm, 'ZJJ', [{ type: 'enterprise.registered', key: 'RETRY-1' }]);
    await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => (delivery?.attempts ?? 0) >= 2,
    );

    peer.set({ kind: 'status', status: 429, retryAfter: '1' });
    const limited = await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => delivery.history.some((attempt) => attempt.statusCode === 429),
    );
    const rateLimited = limited[0].history.find((attempt) => attempt.statusCode === 429)!;
    expect(rateLimited).toMatchObject({ outcome: 'RETRY', retryAfterMs: 1_000 });
    // The next attempt is set exactly as far out as the peer asked (backoff here would be 25–200 ms).
    await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => {
        const last = delivery.history.at(-1)!;
        return last.statusCode === 429 && Date.parse(delivery.nextAttemptAt) === Date.parse(last.finishedAt) + 1_000;
      },
    );

    peer.set({ kind: 'wrongBody' });
    const wrong = await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => delivery.history.some((attempt) => attempt.error?.includes('code is 1')),
    );
    // Not trusted: still waiting for (or in) its next attempt, neither delivered nor dead.
    expect(['PENDING', 'IN_FLIGHT']).toContain(wrong[0].status);
    expect(wrong[0].history.find((attempt) => attempt.error?.includes('code is 1'))).toMatchObject({ outcome: 'RETRY', statusCode: 200 });

    peer.set({ kind: 'ok' });
    const [done] = await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 1),
    );
    const outcomes = done.history.map((attempt) => attempt.statusCode);
    expect(outcomes[0]).toBe(500);
    expect(outcomes.at(-1)).toBe(200);
    // Every request carried the same event id: the receiver can drop any duplicate.
    expect(new Set(peer.received.map((request) => request.eventId))).toEqual(new Set([eventId]));
  });

  it('dead-letters a permanent 4xx at once, fails the receipt, holds later events of the record, and a replay delivers both in order', async () => {
    peer.set({ kind: 'status', status: 400, body: '{"code":400,"msg":"字段缺失"}' });
    const connector = await createConnector(hub, webhookInput('ZJ', peer.url));
    const enterprise = await registerOk(hub);
    const [dead] = await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => delivery?.status === 'DEAD',
    );
    expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringContaining('HTTP 400') });
    expect(dead.history).toEqual([expect.objectContaining({ outcome: 'PERMANENT', statusCode: 400 })]);
    const failed = await eventually(
      () => receiptsOf(enterprise.uscc),
      (byDepartment) => byDepartment.ZJ.status === 'FAILED',
    );
    expect(failed.ZJ.lastError).toContain('HTTP 400');

    // A later event of the same record must not overtake the dead one.
    peer.set({ kind: 'ok' });
    const [changeId] = await recordEvents(hub.orm, 'ZJ', [{ type: 'enterprise.changed', key: enterprise.uscc }]);
    const waiting = await eventually(
      () => deliveriesOf(connector.id),
      (list) => list.length === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // several worker passes
    const held = (await deliveriesOf(connector.id)).find((delivery) => delivery.eventId === changeId)!;
    expect(held).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(waiting).toHaveLength(2);

    const deadLetters = await listDeliveries(hub, { connectorId: connector.id, status: 'DEAD' });
    expect(deadLetters.map((delivery) => delivery.id)).toEqual([dead.id]);

    const replayed = await graphql<{ replayDeadLetters: number }>(hub.url, 'mutation($id: ID!) { replayDeadLetters(connectorId: $id) }', {
      token: hub.tokens.admin,
      variables: { id: connector.id },
    });
    expect(replayed.body.data).toEqual({ replayDeadLetters: 1 });
    await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 2),
    );
    expect(peer.accepted.map((request) => request.body.type)).toEqual(['enterprise.registered', 'enterprise.changed']);
    expect((await receiptsOf(enterprise.uscc)).ZJ.status).toBe('DELIVERED');
  });

  it('dead-letters after the attempt limit; replayDelivery sends the same event again', async () => {
    peer.set({ kind: 'status', status: 503 });
    const connector = await createConnector(hub, webhookInput('MZ', peer.url, { maxAttempts: 3 }));
    const [eventId] = await recordEvents(hub.orm, 'MZ', [{ type: 'enterprise.registered', key: 'LIMIT-1' }]);
    const [dead] = await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => delivery?.status === 'DEAD',
    );
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toMatch(/^gave up after 3 attempts: HTTP 503/);
    expect(dead.history.map((attempt) => attempt.outcome)).toEqual(['RETRY', 'RETRY', 'RETRY']);

    peer.set({ kind: 'ok' });
    const replayed = await graphql(hub.url, 'mutation($id: ID!) { replayDelivery(id: $id) { status } }', {
      token: hub.tokens.admin,
      variables: { id: dead.id },
    });
    expect(replayed.body.data).toEqual({ replayDelivery: { status: 'PENDING' } });
    const [done] = await eventually(
      () => deliveriesOf(connector.id),
      (list) => allDelivered(list, 1),
    );
    expect(done.history.map((attempt) => [attempt.number, attempt.outcome])).toEqual([
      [1, 'RETRY'],
      [2, 'RETRY'],
      [3, 'RETRY'],
      [4, 'DELIVERED'],
    ]);
    expect(done.attempts).toBe(1);
    expect(peer.accepted.map((request) => request.eventId)).toEqual([eventId]);

    const again = await graphql(hub.url, 'mutation($id: ID!) { replayDelivery(id: $id) { status } }', {
      token: hub.tokens.admin,
      variables: { id: 'nonexistent' },
    });
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('shows lag, backlog, dead letters and throughput per connector in connectorHealth and /metrics', async () => {
    peer.set({ kind: 'status', status: 404 });
    const connector = await createConnector(hub, webhookInput('GA', peer.url));
    await recordEvents(hub.orm, 'GA', [{ type: 'enterprise.registered', key: 'HEALTH-1' }]);
    await eventually(
      () => deliveriesOf(connector.id),
      ([delivery]) => delivery?.status === 'DEAD',
    );
    const health = await graphql<{ connectorHealth: Array<Record<string, unknown>> }>(
      hub.url,
      'query($id: ID) { connectorHealth(connectorId: $id) { connector { name } healthy backlog deadLetters delivered lagSeconds lastError lastFailureAt } }',
      { token: hub.tokens.dashboard, variables: { id: connector.id } },
    );
    expect(health.body.data!.connectorHealth).toEqual([
      expect.objectContaining({
        connector: { name: connector.name },
        healthy: false,
        backlog: 0,
        deadLetters: 1,
        delivered: 0,
        lagSeconds: 0,
        lastError: expect.stringContaining('HTTP 404'),
      }),
    ]);
    const metrics = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
    expect(metrics).toContain(`hub_connector_delivery_attempts_total{connector="${connector.name}",outcome="dead"} 1`);
    expect(metrics).toContain(`hub_connector_dead_letters{connector="${connector.name}"} 1`);
    expect(metrics).toMatch(new RegExp(`hub_connector_lag_seconds\\{connector="${connector.name}"\\} 0`));
  });
});
