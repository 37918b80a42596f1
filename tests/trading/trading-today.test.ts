import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUscc } from '../../demo/trades.js';
import { todayInShanghai } from '../../domain/working-days.js';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const FIELDS = 'count totalDeal totalSavings summary';
interface Today {
  count: number;
  totalDeal: string;
  totalSavings: string | null;
  summary: string;
}

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe("live counts of today's deals", () => {
  it('streams the current figures at once, then the new ones after each award commits', async () => {
    const client = wsClient(hub.url, hub.tokens.dashboard);
    const received: Today[] = [];
    const unsubscribe = client.subscribe<{ tradingToday: Today }>(
      { query: `subscription { tradingToday(divisionCode: "510800") { ${FIELDS} } }` },
      {
        next: (result) => received.push(result.data!.tradingToday),
        error: (error) => {
          throw error;
        },
        complete: () => {},
      },
    );
    try {
      await expect.poll(() => received.length).toBeGreaterThan(0);
      expect(received[0]).toMatchObject({ count: 0, totalDeal: '0.00' });

      const today = todayInShanghai();
      await graphql(hub.url, 'mutation R($input: RecordTradeInput!) { recordTrade(input: $input) { code } }', {
        token: hub.tokens.system.GGZY,
        variables: {
          input: {
            code: 'ZHCG-TODAY-001',
            name: '区政务服务中心排队叫号设备采购',
            category: 'PROCUREMENT',
            method: 'REQUEST_FOR_QUOTATION',
            budget: '480000.00',
            divisionCode: '510811',
            announcedOn: today,
          },
        },
      });
      const awarded = await graphql(hub.url, 'mutation A($input: AwardTradeInput!) { awardTrade(input: $input) { status } }', {
        token: hub.tokens.system.GGZY,
        variables: {
          input: {
            code: 'ZHCG-TODAY-001',
            dealAmount: '452300.00',
            dealOn: today,
            winnerUscc: demoUscc('510802', 6),
            winnerName: '广元市天成办公设备有限公司',
          },
        },
      });
      expect(awarded.body.errors).toBeUndefined();
      // Recording the trade also commits a change to the trades, which may push the same figures
      // again first: what matters is that the award's figures arrive.
      await expect.poll(() => received.at(-1)?.count).toBe(1);
      expect(received.at(-1)).toEqual({
        count: 1,
        totalDeal: '452300.00',
        totalSavings: '27700.00',
        summary: '各类交易 1 宗，成交总金额 45.23 万元，其中，政府采购成交金额 45.23 万元，节约资金 2.77 万元。',
      });

      const query = await graphql<{ tradingToday: Today }>(hub.url, `{ tradingToday { ${FIELDS} } }`, { token: hub.tokens.system.TJ });
      expect(query.body.data?.tradingToday).toEqual(received.at(-1));
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  it('refuses the counts to a request without a credential', async () => {
    const response = await graphql(hub.url, '{ tradingToday { count } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
