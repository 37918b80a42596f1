import type { EntityManager } from '@mikro-orm/sql';
import { computeOrganisationCodeCheck } from '../domain/organisation-code.js';
import { computeUsccCheckCharacter } from '../domain/uscc.js';
import { addCalendarDays } from '../domain/working-days.js';
import { checkMethodFits } from '../domain/trading/method-compatibility.js';
import { TradeCategory } from '../entities/trade-category.js';
import { TradeMethod } from '../entities/trade-method.js';
import { TradeStatus } from '../entities/trade-status.js';
import { TRADING_CENTRE_CODE } from '../domain/trading/trading-centre.js';
import { Department } from '../entities/department.js';
import { Trade } from '../entities/trade.js';
import { TradeStatusChange } from '../entities/trade-status-change.js';
import { DEMO_DIVISION_CODE } from './departments.js';
import { mulberry32 } from './seeded-random.js';

/**
 * A year of trades (2015) at the demo district's trading centre whose totals are exactly the
 * trading paragraph of seed report 000:
 *
 *   全区开展各类…交易189宗，成交总金额21187.71万元，其中，建设工程成交总额6168.63万元，节约资金511.5万元；
 *   政府采购成交金额6175.38万元，节约资金625.27万元，土地矿权出让金额8682.7万元，增收312.2万元;
 *   产权交易成交金额51万元，增收５万元 … 其它交易金额110万元。
 *
 * The report gives totals only; the single trades are spread deterministically (a seeded generator)
 * so that every start shows the same district. A few failed, cancelled and still-announced trades
 * show the other statuses without touching the totals, which count deals.
 */
export const DEMO_TRADING_YEAR = '2015';

/** The report's figures, in 元: deal and savings (or premium) per line. */
export const SEED_000_TRADING = {
  count: 189,
  totalDeal: '211877100.00',
  construction: { deal: '61686300.00', savings: '5115000.00' },
  procurement: { deal: '61753800.00', savings: '6252700.00' },
  landAndMineralRights: { deal: '86827000.00', premium: '3122000.00' },
  propertyRights: { deal: '510000.00', premium: '50000.00' },
  other: { deal: '1100000.00' },
} as const;

interface Plan {
  prefix: string;
  count: number;
  deal: string;
  /** Savings (budget basis) or premium (reserve basis). */
  margin: string | null;
  basis: 'BUDGET' | 'RESERVE' | 'NONE';
  pick: (rand: () => number, index: number) => { category: TradeCategory; method: TradeMethod; name: string };
}

const TOWNS = ['元坝镇', '昭化镇', '王家镇', '磨滩镇', '卫子镇', '柏林沟镇', '红岩镇', '虎跳镇', '太公镇', '射箭乡', '石井铺乡', '清水乡'];
const WORKS = [
  '村道路硬化工程',
  '农村饮水安全工程',
  '小型农田水利工程',
  '场镇污水处理工程',
  '学校教学楼建设工程',
  '土地整理项目',
  '危旧房改造工程',
  '便民服务中心改造工程',
];
const GOODS = [
  '办公设备采购',
  '教学仪器设备采购',
  '医疗设备采购',
  '公务用车采购',
  '电子政务设备采购',
  '物业管理服务采购',
  '农村客运车辆采购',
  '图书采购',
];
const BUYERS = ['区教育局', '区卫生局', '区政务服务中心', '区农业局', '区交通运输局', '区人民医院', '区文化广电新闻出版局', '区住建局'];

const pickOf = <T>(items: readonly T[], rand: () => number): T => items[Math.floor(rand() * items.length)]!;

