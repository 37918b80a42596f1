import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * A client that keeps asking but never reads its socket: once the kernel's buffers are full, every
 * result the hub sends it stays in the hub's memory. The hub ends such a socket when its unsent
 * bytes pass WS_MAX_BUFFERED_BYTES, and counts it, well before the keep-alive would notice.
 */
const MAX_BUFFERED_BYTES = 256 * 1024;
let hub: TestHub;
beforeAll(async () => {
  // The keep-alive is far off, so only the bound on unsent bytes can end the socket within the test.
  hub = await startTestHub({ wsKeepAliveMs: 600_000, wsMaxBufferedBytes: MAX_BUFFERED_BYTES });
});
afterAll(() => hub?.stop());

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
  return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

async function acknowledgedSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${hub.tokens.dashboard}` } }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

describe('WebSocket backlog', () => {
  it('ends and counts a socket whose client stops reading while results pile up, and keeps serving the others', async () => {
    const reading = await acknowledgedSocket();
    const stalled = await acknowledgedSocket();
    stalled.on('error', () => undefined);
    const droppedBefore = await metric('hub_websockets_dropped_total{reason="backlog"}');
    // The client stops reading its socket, but keeps sending operations with large results (the
    // schema's introspection, some hundred KiB each).
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    const query = getIntrospectionQuery();
    let sent = 0;
    const dropped = async () => (await metric('hub_websockets_dropped_total{reason="backlog"}')) > droppedBefore;
    while (!(await dropped()) && sent < 2_000) {
      for (let index = 0; index < 20 && stalled.readyState === WebSocket.OPEN; index++) {
        stalled.send(JSON.stringify({ id: String(++sent), type: 'subscribe', payload: { query } }));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await metric('hub_websockets_dropped_total{reason="backlog"}')).toBe(droppedBefore + 1);
    expect(await metric('hub_websockets_dropped_total{reason="unresponsive"}')).toBe(0);
    await expect.poll(() => metric('hub_websocket_connections'), { timeout: 5_000 }).toBe(1);

    // The reading client is untouched and still served.
    reading.send(JSON.stringify({ id: 'r', type: 'subscribe', payload: { query: '{ __typename }' } }));
    const answer = await new Promise<{ type: string; payload?: unknown }>((resolve) =>
      reading.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    expect(answer).toEqual({ id: 'r', type: 'next', payload: { data: { __typename: 'Query' } } });
    reading.close();
    stalled.terminate();
  });
});
