import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The WebSocket obeys the limits HTTP does, and checks them before doing the work: the socket
 * itself refuses oversized frames as it reads their header (ws `maxPayload` = MAX_REQUEST_BYTES),
 * and each connection and credential holds a bounded number of live operations.
 */
let hub: TestHub;
let strict: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ rateLimit: { requests: 1_000_000, windowSeconds: 60 } });
  strict = await startTestHub({
    introspection: 'nobody',
    webSocket: { maxOperationsPerConnection: 3, maxSubscriptionsPerConnection: 2, maxSubscriptionsPerCredential: 3 },
  });
});
afterAll(async () => {
  await hub?.stop();
  await strict?.stop();
});

const COUNTS = 'subscription { registrationCounts { date } }';

interface RawSocket {
  socket: WebSocket;
  messages: Array<{ id?: string; type: string; payload?: any }>;
  closed: Promise<{ code: number; reason: string }>;
}

function rawSocket(url: string): Promise<RawSocket> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: RawSocket['messages'] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}

async function acknowledged(url: string, token: string): Promise<RawSocket> {
  const raw = await rawSocket(url);
  raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await expect.poll(() => raw.messages).toContainEqual({ type: 'connection_ack' });
  return raw;
}

const firstReplyTo = (raw: RawSocket, id: string) =>
  raw.messages.find((message) => message.id === id && (message.type === 'next' || message.type === 'error'));

async function subscribe(raw: RawSocket, id: string, query = COUNTS) {
  raw.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
  await expect.poll(() => firstReplyTo(raw, id)).toBeTruthy();
  return firstReplyTo(raw, id)!;
}

async function stillServes(url: string, token: string) {
  const response = await graphql(url, '{ me { roles } }', { token });
  expect(response.body.data).toEqual({ me: { roles: ['DASHBOARD'] } });
}

/**
 * An anonymous client that opens a WebSocket by hand and streams one text frame declaring
 * `declaredBytes`, in 64 KiB writes that wait for the socket to drain, until the hub answers with
 * a close frame; resolves with the close code the hub sent (or null if it sent none).
 */
function streamHugeFrame(url: string, declaredBytes: number): Promise<number | null> {
  const { hostname, port } = new URL(url);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | null = null;
    let sent = 0;
    const finish = () => {
      socket.destroy();
      resolve(closeCode);
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        expect(received.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
        received = received.subarray(end + 4);
        upgraded = true;
        // FIN + text, masked, 64-bit length; a zero mask leaves the payload as written.
        const header = Buffer.alloc(14);
        header[0] = 0x81;
        header[1] = 0x80 | 127;
        header.writeBigUInt64BE(BigInt(declaredBytes), 2);
        socket.write(header);
        // `connection_init` as the payload starts, then filler as long as the hub keeps reading.
        socket.write('{"type":"connection_init","payload":{"padding":"');
        const pump = () => {
          while (sent < declaredBytes && !socket.destroyed) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
        };
        pump();
      }
      if (upgraded && received.length >= 4 && received[0] === 0x88) {
        closeCode = received.readUInt16BE(2);
        finish();
      }
    });
    socket.write(
      `GET /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
    );
  });
}

describe('WebSocket message size', () => {
  it('closes five parallel anonymous 100 MB connection_init streams with 1009 before reading them, memory bounded', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const codes = await Promise.all(Array.from({ length: 5 }, () => streamHugeFrame(hub.url, 100_000_000)));
    const grown = process.memoryUsage().rss - before;
    expect(codes).toEqual([1009, 1009, 1009, 1009, 1009]);
    // Five bodies read before refusing would be 500 MB; the hub shares this process with the test.
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    await stillServes(hub.url, hub.tokens.dashboard);
  });

  it('closes a socket that sends a 5 MB operation with 1009 (HTTP stops at MAX_REQUEST_BYTES too)', async () => {
    const raw = await acknowledged(hub.url, hub.tokens.dashboard);
    const query = `{ me { roles } } # ${'x'.repeat(5_000_000)}`;
    raw.socket.send(JSON.stringify({ id: 'big', type: 'subscribe', payload: { query } }));
    expect((await raw.closed).code).toBe(1009);
    expect(raw.messages.filter((message) => message.id === 'big')).toEqual([]);
    await stillServes(hub.url, hub.tokens.dashboard);
  });
});

