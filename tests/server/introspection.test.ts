import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const SCHEMA = '{ __schema { queryType { name } } }';

describe('introspection under INTROSPECTION=authenticated (the production default)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ introspection: 'authenticated' });
  });
  afterAll(() => hub?.stop());

  it('is the default in production, and INTROSPECTION takes true, authenticated or false', () => {
    expect(loadConfig({ NODE_ENV: 'production', ACCESS_LOG_KEY: 'k'.repeat(32) }).introspection).toBe('authenticated');
    expect(loadConfig({ NODE_ENV: 'development' }).introspection).toBe('everyone');
    expect(loadConfig({ INTROSPECTION: 'true' }).introspection).toBe('everyone');
    expect(loadConfig({ INTROSPECTION: 'false' }).introspection).toBe('nobody');
    expect(() => loadConfig({ INTROSPECTION: 'sometimes' })).toThrow(/INTROSPECTION="sometimes": must be true \(everyone\), authenticated/);
  });

  it('answers a request with a credential', async () => {
    const response = await graphql<any>(hub.url, SCHEMA, { token: hub.tokens.system.SW });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.queryType.name).toBe('Query');
    const type = await graphql<any>(hub.url, 'query { __type(name: "Enterprise") { fields { name } } }', { token: hub.tokens.dashboard });
    expect(type.body.data.__type.fields.map((field: any) => field.name)).toContain('uscc');
  });

  it('refuses an anonymous one, naming the hub’s setting rather than Apollo’s option', async () => {
    for (const query of [SCHEMA, 'query Sneaky { ...F } fragment F on Query { __type(name: "Enterprise") { name } }']) {
      const response = await graphql<any>(hub.url, query);
      expect(response.status).toBe(401);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', setting: 'INTROSPECTION' });
      expect(response.body.errors?.[0].message).toContain('INTROSPECTION=authenticated');
      expect(response.body.errors?.[0].message).not.toMatch(/ApolloServer|introspection: true/);
    }
  });

  it('never refuses __typename', async () => {
    const response = await graphql<any>(hub.url, '{ __typename }');
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ __typename: 'Query' });
  });
});
