import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { TradeStatus } from '../entities/trade-status.js';
import { Enterprise } from '../entities/enterprise.js';
import { Trade } from '../entities/trade.js';
import { TradeStatusChange } from '../entities/trade-status-change.js';

/** Per-request loaders of the trading data; one query per batch, results in key order. */
export function createTradeLoaders(em: EntityManager) {
  return {
    /** Trades an enterprise won, newest deal first: joined on the USCC, so a later registration links them. */
    tradesWonByUscc: new DataLoader<string, Trade[]>(async (usccs) => {
      const trades = await em.find(
        Trade,
        { winnerUscc: { $in: [...usccs] }, status: TradeStatus.AWARDED },
        { orderBy: { dealOn: 'desc', code: 'asc' } },
      );
      return groupBy(usccs, trades, (trade) => trade.winnerUscc!);
    }),
    /** The registered enterprise behind a winner's or agency's USCC, or null while it is not registered here. */
    tradeWinnerByUscc: new DataLoader<string, Enterprise | null>(async (usccs) => {
      const enterprises = await em.find(Enterprise, { uscc: { $in: [...usccs] } });
      const byUscc = new Map(enterprises.map((enterprise) => [enterprise.uscc, enterprise]));
      return usccs.map((uscc) => byUscc.get(uscc) ?? null);
    }),
    tradeStatusHistoryByTradeId: new DataLoader<string, TradeStatusChange[]>(async (ids) => {
      const changes = await em.find(
        TradeStatusChange,
        { trade: { $in: [...ids] } },
        { orderBy: { changedAt: 'asc', id: 'asc' } },
      );
      return groupBy(ids, changes, (change) => change.trade.id);
    }),
  };
}

function groupBy<T>(keys: readonly string[], items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const item of items) groups.get(keyOf(item))?.push(item);
  return keys.map((key) => groups.get(key)!);
}