const PLANS: Plan[] = [
  {
    prefix: 'ZHGC',
    count: 38,
    deal: SEED_000_TRADING.construction.deal,
    margin: SEED_000_TRADING.construction.savings,
    basis: 'BUDGET',
    pick: (rand) => ({
      category: TradeCategory.CONSTRUCTION,
      method: rand() < 0.75 ? TradeMethod.OPEN_TENDER : rand() < 0.5 ? TradeMethod.INVITED_TENDER : TradeMethod.COMPETITIVE_CONSULTATION,
      name: `昭化区${pickOf(TOWNS, rand)}${pickOf(WORKS, rand)}`,
    }),
  },
  {
    prefix: 'ZHCG',
    count: 96,
    deal: SEED_000_TRADING.procurement.deal,
    margin: SEED_000_TRADING.procurement.savings,
    basis: 'BUDGET',
    pick: (rand) => ({
      category: TradeCategory.PROCUREMENT,
      method: pickOf(
        [
          TradeMethod.OPEN_TENDER,
          TradeMethod.OPEN_TENDER,
          TradeMethod.COMPETITIVE_NEGOTIATION,
          TradeMethod.COMPETITIVE_CONSULTATION,
          TradeMethod.REQUEST_FOR_QUOTATION,
        ],
        rand,
      ),
      name: `${pickOf(BUYERS, rand)}${pickOf(GOODS, rand)}`,
    }),
  },
  {
    prefix: 'ZHTD',
    count: 17,
    deal: SEED_000_TRADING.landAndMineralRights.deal,
    margin: SEED_000_TRADING.landAndMineralRights.premium,
    basis: 'RESERVE',
    // The report joins land and mineral rights in one line; the last three are mining rights.
    pick: (rand, index) =>
      index >= 14
        ? { category: TradeCategory.MINERAL_RIGHTS, method: TradeMethod.AUCTION, name: `昭化区${pickOf(TOWNS, rand)}建筑用砂岩矿采矿权` }
        : {
            category: TradeCategory.LAND_USE_RIGHTS,
            method: rand() < 0.8 ? TradeMethod.LISTING : TradeMethod.AUCTION,
            name: `昭化区${pickOf(TOWNS, rand)}${index + 1}号地块国有建设用地使用权`,
          },
  },
  {
    prefix: 'ZHCQ',
    count: 4,
    deal: SEED_000_TRADING.propertyRights.deal,
    margin: SEED_000_TRADING.propertyRights.premium,
    basis: 'RESERVE',
    pick: (rand) => ({
      category: TradeCategory.STATE_PROPERTY_RIGHTS,
      method: TradeMethod.LISTING,
      name: `${pickOf(BUYERS, rand)}闲置国有资产转让`,
    }),
  },
  {
    prefix: 'ZHQT',
    count: 34,
    deal: SEED_000_TRADING.other.deal,
    margin: null,
    basis: 'NONE',
    pick: (rand) => ({
      category: TradeCategory.OTHER,
      method: rand() < 0.6 ? TradeMethod.LISTING : TradeMethod.AUCTION,
      name: `${pickOf(TOWNS, rand)}${pickOf(['场镇摊位经营权', '户外广告位经营权', '国有门面租赁权', '河道采砂权'], rand)}出租`,
    }),
  },
];

/** Winners: local firms, and firms from Chengdu, Shanghai and Beijing, each with a valid USCC. */
const WINNERS = [
  ['510811', '广元市昭化区宏达建筑工程有限公司'],
  ['510811', '广元市昭化区兴业建设有限责任公司'],
  ['510811', '广元市昭化区鑫源商贸有限公司'],
  ['510811', '广元市昭化区葭萌农业开发有限公司'],
  ['510802', '广元市利州区蜀道路桥工程有限公司'],
  ['510802', '广元市天成办公设备有限公司'],
  ['510802', '广元市嘉陵置业有限公司'],
  ['510104', '四川华西锦程建设集团有限公司'],
  ['510104', '成都天府信息技术有限公司'],
  ['510104', '四川蜀南医疗器械有限公司'],
  ['310115', '上海浦江智能科技有限公司'],
  ['110108', '北京中关村教育装备有限公司'],
  ['510811', '广元市昭化区石门矿业有限公司'],
].map(([division, name], index) => ({ uscc: demoUscc(division!, index + 1), name: name! }));

