import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { issue } from './sharing-support.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const keyIdOf = (token: string) => /^hub_([0-9a-f]{16})_/.exec(token)![1];

/** A socket with a live subscription: resolves its close code, and counts the events after `mark()`. */
async function openWatchedSocket(token: string) {
  const client = wsClient(hub.url, token);
  const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
  let events = 0;
  let ended = false;
  const first = new Promise<void>((resolve) => {
    client.subscribe(
      { query: 'subscription { serverClock(intervalSeconds: 1) { at } }' },
      { next: () => ((events += 1), resolve()), error: () => (ended = true), complete: () => (ended = true) },
    );
  });
  await first;
  return { client, closed, events: () => events, ended: () => ended };
}

function runOn(
  client: Client,
  query: string,
): Promise<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown } | 'closed'> {
  return new Promise((resolve) => {
    client.on('closed', () => resolve('closed'));
    client.subscribe(
      { query },
      {
        next: (result) => resolve(result as never),
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : 'closed'),
        complete: () => undefined,
      },
    );
  });
}

describe('revoking a credential ends what it holds open', () => {
  it('closes its open WebSocket with 4403 and ends its subscriptions; a new connection is refused', async () => {
    const token = await issue(hub, { departmentCode: 'TJ', roles: ['SYSTEM'], label: 'screen to revoke' });
    const socket = await openWatchedSocket(token);
    const revoked = await graphql(hub.url, `mutation { revokeCredential(keyId: "${keyIdOf(token)}") }`, { token: hub.tokens.admin });
    expect(revoked.body.errors).toBeUndefined();

    expect(await socket.closed).toBe(4403);
    // The client tells the subscription after it reports the close, not always in the same turn.
    await expect.poll(() => socket.ended(), { timeout: 2_000 }).toBe(true);
    await socket.client.dispose();

    const again = wsClient(hub.url, token);
    expect(await runOn(again, '{ me { department { code } } }')).toBe('closed');
    await again.dispose();
  });

  it('closes it too when the revocation was written by another hub process (the sweep reads the database)', async () => {
    const token = await issue(hub, { departmentCode: 'TJ', roles: ['SYSTEM'], label: 'revoked elsewhere' });
    const socket = await openWatchedSocket(token);
    await hub.orm.em.fork().execute('update api_credential set revoked_at = now() where key_id = ?', [keyIdOf(token)]);
    expect(await socket.closed).toBe(4403);
    await socket.client.dispose();
  });

  it('refuses a query and a mutation sent on the socket after the revocation, before it is closed', async () => {
    const token = await issue(hub, { departmentCode: 'TJ', roles: ['SYSTEM'], label: 'racing the sweep' });
    const socket = await openWatchedSocket(token);
    await hub.orm.em.fork().execute('update api_credential set revoked_at = now() where key_id = ?', [keyIdOf(token)]);
    for (const operation of ['{ me { department { code } } }', 'mutation { revokeCredential(keyId: "0000000000000000") }']) {
      const outcome = await runOn(socket.client, operation);
      if (outcome !== 'closed') {
        expect(outcome.data ?? null).toBeNull();
        expect(outcome.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
    expect(await socket.closed).toBe(4403);
    await socket.client.dispose();
  });
});
