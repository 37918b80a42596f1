import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../domain/auth/manage-credentials.js';
import { Role } from '../../entities/role.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { normalise, searchGrams } from '../../domain/search-grams.js';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { Trade } from '../../entities/trade.js';
import { TradeStatusChange } from '../../entities/trade-status-change.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { demoRoadTender, demoUscc } from '../../demo/trades.js';

let hub: TestHub;
let ggzyClerk: string;
beforeAll(async () => {
  hub = await startTestHub();
  ggzyClerk = (
    await issueCredential(hub.orm.em.fork(), { departmentCode: 'GGZY', roles: [Role.CLERK], label: '交易窗口', clerkName: '李明' })
  ).token;
});
afterAll(() => hub?.stop());

const FIELDS = `code name category method budget reservePrice dealAmount savings savingsRate premium premiumRate
  winnerUscc winnerName winnerEnterprise { uscc name trades { code } } agencyUscc agencyName divisionCode announcedOn openingOn dealOn status
  statusHistory { fromStatus toStatus reason changedBy }`;
const RECORD = `mutation R($input: RecordTradeInput!) { recordTrade(input: $input) { ${FIELDS} } }`;
const AWARD = `mutation A($input: AwardTradeInput!) { awardTrade(input: $input) { ${FIELDS} } }`;
const FAIL = `mutation F($input: CloseTradeInput!) { failTrade(input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation C($input: CloseTradeInput!) { cancelTrade(input: $input) { ${FIELDS} } }`;
const OPEN = `mutation O($code: String!) { openTrade(code: $code) { status } }`;
const TRADE = `query T($code: String!) { trade(code: $code) { ${FIELDS} } }`;

const LOCAL_WINNER = demoUscc('510811', 1);
const SHANGHAI_WINNER = demoUscc('310115', 11);

const construction = demoRoadTender;

async function counts() {
  const em = hub.orm.em.fork();
  return { trades: await em.count(Trade, {}), changes: await em.count(TradeStatusChange, {}), events: await em.count(OutboxEvent, {}) };
}

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
const firstError = (response: { body: { errors?: Errors } }) => response.body.errors?.[0];

