import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ maxRequestBytes: 4096 });
});
afterAll(() => hub?.stop());

const ME = '{ me { department { code name } clerk { name } roles credentialLabel } }';

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as any };
}

async function stillServes() {
  const response = await graphql(hub.url, ME, { token: hub.tokens.clerk });
  expect(response.body.data).toMatchObject({ me: { department: { code: 'SCJG' } } });
}

describe('GraphQL over HTTP', () => {
  it('answers a department with its principal, in application/graphql-response+json', async () => {
    const response = await graphql(hub.url, ME, { token: hub.tokens.clerk });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(response.body.data).toEqual({
      me: {
        department: { code: 'SCJG', name: '广元市昭化区市场监督管理局' },
        clerk: { name: '测试员' },
        roles: ['CLERK'],
        credentialLabel: 'test window',
      },
    });
  });

  it('answers in application/json when the client accepts only that', async () => {
    const response = await graphql(hub.url, ME, { token: hub.tokens.admin, accept: 'application/json' });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
  });

  it('carries a request id in the header and in the response extensions, reusing a sane one from the caller', async () => {
    const response = await graphql(hub.url, ME, { token: hub.tokens.admin, headers: { 'x-request-id': 'tax-system-000123' } });
    expect(response.headers.get('x-request-id')).toBe('tax-system-000123');
    expect(response.body.extensions?.requestId).toBe('tax-system-000123');
    const generated = await graphql(hub.url, ME, { token: hub.tokens.admin, headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a missing credential on a field that needs one with UNAUTHENTICATED', async () => {
    const response = await graphql(hub.url, ME);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0].message).toContain('Query.me needs a credential');
  });

  it('refuses a wrong or forged credential with 401 UNAUTHENTICATED', async () => {
    const forged = hub.tokens.clerk.slice(0, -4) + 'AAAA';
    for (const authorization of [`Bearer ${forged}`, 'Bearer nonsense', 'Basic dXNlcjpwYXNz']) {
      const response = await post(JSON.stringify({ query: ME }), { authorization });
      expect(response.status).toBe(401);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a role the field does not allow with FORBIDDEN naming the roles', async () => {
    const response = await graphql(hub.url, 'mutation { revokeCredential(keyId: "0000000000000000") }', { token: hub.tokens.clerk });
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(response.body.errors?.[0].message).toContain('ADMIN');
  });

  it('answers malformed JSON with 400', async () => {
    const response = await post('{"query": "{ me { roles } }"');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('not valid JSON');
    await stillServes();
  });

  it('answers a content type other than JSON with 415', async () => {
    const response = await post('query { me { roles } }', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(response.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await stillServes();
  });

  it('answers a body without a query with 400', async () => {
    const response = await post(JSON.stringify({ variables: {} }));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    await stillServes();
  });

  it('answers a body over the size limit with 413', async () => {
    const response = await post(JSON.stringify({ query: `{ me { roles } } # ${'x'.repeat(5000)}` }));
    expect(response.status).toBe(413);
    expect(response.body.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    await stillServes();
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED and an unknown field with 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const parse = await post(JSON.stringify({ query: '{ me { roles ' }));
    expect(parse.status).toBe(400);
    expect(parse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await post(JSON.stringify({ query: '{ me { salary } }' }));
    expect(validation.status).toBe(400);
    expect(validation.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillServes();
  });

  it('answers an unknown operation name with 400', async () => {
    const response = await post(JSON.stringify({ query: 'query A { me { roles } }', operationName: 'B' }));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('"B"');
    await stillServes();
  });

  it('answers wrong variable types with 400 BAD_USER_INPUT naming the variable', async () => {
    const response = await post(
      JSON.stringify({ query: 'mutation R($keyId: String!) { revokeCredential(keyId: $keyId) }', variables: { keyId: 42 } }),
      { authorization: `Bearer ${hub.tokens.admin}` },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors[0].message).toContain('$keyId');
    await stillServes();
  });

  it('refuses a batch of operations', async () => {
    const response = await post(JSON.stringify([{ query: ME }, { query: ME }]), { authorization: `Bearer ${hub.tokens.admin}` });
    expect(response.status).toBe(400);
    await stillServes();
  });

  it('sends no stack trace in production mode', async () => {
    const response = await post(JSON.stringify({ query: '{ me { salary } }' }));
    expect(JSON.stringify(response.body)).not.toContain('stacktrace');
  });
});