const AGENCIES = [
  ['510802', '广元市正信招标代理有限公司'],
  ['510104', '四川国际招标有限责任公司'],
  ['510802', '广元市公诚项目管理咨询有限公司'],
].map(([division, name], index) => ({ uscc: demoUscc(division!, 101 + index), name: name! }));

/** A valid enterprise USCC (9 1 …) for a division and a serial: organisation code MA6xxxxx with its check. */
export function demoUscc(divisionCode: string, serial: number): string {
  const body = `MA6${String(serial).padStart(5, '0')}`;
  const first17 = `91${divisionCode}${body}${computeOrganisationCodeCheck(body)}`;
  return first17 + computeUsccCheckCharacter(first17);
}

export const DEMO_WINNERS = WINNERS;
export const DEMO_AGENCIES = AGENCIES;

/** An open tender of the district's roads through its usual agency, as the trading centre announces it (`recordTrade`'s input). */
export function demoRoadTender(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code,
    name: '昭化区元坝镇村道路硬化工程',
    category: 'CONSTRUCTION',
    method: 'OPEN_TENDER',
    budget: '66801300.00',
    divisionCode: '510811',
    announcedOn: '2015-03-02',
    agencyUscc: AGENCIES[0]!.uscc,
    agencyName: AGENCIES[0]!.name,
    ...extra,
  };
}

