import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  CREATE_CONNECTOR,
  createConnector,
  eventually,
  fastDelivery,
  listDeliveries,
  recordEvents,
  uniqueName,
  webhookInput,
} from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('an outbound connector registered with deliverFrom receives the history since then', () => {
  let hub: TestHub;
  const withHistory = new DepartmentPeer();
  const withoutHistory = new DepartmentPeer();
  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
    await withHistory.up();
    await withoutHistory.up();
  });
  afterAll(async () => {
    await withHistory.down();
    await withoutHistory.down();
    await hub.stop();
  });

  /** Records events as a domain write does, then dates them back to when they happened. */
  const recordedDaysAgo = async (
    departmentCode: string,
    daysAgo: number,
    event: { type: string; key: string; payload?: Record<string, unknown> },
  ) => {
    const [id] = await recordEvents(hub.orm, departmentCode, [event]);
    await hub.orm.em
      .fork()
      .execute(`update outbox_event set created_at = now() - cast(? as integer) * interval '1 day' where id = ?`, [daysAgo, id]);
    return id;
  };

  it('delivers the past year of its types and department, in order per record, and nothing older', async () => {
    // The tax bureau joins the hub late; the registrations of the past year are already recorded.
    const tooOld = await recordedDaysAgo('SW', 400, { type: 'enterprise.registered', key: 'HIST-0' });
    const registered = await recordedDaysAgo('SW', 300, { type: 'enterprise.registered', key: 'HIST-1', payload: { step: 1 } });
    const changed = await recordedDaysAgo('SW', 200, { type: 'enterprise.changed', key: 'HIST-1', payload: { step: 2 } });
    const other = await recordedDaysAgo('SW', 100, { type: 'enterprise.registered', key: 'HIST-2' });
    const notCarried = await recordedDaysAgo('SW', 100, { type: 'licence.issued', key: 'HIST-2' });
    const otherDepartment = await recordedDaysAgo('RS', 100, { type: 'enterprise.registered', key: 'HIST-3' });

    const from = new Date(Date.now() - 365 * DAY_MS);
    const history = await graphql<{ createConnector: { id: string; deliverFrom: string } }>(
      hub.url,
      'mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id deliverFrom } }',
      { token: hub.tokens.admin, variables: { input: { ...webhookInput('SW', withHistory.url), deliverFrom: from.toISOString() } } },
    );
    expect(history.body.errors).toBeUndefined();
    const connector = history.body.data!.createConnector;
    expect(new Date(connector.deliverFrom).getTime()).toBe(from.getTime());
    // The same department's connector registered without it starts from its creation.
    const plain = await createConnector(hub, webhookInput('SW', withoutHistory.url));
    const [fresh] = await recordEvents(hub.orm, 'SW', [{ type: 'enterprise.registered', key: 'HIST-4' }]);

    const delivered = await eventually(
      () => listDeliveries(hub, { connectorId: connector.id }),
      (list) => list.length === 4 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    expect(new Set(delivered.map((delivery) => delivery.eventId))).toEqual(new Set([registered, changed, other, fresh]));
    expect(new Set(withHistory.accepted.map((request) => request.eventId))).toEqual(new Set([registered, changed, other, fresh]));
    for (const id of [tooOld, notCarried, otherDepartment])
      expect(withHistory.received.map((request) => request.eventId)).not.toContain(id);
    expect(
      withHistory.accepted.filter((request) => request.body.aggregateKey === 'HIST-1').map((request) => request.body.data.step),
    ).toEqual([1, 2]);

    // Fan-out goes by sequence, so once the new event reached it, no older one is still to come.
    await eventually(
      () => listDeliveries(hub, { connectorId: plain.id }),
      (list) => list.length > 0 && list.every((delivery) => delivery.status === 'DELIVERED'),
    );
    expect((await listDeliveries(hub, { connectorId: plain.id })).map((delivery) => delivery.eventId)).toEqual([fresh]);
    expect(withoutHistory.accepted.map((request) => request.eventId)).toEqual([fresh]);
  }, 60_000);

  it('refuses history from the future, or for an inbound connector, naming the field and writing nothing', async () => {
    const connectorCount = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from connector'))[0].n);
    const before = await connectorCount();
    const create = (input: Record<string, unknown>, token = hub.tokens.admin) =>
      graphql(hub.url, CREATE_CONNECTOR, { token, variables: { input } });

    const future = await create({ ...webhookInput('SW', withHistory.url), deliverFrom: new Date(Date.now() + DAY_MS).toISOString() });
    expect(future.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.deliverFrom' });
    expect(future.body.errors?.[0].message).toMatch(/in the future/);

    const inbound = await create({
      name: uniqueName('sw-inbound'),
      kind: 'INBOUND_WEBHOOK',
      departmentCode: 'SW',
      eventTypes: ['enterprise'],
      config: {},
      secrets: { hmacSecret: 'test-secret-0123456789abcdef' },
      deliverFrom: new Date(Date.now() - DAY_MS).toISOString(),
    });
    expect(inbound.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.deliverFrom' });
    expect(inbound.body.errors?.[0].message).toMatch(/outbound/);

    // Asking for history is the admin's: a department system cannot register a connector at all.
    const asSystem = await create(
      { ...webhookInput('SW', withHistory.url), deliverFrom: new Date(Date.now() - DAY_MS).toISOString() },
      hub.tokens.system.SW,
    );
    expect(asSystem.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await connectorCount()).toBe(before);
  });
});
