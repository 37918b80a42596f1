import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql, takeResults, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ wsConnectionInitTimeoutMs: 300 });
});
afterAll(() => hub?.stop());

const CLOCK = 'subscription { serverClock(intervalSeconds: 1) { at } }';

/** A raw socket speaking graphql-transport-ws, to misbehave in ways a real client library would not. */
function rawSocket(): Promise<{ socket: WebSocket; messages: unknown[]; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: unknown[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}

async function acknowledged(token: string) {
  const raw = await rawSocket();
  raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await expect.poll(() => raw.messages).toContainEqual({ type: 'connection_ack' });
  return raw;
}

async function stillServes() {
  const response = await graphql(hub.url, '{ me { roles } }', { token: hub.tokens.dashboard });
  expect(response.body.data).toEqual({ me: { roles: ['DASHBOARD'] } });
}

describe('GraphQL over WebSocket (graphql-transport-ws)', () => {
  it('streams a subscription to an authenticated client on the same port and path', async () => {
    const client = wsClient(hub.url, hub.tokens.dashboard);
    const ticks = await takeResults<{ data: { serverClock: { at: string } } }>(client, CLOCK, 2);
    expect(ticks).toHaveLength(2);
    expect(Date.parse(ticks[1].data.serverClock.at)).toBeGreaterThan(Date.parse(ticks[0].data.serverClock.at));
    await client.dispose();
  });

  it('formats errors over the socket as over HTTP: code and field', async () => {
    const client = wsClient(hub.url, hub.tokens.dashboard);
    const failure = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { serverClock(intervalSeconds: 0) { at } }' },
        {
          next: (value) => resolve(value),
          error: (error) => resolve(error),
          complete: () => undefined,
        },
      );
    });
    expect(JSON.stringify(failure)).toContain('"code":"BAD_USER_INPUT"');
    expect(JSON.stringify(failure)).toContain('"field":"intervalSeconds"');
    await client.dispose();
  });

  it('closes with 4403 when connection_init carries no or a wrong credential', async () => {
    for (const payload of [{}, { authorization: 'Bearer hub_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }]) {
      const raw = await rawSocket();
      raw.socket.send(JSON.stringify({ type: 'connection_init', payload }));
      expect((await raw.closed).code).toBe(4403);
    }
    await stillServes();
  });

  it('closes with 4408 when connection_init never comes', async () => {
    const raw = await rawSocket();
    expect((await raw.closed).code).toBe(4408);
    await stillServes();
  });

  it('closes with 4401 on a subscribe before the ack', async () => {
    const raw = await rawSocket();
    raw.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CLOCK } }));
    expect((await raw.closed).code).toBe(4401);
    await stillServes();
  });

  it('closes with 4409 on a duplicate operation id', async () => {
    const raw = await acknowledged(hub.tokens.dashboard);
    raw.socket.send(JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: CLOCK } }));
    raw.socket.send(JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: CLOCK } }));
    expect((await raw.closed).code).toBe(4409);
    await stillServes();
  });

  it('closes with 4400 on a message that is not the protocol', async () => {
    const raw = await acknowledged(hub.tokens.dashboard);
    raw.socket.send('this is not JSON');
    const closed = await raw.closed;
    expect(closed.code).toBe(4400);
    await stillServes();
  });

  it('closes with 4429 on a second connection_init', async () => {
    const raw = await acknowledged(hub.tokens.dashboard);
    raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${hub.tokens.dashboard}` } }));
    expect((await raw.closed).code).toBe(4429);
    await stillServes();
  });
});
