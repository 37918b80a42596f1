import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/orm.js';
import { graphql } from '../support/graphql-client.js';
import { startHubProcess } from '../support/hub-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CREATE_CONNECTOR, eventually, recordEvents, webhookInput } from './connector-fixtures.js';
import { DepartmentPeer } from './department-peer.js';

/**
 * The built hub as a real process, delivering to a slow department system, killed with SIGKILL
 * in the middle of deliveries and started again on the same database.
 */
function startDeliveringHub(env: Record<string, string>) {
  const hub = startHubProcess({
    DELIVERY_WORKERS: '2',
    DELIVERY_POLL_MS: '20',
    DELIVERY_LEASE_MS: '1500',
    DELIVERY_BATCH_SIZE: '5',
    ...env,
  });
  return { ...hub, exited: hub.exited.then(({ signal }) => signal) };
}

describe('the hub killed mid-delivery', () => {
  let database: TestDatabase;
  let dir: string;
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-kill-'));
    await peer.up();
  });
  afterAll(async () => {
    await peer.down();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing: after SIGKILL and a restart every event arrives, and a resent one carries the same event id', async () => {
    if (!database.url) return; // two processes need the PostgreSQL server
    const env = { DATABASE_URL: database.url, DEMO_CREDENTIALS_FILE: path.join(dir, 'demo.json') };
    const first = startDeliveringHub(env);
    const url = await first.url;
    const credentials = JSON.parse(await readFile(env.DEMO_CREDENTIALS_FILE, 'utf8')) as Array<{
      department: string;
      roles: string[];
      token: string;
    }>;
    const admin = credentials.find((credential) => credential.roles.includes('ADMIN'))!;

    peer.set({ kind: 'slow', delayMs: 400 });
    const created = await graphql<{ createConnector: { id: string } }>(url, CREATE_CONNECTOR, {
      token: admin.token,
      variables: { input: webhookInput('SW', peer.url) },
    });
    expect(created.body.errors).toBeUndefined();

    let orm: MikroORM | undefined;
    try {
      orm = await initOrm(database.config);
      const ids = await recordEvents(
        orm,
        'SW',
        Array.from({ length: 30 }, (_, index) => ({ type: 'enterprise.registered', key: `KILL-${index % 10}`, payload: { index } })),
      );

      // Kill while the department holds requests the hub is still waiting on.
      await eventually(
        () => peer.received.filter((request) => !request.answered).length,
        (pending) => pending > 0,
        30_000,
      );
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      const unanswered = peer.received.filter((request) => !request.answered).map((request) => request.eventId);
      expect(unanswered.length).toBeGreaterThan(0);
      const deliveredBeforeKill = peer.received.length;
      expect(deliveredBeforeKill).toBeLessThan(ids.length);

      peer.set({ kind: 'ok' });
      const second = startDeliveringHub(env);
      await second.url;
      const em = orm.em.fork();
      const statuses = await eventually(
        // This connector's deliveries: the demo's simulated SW system receives the same events too.
        () =>
          em.execute(`select status, attempts from delivery where connector_id = ?`, [created.body.data!.createConnector.id]) as Promise<
            Array<{ status: string; attempts: number }>
          >,
        (rows) => rows.length === ids.length && rows.every((row) => row.status === 'DELIVERED'),
        40_000,
      );
      expect(statuses).toHaveLength(30);

      // Every event arrived at least once, nothing else arrived, and each duplicate is the same event.
      const receivedIds = peer.received.map((request) => request.eventId);
      expect(new Set(receivedIds)).toEqual(new Set(ids));
      for (const eventId of unanswered) {
        const copies = peer.received.filter((request) => request.eventId === eventId);
        expect(copies.length).toBeGreaterThanOrEqual(2);
        for (const copy of copies) expect(copy.body.id).toBe(eventId);
        expect(new Set(copies.map((copy) => JSON.stringify(copy.body.data))).size).toBe(1);
      }
      // Per record, the department saw the events in order (a resend may repeat one, never reorder).
      for (let key = 0; key < 10; key += 1) {
        const order = peer.received
          .filter((request) => request.body.aggregateKey === `KILL-${key}`)
          .map((request) => request.body.data.index as number);
        const firstSeen = order.filter((value, index) => order.indexOf(value) === index);
        expect(firstSeen).toEqual([key, key + 10, key + 20]);
      }

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(null);
    } finally {
      await orm?.close(true);
    }
  }, 120_000);
});
