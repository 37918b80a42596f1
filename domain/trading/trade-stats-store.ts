import type { EntityManager } from '@mikro-orm/sql';
import { Trade } from '../../entities/trade.js';
import { selectRows, tableOf } from '../sql-statements.js';
import type { TradeCategory } from '../../entities/trade-category.js';
import { TradeStatus } from '../../entities/trade-status.js';

/** The one grouped statement behind the annual reports' trade figures (trade-stats.ts). */

/** A category's count and exact (numeric, as text) sums; the "against" sums cover the trades that had a budget or reserve price. */
export interface AwardedTradeSumsRow {
  category: TradeCategory;
  count: number;
  total_deal: string;
  total_budget: string | null;
  deal_against_budget: string | null;
  total_reserve: string | null;
  deal_against_reserve: string | null;
}

/** Awarded trades with a deal date from `from` to `to` (inclusive), of the division and categories if given, summed per category. */
export function awardedTradeSumsByCategory(
  em: EntityManager,
  filter: { from: string; to: string; divisionPrefix: string | null; categories: readonly TradeCategory[] },
): Promise<AwardedTradeSumsRow[]> {
  const conditions = [`status = ?`, `deal_on >= ?`, `deal_on <= ?`];
  const params: unknown[] = [TradeStatus.AWARDED, filter.from, filter.to];
  if (filter.divisionPrefix) {
    conditions.push(`division_code like ?`);
    params.push(`${filter.divisionPrefix}%`);
  }
  if (filter.categories.length > 0) {
    conditions.push(`category in (${filter.categories.map(() => '?').join(', ')})`);
    params.push(...filter.categories);
  }
  return selectRows<AwardedTradeSumsRow>(
    em,
    `select category,
            count(*)::int as count,
            sum(deal_amount)::text as total_deal,
            sum(budget)::text as total_budget,
            (sum(deal_amount) filter (where budget is not null))::text as deal_against_budget,
            sum(reserve_price)::text as total_reserve,
            (sum(deal_amount) filter (where reserve_price is not null))::text as deal_against_reserve
       from ${tableOf(em, Trade)}
      where ${conditions.join(' and ')}
      group by category`,
    params,
  );
}
