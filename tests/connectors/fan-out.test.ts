import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FanOutState, fanOutEvents } from '../../connectors/fan-out.js';
import { recordOutboxEvents } from '../../domain/outbox/record-event.js';
import { Department } from '../../entities/department.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, recordEvents, webhookInput } from './connector-fixtures.js';

describe('fan-out of outbox events into deliveries', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } });
  });
  afterAll(() => hub.stop());

  const fannedOut = async (connectorId: string) =>
    (
      (await hub.orm.em
        .fork()
        .execute('select event_id from delivery where connector_id = ? order by event_sequence', [connectorId])) as Array<{
        event_id: string;
      }>
    ).map((row) => row.event_id);

  it('picks up an event whose transaction commits after a later event was already fanned out', async () => {
    const connector = await createConnector(
      hub,
      webhookInput('SW', 'https://tax.example/hub', { eventTypes: ['enterprise.registered', 'licence.*'] }),
    );
    const state = new FanOutState();
    const [first] = await recordEvents(hub.orm, 'SW', [{ type: 'enterprise.registered', key: 'LATE-1' }]);
    await fanOutEvents(hub.orm.em.fork(), state);
    expect(await fannedOut(connector.id)).toEqual([first]);

    // A writer takes its sequence now but commits later…
    const slow = hub.orm.em.fork();
    await slow.begin();
    const department = await slow.findOneOrFail(Department, { code: 'SW' });
    const [late] = recordOutboxEvents(
      slow,
      { eventType: 'licence.issued', aggregateType: 'licence', aggregateKey: 'LATE-2', payload: {} },
      [department],
    );
    await slow.flush();
    // …while a later event commits and is fanned out, moving the high-water mark past the slow one.
    const [later] = await recordEvents(hub.orm, 'SW', [{ type: 'enterprise.registered', key: 'LATE-3' }]);
    await fanOutEvents(hub.orm.em.fork(), state);
    expect(await fannedOut(connector.id)).toEqual([first, later]);

    await slow.commit();
    await fanOutEvents(hub.orm.em.fork(), state);
    expect(await fannedOut(connector.id)).toEqual([first, late.id, later]);
  });

  it('fans out only the event types a connector carries, once, whatever the number of passes', async () => {
    const connector = await createConnector(hub, webhookInput('RS', 'https://rs.example/hub', { eventTypes: ['enterprise.registered'] }));
    const ids = await recordEvents(hub.orm, 'RS', [
      { type: 'enterprise.registered', key: 'TYPES-1' },
      { type: 'enterprise.changed', key: 'TYPES-1' },
      { type: 'enterprise.registered_branch', key: 'TYPES-2' },
    ]);
    await Promise.all([fanOutEvents(hub.orm.em.fork()), fanOutEvents(hub.orm.em.fork()), fanOutEvents(hub.orm.em.fork())]);
    expect(await fannedOut(connector.id)).toEqual([ids[0]]);
  });
});
