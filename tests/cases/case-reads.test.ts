import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../demo/cases.js';
import { seedDemoMatters } from '../../demo/matters.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let statements = 0;

beforeAll(async () => {
  hub = await startTestHub(
    {},
    {
      debug: ['query'],
      colors: false,
      logger: (message) => {
        // The alert scheduler's own transaction is not part of the request being measured.
        // The credential is read at most once a second (domain/auth/credential-cache.ts): whether a
        // request reads it depends on timing, not on the page, so it is left out of the count.
        if (message.startsWith('[query]') && !/skip locked|\bbegin\b|\bcommit\b|api_credential/i.test(message)) statements += 1;
      },
    },
  );
  await hub.orm.em.fork().transactional(async (tx) => (await seedDemoMatters(tx), seedDemoCases(tx, { perWorkingDay: 4 })));
}, 60_000);
afterAll(() => hub?.stop());

const PAGE = `query P($first: Int, $after: String) { cases(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { caseNo status acceptedOn dueOn onTime early overdue department { code name } matter { code name legalTimeLimitDays } statusHistory { toStatus changedAt } } } }`;

describe('case lists', () => {
  it('resolve a page of 500 with matter, department and history in as many statements as a page of 50', async () => {
    const count = async (first: number) => {
      const before = statements;
      const response = await graphql<Record<string, any>>(hub.url, PAGE, { token: hub.tokens.dashboard, variables: { first } });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.cases.nodes).toHaveLength(first);
      expect(response.body.data!.cases.nodes[0].statusHistory.length).toBeGreaterThan(0);
      expect(response.body.data!.cases.nodes[0].matter.code).toMatch(/^[A-Z]+-[A-Z]+-\d+$/);
      return statements - before;
    };
    await count(10); // the process reads its reference data (the departments) once, on first use
    const fifty = await count(50);
    const fiveHundred = await count(500);
    expect(fifty).toBeGreaterThan(0);
    expect(fiveHundred).toBe(fifty);
  });

  it('pages with cursors, newest acceptance first, and refuses a page over 500', async () => {
    const first = await graphql<Record<string, any>>(hub.url, PAGE, { token: hub.tokens.dashboard, variables: { first: 3 } });
    const second = await graphql<Record<string, any>>(hub.url, PAGE, {
      token: hub.tokens.dashboard,
      variables: { first: 3, after: first.body.data!.cases.pageInfo.endCursor },
    });
    const dates = [...first.body.data!.cases.nodes, ...second.body.data!.cases.nodes].map((node: any) => node.acceptedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set([...first.body.data!.cases.nodes, ...second.body.data!.cases.nodes].map((node: any) => node.caseNo)).size).toBe(6);
    const tooMany = await graphql<Record<string, any>>(hub.url, PAGE, { token: hub.tokens.dashboard, variables: { first: 501 } });
    expect(tooMany.body.errors![0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first' });
  });
});
