import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * HTTP and WebSocket take one request pipeline (server/request-pipeline.ts): whatever one transport
 * refuses, the other refuses with the same code and message, and they count against one rate limit.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    introspection: 'nobody',
    limits: { maxDepth: 4, maxCost: 100_000, maxAliases: 3, maxRootFields: 2, maxBatchSize: 1 },
    rateLimit: { requests: 6, windowSeconds: 600 },
  });
});
afterAll(async () => {
  await hub?.stop();
});

interface Refusal {
  message: string;
  code: unknown;
}

async function refusedOverHttp(query: string, token: string): Promise<Refusal> {
  const response = await graphql(hub.url, query, { token });
  expect(response.body.data ?? null).toBeNull();
  const [error] = response.body.errors ?? [];
  return { message: error.message, code: error.extensions?.code };
}

async function refusedOverWebSocket(query: string, token: string): Promise<Refusal> {
  const client = wsClient(hub.url, token);
  try {
    const errors = await new Promise<Array<{ message: string; extensions?: Record<string, unknown> }>>((resolve, reject) => {
      client.subscribe(
        { query },
        {
          next: () => reject(new Error('the operation ran')),
          error: (error) => resolve(error as never),
          complete: () => reject(new Error('completed without a refusal')),
        },
      );
    });
    return { message: errors[0].message, code: errors[0].extensions?.code };
  } finally {
    await client.dispose();
  }
}

describe('one pipeline for HTTP and WebSocket', () => {
  const cases: Array<[string, string, unknown]> = [
    ['introspection the policy forbids', '{ __schema { queryType { name } } }', 'FORBIDDEN'],
    ['too many root fields', '{ me { roles } a: me { roles } b: me { roles } }', 'TOO_MANY_ROOT_FIELDS'],
    ['a field the schema does not have', '{ me { roles noSuchField } }', 'GRAPHQL_VALIDATION_FAILED'],
  ];
  it.each(cases)('refuses %s alike on both transports', async (_name, query, code) => {
    const overHttp = await refusedOverHttp(query, hub.tokens.admin);
    const overWebSocket = await refusedOverWebSocket(query, hub.tokens.admin);
    expect(overHttp.code).toBe(code);
    expect(overWebSocket).toEqual(overHttp);
  });

  it('counts operations on both transports against one rate limit per credential', async () => {
    const token = hub.tokens.dashboard;
    for (let i = 0; i < 6; i++) {
      const response = await graphql(hub.url, '{ me { roles } }', { token });
      expect(response.body.data).toEqual({ me: { roles: ['DASHBOARD'] } });
    }
    const overWebSocket = await refusedOverWebSocket('{ me { roles } }', token);
    expect(overWebSocket.code).toBe('RATE_LIMITED');
    const overHttp = await refusedOverHttp('{ me { roles } }', token);
    // The same refusal, but for the seconds to wait, which may tick between the two.
    const withoutWait = (refusal: Refusal) => ({ ...refusal, message: refusal.message.replace(/retry after \d+ s/, 'retry after … s') });
    expect(withoutWait(overHttp)).toEqual(withoutWait(overWebSocket));
  });
});
