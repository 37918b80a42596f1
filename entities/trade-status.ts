/** Where a trade stands. */
export enum TradeStatus {
  /** 已公告: announced, bids or applications being received. */
  ANNOUNCED = 'ANNOUNCED',
  /** 开标/竞价中: bids opened or bidding under way. */
  OPEN = 'OPEN',
  /** 已成交/中标: a winner and a deal amount. */
  AWARDED = 'AWARDED',
  /** 流标: too few valid bids; the project is announced again under a new code. */
  FAILED = 'FAILED',
  /** 已终止: withdrawn by the owner or the supervisor. */
  CANCELLED = 'CANCELLED',
}

export const TRADE_STATUS_LABELS: Record<TradeStatus, string> = {
  ANNOUNCED: '已公告',
  OPEN: '开标/竞价中',
  AWARDED: '已成交',
  FAILED: '流标',
  CANCELLED: '已终止',
};
