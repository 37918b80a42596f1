import { demoUscc } from '../../demo/trades.js';

/** The agency of the district's tenders in the demo data. */
const AGENCY = demoUscc('510802', 101);

/** An open tender of the district's roads, as the trading centre announces it (`recordTrade`'s input). */
export function constructionTender(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code,
    name: '昭化区元坝镇村道路硬化工程',
    category: 'CONSTRUCTION',
    method: 'OPEN_TENDER',
    budget: '66801300.00',
    divisionCode: '510811',
    announcedOn: '2015-03-02',
    agencyUscc: AGENCY,
    agencyName: '广元市正信招标代理有限公司',
    ...extra,
  };
}
