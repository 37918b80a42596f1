import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { issue } from './sharing-support.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const ME = '{ me { department { code } } }';

describe('forged and replayed credentials', () => {
  it('refuses a forged token (a real key id with a made-up secret) with UNAUTHENTICATED', async () => {
    const [, keyId] = /^hub_([0-9a-f]{16})_/.exec(hub.tokens.system.RS)!;
    const forged = `hub_${keyId}_${'A'.repeat(43)}`;
    const response = await graphql(hub.url, ME, { token: forged, headers: { 'x-purpose': 'SOCIAL_INSURANCE_REGISTRATION' } });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.data ?? null).toBeNull();
  });

  it('refuses a revoked token replayed later, over HTTP and WebSocket', async () => {
    const token = await issue(hub, { departmentCode: 'RS', roles: ['SYSTEM'], label: 'to be revoked' });
    expect((await graphql(hub.url, ME, { token })).status).toBe(200);
    const keyId = /^hub_([0-9a-f]{16})_/.exec(token)![1];
    const revoked = await graphql(hub.url, `mutation { revokeCredential(keyId: "${keyId}") }`, { token: hub.tokens.admin });
    expect(revoked.body.errors).toBeUndefined();

    const replayed = await graphql(hub.url, ME, { token });
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const client = wsClient(hub.url, token);
    const outcome = await new Promise<string>((resolve) => {
      client.on('closed', (event) => resolve(String((event as { code: number }).code)));
      client.subscribe({ query: ME }, { next: () => resolve('answered'), error: () => undefined, complete: () => undefined });
    });
    await client.dispose();
    expect(outcome).toBe('4403');
  });
});
