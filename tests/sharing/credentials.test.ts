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

  it('reads a credential once for requests close together, and still checks its secret every time', async () => {
    const token = await issue(hub, { departmentCode: 'TJ', roles: ['SYSTEM'], label: 'busy system' });
    expect((await graphql(hub.url, ME, { token })).status).toBe(200);
    const logger = hub.orm.config.getLogger();
    const original = logger.logQuery.bind(logger);
    const credentialReads: string[] = [];
    logger.logQuery = (context) => {
      if (/from "api_credential"/.test(String(context.query))) credentialReads.push(String(context.query));
      original(context);
    };
    try {
      expect((await graphql(hub.url, ME, { token })).status).toBe(200);
      const forged = token.replace(/_[^_]+$/, `_${'B'.repeat(43)}`);
      expect((await graphql(hub.url, ME, { token: forged })).status).toBe(401);
    } finally {
      logger.logQuery = original;
    }
    expect(credentialReads).toEqual([]);
  });

  it('honours a revocation written straight into the database, which no hub announced, within a second', async () => {
    const token = await issue(hub, { departmentCode: 'TJ', roles: ['SYSTEM'], label: 'revoked behind the hub' });
    expect((await graphql(hub.url, ME, { token })).status).toBe(200);
    const keyId = /^hub_([0-9a-f]{16})_/.exec(token)![1];
    await hub.orm.em.fork().getConnection().execute('update api_credential set revoked_at = now() where key_id = ?', [keyId]);
    await expect.poll(async () => (await graphql(hub.url, ME, { token })).status, { timeout: 3_000, interval: 100 }).toBe(401);
  });
});
