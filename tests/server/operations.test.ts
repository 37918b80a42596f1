import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe('operations endpoints', () => {
  it('/healthz answers while the process runs and /readyz when the database is migrated', async () => {
    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: 'ok', migrations: 'applied' });
  });

  it('/metrics counts operations by root field and errors by code, and open WebSockets', async () => {
    await graphql(hub.url, '{ me { roles } }', { token: hub.tokens.admin });
    await graphql(hub.url, '{ me { roles } }');
    const client = wsClient(hub.url, hub.tokens.dashboard);
    // The subscription stays live while /metrics is read: a lazy client closes its socket with its last subscription.
    let unsubscribe = () => {};
    await new Promise<void>((resolve, reject) => {
      unsubscribe = client.subscribe(
        { query: 'subscription { serverClock { at } }' },
        { next: () => resolve(), error: reject, complete: () => undefined },
      );
    });
    const metrics = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
    expect(metrics).toMatch(/hub_graphql_requests_total\{type="query",operation="me",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/hub_graphql_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(metrics).toMatch(/hub_websocket_connections 1/);
    expect(metrics).toMatch(/hub_graphql_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/hub_db_pool_connections\{state="/);
    unsubscribe();
    await client.dispose();
  });

  it('/metrics answers ADMIN credentials only: anonymous 401, another role 403, in the JSON error shape', async () => {
    const anonymous = await fetch(`${hub.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const screen = await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.dashboard}` } });
    expect(screen.status).toBe(403);
    expect(((await screen.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
