import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_000_TRADING, seedDemoTrades } from '../../demo/trades.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await seedDemoTrades(hub.orm.em.fork());
});
afterAll(() => hub?.stop());

const STATS = `query S($filter: TradeStatsFilter!) {
  tradeStats(filter: $filter) {
    count totalDeal totalBudget totalSavings savingsRate totalReservePrice totalPremium premiumRate summary
    categories { category label count totalDeal totalBudget totalSavings savingsRate totalReservePrice totalPremium premiumRate }
    reportLines { key label count totalDeal totalSavings savingsRate totalPremium premiumRate }
  }
}`;

type Line = {
  key: string;
  count: number;
  totalDeal: string;
  totalSavings: string | null;
  savingsRate: string | null;
  totalPremium: string | null;
};

describe('the demo year reproduces the trading paragraph of seed report 000', () => {
  it('gives the report its totals, exact to the fen, and its sentence', async () => {
    const response = await graphql<{ tradeStats: Record<string, unknown> & { reportLines: Line[] } }>(hub.url, STATS, {
      token: hub.tokens.dashboard,
      variables: { filter: { from: '2015-01-01', to: '2015-12-31', divisionCode: '510811' } },
    });
    expect(response.body.errors).toBeUndefined();
    const stats = response.body.data!.tradeStats;
    // 全区开展各类…交易189宗，成交总金额21187.71万元
    expect(stats.count).toBe(189);
    expect(stats.totalDeal).toBe('211877100.00');
    const lines = Object.fromEntries(stats.reportLines.map((line) => [line.key, line]));
    // 建设工程成交总额6168.63万元，节约资金511.5万元
    expect(lines.CONSTRUCTION).toMatchObject({ totalDeal: '61686300.00', totalSavings: '5115000.00', savingsRate: '0.0766' });
    // 政府采购成交金额6175.38万元，节约资金625.27万元
    expect(lines.PROCUREMENT).toMatchObject({ totalDeal: '61753800.00', totalSavings: '6252700.00', savingsRate: '0.0919' });
    // 土地矿权出让金额8682.7万元，增收312.2万元
    expect(lines.LAND_AND_MINERAL_RIGHTS).toMatchObject({ totalDeal: '86827000.00', totalPremium: '3122000.00', totalSavings: null });
    // 产权交易成交金额51万元，增收５万元
    expect(lines.PROPERTY_RIGHTS).toMatchObject({ totalDeal: '510000.00', totalPremium: '50000.00' });
    // 其它交易金额110万元
    expect(lines.OTHER).toMatchObject({ totalDeal: '1100000.00', totalSavings: null, totalPremium: null });
    expect(stats.reportLines.reduce((sum, line) => sum + line.count, 0)).toBe(SEED_000_TRADING.count);

    expect(stats.summary).toBe(
      '各类交易 189 宗，成交总金额 21187.71 万元，其中，建设工程成交总额 6168.63 万元，节约资金 511.5 万元；' +
        '政府采购成交金额 6175.38 万元，节约资金 625.27 万元；土地矿权出让金额 8682.7 万元，增收 312.2 万元；' +
        '产权交易成交金额 51 万元，增收 5 万元；其它交易金额 110 万元。',
    );
    // The overall savings rate is total over total (11367700 ÷ 134807800), not an average of the two rates.
    expect(stats).toMatchObject({ totalBudget: '134807800.00', totalSavings: '11367700.00', savingsRate: '0.0843' });
  });

  it('keeps land and mineral rights apart by category, and filters by category, period and division', async () => {
    const all = await graphql<{ tradeStats: { categories: Array<{ category: string; count: number; totalDeal: string }> } }>(
      hub.url,
      STATS,
      {
        token: hub.tokens.system.SW,
        variables: { filter: { from: '2015-01-01', to: '2015-12-31' } },
      },
    );
    const categories = all.body.data!.tradeStats.categories;
    expect(categories.map((c) => c.category)).toEqual([
      'CONSTRUCTION',
      'PROCUREMENT',
      'LAND_USE_RIGHTS',
      'MINERAL_RIGHTS',
      'STATE_PROPERTY_RIGHTS',
      'OTHER',
    ]);
    const land = categories.find((c) => c.category === 'LAND_USE_RIGHTS')!;
    const minerals = categories.find((c) => c.category === 'MINERAL_RIGHTS')!;
    expect(land.count + minerals.count).toBe(17);

    const onlyProcurement = await graphql<{ tradeStats: { count: number; summary: string } }>(hub.url, STATS, {
      token: hub.tokens.system.SW,
      variables: { filter: { from: '2015-01-01', to: '2015-12-31', categories: ['PROCUREMENT'], divisionCode: '510800' } },
    });
    expect(onlyProcurement.body.data!.tradeStats.summary).toBe(
      '各类交易 96 宗，成交总金额 6175.38 万元，其中，政府采购成交金额 6175.38 万元，节约资金 625.27 万元。',
    );

    const elsewhere = await graphql<{ tradeStats: { count: number; totalDeal: string; summary: string } }>(hub.url, STATS, {
      token: hub.tokens.system.SW,
      variables: { filter: { from: '2015-01-01', to: '2015-12-31', divisionCode: '310115' } },
    });
    expect(elsewhere.body.data!.tradeStats).toMatchObject({ count: 0, totalDeal: '0.00', summary: '各类交易 0 宗，成交总金额 0 万元。' });

    const firstHalf = await graphql<{ tradeStats: { count: number } }>(hub.url, STATS, {
      token: hub.tokens.system.SW,
      variables: { filter: { from: '2015-01-01', to: '2015-06-30' } },
    });
    expect(firstHalf.body.data!.tradeStats.count).toBeGreaterThan(0);
    expect(firstHalf.body.data!.tradeStats.count).toBeLessThan(189);
  });

  it('refuses a period that ends before it starts, or a division that does not exist', async () => {
    const backwards = await graphql(hub.url, STATS, {
      token: hub.tokens.dashboard,
      variables: { filter: { from: '2015-12-31', to: '2015-01-01' } },
    });
    expect(backwards.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    const badDate = await graphql(hub.url, STATS, {
      token: hub.tokens.dashboard,
      variables: { filter: { from: '2015-02-30', to: '2015-12-31' } },
    });
    expect(badDate.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
    const badDivision = await graphql(hub.url, STATS, {
      token: hub.tokens.dashboard,
      variables: { filter: { from: '2015-01-01', to: '2015-12-31', divisionCode: '999999' } },
    });
    expect(badDivision.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.divisionCode' });
  });
});
