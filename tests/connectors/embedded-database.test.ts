import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPullScheduler } from '../../connectors/inbound/pull-scheduler.js';
import { createConnectorMetrics } from '../../connectors/metrics.js';
import { createLogger } from '../../support/logger.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, listDeliveries, recordEvents, uniqueName, webhookInput } from './connector-fixtures.js';
import { DealsFeed, deal, feedConnectorInput } from './deals-feed.js';
import { DepartmentPeer } from './department-peer.js';

/** `npm start` with nothing configured runs on embedded PGlite: the outbox and pull leases must work there too. */
describe('outbox delivery on the embedded database (PGlite)', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub({
      database: { driver: 'pglite', dataDir: 'memory://' },
      delivery: { workers: 2, pollMs: 25, leaseMs: 5_000, batchSize: 5 },
    });
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
      Array.from({ length: 12 }, (_, index) => ({
        type: index < 4 ? 'enterprise.registered' : 'enterprise.changed',
        key: `EMBEDDED-${index % 4}`,
        payload: { index },
      })),
    );
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 12 && list.some((delivery) => delivery.attempts >= 2),
    );
    peer.set({ kind: 'ok' });
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 12 && list.every((delivery) => delivery.status === 'DELIVERED'),
      30_000,
    );
    expect(new Set(peer.accepted.map((request) => request.eventId))).toEqual(new Set(ids));
    for (let key = 0; key < 4; key += 1) {
      expect(
        peer.accepted.filter((request) => request.body.aggregateKey === `EMBEDDED-${key}`).map((request) => request.body.data.index),
      ).toEqual([key, key + 4, key + 8]);
    }
  }, 60_000);

  it('runs the pull passes of two schedulers one at a time through the lease row', async () => {
    const feed = new DealsFeed();
    await feed.start();
    // A second scheduler beside the hub's: only the lease row keeps them apart.
    const orm = hub.orm;
    const other = startPullScheduler({
      orm,
      logger: createLogger('silent'),
      metrics: createConnectorMetrics(new Registry(), orm),
      tickMs: 20,
      leaseMs: 5_000,
    });
    try {
      feed.delayMs = 40;
      for (let index = 1; index <= 8; index += 1) feed.deals.push(deal(`GGZY-2026-E0${index}`, `${index}00.00`));
      const connector = await createConnector(hub, feedConnectorInput(uniqueName('ggzy-embedded'), feed));
      const holders = new Set<string>();
      await eventually(
        async () => {
          const [row] = await orm.em.fork().execute('select cursor, pull_lease_owner from connector where id = ?', [connector.id]);
          if (row.pull_lease_owner) holders.add(String(row.pull_lease_owner).replace(/:\d+$/, ''));
          return { cursor: row.cursor, tail: feed.requests.filter((request) => request.since === 8).length, holders: holders.size };
        },
        (state) => state.cursor === '8' && state.tail >= 4 && state.holders >= 2,
        30_000,
      );
      expect(feed.maxConcurrent).toBe(1);
      expect(feed.requests.filter((request) => request.since < 8).map((request) => request.since)).toEqual([0, 2, 4, 6]);
      await orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
    } finally {
      await other.stop();
      await feed.stop();
    }
  }, 60_000);
});
