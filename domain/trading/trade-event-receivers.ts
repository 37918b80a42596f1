import { TradeCategory } from '../../entities/trade-category.js';

/**
 * Who receives `trade.awarded`, by category, until subscriptions are data (the connectors work
 * makes them so). Codes that the service centre does not have are skipped.
 *
 * - 住建 (ZJJ) supervises the construction it awarded: the 中标通知书 is what a 施工许可 needs.
 * - 统计 (TJ) counts construction in fixed-asset investment.
 * - 财政 (CZ) supervises government procurement and pays the contracts.
 * - 税务 (SW) levies 契税 and the taxes on transfers of land, mineral and property rights.
 * - 自然资源/国土 (GT) signs the land and mineral contracts; 国资 (GZ) approves property transfers.
 */
export const TRADE_AWARDED_RECEIVERS: Readonly<Record<TradeCategory, readonly string[]>> = {
  CONSTRUCTION: ['ZJJ', 'TJ'],
  PROCUREMENT: ['CZ'],
  LAND_USE_RIGHTS: ['GT', 'SW'],
  MINERAL_RIGHTS: ['GT', 'SW'],
  STATE_PROPERTY_RIGHTS: ['GZ', 'SW'],
  OTHER: [],
};

export const TRADE_AWARDED_EVENT = 'trade.awarded';
