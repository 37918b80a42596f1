import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseWhere } from '../../domain/registration/enterprise-filter.js';
import { Enterprise } from '../../entities/enterprise.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk, type RegisteredEnterprise } from './registration-fixtures.js';

const PAGE = `
  query Page($first: Int, $after: String, $filter: EnterpriseFilter) {
    enterprises(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          uscc name
          registeringAuthority { code }
          licences { number issuer { code } }
          registrations { kind registeredBy { code } clerkName receipts { status department { code } } }
          changes { field }
        }
      }
    }
  }
`;

type PageData = { enterprises: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: any }> } };

describe('department reads of the registry', () => {
  let hub: TestHub;
  let statements = 0;
  const named: RegisteredEnterprise[] = [];

  beforeAll(async () => {
    hub = await startTestHub(
      {},
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
    named.push(
      await registerOk(
        hub,
        companyInput({ name: '广元市昭化区青牛养殖专业合作社', kind: 'FARMERS_COOPERATIVE', establishedOn: '2024-03-01' }),
      ),
    );
    named.push(await registerOk(hub, companyInput({ name: '昭化区ＡＢＣ 电子商务有限公司', establishedOn: '2025-06-30' })));
    named.push(
      await registerOk(hub, companyInput({ name: '广元牛肉干食品有限公司', establishedOn: '2025-07-01', divisionCode: '510802' })),
    );
    // Enough entities for a page of 500, registered through the API ten at a time.
    for (let batch = 0; batch < 52; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => registerOk(hub)));
    }
  }, 120_000);
  afterAll(() => hub.stop());

  const page = (variables: Record<string, unknown>) => graphql<PageData>(hub.url, PAGE, { token: hub.tokens.system.SW, variables });

  it('reads one enterprise by USCC, and null for a valid code nobody has', async () => {
    const query = `query($uscc: String!) { enterprise(uscc: $uscc) { name kind status } }`;
    const found = await graphql<{ enterprise: any }>(hub.url, query, {
      token: hub.tokens.system.TJ,
      variables: { uscc: named[0].uscc.toLowerCase() },
    });
    expect(found.body.data?.enterprise).toEqual({ name: '广元市昭化区青牛养殖专业合作社', kind: 'FARMERS_COOPERATIVE', status: 'ACTIVE' });
    const missing = await graphql<{ enterprise: any }>(hub.url, query, {
      token: hub.tokens.system.TJ,
      variables: { uscc: '91110000600037341L' },
    });
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data).toEqual({ enterprise: null });
  });

  it('resolves a page of 500 with its relations in as many statements as a page of 50', async () => {
    const count = async (first: number) => {
      const before = statements;
      const response = await page({ first });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.enterprises.edges).toHaveLength(first);
      expect(response.body.data!.enterprises.edges[0].node.registrations[0].receipts.length).toBeGreaterThan(0);
      return statements - before;
    };
    const fifty = await count(50);
    const fiveHundred = await count(500);
    expect(fifty).toBeGreaterThan(0);
    expect(fiveHundred).toBe(fifty);
  });

  it('pages with cursors through the whole list without repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total: number;
    do {
      const response: Awaited<ReturnType<typeof page>> = await page({ first: 200, after });
      const data: PageData['enterprises'] = response.body.data!.enterprises;
      total = data.totalCount;
      for (const edge of data.edges) seen.add(edge.node.uscc);
      after = data.pageInfo.hasNextPage ? data.pageInfo.endCursor : null;
    } while (after);
    expect(seen.size).toBe(total);
    expect(total).toBe(523);
  });

  it.each([
    ['a Chinese part of the name', { nameContains: '青牛养殖' }, ['广元市昭化区青牛养殖专业合作社']],
    ['one character', { nameContains: '牛' }, ['广元市昭化区青牛养殖专业合作社', '广元牛肉干食品有限公司']],
    ['full-width letters and spaces, folded', { nameContains: 'abc电子' }, ['昭化区ＡＢＣ 电子商务有限公司']],
    ['a LIKE wildcard, taken literally', { nameContains: '%' }, []],
    ['kind', { kind: 'FARMERS_COOPERATIVE' }, ['广元市昭化区青牛养殖专业合作社']],
    [
      'establishment period',
      { establishedFrom: '2025-06-30', establishedTo: '2025-07-01' },
      ['广元牛肉干食品有限公司', '昭化区ＡＢＣ 电子商务有限公司'],
    ],
    ['a county', { divisionCode: '510802', status: 'ACTIVE' }, ['广元牛肉干食品有限公司']],
  ])('filters by %s', async (_case, filter, names) => {
    const response = await page({ first: 500, filter });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.enterprises.edges.map((edge) => edge.node.name).sort()).toEqual([...names].sort());
    expect(response.body.data!.enterprises.totalCount).toBe(names.length);
  });

  it('includes every county of a city or province, and nothing of another province', async () => {
    const city = await page({ first: 1, filter: { divisionCode: '510800' } });
    expect(city.body.data!.enterprises.totalCount).toBe(523);
    const other = await page({ first: 1, filter: { divisionCode: '110000' } });
    expect(other.body.data!.enterprises.totalCount).toBe(0);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ filter: { divisionCode: '519999' } }, 'filter.divisionCode'],
    [{ filter: { establishedFrom: '2025-13-01' } }, 'filter.establishedFrom'],
    [{ filter: { establishedFrom: '2025-02-01', establishedTo: '2025-01-01' } }, 'filter.establishedTo'],
  ])('refuses %j naming %s', async (variables, field) => {
    const response = await page(variables);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a page over 500 before running it, with its own code naming the limit', async () => {
    const response = await page({ first: 501 });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'PAGE_TOO_LARGE',
      field: 'first',
      limit: 'MAX_PAGE_SIZE',
      max: 500,
      actual: 501,
    });
  });

  it('serves the name search from the GIN index on the name grams, not a table scan', async () => {
    const sql = hub.orm.em
      .fork()
      .createQueryBuilder(Enterprise)
      .where(enterpriseWhere({ nameContains: '青牛' }) as never)
      .getFormattedQuery();
    const plan = await hub.orm.em.fork().transactional(async (tx) => {
      // With a few hundred rows a scan is cheapest; forbid it to show the index can serve the filter.
      await tx.execute('set local enable_seqscan = off', [], 'run');
      const rows = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on enterprise_name_grams_index/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
