import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, takeResults, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const ask = (query: string, variables?: Record<string, unknown>) =>
  graphql<any>(hub.url, query, { token: hub.tokens.system.SCJG, variables });

function depthBomb(levels: number): string {
  let selection = 'uscc';
  for (let level = 0; level < levels; level++) selection = `registrations { enterprise { ${selection} } }`;
  return `{ enterprise(uscc: "91350100M000100Y43") { ${selection} } }`;
}

describe('abuse limits, checked before execution (default configuration)', () => {
  it('refuses a depth bomb with QUERY_TOO_DEEP naming the limit', async () => {
    const response = await ask(depthBomb(20));
    expect(response.status).toBe(400);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 'MAX_QUERY_DEPTH', max: 15, actual: 42 });
    expect(response.body.errors?.[0].message).toMatch(/MAX_QUERY_DEPTH/);
  });

  it('counts depth through fragments', async () => {
    const response = await ask(`
      fragment Deep on Enterprise { registrations { enterprise { registrations { enterprise { registrations { enterprise { uscc } } } } } } }
      fragment Deeper on Enterprise { registrations { enterprise { registrations { enterprise { ...Deep } } } } }
      { enterprise(uscc: "91350100M000100Y43") { registrations { enterprise { registrations { enterprise { ...Deeper } } } } } }`);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP' });
  });

  it('refuses an alias bomb (1 000 aliases) with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 1000 }, (_, index) => `a${index}: __typename`).join(' ');
    const response = await ask(`{ me { department { ${aliases} } } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 'MAX_ALIASES', max: 30, actual: 1000 });
  });

  it('refuses too many root fields with TOO_MANY_ROOT_FIELDS', async () => {
    const roots = Array.from({ length: 11 }, (_, index) => `m${index}: me { roles }`).join(' ');
    const response = await ask(`{ ${roots} }`);
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'TOO_MANY_ROOT_FIELDS',
      limit: 'MAX_ROOT_FIELDS',
      max: 10,
      actual: 11,
    });
  });

  it('refuses a fragment cycle in validation, without hanging', async () => {
    const response = await ask(`
      fragment A on Enterprise { registrations { enterprise { ...B } } }
      fragment B on Enterprise { registrations { enterprise { ...A } } }
      { enterprise(uscc: "91350100M000100Y43") { ...A } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0].message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('refuses first: 1000000 before touching the database, naming first and the page limit', async () => {
    const response = await ask(`{ enterprises(first: 1000000) { totalCount } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'PAGE_TOO_LARGE',
      field: 'first',
      limit: 'MAX_PAGE_SIZE',
      max: 500,
      actual: 1000000,
    });
    const viaVariable = await ask(`query($n: Int) { enterprises(first: $n) { totalCount } }`, { n: 1000000 });
    expect(viaVariable.body.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first', limit: 'MAX_PAGE_SIZE' });
  });

  it('measures a query again when a variable sets its page size, not when it was admitted before without one', async () => {
    // The same query text: the hub keeps its measure once admitted, but a variable page size is measured each time.
    const page = `query($n: Int) { enterprises(first: $n) { totalCount } }`;
    expect((await ask(page, { n: 10 })).body.errors).toBeUndefined();
    expect((await ask(page, { n: 501 })).body.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', actual: 501 });
    const fixed = `{ enterprises(first: 5) { totalCount } }`;
    for (let round = 0; round < 2; round++) expect((await ask(fixed)).body.errors).toBeUndefined();
  });

  it('refuses a batch of 1 000 operations with BATCH_TOO_LARGE', async () => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.tokens.system.SCJG}` },
      body: JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ me { roles } }' }))),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
    expect(body.errors[0].message).toMatch(/MAX_BATCH_SIZE is 1; this batch has 1000/);
  });

  it('lets an ordinary page of 500 with its relations through', async () => {
    const response =
      await ask(`{ enterprises(first: 500) { totalCount edges { node { uscc registeringAuthority { code } licences { number issuer { code } }
      registrations { kind registeredBy { code } receipts { status department { code } } } changes { field } } } } }`);
    expect(response.body.errors).toBeUndefined();
  });

  it('applies the same limits over WebSocket', async () => {
    const client = wsClient(hub.url, hub.tokens.system.SCJG);
    try {
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: depthBomb(20) }, { next: resolve, error: resolve, complete: () => undefined });
      });
      expect(outcome).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP', limit: 'MAX_QUERY_DEPTH' }) }),
      ]);
      const [ok] = await takeResults<any>(client, '{ me { roles } }', 1);
      expect(ok.data).toEqual({ me: { roles: ['SYSTEM'] } });
    } finally {
      await client.dispose();
    }
  });
});

describe('a tighter configuration', () => {
  let tight: TestHub;
  beforeAll(async () => {
    tight = await startTestHub({
      limits: { maxDepth: 15, maxCost: 2_000, maxAliases: 30, maxRootFields: 10, maxBatchSize: 3 },
      introspection: 'nobody',
    });
  });
  afterAll(() => tight?.stop());

  it('refuses a query over the cost limit with QUERY_TOO_COSTLY, counting list multipliers', async () => {
    const response = await graphql<any>(
      tight.url,
      `
        {
          enterprises(first: 500) {
            nodes {
              uscc
              licences {
                number
              }
            }
          }
        }
      `,
      { token: tight.tokens.system.SCJG },
    );
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 'MAX_QUERY_COST', max: 2000 });
    expect(response.body.errors?.[0].extensions?.actual).toBeGreaterThan(2000);
    const small = await graphql<any>(
      tight.url,
      `
        {
          enterprises(first: 10) {
            nodes {
              uscc
              licences {
                number
              }
            }
          }
        }
      `,
      { token: tight.tokens.system.SCJG },
    );
    expect(small.body.errors).toBeUndefined();
  });

  it('measures a query again when a variable decides, through a directive, what it selects', async () => {
    const gated = `query($deep: Boolean!) { enterprises(first: 500) { nodes { uscc licences @include(if: $deep) { number } } } }`;
    const ask = (deep: boolean) => graphql<any>(tight.url, gated, { token: tight.tokens.system.SCJG, variables: { deep } });
    expect((await ask(false)).body.errors).toBeUndefined();
    expect((await ask(true)).body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    expect((await ask(false)).body.errors).toBeUndefined();
  });

  it('accepts batches up to MAX_BATCH_SIZE and refuses larger ones', async () => {
    const send = (count: number) =>
      fetch(`${tight.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tight.tokens.system.SCJG}` },
        body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ me { roles } }' }))),
      });
    const ok = await send(3);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(3);
    const refused = await send(4);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors[0].extensions).toEqual({
      code: 'BATCH_TOO_LARGE',
      requestId: refused.headers.get('x-request-id'),
    });
  });

  it('can switch introspection off', async () => {
    const response = await graphql<any>(tight.url, '{ __schema { types { name } } }', { token: tight.tokens.system.SCJG });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', setting: 'INTROSPECTION' });
    expect(response.body.errors?.[0].message).toMatch(/INTROSPECTION=false/);
  });
});
