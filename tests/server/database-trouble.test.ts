import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoDepartments } from '../../demo/departments.js';
import { createDepartment, issueCredential } from '../../domain/auth/manage-credentials.js';
import { Role } from '../../entities/role.js';
import { initOrm } from '../../server/orm.js';
import { startHubProcess } from '../support/hub-process.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';

/**
 * The hub's own PostgreSQL server frozen (SIGSTOP: connections open, nothing answers), then stopped
 * as by a crash and started again, under a running hub process with short timeouts configured.
 * Clients must get 503 SERVICE_UNAVAILABLE with Retry-After within a bounded time, /readyz must
 * answer within a second, the hub must serve again once the server is back, every error's request
 * id must be in the log with its cause, and stdout must carry nothing but JSON lines.
 */
const QUERY_TIMEOUT_MS = 2_000;
/** A query answered from the database itself (the credential alone may come from the hub's one-second cache). */
const READS_THE_DATABASE = '{ enterprises(first: 1) { totalCount } }';
/** Generous against a loaded CI machine: the point is that it is bounded, not how fast. */
const ANSWER_BOUND_MS = 12_000;

let postgres: ThrowawayPostgres | null = null;
let hub: ReturnType<typeof startHubProcess>;
let url = '';
let token = '';
let workDir = '';
const unavailableRequestIds: string[] = [];

beforeAll(async () => {
  postgres = await startThrowawayPostgres();
  if (!postgres) return;
  const orm = await initOrm({ driver: 'postgresql', url: await postgres.createDatabase('hub'), poolMax: 2 });
  const em = orm.em.fork();
  await createDepartment(
    em,
    demoDepartments.find((department) => department.code === 'SCJG')!,
  );
  token = (await issueCredential(em, { departmentCode: 'SCJG', roles: [Role.SYSTEM], label: 'database trouble test' })).token;
  await orm.close();
  workDir = await mkdtemp(path.join(tmpdir(), 'hub-database-trouble-'));
  hub = startHubProcess(
    {
      DATABASE_URL: postgres.url('hub'),
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      DATABASE_POOL_MAX: '4',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '1500',
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      ACCESS_LOG_KEY: randomBytes(32).toString('base64'),
      ACCESS_LOG_CHECKPOINT_FILE: path.join(workDir, 'checkpoints.jsonl'),
    },
    'file',
  );
  url = await hub.url;
}, 120_000);

afterAll(async () => {
  await postgres?.destroy();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function askTheDatabase() {
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: READS_THE_DATABASE }),
    signal: AbortSignal.timeout(30_000),
  });
  return { response, body: await response.json(), elapsedMs: Date.now() - started };
}

async function expectUnavailable(path: string, init: RequestInit = {}) {
  const started = Date.now();
  const response = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = await response.json();
  expect(Date.now() - started).toBeLessThan(ANSWER_BOUND_MS);
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  const requestId = response.headers.get('x-request-id')!;
  expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
  // GraphQL responses carry the request id at the top, the hub's other routes in the error too.
  expect(body.errors[0].extensions.requestId ?? body.extensions?.requestId).toBe(requestId);
  expect(body.errors[0].message).toMatch(/database is not answering/);
  unavailableRequestIds.push(requestId);
}

const graphqlRequest = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: READS_THE_DATABASE }),
};

async function expectReadinessWithinASecond(status: number) {
  const started = Date.now();
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  expect(Date.now() - started).toBeLessThan(1_500);
  expect(response.status).toBe(status);
}

async function expectServingAgain() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { response, body } = await askTheDatabase();
    if (response.status === 200 && body.data?.enterprises) return expect(body.data.enterprises.totalCount).toBe(0);
    if (Date.now() > deadline) throw new Error(`the hub did not serve again: ${response.status} ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function webSocketClose(): Promise<[number, string]> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve([code, reason.toString()])));
}

describe('the hub with its database in trouble', () => {
  it('serves while the database answers', async () => {
    if (!postgres) return; // needs the machine's PostgreSQL server binaries
    expect((await askTheDatabase()).response.status).toBe(200);
    await expectReadinessWithinASecond(200);
  });

  it('with the database frozen: 503 with Retry-After on every route, /readyz within a second, WebSockets told to retry', async () => {
    if (!postgres) return;
    await postgres.freeze();
    try {
      await expectUnavailable('/graphql', { ...graphqlRequest, headers: { ...graphqlRequest.headers, authorization: `Bearer ${token}` } });
      await expectUnavailable('/.well-known/jwks.json');
      await expectReadinessWithinASecond(503);
      await expectReadinessWithinASecond(503);
      const [code, reason] = await webSocketClose();
      expect(code).toBe(1013);
      expect(JSON.parse(reason)).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
      unavailableRequestIds.push(JSON.parse(reason).requestId);
    } finally {
      await postgres.thaw();
    }
    await expectServingAgain();
    await expectReadinessWithinASecond(200);
  }, 90_000);

  it('with the database stopped as by a crash: 503 at once; served again after it restarts', async () => {
    if (!postgres) return;
    await postgres.stop();
    try {
      await expectUnavailable('/graphql', { ...graphqlRequest, headers: { ...graphqlRequest.headers, authorization: `Bearer ${token}` } });
      await expectUnavailable('/.well-known/jwks.json');
      await expectReadinessWithinASecond(503);
    } finally {
      await postgres.start();
    }
    await expectServingAgain();
    await expectReadinessWithinASecond(200);
  }, 90_000);

  it('logged each refusal under the request id the client got, with its cause; stdout held JSON lines only', async () => {
    if (!postgres) return;
    hub.child.kill('SIGTERM');
    await hub.exited;
    const stdout = hub
      .stdout()
      .split('\n')
      .filter((line) => line.length > 0);
    const lines = stdout.map((line) => {
      try {
        return JSON.parse(line) as { requestId?: string; err?: { message?: string }; msg: string };
      } catch {
        throw new Error(`stdout line is not JSON: ${line}`);
      }
    });
    expect(unavailableRequestIds.length).toBeGreaterThanOrEqual(5);
    for (const requestId of unavailableRequestIds) {
      const logged = lines.filter((line) => line.requestId === requestId && line.err);
      expect(logged, `log line with the cause of request ${requestId}`).not.toHaveLength(0);
      expect(logged[0].err!.message).toBeTruthy();
    }
    expect(lines.at(-1)?.msg).toBe('hub stopped');
  }, 60_000);
});
