import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { createConnector, eventually, listDeliveries, webhookInput } from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';
import { expectNothingLostAndInOrder, medianLatencyMs, recordSpread } from './delivery-invariants.js';

/**
 * Bulkheads: the tax system hangs (takes requests in and never answers) while the
 * social-insurance system works. Each connector has its own concurrency and timeout, so the hung
 * one holds only its own slots and the healthy one gets its events as if nothing were wrong.
 */
describe('fault: one department system hung beside a healthy one', () => {
  let hub: TestHub;
  const hung = new DepartmentPeer();
  const healthy = new DepartmentPeer();
  beforeAll(async () => {
    // One claim loop of few slots: without bulkheads the hung system would take all of them.
    hub = await startTestHub({ delivery: { workers: 1, pollMs: 25, leaseMs: 3_000, batchSize: 8 } });
    await hung.up();
    await healthy.up();
  });
  afterAll(async () => {
    await hung.down();
    await healthy.down();
    await hub.stop();
  });

  it('delivers every event to the healthy department while the hung one holds only its own two slots, then catches up in order', async () => {
    hung.set({ kind: 'hang' });
    const tax = await createConnector(
      hub,
      webhookInput('SW', hung.url, {}, { timeoutMs: 1_000, concurrency: 2, circuitFailureThreshold: 1_000 }),
    );
    const insurance = await createConnector(hub, webhookInput('RS', healthy.url, {}, { concurrency: 4 }));

    const taxEvents = [];
    const insuranceEvents = [];
    for (let round = 0; round < 4; round += 1) {
      taxEvents.push(...(await recordSpread(hub.orm, 'SW', `HUNG-${round}`, 10, 5)));
      insuranceEvents.push(...(await recordSpread(hub.orm, 'RS', `FINE-${round}`, 10, 5)));
    }
    await eventually(
      () => listDeliveries(hub, { connectorId: insurance.id }),
      (list) => list.length === 40 && list.every((delivery) => delivery.status === 'DELIVERED'),
      30_000,
    );
    expectNothingLostAndInOrder(healthy, insuranceEvents);
    const median = medianLatencyMs(healthy, insuranceEvents);
    console.info(
      `hung neighbour: healthy department got 40/40 events, median latency ${median} ms; hung department held at most ${hung.maxOpen} requests open`,
    );
    // Generous: a hung neighbour would push it to its 1 s timeout per slot wave and beyond.
    expect(median).toBeLessThan(5_000);
    expect(hung.maxOpen).toBeLessThanOrEqual(2);

    const waiting = await eventually(
      () => listDeliveries(hub, { connectorId: tax.id }),
      (list) => list.some((delivery) => delivery.history.some((attempt) => attempt.error === 'no answer within 1000 ms')),
    );
    expect(waiting.filter((delivery) => delivery.status === 'DELIVERED' || delivery.status === 'DEAD')).toEqual([]);

    hung.set({ kind: 'ok' });
    await eventually(
      () => listDeliveries(hub, { connectorId: tax.id }),
      (list) => list.length === 40 && list.every((delivery) => delivery.status === 'DELIVERED'),
      40_000,
    );
    expectNothingLostAndInOrder(hung, taxEvents);
  }, 90_000);
});