describe('recording and awarding a trade', () => {
  it('records, opens and awards a construction tender with exact savings, history, department events and live counts', async () => {
    const recorded = await graphql<{ recordTrade: Record<string, unknown> }>(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: construction('ZHGC-2015-101') },
    });
    expect(recorded.body.errors).toBeUndefined();
    expect(recorded.body.data!.recordTrade).toMatchObject({ status: 'ANNOUNCED', budget: '66801300.00', dealAmount: null, savings: null });

    expect((await graphql(hub.url, OPEN, { token: ggzyClerk, variables: { code: 'ZHGC-2015-101' } })).body.data).toEqual({
      openTrade: { status: 'OPEN' },
    });

    const published: unknown[] = [];
    const subscription = hub.pubSub.subscribe('counts:changed');
    const received = (async () => {
      for await (const event of subscription) {
        published.push(event);
        break;
      }
    })();

    const awarded = await graphql<{ awardTrade: Record<string, unknown> }>(hub.url, AWARD, {
      token: ggzyClerk,
      variables: {
        input: {
          code: 'ZHGC-2015-101',
          dealAmount: '61686300.00',
          dealOn: '2015-03-30',
          winnerUscc: LOCAL_WINNER,
          winnerName: '广元市昭化区宏达建筑工程有限公司',
        },
      },
    });
    expect(awarded.body.errors).toBeUndefined();
    expect(awarded.body.data!.awardTrade).toMatchObject({
      status: 'AWARDED',
      dealAmount: '61686300.00',
      savings: '5115000.00',
      savingsRate: '0.0766',
      premium: null,
      winnerUscc: LOCAL_WINNER,
      winnerEnterprise: null,
      dealOn: '2015-03-30',
      statusHistory: [
        { fromStatus: null, toStatus: 'ANNOUNCED', reason: null, changedBy: 'GGZY GGZY test system' },
        { fromStatus: 'ANNOUNCED', toStatus: 'OPEN', reason: null, changedBy: 'GGZY 李明' },
        { fromStatus: 'OPEN', toStatus: 'AWARDED', reason: null, changedBy: 'GGZY 李明' },
      ],
    });

    await received;
    expect(published).toEqual([{ kind: 'trade', departmentCode: 'GGZY', divisionCode: '510811' }]);

    const events = await hub.orm.em
      .fork()
      .find(OutboxEvent, { aggregateKey: 'ZHGC-2015-101' }, { populate: ['department'], orderBy: { department: { code: 'asc' } } });
    expect(events.map((event) => [event.eventType, event.aggregateType, event.department.code])).toEqual([
      ['trade.awarded', 'trade', 'TJ'],
      ['trade.awarded', 'trade', 'ZJJ'],
    ]);
    expect(events[0]!.payload).toMatchObject({
      code: 'ZHGC-2015-101',
      dealAmount: '61686300.00',
      savings: '5115000.00',
      winnerUscc: LOCAL_WINNER,
    });
  });

  it('records a transfer against its reserve price and reports the premium', async () => {
    await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHTD-2015-101',
          name: '昭化区卫子镇3号地块国有建设用地使用权',
          category: 'LAND_USE_RIGHTS',
          method: 'LISTING',
          reservePrice: '83705000.00',
          divisionCode: '510811',
          announcedOn: '2015-05-04',
        },
      },
    });
    const awarded = await graphql<{ awardTrade: Record<string, unknown> }>(hub.url, AWARD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHTD-2015-101',
          dealAmount: '86827000.00',
          dealOn: '2015-06-05',
          winnerUscc: demoUscc('510802', 7),
          winnerName: '广元市嘉陵置业有限公司',
        },
      },
    });
    expect(awarded.body.data!.awardTrade).toMatchObject({ premium: '3122000.00', premiumRate: '0.0373', savings: null, savingsRate: null });
    const events = await hub.orm.em.fork().find(OutboxEvent, { aggregateKey: 'ZHTD-2015-101' }, { populate: ['department'] });
    expect(events.map((event) => event.department.code)).toEqual(['SW']);
  });

  it('stores a winner from another province by its USCC and name, and links it once it is registered', async () => {
    await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHCG-2015-101',
          name: '区教育局电子政务设备采购',
          category: 'PROCUREMENT',
          method: 'COMPETITIVE_CONSULTATION',
          budget: '1500000.00',
          divisionCode: '510811',
          announcedOn: '2015-07-01',
        },
      },
    });
    const awarded = await graphql<{ awardTrade: { winnerEnterprise: unknown; winnerName: string } }>(hub.url, AWARD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHCG-2015-101',
          dealAmount: '1388888.88',
          dealOn: '2015-07-20',
          winnerUscc: SHANGHAI_WINNER.toLowerCase(),
          winnerName: '上海浦江智能科技有限公司',
        },
      },
    });
    expect(awarded.body.data!.awardTrade).toMatchObject({
      winnerEnterprise: null,
      winnerName: '上海浦江智能科技有限公司',
      winnerUscc: SHANGHAI_WINNER,
      savings: '111111.12',
    });

    const em = hub.orm.em.fork();
    em.create(Enterprise, {
      uscc: SHANGHAI_WINNER,
      name: '上海浦江智能科技有限公司昭化分公司',
      nameGrams: searchGrams('上海浦江智能科技有限公司昭化分公司'),
      searchName: normalise('上海浦江智能科技有限公司昭化分公司'),
      kind: EnterpriseKind.BRANCH,
      legalRepresentative: '张伟',
      registeredCapitalWanYuan: '0.000000',
      address: '广元市昭化区元坝镇',
      divisionCode: '510811',
      industryCode: 'I65',
      businessScope: '信息技术服务',
      establishedOn: '2015-09-01',
      registeringAuthority: await em.findOneOrFail(Department, { code: 'SCJG' }),
    });
    await em.flush();

    const linked = await graphql<{ trade: { winnerEnterprise: { uscc: string; trades: Array<{ code: string }> } } }>(hub.url, TRADE, {
      token: hub.tokens.system.SW,
      variables: { code: 'ZHCG-2015-101' },
    });
    expect(linked.body.data!.trade.winnerEnterprise).toEqual({
      uscc: SHANGHAI_WINNER,
      name: '上海浦江智能科技有限公司昭化分公司',
      trades: [{ code: 'ZHCG-2015-101' }],
    });

    // With the winner registered, its name comes from the registry when the centre leaves it out.
    await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHCG-2015-102',
          name: '区政务服务中心办公设备采购',
          category: 'PROCUREMENT',
          method: 'REQUEST_FOR_QUOTATION',
          budget: '200000.00',
          divisionCode: '510811',
          announcedOn: '2015-08-03',
        },
      },
    });
    const byRegistry = await graphql<{ awardTrade: { winnerName: string; winnerEnterprise: { trades: Array<{ code: string }> } } }>(
      hub.url,
      AWARD,
      {
        token: hub.tokens.system.GGZY,
        variables: { input: { code: 'ZHCG-2015-102', dealAmount: '190000', dealOn: '2015-08-20', winnerUscc: SHANGHAI_WINNER } },
      },
    );
    expect(byRegistry.body.data!.awardTrade.winnerName).toBe('上海浦江智能科技有限公司昭化分公司');
    expect(byRegistry.body.data!.awardTrade.winnerEnterprise.trades.map((trade) => trade.code)).toEqual(['ZHCG-2015-102', 'ZHCG-2015-101']);
  });

  it('fails and cancels trades with their reasons, and never awards them afterwards', async () => {
    await graphql(hub.url, RECORD, { token: hub.tokens.system.GGZY, variables: { input: construction('ZHGC-2015-102') } });
    const failed = await graphql<{ failTrade: { status: string; statusHistory: Array<{ toStatus: string; reason: string | null }> } }>(
      hub.url,
      FAIL,
      {
        token: hub.tokens.system.GGZY,
        variables: { input: { code: 'ZHGC-2015-102', reason: '有效投标人不足三家' } },
      },
    );
    expect(failed.body.data!.failTrade.status).toBe('FAILED');
    expect(failed.body.data!.failTrade.statusHistory.at(-1)).toEqual({
      fromStatus: 'ANNOUNCED',
      toStatus: 'FAILED',
      reason: '有效投标人不足三家',
      changedBy: 'GGZY GGZY test system',
    });

    await graphql(hub.url, RECORD, { token: hub.tokens.system.GGZY, variables: { input: construction('ZHGC-2015-103') } });
    const cancelled = await graphql<{ cancelTrade: { status: string } }>(hub.url, CANCEL, {
      token: ggzyClerk,
      variables: { input: { code: 'ZHGC-2015-103', reason: '项目规划调整，业主终止招标' } },
    });
    expect(cancelled.body.data!.cancelTrade.status).toBe('CANCELLED');

    const before = await counts();
    const awardCancelled = await graphql(hub.url, AWARD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: { code: 'ZHGC-2015-103', dealAmount: '60000000.00', dealOn: '2015-04-01', winnerUscc: LOCAL_WINNER, winnerName: 'x' },
      },
    });
    expect(firstError(awardCancelled)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    expect(firstError(awardCancelled)?.message).toContain('已终止 (CANCELLED) and cannot be awarded');
    const awardFailed = await graphql(hub.url, AWARD, {
      token: hub.tokens.system.GGZY,
      variables: {
        input: { code: 'ZHGC-2015-102', dealAmount: '60000000.00', dealOn: '2015-04-01', winnerUscc: LOCAL_WINNER, winnerName: 'x' },
      },
    });
    expect(firstError(awardFailed)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    const cancelAgain = await graphql(hub.url, CANCEL, {
      token: hub.tokens.system.GGZY,
      variables: { input: { code: 'ZHGC-2015-103', reason: 'again' } },
    });
    expect(firstError(cancelAgain)?.extensions).toMatchObject({ code: 'CONFLICT' });
    const unknown = await graphql(hub.url, FAIL, {
      token: hub.tokens.system.GGZY,
      variables: { input: { code: 'ZHGC-2015-999', reason: 'x' } },
    });
    expect(firstError(unknown)?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.code' });
    expect(await counts()).toEqual(before);
    const stored = await hub.orm.em.fork().findOneOrFail(Trade, { code: 'ZHGC-2015-103' });
    expect([stored.status, stored.dealAmount]).toEqual(['CANCELLED', null]);
  });
});

