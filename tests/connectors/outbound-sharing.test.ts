import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, fastDelivery, listDeliveries, recordEvents, webhookInput } from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

describe('outbound payloads follow the sharing policy', () => {
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

  it('leaves out of a delivery the fields the receiving department may not read', async () => {
    const set = await graphql(
      hub.url,
      'mutation($input: SetFieldSharingInput!) { setFieldSharing(input: $input) { typeName fieldName level } }',
      {
        token: hub.tokens.admin,
        variables: { input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' } },
      },
    );
    expect(set.body.errors).toBeUndefined();
    const connector = await createConnector(hub, webhookInput('TJ', peer.url));
    const enterprise = { uscc: '91510811MA00000154', name: '昭化区分公司', parentUscc: '91350100M000100Y43', status: 'ACTIVE' };
    const [eventId] = await recordEvents(hub.orm, 'TJ', [
      { type: 'enterprise.registered', key: enterprise.uscc, payload: { registrationId: 'not-a-registration', enterprise } },
    ]);
    await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      ([delivery]) => delivery?.status === 'DELIVERED',
    );
    const [received] = peer.accepted;
    expect(received.eventId).toBe(eventId);
    expect(received.body.data).toEqual({
      registrationId: 'not-a-registration',
      enterprise: { uscc: enterprise.uscc, name: enterprise.name, status: 'ACTIVE' },
    });
  });
});