describe('live operations per connection and per credential', () => {
  it('holds at most WS_MAX_SUBSCRIPTIONS_PER_CONNECTION of 10 000 subscriptions sent on one socket', async () => {
    const raw = await acknowledged(hub.url, hub.tokens.dashboard);
    const total = 10_000;
    for (let index = 0; index < total; index++)
      raw.socket.send(JSON.stringify({ id: `s${index}`, type: 'subscribe', payload: { query: COUNTS } }));
    const replied = () =>
      new Set(raw.messages.filter((message) => message.type === 'next' || message.type === 'error').map((message) => message.id)).size;
    await expect.poll(replied, { timeout: 120_000, interval: 200 }).toBe(total);
    const refusals = raw.messages.filter((message) => message.type === 'error');
    expect(refusals).toHaveLength(total - 50);
    expect(refusals[0].payload[0].extensions).toEqual({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      limit: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
      max: 50,
      actual: 51,
    });
    const live = [...new Set(raw.messages.filter((message) => message.type === 'next').map((message) => message.id!))];
    expect(live).toHaveLength(50);
    // Stopping one frees its place for the next.
    raw.socket.send(JSON.stringify({ id: live[0], type: 'complete' }));
    await expect.poll(async () => (await subscribe(raw, `again-${raw.messages.length}`)).type).toBe('next');
    raw.socket.close();
    await stillServes(hub.url, hub.tokens.dashboard);
  }, 180_000);

  it("counts a credential's subscriptions over all its sockets, and frees them when a socket closes", async () => {
    const token = strict.tokens.dashboard;
    const first = await acknowledged(strict.url, token);
    expect((await subscribe(first, 'a')).type).toBe('next');
    expect((await subscribe(first, 'b')).type).toBe('next');
    const perSocket = await subscribe(first, 'c');
    expect(perSocket.payload[0].extensions).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      limit: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
      max: 2,
    });
    const second = await acknowledged(strict.url, token);
    expect((await subscribe(second, 'a')).type).toBe('next');
    const perCredential = await subscribe(second, 'b');
    expect(perCredential.payload[0].extensions).toEqual({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      limit: 'WS_MAX_SUBSCRIPTIONS_PER_CREDENTIAL',
      max: 3,
      actual: 4,
    });
    first.socket.close();
    await first.closed;
    await expect.poll(async () => (await subscribe(second, `b-${second.messages.length}`)).type).toBe('next');
    second.socket.close();
  });

  it('caps the operations one socket runs at once, queries included', async () => {
    const raw = await acknowledged(strict.url, strict.tokens.dashboard);
    expect((await subscribe(raw, 'a')).type).toBe('next');
    expect((await subscribe(raw, 'b')).type).toBe('next');
    // Two live subscriptions and a third operation: still within 3; a fourth at once is not.
    raw.socket.send(JSON.stringify({ id: 'q1', type: 'subscribe', payload: { query: '{ me { roles } }' } }));
    raw.socket.send(JSON.stringify({ id: 'q2', type: 'subscribe', payload: { query: '{ me { roles } }' } }));
    await expect.poll(() => firstReplyTo(raw, 'q2')).toBeTruthy();
    expect(firstReplyTo(raw, 'q1')).toMatchObject({ type: 'next', payload: { data: { me: { roles: ['DASHBOARD'] } } } });
    expect(firstReplyTo(raw, 'q2')!.payload[0].extensions).toEqual({
      code: 'TOO_MANY_OPERATIONS',
      limit: 'WS_MAX_OPERATIONS_PER_CONNECTION',
      max: 3,
      actual: 4,
    });
    raw.socket.close();
  });
});

describe('introspection and authentication over WebSocket', () => {
  it('refuses introspection by the same rule as HTTP when INTROSPECTION is off', async () => {
    const overHttp = await graphql(strict.url, '{ __schema { queryType { name } } }', { token: strict.tokens.dashboard });
    expect(overHttp.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', setting: 'INTROSPECTION' });
    const raw = await acknowledged(strict.url, strict.tokens.dashboard);
    const reply = await subscribe(raw, 'i', '{ __schema { queryType { name } } }');
    expect(reply.type).toBe('error');
    expect(reply.payload[0].extensions).toEqual({ code: 'FORBIDDEN', setting: 'INTROSPECTION' });
    expect(reply.payload[0].message).toBe(overHttp.body.errors?.[0].message);
    expect((await subscribe(raw, 't', '{ __typename }')).payload).toEqual({ data: { __typename: 'Query' } });
    raw.socket.close();
  });

  it('closes a socket that never authenticates with 4408 after WS_CONNECTION_INIT_TIMEOUT_MS', async () => {
    const quick = await startTestHub({ wsConnectionInitTimeoutMs: 200 });
    try {
      const raw = await rawSocket(quick.url);
      expect((await raw.closed).code).toBe(4408);
    } finally {
      await quick.stop();
    }
  });
});
