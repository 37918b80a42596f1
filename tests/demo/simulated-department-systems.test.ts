import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSimulatedSystems } from '../../demo/simulated-department-systems.js';
import { sign } from '../../domain/connectors/signature.js';
import { eventually, fastDelivery } from '../connectors/connector-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';

const STATE = `
  query($uscc: String!) { enterprise(uscc: $uscc) {
    taxpayerType taxAuthority insuredEmployees statisticsUnitCode
    registrations { kind receipts { department { code } status } }
  } }
`;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub(fastDelivery);
  expect(await connectSimulatedSystems(hub.orm.em.fork(), `http://127.0.0.1:${hub.port}`)).toBe(8);
});
afterAll(() => hub?.stop());

describe('the demo’s simulated department systems', () => {
  it('take a registration in through real connectors: delivered, acknowledged, and their own facts sent back', async () => {
    const enterprise = await registerOk(hub);
    const state = await eventually(
      async () =>
        (await graphql<any>(hub.url, STATE, { token: hub.tokens.admin, variables: { uscc: enterprise.uscc } })).body.data!.enterprise,
      (value) =>
        value.registrations[0].receipts.every((receipt: any) => receipt.status === 'ACKNOWLEDGED') &&
        value.statisticsUnitCode !== null &&
        value.taxpayerType !== null &&
        value.insuredEmployees !== null,
    );
    expect(state.registrations[0].receipts.map((receipt: any) => receipt.department.code).sort()).toEqual(['RS', 'SW', 'TJ', 'ZJ']);
    expect(state).toMatchObject({
      taxpayerType: 'SMALL_SCALE',
      insuredEmployees: 0,
      taxAuthority: '国家税务总局广元市昭化区税务局',
      statisticsUnitCode: enterprise.uscc.slice(8, 17),
    });
    // A department may acknowledge (inbound) before the hub has written down its delivery's answer.
    const delivered = await eventually(
      async () => {
        const deliveries = await graphql<any>(
          hub.url,
          `
            {
              deliveries(first: 50) {
                nodes {
                  status
                  eventType
                }
              }
            }
          `,
          { token: hub.tokens.admin },
        );
        expect(deliveries.body.errors).toBeUndefined();
        return deliveries.body.data.deliveries.nodes.filter(
          (delivery: any) => delivery.eventType === 'enterprise.registered' && delivery.status === 'DELIVERED',
        );
      },
      (list) => list.length >= 4,
    );
    expect(delivered).toHaveLength(4);
  });

  it('answer only what the hub signed with their connector’s secret', async () => {
    const body = JSON.stringify({
      id: 'forged',
      type: 'enterprise.registered',
      data: { registrationId: '00000000-0000-7000-8000-000000000000' },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const forged = await fetch(`${hub.url}/demo/systems/SW/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-timestamp': timestamp,
        'x-hub-signature': sign('not the connector secret', timestamp, body),
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it('are connected once, and follow the hub to another port', async () => {
    expect(await connectSimulatedSystems(hub.orm.em.fork(), `http://127.0.0.1:${hub.port}`)).toBe(0);
    await connectSimulatedSystems(hub.orm.em.fork(), 'http://127.0.0.1:1');
    const [{ url }] = await hub.orm.em
      .fork()
      .execute<Array<{ url: string }>>(`select config->>'url' as url from connector where name = 'demo-sw-system'`);
    expect(url).toBe('http://127.0.0.1:1/demo/systems/SW/events');
    await connectSimulatedSystems(hub.orm.em.fork(), `http://127.0.0.1:${hub.port}`);
  });
});
