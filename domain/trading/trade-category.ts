import { TradeCategory } from '../../entities/trade-category.js';

/**
 * Which price a trade is measured against. A buyer (tender, procurement) saves against its
 * budget or control price; a seller (transfer of land, mineral or property rights) earns a premium
 * over its reserve price. Other trades may be either, or neither.
 */
export type PriceBasis = 'BUDGET' | 'RESERVE' | 'EITHER';

export const PRICE_BASIS: Record<TradeCategory, PriceBasis> = {
  CONSTRUCTION: 'BUDGET',
  PROCUREMENT: 'BUDGET',
  LAND_USE_RIGHTS: 'RESERVE',
  MINERAL_RIGHTS: 'RESERVE',
  STATE_PROPERTY_RIGHTS: 'RESERVE',
  OTHER: 'EITHER',
};

/**
 * The lines of the centres' annual reports, in the order they print them. The reports quote land
 * and mineral rights together (土地矿权出让), so the two categories share one line.
 */
export const REPORT_LINES = [
  { key: 'CONSTRUCTION', label: '建设工程', categories: [TradeCategory.CONSTRUCTION] },
  { key: 'PROCUREMENT', label: '政府采购', categories: [TradeCategory.PROCUREMENT] },
  { key: 'LAND_AND_MINERAL_RIGHTS', label: '土地矿权出让', categories: [TradeCategory.LAND_USE_RIGHTS, TradeCategory.MINERAL_RIGHTS] },
  { key: 'PROPERTY_RIGHTS', label: '产权交易', categories: [TradeCategory.STATE_PROPERTY_RIGHTS] },
  { key: 'OTHER', label: '其它交易', categories: [TradeCategory.OTHER] },
] as const;