export async function seedDemoTrades(em: EntityManager): Promise<void> {
  const centre = await em.findOneOrFail(Department, { code: TRADING_CENTRE_CODE });
  const rand = mulberry32(20151231);
  const recordedBy = `${TRADING_CENTRE_CODE} 交易系统`;

  for (const plan of PLANS) {
    const deals = split(fenOf(plan.deal), plan.count, () => 0.4 + rand() * 1.6);
    const margins = plan.margin === null ? null : split(fenOf(plan.margin), plan.count, (i) => Number(deals[i]) * (0.3 + rand() * 1.4));
    for (let i = 0; i < plan.count; i++) {
      const { category, method, name } = plan.pick(rand, i);
      checkMethodFits(category, method, 'demo');
      const dealOn = addCalendarDays('2015-01-10', Math.floor(((i + rand()) / plan.count) * 350));
      const announcedOn = addCalendarDays(dealOn, -(20 + Math.floor(rand() * 15)));
      const deal = deals[i]!;
      const margin = margins?.[i] ?? 0n;
      const winner = pickOf(category === TradeCategory.MINERAL_RIGHTS ? WINNERS.slice(-1) : WINNERS.slice(0, -1), rand);
      const agency = category === TradeCategory.CONSTRUCTION || category === TradeCategory.PROCUREMENT ? pickOf(AGENCIES, rand) : null;
      const trade = em.create(Trade, {
        code: `${plan.prefix}-2015-${String(i + 1).padStart(3, '0')}`,
        name,
        category,
        method,
        budget: plan.basis === 'BUDGET' ? yuan(deal + margin) : null,
        reservePrice: plan.basis === 'RESERVE' ? yuan(deal - margin) : null,
        dealAmount: yuan(deal),
        winnerUscc: winner.uscc,
        winnerName: winner.name,
        agencyUscc: agency?.uscc ?? null,
        agencyName: agency?.name ?? null,
        divisionCode: DEMO_DIVISION_CODE,
        announcedOn,
        openingOn: dealOn,
        dealOn,
        status: TradeStatus.AWARDED,
        recordedBy: centre,
        createdAt: at(announcedOn),
        updatedAt: at(dealOn),
      });
      history(em, trade, recordedBy, [
        [null, TradeStatus.ANNOUNCED, announcedOn, null],
        [TradeStatus.ANNOUNCED, TradeStatus.OPEN, dealOn, null],
        [TradeStatus.OPEN, TradeStatus.AWARDED, dealOn, null],
      ]);
    }
  }

  // Trades that did not end in a deal: not in the totals, there to show the other statuses.
  const unfinished: Array<[string, string, TradeCategory, TradeMethod, string, TradeStatus, string | null]> = [
    [
      'ZHGC-2015-L01',
      '昭化区射箭乡村道路硬化工程',
      TradeCategory.CONSTRUCTION,
      TradeMethod.OPEN_TENDER,
      '2015-06-02',
      TradeStatus.FAILED,
      '有效投标人不足三家，流标',
    ],
    [
      'ZHCG-2015-L01',
      '区农业局农机具采购',
      TradeCategory.PROCUREMENT,
      TradeMethod.COMPETITIVE_NEGOTIATION,
      '2015-09-14',
      TradeStatus.FAILED,
      '符合条件的供应商不足三家',
    ],
    [
      'ZHTD-2015-C01',
      '昭化区卫子镇18号地块国有建设用地使用权',
      TradeCategory.LAND_USE_RIGHTS,
      TradeMethod.LISTING,
      '2015-11-03',
      TradeStatus.CANCELLED,
      '规划条件调整，终止出让',
    ],
    [
      'ZHGC-2015-039',
      '昭化区王家镇场镇排水工程',
      TradeCategory.CONSTRUCTION,
      TradeMethod.OPEN_TENDER,
      '2015-12-28',
      TradeStatus.ANNOUNCED,
      null,
    ],
  ];
  for (const [code, name, category, method, announcedOn, status, reason] of unfinished) {
    const isTransfer = category === TradeCategory.LAND_USE_RIGHTS;
    const trade = em.create(Trade, {
      code,
      name,
      category,
      method,
      budget: isTransfer ? null : '1280000.00',
      reservePrice: isTransfer ? '4560000.00' : null,
      divisionCode: DEMO_DIVISION_CODE,
      announcedOn,
      status,
      recordedBy: centre,
      createdAt: at(announcedOn),
      updatedAt: at(announcedOn),
    });
    const steps: Array<[TradeStatus | null, TradeStatus, string, string | null]> = [[null, TradeStatus.ANNOUNCED, announcedOn, null]];
    if (status !== TradeStatus.ANNOUNCED) steps.push([TradeStatus.ANNOUNCED, status, addCalendarDays(announcedOn, 21), reason]);
    history(em, trade, recordedBy, steps);
  }
  await em.flush();
}

function history(
  em: EntityManager,
  trade: Trade,
  changedBy: string,
  steps: Array<[TradeStatus | null, TradeStatus, string, string | null]>,
): void {
  steps.forEach(([fromStatus, toStatus, date, reason], index) => {
    em.create(TradeStatusChange, { trade, fromStatus, toStatus, reason, changedBy, changedAt: at(date, index) });
  });
}

/** 09:30 Beijing time on the date, a minute per step so the history keeps its order. */
function at(date: string, step = 0): Date {
  return new Date(Date.parse(`${date}T09:${String(30 + step).padStart(2, '0')}:00+08:00`));
}

/**
 * Splits an amount in fen into `count` parts in whole 元, weighted; the last part takes what
 * rounding left over, so the parts add up to the amount exactly.
 */
function split(totalFen: bigint, count: number, weight: (index: number) => number): bigint[] {
  const weights = Array.from({ length: count }, (_, i) => weight(i));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.slice(0, -1).map((w) => BigInt(Math.floor((Number(totalFen) * w) / sum / 100)) * 100n);
  const rest = totalFen - parts.reduce((a, b) => a + b, 0n);
  return [...parts, rest];
}

/** "61686300.00" → 6168630000n: the report figures are written with exactly two decimals. */
function fenOf(yuanText: string): bigint {
  return BigInt(yuanText.replace('.', ''));
}

function yuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