describe('two clerks acting on one trade at once', () => {
  it('awards it once: the other award is a CONFLICT, and only one set of events is queued', async () => {
    await graphql(hub.url, RECORD, { token: hub.tokens.system.GGZY, variables: { input: construction('ZHGC-2015-501') } });
    const award = (dealAmount: string) =>
      graphql(hub.url, AWARD, {
        token: hub.tokens.system.GGZY,
        variables: {
          input: {
            code: 'ZHGC-2015-501',
            dealAmount,
            dealOn: '2015-04-01',
            winnerUscc: LOCAL_WINNER,
            winnerName: '广元市昭化区宏达建筑工程有限公司',
          },
        },
      });
    const results = await Promise.all([
      award('60000000.00'),
      award('60000001.00'),
      graphql(hub.url, FAIL, { token: ggzyClerk, variables: { input: { code: 'ZHGC-2015-501', reason: '流标' } } }),
    ]);
    const outcomes = results.map((result) => firstError(result)?.extensions?.code ?? 'OK');
    expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'CONFLICT')).toHaveLength(2);
    const trade = await hub.orm.em.fork().findOneOrFail(Trade, { code: 'ZHGC-2015-501' });
    const changes = await hub.orm.em.fork().count(TradeStatusChange, { trade });
    const events = await hub.orm.em.fork().count(OutboxEvent, { aggregateKey: 'ZHGC-2015-501' });
    expect(changes).toBe(2);
    expect(events).toBe(trade.status === 'AWARDED' ? 2 : 0);
  });
});

