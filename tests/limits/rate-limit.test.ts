import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { createLogger } from '../../support/logger.js';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const ME = '{ me { roles } }';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the per-credential rate limit, in memory', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimit: { requests: 3, windowSeconds: 60 } });
  });
  afterAll(() => hub?.stop());

  it('answers 429 with Retry-After and RATE_LIMITED once a credential has used its budget, and only for that credential', async () => {
    for (let request = 0; request < 3; request++) expect((await graphql(hub.url, ME, { token: hub.tokens.system.TJ })).status).toBe(200);
    const refused = await graphql(hub.url, ME, { token: hub.tokens.system.TJ });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 'RATE_LIMIT_REQUESTS',
      max: 3,
      windowSeconds: 60,
    });
    expect(refused.body.errors?.[0].message).toMatch(/at most 3 operations per 60 s/);
    expect((await graphql(hub.url, ME, { token: hub.tokens.system.SW })).status).toBe(200);
  });

  it('counts operations over WebSocket against the same budget', async () => {
    for (let request = 0; request < 3; request++) await graphql(hub.url, ME, { token: hub.tokens.system.RS });
    const client = wsClient(hub.url, hub.tokens.system.RS);
    try {
      const outcome = await new Promise<unknown>((resolve) =>
        client.subscribe({ query: ME }, { next: resolve, error: resolve, complete: () => undefined }),
      );
      expect(outcome).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
    } finally {
      await client.dispose();
    }
  });

  it('counts forged credentials against the caller address', async () => {
    const forged = `hub_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    const statuses: number[] = [];
    for (let request = 0; request < 4; request++) statuses.push((await graphql(hub.url, ME, { token: forged })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the per-credential rate limit, in Redis (REDIS_URL), shared by two hub instances', () => {
  let first: TestHub;
  let second: RunningHub;
  beforeAll(async () => {
    const rateLimit = { requests: 4, windowSeconds: 60, keyPrefix: `hub-rate-test-${randomUUID()}` };
    first = await startTestHub({ redisUrl: REDIS_URL, rateLimit });
    const config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      database: first.database.config,
      redisUrl: REDIS_URL,
      rateLimit,
    };
    second = await startHub(config, createLogger('silent'));
  });
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  it('refuses the fifth operation of a credential wherever it lands', async () => {
    const token = first.tokens.system.ZJ;
    const statuses: number[] = [];
    for (const hub of [first, second, first, second, second]) statuses.push((await graphql(hub.url, ME, { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
