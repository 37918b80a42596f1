import { TradeStatus } from '../../entities/trade-status.js';

/** Awarded, failed and cancelled trades are final: a correction is a new trade, not an edit. */
export const NEXT_STATUSES: Readonly<Record<TradeStatus, readonly TradeStatus[]>> = {
  ANNOUNCED: [TradeStatus.OPEN, TradeStatus.AWARDED, TradeStatus.FAILED, TradeStatus.CANCELLED],
  OPEN: [TradeStatus.AWARDED, TradeStatus.FAILED, TradeStatus.CANCELLED],
  AWARDED: [],
  FAILED: [],
  CANCELLED: [],
};
