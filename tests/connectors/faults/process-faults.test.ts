import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDepartments } from '../../../demo/departments.js';
import { createDepartment, issueCredential } from '../../../domain/auth/manage-credentials.js';
import { Role } from '../../../entities/role.js';
import { initOrm } from '../../../server/orm.js';
import { graphql } from '../../support/graphql-client.js';
import { startHubProcess } from '../../support/hub-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { CREATE_CONNECTOR, eventually, webhookInput } from '../connector-fixtures.js';
import { DepartmentPeer } from '../department-peer.js';
import { expectNothingLostAndInOrder, recordSpread } from './delivery-invariants.js';

/**
 * Hubs as real processes (the build, as production runs it) on one PostgreSQL database,
 * stopped in the middle of deliveries: by SIGTERM while the department answers slowly, and by
 * SIGKILL while another hub runs beside it.
 */
describe('fault: hub processes stopped mid-delivery', () => {
  let database: TestDatabase;
  let dir: string;
  let orm: MikroORM;
  let adminToken: string;
  const accessLogKey = randomBytes(32).toString('base64');
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-faults-'));
    await peer.up();
    // The departments and an admin only, not the demo district: hub processes start faster on a busy CI machine.
    orm = await initOrm(database.config);
    const em = orm.em.fork();
    for (const department of demoDepartments) await createDepartment(em, department);
    adminToken = (await issueCredential(em, { departmentCode: 'ZWFW', roles: [Role.ADMIN], label: 'fault suite admin' })).token;
  });
  afterAll(async () => {
    await orm?.close(true);
    await peer.down();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  function startHub(name: string, env: Record<string, string> = {}) {
    return startHubProcess({
      DATABASE_URL: database.url!,
      DEMO_DATA: 'false',
      DEMO_CREDENTIALS_FILE: path.join(dir, `${name}.json`),
      // One database, one access-log key; each process its own checkpoint file, none in ./data.
      ACCESS_LOG_KEY: accessLogKey,
      ACCESS_LOG_CHECKPOINT_FILE: path.join(dir, `${name}-checkpoints.jsonl`),
      DELIVERY_WORKERS: '1',
      DELIVERY_POLL_MS: '20',
      DELIVERY_LEASE_MS: '900',
      DELIVERY_BATCH_SIZE: '10',
      ...env,
    });
  }

  async function connectorTo(url: string, departmentCode: string) {
    const created = await graphql<{ createConnector: { id: string } }>(url, CREATE_CONNECTOR, {
      token: adminToken,
      variables: { input: webhookInput(departmentCode, peer.url, {}, { timeoutMs: 20_000, concurrency: 6 }) },
    });
    expect(created.body.errors).toBeUndefined();
    return created.body.data!.createConnector.id;
  }

  const deliveries = (connectorId: string) =>
    orm.em
      .fork()
      .execute(`select id, status, possibly_delivered, claim_token from delivery where connector_id = ?`, [connectorId]) as Promise<
      Array<{ id: string; status: string; possibly_delivered: boolean; claim_token: string | null }>
    >;
  const unknownAttempts = (connectorId: string) =>
    orm.em
      .fork()
      .execute(
        `select a.error from delivery_attempt a join delivery d on d.id = a.delivery_id where d.connector_id = ? and a.outcome = 'UNKNOWN'`,
        [connectorId],
      ) as Promise<Array<{ error: string }>>;

  it('SIGTERM with a slow department: stops claiming, waits briefly, hands back what is unanswered; the next hub resends it marked possibly delivered', async () => {
    if (!database.url) return; // processes need the PostgreSQL server
    peer.received.length = 0;
    const first = startHub('first', { DELIVERY_DRAIN_MS: '300', SHUTDOWN_TIMEOUT_MS: '5000' });
    const url = await first.url;
    peer.set({ kind: 'slow', delayMs: 8_000 });
    const connectorId = await connectorTo(url, 'SW');
    const events = await recordSpread(orm, 'SW', 'TERM', 24, 6);
    await eventually(
      () => peer.received.filter((request) => !request.answered).length,
      (open) => open >= 6,
    );

    const stoppingAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    console.info(`SIGTERM: the hub exited ${Date.now() - stoppingAt} ms after the signal`);
    // Handed back, not left IN_FLIGHT for a lease to run out.
    const after = await deliveries(connectorId);
    expect(after.filter((row) => row.status === 'IN_FLIGHT')).toEqual([]);
    const handedBack = after.filter((row) => row.possibly_delivered);
    expect(handedBack.length).toBeGreaterThanOrEqual(6);
    expect(handedBack.every((row) => row.status === 'PENDING' && row.claim_token === null)).toBe(true);
    const unknown = await unknownAttempts(connectorId);
    expect(unknown.length).toBe(handedBack.length);
    expect(unknown[0].error).toMatch(/shut down before the department system answered/);

    peer.set({ kind: 'ok' });
    const second = startHub('second');
    await second.url;
    const resumedAt = Date.now();
    await eventually(
      () => deliveries(connectorId),
      (rows) => rows.length === 24 && rows.every((row) => row.status === 'DELIVERED'),
      30_000,
    );
    console.info(`SIGTERM: the next hub delivered the rest ${Date.now() - resumedAt} ms after it started`);
    expectNothingLostAndInOrder(peer, events);
    const resent = peer.received.filter((request) => request.headers['x-hub-possibly-delivered'] === 'true');
    expect(resent.length).toBe(handedBack.length);
    for (const request of resent)
      expect(peer.received.filter((other) => other.eventId === request.eventId).length).toBeGreaterThanOrEqual(2);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);

  it('two hubs, one killed with SIGKILL: the other takes its claims over once the short lease runs out, nothing lost, order kept', async () => {
    if (!database.url) return;
    peer.received.length = 0;
    // The first hub takes every slot the connector has with requests the department never answers …
    peer.set({ kind: 'hang' });
    const first = startHub('first');
    const url = await first.url;
    const connectorId = await connectorTo(url, 'RS');
    const events = await recordSpread(orm, 'RS', 'KILL', 40, 8);
    await eventually(
      () => peer.received.length,
      (open) => open === 6,
    );
    // … a second hub joins, and the first dies holding them.
    const second = startHub('second');
    await second.url;
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    peer.set({ kind: 'ok' });
    await eventually(
      () => deliveries(connectorId),
      (rows) => rows.length === 40 && rows.every((row) => row.status === 'DELIVERED'),
      40_000,
    );
    expectNothingLostAndInOrder(peer, events);
    // What the dead hub held came back through the lease, marked possibly delivered and written down.
    const taken = (await deliveries(connectorId)).filter((row) => row.possibly_delivered);
    expect(taken).toHaveLength(6);
    expect(await unknownAttempts(connectorId)).toHaveLength(6);
    const resent = peer.received
      .filter((request) => request.headers['x-hub-possibly-delivered'] === 'true')
      .map((request) => request.eventId);
    expect(new Set(resent)).toEqual(new Set(peer.received.slice(0, 6).map((request) => request.eventId)));
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);
});
