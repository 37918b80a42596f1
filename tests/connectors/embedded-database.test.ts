import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, listDeliveries, recordEvents, webhookInput } from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

/** `npm start` with nothing configured runs on embedded PGlite: the outbox must work there too. */
describe('outbox delivery on the embedded database (PGlite)', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub({ database: { driver: 'pglite', dataDir: 'memory://' }, delivery: { workers: 2, pollMs: 25, leaseMs: 5_000, batchSize: 5 } });
    await peer.up();
  }, 120_000);
  afterAll(async () => {
    await peer.down();
    await hub.stop();
  });

  it('claims, delivers in per-record order, retries and dead-letters as on PostgreSQL', async () => {
    peer.set({ kind: 'status', status: 503 });
    const connector = await createConnector(hub, webhookInput('SW', peer.url, { maxAttempts: 100 }));
    const ids = await recordEvents(
      hub.orm,
      'SW',
      Array.from({ length: 12 }, (_, index) => ({ type: index < 4 ? 'enterprise.registered' : 'enterprise.changed', key: `EMBEDDED-${index % 4}`, payload: { index } })),
    );
    await eventually(() => listDeliveries(hub, { connectorId: connector.id }), (list) => list.length === 12 && list.some((delivery) => delivery.attempts >= 2));
    peer.set({ kind: 'ok' });
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 12 && list.every((delivery) => delivery.status === 'DELIVERED'),
      30_000,
    );
    expect(new Set(peer.accepted.map((request) => request.eventId))).toEqual(new Set(ids));
    for (let key = 0; key < 4; key += 1) {
      expect(peer.accepted.filter((request) => request.body.aggregateKey === `EMBEDDED-${key}`).map((request) => request.body.data.index)).toEqual([key, key + 4, key + 8]);
    }
  }, 60_000);
});
