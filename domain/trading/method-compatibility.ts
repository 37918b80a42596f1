import { badUserInput } from '../errors.js';
import { TRADE_CATEGORY_LABELS, TradeCategory } from '../../entities/trade-category.js';
import { TRADE_METHOD_LABELS, TradeMethod } from '../../entities/trade-method.js';

const M = TradeMethod;

/**
 * The methods the law allows for each category. A trade recorded under a method its category
 * cannot use is a typing error (or a trade the centre should not have run), so it is refused.
 *
 * - 工程建设: 招标投标法 第十条 knows two tender methods, 公开招标 and 邀请招标. Construction that is
 *   procured by a government buyer without a mandatory tender uses 竞争性谈判 or 单一来源
 *   (政府采购法实施条例 第二十五条) or 竞争性磋商 (财库〔2014〕214号 第三条第四项). 询价 is for
 *   goods with uniform specifications only (政府采购法 第三十二条), and auctions, listings and
 *   agreements sell rights — none of them buys works.
 * - 政府采购: 政府采购法 第二十六条 lists 公开招标, 邀请招标, 竞争性谈判, 单一来源采购, 询价;
 *   财库〔2014〕214号 adds 竞争性磋商.
 * - 土地使用权出让: 招标, 拍卖 or 挂牌 (招标拍卖挂牌出让国有建设用地使用权规定, 国土资源部令第39号),
 *   or 协议 where allowed (协议出让国有土地使用权规定, 国土资源部令第21号). A transfer is public by
 *   law, so there is no invited tender.
 * - 矿业权出让: 招标, 拍卖, 挂牌, or 协议 in the cases the rules name (矿业权出让制度改革方案,
 *   厅字〔2017〕12号; 矿业权交易规则).
 * - 国有产权交易: 企业国有资产交易监督管理办法 (国资委 财政部令第32号): 公开挂牌 with 拍卖,
 *   招投标 or other bidding among several buyers, and 非公开协议转让 (第三十一条).
 * - 其他: no statute narrows it; every method is accepted.
 */
export const METHODS_BY_CATEGORY: Readonly<Record<TradeCategory, readonly TradeMethod[]>> = {
  CONSTRUCTION: [M.OPEN_TENDER, M.INVITED_TENDER, M.COMPETITIVE_NEGOTIATION, M.COMPETITIVE_CONSULTATION, M.SINGLE_SOURCE],
  PROCUREMENT: [
    M.OPEN_TENDER,
    M.INVITED_TENDER,
    M.COMPETITIVE_NEGOTIATION,
    M.COMPETITIVE_CONSULTATION,
    M.REQUEST_FOR_QUOTATION,
    M.SINGLE_SOURCE,
  ],
  LAND_USE_RIGHTS: [M.OPEN_TENDER, M.AUCTION, M.LISTING, M.AGREEMENT],
  MINERAL_RIGHTS: [M.OPEN_TENDER, M.AUCTION, M.LISTING, M.AGREEMENT],
  STATE_PROPERTY_RIGHTS: [M.OPEN_TENDER, M.AUCTION, M.LISTING, M.AGREEMENT],
  OTHER: Object.values(TradeMethod),
};

export function methodFits(category: TradeCategory, method: TradeMethod): boolean {
  return METHODS_BY_CATEGORY[category].includes(method);
}

/** Refuses a method the category cannot use, naming the methods it can. */
export function checkMethodFits(category: TradeCategory, method: TradeMethod, field: string): void {
  if (methodFits(category, method)) return;
  const allowed = METHODS_BY_CATEGORY[category].map((m) => `${TRADE_METHOD_LABELS[m]} ${m}`).join(', ');
  throw badUserInput(
    field,
    `${TRADE_METHOD_LABELS[method]} (${method}) is not a method for ${TRADE_CATEGORY_LABELS[category]} (${category}); allowed: ${allowed}`,
  );
}
