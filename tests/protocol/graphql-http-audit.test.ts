import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  it('passes every audit, MUST and SHOULD alike, against the real hub', async () => {
    const failures: string[] = [];
    for (const audit of serverAudits({ url: () => `${hub.url}/graphql` })) {
      const result = await audit.fn();
      // Notices are MAY items (GET requests, which the hub does not serve); warnings are SHOULDs.
      if (result.status === 'error' || result.status === 'warn')
        failures.push(`${result.status} ${audit.id} ${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the directives the specification defines', () => {
  const ME =
    'query($withRoles: Boolean!, $skipLabel: Boolean!) { me { roles @include(if: $withRoles) credentialLabel @skip(if: $skipLabel) } }';

  it('@include and @skip select fields by their argument', async () => {
    const both = await graphql(hub.url, ME, { token: hub.tokens.clerk, variables: { withRoles: true, skipLabel: false } });
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data).toEqual({ me: { roles: ['CLERK'], credentialLabel: 'test window' } });
    const neither = await graphql(hub.url, ME, { token: hub.tokens.clerk, variables: { withRoles: false, skipLabel: true } });
    expect(neither.body.errors).toBeUndefined();
    expect(neither.body.data).toEqual({ me: {} });
  });

  it('@deprecated and @specifiedBy are known to the schema, as introspection shows', async () => {
    const response = await graphql(hub.url, '{ __schema { directives { name } } }', { token: hub.tokens.admin });
    const names = (response.body.data as any).__schema.directives.map((directive: { name: string }) => directive.name);
    expect(names).toEqual(expect.arrayContaining(['include', 'skip', 'deprecated', 'specifiedBy', 'auth']));
  });
});
