/**
 * Derived figures of public-resource trading, exact.
 *
 * Tenders and procurement report savings against the control price (or budget); transfers
 * of land and property rights report the premium over the reserve price. A summary rate is
 * always total over total: averaging rates would weigh a 1万元 purchase like a 1亿元 project.
 *
 * All amounts are 元 strings (see money.ts); rates are fractions ("0.0766"), rounded half up
 * (四舍五入) once, at the end.
 */
import { MoneyDecimal, parseYuan, YUAN_PLACES } from '../money.js';

/** Decimal places of a rate as a fraction: 4 places are a percentage to 2 decimals. */
export const RATE_PLACES = 4;

export interface RateOptions {
  /** Decimal places of the fraction; defaults to RATE_PLACES. */
  places?: number;
}

export interface Trade {
  /** 控制价 or 预算, in 元. */
  controlPrice: string;
  /** 成交金额, in 元. */
  dealAmount: string;
}

export interface SavingsFigures extends Trade {
  /** Control price − deal amount; negative when the deal exceeds the control price. */
  savings: string;
  /** Savings ÷ control price; null when the control price is zero (no base to compare with). */
  savingsRate: string | null;
}

export interface Transfer {
  /** 底价 / 起始价, in 元. */
  reservePrice: string;
  /** 成交金额, in 元. */
  dealAmount: string;
}

export interface PremiumFigures extends Transfer {
  /** Deal amount − reserve price (增收). */
  premium: string;
  /** Premium ÷ reserve price; null when the reserve price is zero. */
  premiumRate: string | null;
}

function placesOf(options: RateOptions): number {
  return checkedPlaces(options.places ?? RATE_PLACES);
}

function checkedPlaces(places: number): number {
  if (!Number.isInteger(places) || places < 0 || places > 20) {
    throw new RangeError(`rate places must be an integer from 0 to 20, got ${places}`);
  }
  return places;
}

function rate(numerator: MoneyDecimal, base: MoneyDecimal, places: number): string | null {
  if (base.isZero()) return null;
  // plus(0): a tiny negative rate that rounds to zero is "0.0000", not "-0.0000".
  return numerator.dividedBy(base).toDecimalPlaces(places, MoneyDecimal.ROUND_HALF_UP).plus(0).toFixed(places);
}

function yuan(value: string, field: string): MoneyDecimal {
  return new MoneyDecimal(parseYuan(value, field));
}

export function savingsFigures(trade: Trade, options: RateOptions = {}): SavingsFigures {
  const control = yuan(trade.controlPrice, 'controlPrice');
  const deal = yuan(trade.dealAmount, 'dealAmount');
  const savings = control.minus(deal);
  return {
    controlPrice: control.toFixed(YUAN_PLACES),
    dealAmount: deal.toFixed(YUAN_PLACES),
    savings: savings.toFixed(YUAN_PLACES),
    savingsRate: rate(savings, control, placesOf(options)),
  };
}

export function premiumFigures(transfer: Transfer, options: RateOptions = {}): PremiumFigures {
  const reserve = yuan(transfer.reservePrice, 'reservePrice');
  const deal = yuan(transfer.dealAmount, 'dealAmount');
  const premium = deal.minus(reserve);
  return {
    reservePrice: reserve.toFixed(YUAN_PLACES),
    dealAmount: deal.toFixed(YUAN_PLACES),
    premium: premium.toFixed(YUAN_PLACES),
    premiumRate: rate(premium, reserve, placesOf(options)),
  };
}

/** Totals of many trades, with the rate computed from the totals. */
export function summariseSavings(trades: readonly Trade[], options: RateOptions = {}): SavingsFigures {
  let control = new MoneyDecimal(0);
  let deal = new MoneyDecimal(0);
  trades.forEach((trade, i) => {
    control = control.plus(yuan(trade.controlPrice, `trades[${i}].controlPrice`));
    deal = deal.plus(yuan(trade.dealAmount, `trades[${i}].dealAmount`));
  });
  const savings = control.minus(deal);
  return {
    controlPrice: control.toFixed(YUAN_PLACES),
    dealAmount: deal.toFixed(YUAN_PLACES),
    savings: savings.toFixed(YUAN_PLACES),
    savingsRate: rate(savings, control, placesOf(options)),
  };
}

/** Totals of many transfers, with the rate computed from the totals. */
export function summarisePremium(transfers: readonly Transfer[], options: RateOptions = {}): PremiumFigures {
  let reserve = new MoneyDecimal(0);
  let deal = new MoneyDecimal(0);
  transfers.forEach((transfer, i) => {
    reserve = reserve.plus(yuan(transfer.reservePrice, `transfers[${i}].reservePrice`));
    deal = deal.plus(yuan(transfer.dealAmount, `transfers[${i}].dealAmount`));
  });
  const premium = deal.minus(reserve);
  return {
    reservePrice: reserve.toFixed(YUAN_PLACES),
    dealAmount: deal.toFixed(YUAN_PLACES),
    premium: premium.toFixed(YUAN_PLACES),
    premiumRate: rate(premium, reserve, placesOf(options)),
  };
}

/**
 * Presents a fractional rate as a percentage: "0.0766" -> "7.66%". A rate with RATE_PLACES
 * places converts to 2 percentage decimals without a second rounding; a longer rate is
 * rounded once, half up. null (no base) stays null so the caller shows a dash, not "0%".
 */
export function rateAsPercentage(rate: string | null, places = 2): string | null {
  checkedPlaces(places);
  if (rate === null) return null;
  if (!/^-?[0-9]+(?:\.[0-9]+)?$/.test(rate)) {
    throw new RangeError(`rate must be a decimal fraction such as "0.0766", got "${rate}"`);
  }
  const percent = new MoneyDecimal(rate).times(100).toDecimalPlaces(places, MoneyDecimal.ROUND_HALF_UP).plus(0);
  return `${percent.toFixed(places)}%`;
}
