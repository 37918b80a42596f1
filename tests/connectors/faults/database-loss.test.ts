import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { createConnector, eventually, listDeliveries, webhookInput } from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';
import { expectNothingLostAndInOrder, recordSpread } from './delivery-invariants.js';

/**
 * The hub's database goes away while the department is still answering: every connection is cut
 * and none accepted for a while. The answers that arrive meanwhile cannot be written down; the
 * hub keeps them and writes them once the database is back, so nothing is sent twice.
 */
describe('fault: the database lost mid-delivery', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 1, pollMs: 25, leaseMs: 8_000, batchSize: 10 } });
    await peer.up();
  });
  afterAll(async () => {
    await peer.down();
    await hub.stop();
  });

  it('records the outcomes that came in while it was away, once it is back: nothing lost, nothing sent twice', async () => {
    if (!hub.database.url) return; // needs the PostgreSQL server
    const name = new URL(hub.database.url).pathname.slice(1);
    const admin = new Client({ connectionString: hub.database.url.replace(`/${name}`, '/postgres') });
    await admin.connect();
    try {
      peer.set({ kind: 'slow', delayMs: 1_000 });
      const connector = await createConnector(hub, webhookInput('TJ', peer.url, {}, { concurrency: 5 }));
      const events = await recordSpread(hub.orm, 'TJ', 'DBLOSS', 15, 5);
      await eventually(
        () => peer.received.filter((request) => !request.answered).length,
        (open) => open >= 3,
      );

      await admin.query(`alter database ${name} with allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
      // The slow answers arrive while nothing can be written.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await admin.query(`alter database ${name} with allow_connections true`);
      peer.set({ kind: 'ok' });

      await eventually(
        () => listDeliveries(hub, { connectorId: connector.id }),
        (list) => list.length === 15 && list.every((delivery) => delivery.status === 'DELIVERED'),
        40_000,
      );
      expectNothingLostAndInOrder(peer, events);
      // Answered attempts were written down late rather than sent again. (A claim whose commit was
      // cut off in flight may still come back through its lease, marked possibly delivered: it
      // was never sent, so it arrives once.)
      const copies = new Map<string, number>();
      for (const request of peer.received) copies.set(request.eventId, (copies.get(request.eventId) ?? 0) + 1);
      expect([...copies.entries()].filter(([, count]) => count > 1)).toEqual([]);
    } finally {
      await admin.query(`alter database ${name} with allow_connections true`).catch(() => {});
      await admin.end();
    }
  }, 90_000);
});
