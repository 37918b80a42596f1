import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WINNERS, seedDemoTrades } from '../../demo/trades.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerDemoWinners } from './demo-winners.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await seedDemoTrades(hub.orm.em.fork());
  // Register every demo winner, so enterprise.trades has something to load for each row.
  await registerDemoWinners(hub.orm.em.fork());
});
afterAll(() => hub?.stop());

/** Counts the SQL statements the hub sends while `run` runs (MikroORM logs every one). */
async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const logger = hub.orm.config.getLogger();
  const original = logger.logQuery.bind(logger);
  let count = 0;
  logger.logQuery = (context) => {
    // The credential is read at most once a second (domain/auth/credential-cache.ts): whether a
    // request reads it depends on timing, not on the page, so it is left out of the count.
    if (!String(context.query).includes('api_credential')) count++;
    original(context);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  return count;
}

const LIST = `query L($filter: TradesFilter, $first: Int, $after: String) {
  trades(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { code category status dealAmount savings premium winnerUscc
      statusHistory { toStatus }
      winnerEnterprise { uscc trades { code dealAmount } } }
  }
}`;

type Node = {
  code: string;
  category: string;
  status: string;
  savings: string | null;
  premium: string | null;
  winnerUscc: string | null;
  statusHistory: Array<{ toStatus: string }>;
  winnerEnterprise: { uscc: string; trades: Array<{ code: string }> } | null;
};
type List = { trades: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Node[] } };

describe('listing trades', () => {
  it('pages through all trades with a stable cursor and a total count', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total: number;
    for (;;) {
      const response: { body: { data?: List | null } } = await graphql<List>(hub.url, LIST, {
        token: hub.tokens.system.ZJJ,
        variables: { first: 50, after },
      });
      const page: List['trades'] = response.body.data!.trades;
      total = page.totalCount;
      for (const node of page.nodes) seen.add(node.code);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(193);
    expect(seen.size).toBe(193);
  });

  it('filters by category, status, winner, division and dates', async () => {
    const land = await graphql<List>(hub.url, LIST, {
      token: hub.tokens.system.SW,
      variables: { filter: { categories: ['LAND_USE_RIGHTS', 'MINERAL_RIGHTS'], statuses: ['AWARDED'] }, first: 100 },
    });
    expect(land.body.data!.trades.totalCount).toBe(17);
    expect(land.body.data!.trades.nodes.every((node) => node.savings === null && node.premium !== null)).toBe(true);

    const unfinished = await graphql<List>(hub.url, LIST, {
      token: hub.tokens.system.SW,
      variables: { filter: { statuses: ['FAILED', 'CANCELLED', 'ANNOUNCED'] } },
    });
    expect(unfinished.body.data!.trades.nodes.map((node) => node.status).sort()).toEqual(['ANNOUNCED', 'CANCELLED', 'FAILED', 'FAILED']);

    const winner = DEMO_WINNERS[10]!; // the Shanghai firm
    const won = await graphql<List>(hub.url, LIST, {
      token: hub.tokens.system.SW,
      variables: { filter: { winnerUscc: winner.uscc }, first: 500 },
    });
    expect(won.body.data!.trades.totalCount).toBeGreaterThan(0);
    expect(won.body.data!.trades.nodes.every((node) => node.winnerUscc === winner.uscc)).toBe(true);
    expect(won.body.data!.trades.nodes[0]!.winnerEnterprise!.trades).toHaveLength(won.body.data!.trades.totalCount);

    const city = await graphql<List>(hub.url, LIST, {
      token: hub.tokens.system.SW,
      variables: { filter: { divisionCode: '510800', dealFrom: '2015-07-01', dealTo: '2015-07-31' } },
    });
    expect(city.body.data!.trades.totalCount).toBeGreaterThan(0);
    expect(city.body.data!.trades.totalCount).toBeLessThan(40);

    const badFilter = await graphql(hub.url, LIST, {
      token: hub.tokens.system.SW,
      variables: { filter: { winnerUscc: '91510811MA60000100' } },
    });
    expect(badFilter.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.winnerUscc' });
    const tooMany = await graphql(hub.url, LIST, { token: hub.tokens.system.SW, variables: { first: 501 } });
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first' });
  });

  it('costs the same number of SQL statements for 5 trades as for 150, nested winners and their trades included', async () => {
    const run = (first: number) => () => graphql<List>(hub.url, LIST, { token: hub.tokens.system.TJ, variables: { first } });
    const small = await countStatements(run(5));
    const large = await countStatements(run(150));
    expect(large).toBe(small);
    // authentication, page, count, status history, winners, their trades
    expect(small).toBeLessThanOrEqual(6);

    const page = (await run(150)()).body.data!.trades.nodes;
    expect(page.filter((node) => node.winnerEnterprise !== null).length).toBeGreaterThan(100);
    expect(page.every((node) => node.statusHistory.length >= 1)).toBe(true);
  });

  it('finds a trade by code, and returns null for an unknown one', async () => {
    const query =
      'query T($code: String!) { trade(code: $code) { code name method budget dealAmount savings savingsRate statusHistory { fromStatus toStatus } } }';
    const found = await graphql<{ trade: { code: string; statusHistory: unknown[] } }>(hub.url, query, {
      token: hub.tokens.dashboard,
      variables: { code: 'ZHGC-2015-001' },
    });
    expect(found.body.data!.trade.code).toBe('ZHGC-2015-001');
    expect(found.body.data!.trade.statusHistory).toEqual([
      { fromStatus: null, toStatus: 'ANNOUNCED' },
      { fromStatus: 'ANNOUNCED', toStatus: 'OPEN' },
      { fromStatus: 'OPEN', toStatus: 'AWARDED' },
    ]);
    const missing = await graphql(hub.url, query, { token: hub.tokens.dashboard, variables: { code: 'ZHGC-2099-001' } });
    expect(missing.body.data).toEqual({ trade: null });
  });
});
