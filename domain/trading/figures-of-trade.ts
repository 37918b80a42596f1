import { premiumFigures, savingsFigures } from './trading-figures.js';

export interface TradeFigures {
  savings: string | null;
  savingsRate: string | null;
  premium: string | null;
  premiumRate: string | null;
}

const NONE: TradeFigures = { savings: null, savingsRate: null, premium: null, premiumRate: null };

/**
 * The derived figures of one trade: savings against the budget for a purchase, premium over the
 * reserve price for a transfer, nothing before a deal. Computed from the stored amounts each
 * time, never stored, so they cannot drift from them.
 */
export function figuresOfTrade(trade: { budget?: string | null; reservePrice?: string | null; dealAmount?: string | null }): TradeFigures {
  if (trade.dealAmount == null) return NONE;
  if (trade.budget != null) {
    const figures = savingsFigures({ controlPrice: trade.budget, dealAmount: trade.dealAmount });
    return { ...NONE, savings: figures.savings, savingsRate: figures.savingsRate };
  }
  if (trade.reservePrice != null) {
    const figures = premiumFigures({ reservePrice: trade.reservePrice, dealAmount: trade.dealAmount });
    return { ...NONE, premium: figures.premium, premiumRate: figures.premiumRate };
  }
  return NONE;
}