describe('bad input is refused, naming the field, and nothing is written', () => {
  it('refuses bad amounts, dates, codes and method for a recorded trade', async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ budget: '-100.00' }, 'input.budget', /negative/],
      [{ budget: '六千万' }, 'input.budget', /not an amount/],
      [{ budget: '1e7' }, 'input.budget', /exponent/],
      [{ budget: '100.001' }, 'input.budget', /more than 2 decimal places/],
      [{ budget: '1,234,567.89' }, 'input.budget', /without sign, separators, spaces or leading zeros \(e\.g\. 1234567\.89\)/],
      [{ budget: '+12.00' }, 'input.budget', /without sign/],
      [{ budget: '00012.30' }, 'input.budget', /leading zeros/],
      [{ budget: ' 12.30' }, 'input.budget', /spaces/],
      [{ budget: '1000.230' }, 'input.budget', /more than 2 decimal places/],
      [{ budget: null }, 'input.budget', /needs its budget/],
      [{ reservePrice: '100.00' }, 'input.reservePrice', /not a reserve price/],
      [{ method: 'AUCTION' }, 'input.method', /拍卖 \(AUCTION\) is not a method for 工程建设 \(CONSTRUCTION\)/],
      [{ announcedOn: '2015-02-29' }, 'input.announcedOn', /not a calendar date/],
      [{ announcedOn: '2999-01-01' }, 'input.announcedOn', /in the future/],
      [{ openingOn: '2015-03-01' }, 'input.openingOn', /before the announcement/],
      [{ divisionCode: '510899' }, 'input.divisionCode', /not a GB\/T 2260/],
      [{ agencyUscc: '91510802MA6001010X' }, 'input.agencyUscc', /check character/],
      [{ code: '项目 1' }, 'input.code', /letters, digits/],
      [{ name: '  ' }, 'input.name', /must not be empty/],
    ];
    for (const [change, field, reason] of cases) {
      const response = await graphql(hub.url, RECORD, {
        token: hub.tokens.system.GGZY,
        variables: { input: construction('ZHGC-2015-201', change) },
      });
      expect(firstError(response)?.extensions, JSON.stringify(change)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(firstError(response)?.message, JSON.stringify(change)).toMatch(reason);
    }
    const transferWithBudget = await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: construction('ZHTD-2015-201', { category: 'MINERAL_RIGHTS', method: 'AUCTION', reservePrice: '100.00' }) },
    });
    expect(firstError(transferWithBudget)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.budget' });
    const procurementByListing = await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: construction('ZHCG-2015-201', { category: 'PROCUREMENT', method: 'LISTING' }) },
    });
    expect(firstError(procurementByListing)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.method' });
    expect(await counts()).toEqual(before);

    const duplicate = await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: construction('ZHGC-2015-101') },
    });
    expect(firstError(duplicate)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad award and leaves the trade as it was, with no events', async () => {
    await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: construction('ZHGC-2015-301', { openingOn: '2015-03-20' }) },
    });
    const before = await counts();
    const award = {
      code: 'ZHGC-2015-301',
      dealAmount: '61686300.00',
      dealOn: '2015-03-30',
      winnerUscc: LOCAL_WINNER,
      winnerName: '广元市昭化区宏达建筑工程有限公司',
    };
    const wrongCheck = `${LOCAL_WINNER.slice(0, 17)}${LOCAL_WINNER[17] === '0' ? '1' : '0'}`;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ dealAmount: '-1.00' }, 'input.dealAmount', /negative/],
      [{ dealAmount: 'abc' }, 'input.dealAmount', /not an amount/],
      [{ dealAmount: '61686300.005' }, 'input.dealAmount', /more than 2 decimal places/],
      [{ dealOn: '2015-03-01' }, 'input.dealOn', /before the announcement of ZHGC-2015-301 on 2015-03-02/],
      [{ dealOn: '2015-03-10' }, 'input.dealOn', /before the opening/],
      [
        { winnerUscc: wrongCheck },
        'input.winnerUscc',
        new RegExp(`check character is "${wrongCheck[17]}" but positions 1–17 require "${LOCAL_WINNER[17]}"`),
      ],
      [{ winnerUscc: '12345' }, 'input.winnerUscc', /18 characters/],
      [{ winnerName: null }, 'input.winnerName', /not in the registry/],
    ];
    for (const [change, field, reason] of cases) {
      const response = await graphql(hub.url, AWARD, { token: hub.tokens.system.GGZY, variables: { input: { ...award, ...change } } });
      expect(firstError(response)?.extensions, JSON.stringify(change)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(firstError(response)?.message, JSON.stringify(change)).toMatch(reason);
    }
    expect(await counts()).toEqual(before);
    const stored = await hub.orm.em.fork().findOneOrFail(Trade, { code: 'ZHGC-2015-301' });
    expect([stored.status, stored.dealAmount, stored.winnerUscc]).toEqual(['ANNOUNCED', null, null]);
  });
});

