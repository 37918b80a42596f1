import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHubProcess } from '../support/hub-process.js';
import { createTestDatabase } from '../support/test-database.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The database goes away under a running hub (its test database is dropped, every connection
 * terminated): every route, and a WebSocket, must answer 503 SERVICE_UNAVAILABLE in the hub's JSON
 * error shape — a code and a request id — and nothing of the cause (SQL, database name, stack, paths).
 */
let hub: TestHub;
let databaseName = '';
beforeAll(async () => {
  hub = await startTestHub();
  if (!hub.database.url) return;
  databaseName = new URL(hub.database.url).pathname.slice(1);
  const admin = new Client({ connectionString: hub.database.url.replace(/\/[^/]+$/, '/test') });
  await admin.connect();
  try {
    await admin.query(`drop database ${databaseName} with (force)`);
  } finally {
    await admin.end();
  }
});
afterAll(async () => {
  await hub?.stop().catch(() => {});
});

/** Words that would give away the internals behind a failure. */
function expectNothingInternal(text: string) {
  expect(text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/work\/|\.ts:\d+|select |hub_test_|ECONNREFUSED|does not exist/i);
  if (databaseName) expect(text).not.toContain(databaseName);
}

describe('with the database gone', () => {
  it.each([
    ['GET', '/.well-known/jwks.json'],
    ['GET', '/metrics'],
    ['POST', `/connectors/${randomUUID()}/records`],
  ])('%s %s answers 503 SERVICE_UNAVAILABLE in JSON with Retry-After and the request id', async (method, path) => {
    if (!databaseName) return; // needs the PostgreSQL server
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-hub-timestamp': '0',
        'x-hub-signature': 'sha256=00',
        // /metrics checks its ADMIN credential in the database: with the database gone, that check fails.
        ...(path === '/metrics' ? { authorization: `Bearer ${hub.tokens.admin}` } : {}),
      },
      body: method === 'POST' ? JSON.stringify({ id: 'X-1', type: 'enterprise', key: 'k', fields: {} }) : undefined,
    });
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expectNothingInternal(text);
    const body = JSON.parse(text);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(body).toEqual({
      errors: [
        { message: expect.stringContaining('request id'), extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5, requestId } },
      ],
      extensions: { requestId },
    });
  });

  it('POST /graphql with a credential that cannot be checked answers 503 SERVICE_UNAVAILABLE', async () => {
    if (!databaseName) return;
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.tokens.admin}` },
      body: JSON.stringify({ query: '{ me { roles } }' }),
    });
    const text = await response.text();
    expectNothingInternal(text);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(text).errors[0].extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('/readyz says the database is unreachable, in JSON', async () => {
    if (!databaseName) return;
    const response = await fetch(`${hub.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'database unreachable' });
  });

  it('a path the hub does not serve is a JSON 404', async () => {
    const response = await fetch(`${hub.url}/no/such/thing`);
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', requestId: response.headers.get('x-request-id') });
  });

  it('a WebSocket whose credential cannot be checked closes with 1013 (try again later), code and id only', async () => {
    if (!databaseName) return;
    const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${hub.tokens.admin}` } }));
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (closeCode, closeReason) => resolve([closeCode, closeReason.toString()])),
    );
    expect(code).toBe(1013);
    expectNothingInternal(reason);
    expect(JSON.parse(reason)).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});

describe('a database that cannot be reached at start', () => {
  it('stops the hub with a message naming DATABASE_URL, exit code 1 and no stack trace', async () => {
    const process = startHubProcess({ DATABASE_URL: 'postgresql://hub:secret-password@127.0.0.1:1/hub', DEMO_DATA: 'false' });
    expect(await process.exited).toMatchObject({ code: 1 });
    const output = process.output();
    expect(output).toMatch(/Cannot open the database named by DATABASE_URL \(postgresql:\/\/hub:\*\*\*@127\.0\.0\.1:1\/hub\)/);
    expect(output).toMatch(/Fix DATABASE_URL/);
    expect(output).not.toContain('secret-password');
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('a port that is taken at start', () => {
  it('stops the hub with a message naming PORT, exit code 1 and no stack trace', async () => {
    const database = await createTestDatabase();
    if (!database.url) return; // needs the PostgreSQL server
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const process = startHubProcess({ DATABASE_URL: database.url, DEMO_DATA: 'false', PORT: String(port) });
      expect(await process.exited).toMatchObject({ code: 1 });
      expect(process.output()).toMatch(new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\).*Set PORT`));
      expect(process.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
      await database.drop();
    }
  }, 60_000);
});
