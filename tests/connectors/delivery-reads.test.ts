import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutEvents } from '../../connectors/fan-out.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, DELIVERIES, recordEvents, webhookInput, type DeliveryNode } from './connector-fixtures.js';

describe('reading deliveries', () => {
  let hub: TestHub;
  let statements = 0;
  let tax: { id: string; name: string };
  let social: { id: string; name: string };

  beforeAll(async () => {
    // No workers: the deliveries stay as written, and every SQL statement counted is the query's.
    hub = await startTestHub(
      { delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } },
      {
        debug: ['query'],
        colors: false,
        logger: (message) => {
          // The credential is read at most once a second (domain/auth/credential-cache.ts): whether a
          // request reads it depends on timing, not on the page, so it is left out of the count.
          if (message.startsWith('[query]') && !message.includes('api_credential')) statements += 1;
        },
      },
    );
    tax = await createConnector(hub, webhookInput('SW', 'https://tax.example/hub'));
    social = await createConnector(hub, webhookInput('RS', 'https://rs.example/hub'));
    await recordEvents(
      hub.orm,
      'SW',
      Array.from({ length: 520 }, (_, index) => ({ type: 'enterprise.registered', key: `READ-${index}` })),
    );
    await recordEvents(hub.orm, 'RS', [{ type: 'enterprise.registered', key: 'READ-RS' }]);
    const em = hub.orm.em.fork();
    await fanOutEvents(em);
    // Two attempts in every delivery's history.
    for (const number of [1, 2]) {
      await em.execute(
        `insert into delivery_attempt (id, delivery_id, number, started_at, finished_at, outcome, status_code, error)
         select gen_random_uuid(), id, ${number}, now(), now(), 'RETRY', 503, 'HTTP 503' from delivery`,
      );
    }
  }, 60_000);
  afterAll(() => hub.stop());

  const read = async (variables: Record<string, unknown>, token = hub.tokens.admin) => {
    const before = statements;
    const response = await graphql<{
      deliveries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: DeliveryNode[] };
    }>(hub.url, DELIVERIES, { token, variables });
    expect(response.body.errors).toBeUndefined();
    return { data: response.body.data!.deliveries, statements: statements - before };
  };

  it('resolves a page of 500 with connectors and histories in as many statements as a page of 50', async () => {
    const small = await read({ filter: { connectorId: tax.id }, first: 50 });
    const large = await read({ filter: { connectorId: tax.id }, first: 500 });
    expect(small.data.nodes).toHaveLength(50);
    expect(large.data.nodes).toHaveLength(500);
    expect(large.data.totalCount).toBe(520);
    expect(large.data.nodes[0]).toMatchObject({ connector: { name: tax.name }, history: [{ number: 1 }, { number: 2 }] });
    expect(large.statements).toBe(small.statements);

    const rest = await read({ filter: { connectorId: tax.id }, first: 500, after: large.data.pageInfo.endCursor });
    expect(rest.data.nodes).toHaveLength(20);
    expect(rest.data.pageInfo.hasNextPage).toBe(false);
    const seen = new Set([...large.data.nodes, ...rest.data.nodes].map((node) => node.id));
    expect(seen.size).toBe(520);
  });

  it('shows a department system only the deliveries to its own department', async () => {
    const asSocial = await read({ first: 500 }, hub.tokens.system.RS);
    expect(asSocial.data.totalCount).toBe(1);
    expect(asSocial.data.nodes[0]).toMatchObject({ aggregateKey: 'READ-RS', connector: { name: social.name } });
    const sneaking = await read({ filter: { connectorId: tax.id } }, hub.tokens.system.RS);
    expect(sneaking.data.totalCount).toBe(0);
  });

  it('refuses a page larger than 500 and a malformed id', async () => {
    const tooLarge = await graphql(hub.url, DELIVERIES, { token: hub.tokens.admin, variables: { first: 501 } });
    expect(tooLarge.body.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first' });
    const malformed = await graphql(hub.url, DELIVERIES, { token: hub.tokens.admin, variables: { filter: { connectorId: 'x' } } });
    expect(malformed.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.connectorId' });
    const clerk = await graphql(hub.url, DELIVERIES, { token: hub.tokens.clerk });
    expect(clerk.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