describe('only the trading centre writes trades', () => {
  it('refuses other departments, the SCJG clerk and dashboards with FORBIDDEN, and writes nothing', async () => {
    const before = await counts();
    for (const token of [hub.tokens.system.SW, hub.tokens.system.ZJJ, hub.tokens.clerk]) {
      const response = await graphql(hub.url, RECORD, { token, variables: { input: construction('ZHGC-2015-401') } });
      expect(firstError(response)?.extensions?.code).toBe('FORBIDDEN');
      expect(firstError(response)?.message).toContain('GGZY');
    }
    const screen = await graphql(hub.url, RECORD, { token: hub.tokens.dashboard, variables: { input: construction('ZHGC-2015-401') } });
    expect(firstError(screen)?.extensions?.code).toBe('FORBIDDEN');
    const admin = await graphql(hub.url, CANCEL, { token: hub.tokens.admin, variables: { input: { code: 'ZHGC-2015-301', reason: 'x' } } });
    expect(firstError(admin)?.extensions?.code).toBe('FORBIDDEN');
    const award = await graphql(hub.url, AWARD, {
      token: hub.tokens.system.SW,
      variables: { input: { code: 'ZHGC-2015-301', dealAmount: '1.00', dealOn: '2015-03-30', winnerUscc: LOCAL_WINNER, winnerName: 'x' } },
    });
    expect(firstError(award)?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);

    // Reading is open to every department.
    const read = await graphql<{ trade: { code: string } }>(hub.url, TRADE, {
      token: hub.tokens.system.SW,
      variables: { code: 'ZHGC-2015-301' },
    });
    expect(read.body.data!.trade.code).toBe('ZHGC-2015-301');
    const anonymous = await graphql(hub.url, TRADE, { variables: { code: 'ZHGC-2015-301' } });
    expect(firstError(anonymous)?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
