import type { EntityManager } from '@mikro-orm/sql';
import { findDivision } from '../divisions.js';
import { badUserInput } from '../errors.js';
import { YUAN_PLACES, sumYuan } from '../money.js';
import { summarisePremium, summariseSavings } from './trading-figures.js';
import { reportSummary } from './report-phrasing.js';
import { REPORT_LINES } from './trade-category.js';
import { TRADE_CATEGORY_LABELS, TradeCategory } from '../../entities/trade-category.js';
import { checkFilterDate } from './trade-input.js';
import { awardedTradeSumsByCategory, type AwardedTradeSumsRow } from './trade-stats-store.js';

export interface TradeStatsFilter {
  /** First deal date counted, inclusive. */
  from: string;
  /** Last deal date counted, inclusive. */
  to: string;
  /** A county (510811) counts its own trades; a city (510800) or province (510000) all of theirs. */
  divisionCode?: string | null;
  categories?: readonly TradeCategory[] | null;
}

export interface TradeTotals {
  count: number;
  totalDeal: string;
  /** Sum of budgets of the trades that have one; null when none has. */
  totalBudget: string | null;
  totalSavings: string | null;
  /** Total savings ÷ total budget, 4 places; null without a budget. */
  savingsRate: string | null;
  totalReservePrice: string | null;
  totalPremium: string | null;
  premiumRate: string | null;
}

export interface CategoryTotals extends TradeTotals {
  category: TradeCategory;
  label: string;
}

export interface ReportLineTotals extends TradeTotals {
  key: string;
  label: string;
  categories: TradeCategory[];
}

export interface TradeStats extends TradeTotals {
  from: string;
  to: string;
  divisionCode: string | null;
  categories: CategoryTotals[];
  reportLines: ReportLineTotals[];
  summary: string;
}

type Row = AwardedTradeSumsRow;
type Sums = Omit<Row, 'category'>;

/**
 * Statistics of awarded trades by deal date, in the shape of the annual reports. The database
 * sums (numeric, exact) and groups by category in one statement; only the handful of per-category
 * sums come back, and the rates are derived from totals, never averaged.
 */
export async function tradeStats(em: EntityManager, filter: TradeStatsFilter): Promise<TradeStats> {
  const from = checkFilterDate(filter.from, 'filter.from');
  const to = checkFilterDate(filter.to, 'filter.to');
  if (to < from) throw badUserInput('filter.to', `${to} is before ${from}`);
  const rows = await awardedTradeSumsByCategory(em, {
    from,
    to,
    divisionPrefix: filter.divisionCode ? divisionPrefix(filter.divisionCode, 'filter.divisionCode') : null,
    categories: filter.categories ?? [],
  });
  const byCategory = new Map(rows.map((row) => [row.category, row]));
  const present = Object.values(TradeCategory).filter((category) => byCategory.has(category));

  const categories = present.map((category) => ({
    category,
    label: TRADE_CATEGORY_LABELS[category],
    ...totalsOf(byCategory.get(category)!),
  }));
  const reportLines = REPORT_LINES.map((line) => {
    const lineRows = line.categories.map((category) => byCategory.get(category)).filter((row): row is Row => row !== undefined);
    return { key: line.key, label: line.label, categories: [...line.categories], ...totalsOf(addUp(lineRows)) };
  });
  const overall = totalsOf(addUp(rows));
  return {
    from,
    to,
    divisionCode: filter.divisionCode ?? null,
    ...overall,
    categories,
    reportLines,
    summary: reportSummary(overall.count, overall.totalDeal, reportLines),
  };
}

/** The leading digits that the division's own codes and all codes under it share. */
export function divisionPrefix(code: string, field: string): string {
  if (!findDivision(code)) throw badUserInput(field, `${code} is not a GB/T 2260 division code`);
  let prefix = code;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

function addUp(rows: readonly Sums[]): Sums {
  const sum = (pick: (row: Sums) => string | null) => {
    const values = rows.map(pick).filter((value): value is string => value !== null);
    return values.length === 0 ? null : sumYuan(values);
  };
  return {
    count: rows.reduce((total, row) => total + row.count, 0),
    total_deal: sum((row) => row.total_deal) ?? (0).toFixed(YUAN_PLACES),
    total_budget: sum((row) => row.total_budget),
    deal_against_budget: sum((row) => row.deal_against_budget),
    total_reserve: sum((row) => row.total_reserve),
    deal_against_reserve: sum((row) => row.deal_against_reserve),
  };
}

function totalsOf(sums: Sums): TradeTotals {
  const savings =
    sums.total_budget !== null
      ? summariseSavings([{ controlPrice: sums.total_budget, dealAmount: sums.deal_against_budget ?? '0' }])
      : null;
  const premium =
    sums.total_reserve !== null
      ? summarisePremium([{ reservePrice: sums.total_reserve, dealAmount: sums.deal_against_reserve ?? '0' }])
      : null;
  return {
    count: sums.count,
    totalDeal: sumYuan([sums.total_deal ?? '0']),
    totalBudget: savings?.controlPrice ?? null,
    totalSavings: savings?.savings ?? null,
    savingsRate: savings?.savingsRate ?? null,
    totalReservePrice: premium?.reservePrice ?? null,
    totalPremium: premium?.premium ?? null,
    premiumRate: premium?.premiumRate ?? null,
  };
}
