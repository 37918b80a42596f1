import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundEm } from '../../connectors/background.js';
import { claimDeliveries } from '../../connectors/delivery-claims-store.js';
import { fanOutEvents } from '../../connectors/fan-out.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, recordEvents, webhookInput } from './connector-fixtures.js';

const HEALTH = `query($id: ID) { connectorHealth(connectorId: $id) { healthy circuit backlog inFlight stalled retrying deadLetters lastError } }`;

/** connectorHealth is read from the deliveries as they are, with the same backlog as the gauge. */
describe('connector health from live state', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // No workers: the test plays a worker that claims and then dies.
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const health = async (id: string) => {
    const response = await graphql<{ connectorHealth: Array<Record<string, unknown>> }>(hub.url, HEALTH, {
      token: hub.tokens.dashboard,
      variables: { id },
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.connectorHealth[0];
  };
  const gauge = async (name: string, connector: string) => {
    const text = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
    return Number(new RegExp(`^${name}\\{connector="${connector}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
  };

  it('shows a claim whose worker died as stalled (not healthy) until it is taken over, and counts it in the backlog everywhere', async () => {
    const connector = await createConnector(hub, webhookInput('SW', 'http://127.0.0.1:9/never'));
    await recordEvents(hub.orm, 'SW', [
      { type: 'enterprise.registered', key: 'STALL-1' },
      { type: 'enterprise.registered', key: 'STALL-2' },
      { type: 'enterprise.registered', key: 'STALL-3' },
    ]);
    await fanOutEvents(backgroundEm(hub.orm));
    expect(await health(connector.id)).toEqual({
      healthy: true,
      circuit: 'CLOSED',
      backlog: 3,
      inFlight: 0,
      stalled: 0,
      retrying: 0,
      deadLetters: 0,
      lastError: null,
    });

    // A worker claims two under a short lease and dies: no heartbeat renews it.
    const claim = await claimDeliveries(backgroundEm(hub.orm), 2, 300);
    expect(claim.deliveryIds).toHaveLength(2);
    expect(await health(connector.id)).toMatchObject({ healthy: true, backlog: 3, inFlight: 2, stalled: 0 });
    const stalled = await eventually(
      () => health(connector.id),
      (row) => row.stalled === 2,
    );
    expect(stalled).toMatchObject({ healthy: false, backlog: 3, inFlight: 0 });
    expect(await gauge('hub_connector_backlog', connector.name)).toBe(3);
    expect(await gauge('hub_connector_in_flight', connector.name)).toBe(0);

    // The next claim takes them over, writing down that their outcome is unknown.
    const takeover = await claimDeliveries(backgroundEm(hub.orm), 5, 60_000);
    expect(takeover.deliveryIds).toHaveLength(3);
    expect(await health(connector.id)).toMatchObject({ healthy: true, backlog: 3, inFlight: 3, stalled: 0 });
    const rows = (await hub.orm.em.fork().execute(
      `select d.possibly_delivered, count(a.id) filter (where a.outcome = 'UNKNOWN') as unknown
         from delivery d left join delivery_attempt a on a.delivery_id = d.id where d.connector_id = ? group by d.id, d.possibly_delivered`,
      [connector.id],
    )) as Array<{ possibly_delivered: boolean; unknown: string }>;
    expect(rows.map((row) => [row.possibly_delivered, Number(row.unknown)]).sort()).toEqual([
      [false, 0],
      [true, 1],
      [true, 1],
    ]);
  });
});
