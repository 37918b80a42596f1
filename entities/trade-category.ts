/** What is traded (交易类别). */
export enum TradeCategory {
  /** 工程建设项目招标 */
  CONSTRUCTION = 'CONSTRUCTION',
  /** 政府采购 */
  PROCUREMENT = 'PROCUREMENT',
  /** 土地使用权出让 */
  LAND_USE_RIGHTS = 'LAND_USE_RIGHTS',
  /** 矿业权出让 */
  MINERAL_RIGHTS = 'MINERAL_RIGHTS',
  /** 国有产权交易 */
  STATE_PROPERTY_RIGHTS = 'STATE_PROPERTY_RIGHTS',
  /** 其他 */
  OTHER = 'OTHER',
}

export const TRADE_CATEGORY_LABELS: Record<TradeCategory, string> = {
  CONSTRUCTION: '工程建设',
  PROCUREMENT: '政府采购',
  LAND_USE_RIGHTS: '土地使用权出让',
  MINERAL_RIGHTS: '矿业权出让',
  STATE_PROPERTY_RIGHTS: '国有产权交易',
  OTHER: '其他',
};
