import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../support/graphql-client.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import {
  createConnector,
  disableAllConnectors,
  eventually,
  fastDelivery,
  listDeliveries,
  recordEvents,
  webhookInput,
  type DeliveryNode,
} from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';

/** Receivers that answer badly, each with the outcome the README documents. */
describe('fault: department systems that answer badly', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  const elsewhere = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
    await peer.up();
    await elsewhere.up();
  });
  afterEach(async () => {
    await disableAllConnectors(hub);
    peer.set({ kind: 'ok' });
    peer.received.length = 0;
  });
  afterAll(async () => {
    await peer.down();
    await elsewhere.down();
    await hub.stop();
  });

  /** One event to a new connector of `department`; resolves with its delivery once `until` holds. */
  async function deliverOne(
    department: string,
    until: (delivery: DeliveryNode) => boolean,
    config: Record<string, unknown> = {},
    url = peer.url,
  ) {
    const connector = await createConnector(hub, webhookInput(department, url, {}, config));
    const [eventId] = await recordEvents(hub.orm, department, [{ type: 'enterprise.registered', key: `BAD-${department}-${Date.now()}` }]);
    const [delivery] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([found]) => found !== undefined && until(found),
    );
    expect(delivery.eventId).toBe(eventId);
    return { connector, delivery };
  }
  const retried = (delivery: DeliveryNode) => delivery.history.length > 0;

  it('200 with a garbage body: not trusted when the connector checks the body (retried), delivered when it does not', async () => {
    peer.set({ kind: 'raw', status: 200, headers: { 'content-type': 'text/html' }, body: '<html>系统维护中</html>' });
    const { delivery } = await deliverOne('SW', retried);
    expect(delivery.history[0]).toMatchObject({
      outcome: 'RETRY',
      statusCode: 200,
      error: expect.stringContaining('HTTP 200 but the body is not JSON: <html>'),
    });
    expect(['PENDING', 'IN_FLIGHT']).toContain(delivery.status);

    const unchecked = await deliverOne('RS', (found) => found.status === 'DELIVERED', { successField: undefined, successValue: undefined });
    expect(unchecked.delivery.history).toEqual([expect.objectContaining({ outcome: 'DELIVERED', statusCode: 200 })]);
  });

  it('301 to another host: not followed, a dead letter at once naming where it pointed; the other host gets nothing', async () => {
    peer.set({ kind: 'raw', status: 301, headers: { location: elsewhere.url }, body: '' });
    const { delivery } = await deliverOne('TJ', (found) => found.status === 'DEAD');
    expect(delivery.history).toEqual([expect.objectContaining({ outcome: 'PERMANENT', statusCode: 301 })]);
    expect(delivery.lastError).toBe(`HTTP 301: redirect to ${elsewhere.url} not followed (the hub sends only to the configured URL)`);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('413: a permanent refusal, dead-lettered at once', async () => {
    peer.set({ kind: 'status', status: 413, body: 'Request Entity Too Large' });
    const { delivery } = await deliverOne('ZJ', (found) => found.status === 'DEAD');
    expect(delivery.history).toEqual([expect.objectContaining({ outcome: 'PERMANENT', statusCode: 413 })]);
    expect(delivery.lastError).toBe('HTTP 413: Request Entity Too Large');
  });

  it('429 without Retry-After: retried with backoff, delivered once it passes', async () => {
    peer.set({ kind: 'status', status: 429 });
    const { connector, delivery } = await deliverOne('MZ', retried);
    expect(delivery.history[0]).toMatchObject({ outcome: 'RETRY', statusCode: 429, retryAfterMs: null });
    peer.set({ kind: 'ok' });
    const [done] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([found]) => found.status === 'DELIVERED',
    );
    expect(done.history.at(-1)).toMatchObject({ outcome: 'DELIVERED', statusCode: 200 });
  });

  it('a 10 MB answer: read only as far as needed (64 KB), the error keeps 500 characters', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
    peer.set({ kind: 'raw', status: 503, body: huge });
    const { connector, delivery } = await deliverOne('GA', retried);
    expect(delivery.history[0]).toMatchObject({ outcome: 'RETRY', statusCode: 503 });
    expect(delivery.history[0].error!.length).toBeLessThanOrEqual('HTTP 503: '.length + 500);

    peer.set({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: huge });
    await hub.orm.em
      .fork()
      .execute(`update connector set config = config - 'successField' - 'successValue', updated_at = now() where id = ?`, [connector.id]);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([found]) => found.status === 'DELIVERED',
      20_000,
    );
  });

  it('an answer that never comes (the connection left open): a retry after the connector timeout', async () => {
    peer.set({ kind: 'hang' });
    const { delivery } = await deliverOne('ZJJ', retried, { timeoutMs: 300 });
    expect(delivery.history[0]).toMatchObject({ outcome: 'RETRY', statusCode: null, error: 'no answer within 300 ms' });
  });

  it('a port nobody listens on: retried (never dead-lettered before the horizon), the circuit opens, the health says why', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { connector, delivery } = await deliverOne('SY', retried, { circuitFailureThreshold: 2 }, `http://127.0.0.1:${port}/receive`);
    expect(delivery.history[0]).toMatchObject({ outcome: 'RETRY', error: 'cannot reach the department system (ECONNREFUSED)' });
    const health = await eventually(
      async () =>
        (
          await graphql<{ connectorHealth: Array<Record<string, unknown>> }>(
            hub.url,
            'query($id: ID) { connectorHealth(connectorId: $id) { healthy circuit deadLetters lastError } }',
            {
              token: hub.tokens.admin,
              variables: { id: connector.id },
            },
          )
        ).body.data!.connectorHealth[0],
      (row) => row.circuit === 'OPEN',
    );
    expect(health).toEqual({
      healthy: false,
      circuit: 'OPEN',
      deadLetters: 0,
      lastError: 'cannot reach the department system (ECONNREFUSED)',
    });
  });
});
