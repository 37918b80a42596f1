import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorMetrics } from '../../connectors/metrics.js';
import { startDeliveryWorkers } from '../../connectors/worker.js';
import { createLogger } from '../../support/logger.js';
import { initOrm } from '../../server/orm.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, listDeliveries, recordEvents, webhookInput } from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

describe('several workers on one outbox', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 3, pollMs: 10, leaseMs: 10_000, batchSize: 4 } });
    await peer.up();
  });
  afterAll(async () => {
    await peer.down();
    await hub.stop();
  });

  it('never deliver one claim twice at once, and deliver every event exactly once when nothing fails', async () => {
    // A second "process": its own ORM and connection pool on the same database, three more loops.
    const orm = await initOrm(hub.database.config);
    const other = startDeliveryWorkers({
      orm,
      logger: createLogger('silent'),
      settings: { workers: 3, pollMs: 10, leaseMs: 10_000, batchSize: 4 },
      metrics: createConnectorMetrics(new Registry(), orm),
    });
    try {
      peer.set({ kind: 'slow', delayMs: 30 });
      const connector = await createConnector(hub, webhookInput('SW', peer.url));
      const ids = await recordEvents(
        hub.orm,
        'SW',
        Array.from({ length: 60 }, (_, index) => ({ type: 'enterprise.registered', key: `PARALLEL-${index % 20}`, payload: { index } })),
      );
      await eventually(
        () => listDeliveries(hub, { connectorId: connector.id }),
        (list) => list.length === 60 && list.every((delivery) => delivery.status === 'DELIVERED'),
        60_000,
      );
      expect(peer.overlaps).toBe(0);
      expect(peer.accepted.map((request) => request.eventId).sort()).toEqual([...ids].sort());
      for (let key = 0; key < 20; key += 1) {
        const order = peer.accepted
          .filter((request) => request.body.aggregateKey === `PARALLEL-${key}`)
          .map((request) => request.body.data.index);
        expect(order).toEqual([key, key + 20, key + 40]);
      }
    } finally {
      await other.stop();
      await orm.close(true);
    }
  }, 90_000);
});
