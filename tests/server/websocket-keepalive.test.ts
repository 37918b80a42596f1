import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * A dashboard that stops reading its socket (a frozen browser tab, a client stuck behind a full
 * network buffer) must not hold the hub's memory for ever: the hub pings every socket and ends
 * the ones that did not answer the previous ping, and counts them.
 */
const KEEPALIVE_MS = 200;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ wsKeepAliveMs: KEEPALIVE_MS });
});
afterAll(() => hub?.stop());

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

async function subscribedSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${hub.tokens.dashboard}` } }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { liveCounts { registrations } }' } }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

describe('WebSocket keep-alive', () => {
  it('keeps a socket whose client answers, and ends and counts one whose client stopped reading', async () => {
    const reading = await subscribedSocket();
    const stalled = await subscribedSocket();
    const droppedBefore = await metric('hub_websockets_dropped_total{reason="unresponsive"}');
    // The client stops reading: it sees no ping, so it answers none.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect
      .poll(() => metric('hub_websockets_dropped_total{reason="unresponsive"}'), { timeout: 10 * KEEPALIVE_MS + 5_000 })
      .toBe(droppedBefore + 1);
    await expect.poll(() => metric('hub_websocket_connections'), { timeout: 5_000 }).toBe(1);
    expect(reading.readyState).toBe(WebSocket.OPEN);
    reading.close();
    stalled.terminate();
  });
});
