import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.js';
import { createConnector, eventually, listDeliveries, webhookInput } from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';
import { expectNothingLostAndInOrder, recordSpread } from './delivery-invariants.js';

/**
 * The hub's PostgreSQL server itself restarts mid-delivery — stopped as by a crash (no checkpoint,
 * every connection cut) and started again — on a server of the test's own. Whatever was claimed,
 * answered or committed when it went down, every event still reaches the department, in order per
 * record.
 */
describe('fault: the PostgreSQL server restarted mid-delivery', () => {
  let postgres: ThrowawayPostgres | null = null;
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    if (!postgres) return;
    hub = await startTestHub({
      database: {
        driver: 'postgresql',
        url: await postgres.createDatabase('hub'),
        poolMax: 6,
        timeouts: { connectMs: 1_000, statementMs: 5_000, queryMs: 6_000 },
      },
      delivery: { workers: 1, pollMs: 25, leaseMs: 4_000, batchSize: 10 },
    });
    await peer.up();
  }, 120_000);
  afterAll(async () => {
    await peer.down();
    await hub?.stop();
    await postgres?.destroy();
  });

  it('delivers every event once the server is back: nothing lost, per-record order kept', async () => {
    if (!postgres) return; // needs the machine's PostgreSQL server binaries
    peer.set({ kind: 'slow', delayMs: 500 });
    const connector = await createConnector(hub, webhookInput('TJ', peer.url, {}, { concurrency: 5 }));
    const events = await recordSpread(hub.orm, 'TJ', 'PGRESTART', 20, 5);
    await eventually(
      () => peer.received.filter((request) => !request.answered).length,
      (open) => open >= 3,
    );

    await postgres.stop();
    // Answers arrive while the server is down; new attempts cannot be claimed.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await postgres.start();
    peer.set({ kind: 'ok' });

    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 20 && list.every((delivery) => delivery.status === 'DELIVERED'),
      60_000,
    );
    expectNothingLostAndInOrder(peer, events);
    expect(new Set(peer.received.map((request) => request.eventId)).size).toBe(20);
  }, 120_000);
});
