import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationReceipt } from '../../../entities/registration-receipt.js';
import { graphql } from '../../support/graphql-client.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { registerOk } from '../../registration/registration-fixtures.js';
import { createConnector, eventually, fastDelivery, listDeliveries, webhookInput } from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';
import { expectNothingLostAndInOrder, recordSpread, type RecordedEvent } from './delivery-invariants.js';

const HEALTH = `query($id: ID) { connectorHealth(connectorId: $id) {
  healthy circuit nextProbeAt consecutiveFailures backlog inFlight stalled retrying deadLetters delivered lastError } }`;

/**
 * A department's system down far longer than the old budget of eight attempts (~2 s at these
 * compressed intervals: backoff 50–400 ms; the horizon stands in for 72 h). Nothing may be lost
 * or dead-lettered, receipts must say RETRYING, the circuit must spare the failing system, and
 * recovery must drain at once.
 */
describe('fault: a department system down longer than the old retry budget', () => {
  let hub: TestHub;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
    await peer.up();
  });
  afterAll(async () => {
    await peer.down();
    await hub.stop();
  });

  const health = async (id: string) => {
    const response = await graphql<{ connectorHealth: Array<Record<string, any>> }>(hub.url, HEALTH, {
      token: hub.tokens.admin,
      variables: { id },
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.connectorHealth[0];
  };
  const metric = async (name: string, connector: string) => {
    const text = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
    const match = new RegExp(`^${name}\\{connector="${connector}"\\} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const receiptsOf = (uscc: string) =>
    hub.orm.em.fork().findOneOrFail(RegistrationReceipt, { registration: { enterprise: { uscc } }, department: { code: 'SW' } });

  it('keeps retrying by time behind an open circuit, says RETRYING, and drains everything in order once the system is back', async () => {
    peer.set({ kind: 'status', status: 503 });
    const connector = await createConnector(
      hub,
      webhookInput(
        'SW',
        peer.url,
        {},
        { backoffBaseMs: 50, backoffMaxMs: 400, retryHorizonMs: 120_000, circuitFailureThreshold: 3, circuitProbeMs: 300, concurrency: 4 },
      ),
    );
    const enterprise = await registerOk(hub);
    const events: RecordedEvent[] = await recordSpread(hub.orm, 'SW', 'OUTAGE', 30, 6);

    // The circuit opens after three failures in a row.
    const opened = await eventually(
      () => health(connector.id),
      (row) => row.circuit === 'OPEN',
    );
    expect(opened).toMatchObject({ healthy: false, deadLetters: 0 });
    expect(opened.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(opened.lastError).toContain('HTTP 503');
    const receivedAtOpening = peer.received.length;

    // More than twice the old budget passes, and events keep arriving meanwhile.
    const later = await recordSpread(hub.orm, 'SW', 'OUTAGE-LATE', 6, 3);
    await new Promise((resolve) => setTimeout(resolve, 4_500));

    const during = await listDeliveries(hub, { connectorId: connector.id });
    expect(during).toHaveLength(37);
    expect(during.filter((delivery) => delivery.status === 'DEAD')).toEqual([]);
    // Only probes reach a system known to be failing: not every event, not every retry.
    const sentWhileOpen = peer.received.length - receivedAtOpening;
    expect(sentWhileOpen).toBeLessThan(during.length);
    console.info(
      `outage: ${receivedAtOpening} requests until the circuit opened, ${sentWhileOpen} probes in the next ~4.5 s for ${during.length} waiting events`,
    );

    const receipt = await receiptsOf(enterprise.uscc);
    expect(receipt.status).toBe('RETRYING');
    expect(receipt.nextAttemptAt).toBeInstanceOf(Date);
    expect(receipt.lastError).toContain('HTTP 503');
    // A registration made while the circuit is open is not sent, yet its receipt says why it waits.
    const registeredWhileOpen = await registerOk(hub);
    const waiting = await eventually(
      () => receiptsOf(registeredWhileOpen.uscc),
      (found) => found.status === 'RETRYING',
    );
    expect(waiting.nextAttemptAt).toBeInstanceOf(Date);
    expect(waiting.lastError).toContain('HTTP 503');

    const open = await health(connector.id);
    expect(open).toMatchObject({ circuit: 'OPEN', healthy: false, deadLetters: 0, backlog: 38 });
    expect(Date.parse(open.nextProbeAt)).toBeGreaterThan(0);
    // One backlog everywhere: the gauge says what the API says.
    expect(await metric('hub_connector_backlog', connector.name)).toBe(38);
    expect(await metric('hub_connector_circuit_open', connector.name)).toBe(1);

    peer.set({ kind: 'ok' });
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.every((delivery) => delivery.status === 'DELIVERED'),
      30_000,
    );
    const registrations = [enterprise, registeredWhileOpen].map((registered) => {
      const request = peer.accepted.find((found) => found.body.aggregateKey === registered.uscc)!;
      return { id: request.eventId, key: registered.uscc, recordedAt: 0 };
    });
    expectNothingLostAndInOrder(peer, [...events, ...later, ...registrations]);

    expect((await receiptsOf(registeredWhileOpen.uscc)).status).toBe('DELIVERED');
    expect((await receiptsOf(enterprise.uscc)).status).toBe('DELIVERED');
    expect((await receiptsOf(enterprise.uscc)).nextAttemptAt).toBeNull();
    const closed = await health(connector.id);
    expect(closed).toMatchObject({
      circuit: 'CLOSED',
      healthy: true,
      backlog: 0,
      retrying: 0,
      deadLetters: 0,
      delivered: 38,
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(await metric('hub_connector_backlog', connector.name)).toBe(0);
    expect(await metric('hub_connector_circuit_open', connector.name)).toBe(0);
  }, 60_000);

  it('dead-letters only past the retry horizon, and says so', async () => {
    peer.set({ kind: 'status', status: 502 });
    const connector = await createConnector(
      hub,
      webhookInput('RS', peer.url, {}, { backoffBaseMs: 50, backoffMaxMs: 100, retryHorizonMs: 1_000, circuitFailureThreshold: 1_000 }),
    );
    const [event] = await recordSpread(hub.orm, 'RS', 'HORIZON', 1, 1);
    const [dead] = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery?.status === 'DEAD',
    );
    expect(dead.eventId).toBe(event.id);
    expect(dead.lastError).toMatch(/^gave up after failing for \d+(\.\d)? s \(retry horizon 1 s, \d+ attempts\): HTTP 502/);
    expect(dead.history.length).toBeGreaterThan(2);
    expect(dead.history.every((attempt) => attempt.outcome === 'RETRY')).toBe(true);
    // Failing for less than the horizon was retried, not given up.
    const first = Date.parse(dead.history[0].finishedAt);
    const beforeLast = dead.history.at(-2)!;
    expect(Date.parse(beforeLast.finishedAt) - first).toBeLessThan(1_000 + 100);
  });
  it('believes a Retry-After for the whole connector: new events wait for it too, then all go at once', async () => {
    peer.set({ kind: 'status', status: 503, retryAfter: '3' });
    peer.received.length = 0;
    const connector = await createConnector(
      hub,
      webhookInput('ZJ', peer.url, {}, { circuitFailureThreshold: 1_000, circuitProbeMs: 60_000 }),
    );
    const first = await recordSpread(hub.orm, 'ZJ', 'PAUSE-A', 1, 1);
    const paused = await eventually(
      () => health(connector.id),
      (row) => row.circuit === 'OPEN',
    );
    // One failure opened it: the peer asked for a pause, which is not a threshold to reach.
    expect(paused.consecutiveFailures).toBe(1);
    const probeIn = Date.parse(paused.nextProbeAt) - Date.now();
    expect(probeIn).toBeGreaterThan(1_000);
    expect(probeIn).toBeLessThanOrEqual(3_000);

    const more = await recordSpread(hub.orm, 'ZJ', 'PAUSE-B', 5, 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Not one of the new events went to the system that asked for the pause.
    expect(peer.received).toHaveLength(1);

    peer.set({ kind: 'ok' });
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 6 && list.every((delivery) => delivery.status === 'DELIVERED'),
      20_000,
    );
    expectNothingLostAndInOrder(peer, [...first, ...more]);
    expect((await health(connector.id)).circuit).toBe('CLOSED');
  });
  it('turns the receipts of registrations waiting behind an open circuit to RETRYING, with the next probe as their next attempt', async () => {
    peer.set({ kind: 'status', status: 503, retryAfter: '60' });
    const connector = await createConnector(hub, webhookInput('TJ', peer.url, { enabled: false }, { concurrency: 1 }));
    const registered = [await registerOk(hub), await registerOk(hub), await registerOk(hub)];
    const enabled = await graphql(hub.url, 'mutation($id: ID!) { updateConnector(id: $id, input: { enabled: true }) { enabled } }', {
      token: hub.tokens.admin,
      variables: { id: connector.id },
    });
    expect(enabled.body.errors).toBeUndefined();

    const opened = await eventually(
      () => health(connector.id),
      (row) => row.circuit === 'OPEN',
    );
    const deliveries = await listDeliveries(hub, { connectorId: connector.id });
    expect(deliveries.map((delivery) => delivery.attempts).sort()).toEqual([0, 0, 1]);
    const receipts = await Promise.all(
      registered.map((enterprise) =>
        hub.orm.em
          .fork()
          .findOneOrFail(RegistrationReceipt, { registration: { enterprise: { uscc: enterprise.uscc } }, department: { code: 'TJ' } }),
      ),
    );
    for (const receipt of receipts) {
      expect(receipt.status).toBe('RETRYING');
      expect(receipt.lastError).toContain('HTTP 503');
      expect(receipt.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(opened.nextProbeAt) - 1);
    }
    await hub.orm.em.fork().execute(`update connector set enabled = false where id = ?`, [connector.id]);
  });
});
