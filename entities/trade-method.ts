/** How the counterparty is chosen (交易方式). */
export enum TradeMethod {
  /** 公开招标 (also 招标出让 of land and mineral rights) */
  OPEN_TENDER = 'OPEN_TENDER',
  /** 邀请招标 */
  INVITED_TENDER = 'INVITED_TENDER',
  /** 竞争性谈判 */
  COMPETITIVE_NEGOTIATION = 'COMPETITIVE_NEGOTIATION',
  /** 竞争性磋商 */
  COMPETITIVE_CONSULTATION = 'COMPETITIVE_CONSULTATION',
  /** 询价 */
  REQUEST_FOR_QUOTATION = 'REQUEST_FOR_QUOTATION',
  /** 单一来源 */
  SINGLE_SOURCE = 'SINGLE_SOURCE',
  /** 拍卖 */
  AUCTION = 'AUCTION',
  /** 挂牌 */
  LISTING = 'LISTING',
  /** 协议 */
  AGREEMENT = 'AGREEMENT',
}

export const TRADE_METHOD_LABELS: Record<TradeMethod, string> = {
  OPEN_TENDER: '公开招标',
  INVITED_TENDER: '邀请招标',
  COMPETITIVE_NEGOTIATION: '竞争性谈判',
  COMPETITIVE_CONSULTATION: '竞争性磋商',
  REQUEST_FOR_QUOTATION: '询价',
  SINGLE_SOURCE: '单一来源',
  AUCTION: '拍卖',
  LISTING: '挂牌',
  AGREEMENT: '协议',
};
