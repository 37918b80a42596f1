import { MoneyDecimal } from '../money.js';

/**
 * An amount in 元 as the reports quote it: 万元 to 0.01万元 (四舍五入), trailing zeros dropped —
 * "61686300.00" → "6168.63", "5115000.00" → "511.5", "510000.00" → "51".
 */
export function wanYuanAsReported(yuan: string): string {
  const wan = new MoneyDecimal(yuan).dividedBy(10_000).toDecimalPlaces(2, MoneyDecimal.ROUND_HALF_UP).plus(0);
  return wan.toFixed();
}

export interface ReportLineFigures {
  label: string;
  count: number;
  totalDeal: string;
  /** Present for lines measured against a budget. */
  totalSavings: string | null;
  /** Present for lines measured against a reserve price. */
  totalPremium: string | null;
}

/**
 * The trading paragraph of a service centre's annual report, e.g. (seed report 000):
 * 各类交易 189 宗，成交总金额 21187.71 万元，其中，建设工程成交总额 6168.63 万元，节约资金 511.5 万元；
 * 政府采购成交金额 6175.38 万元，节约资金 625.27 万元；土地矿权出让金额 8682.7 万元，增收 312.2 万元；
 * 产权交易成交金额 51 万元，增收 5 万元；其它交易金额 110 万元。
 * Lines without deals are left out; a deal above its control price is said as 超支, a transfer
 * below its reserve price as 减收, never as a negative saving.
 */
export function reportSummary(totalCount: number, totalDeal: string, lines: readonly ReportLineFigures[]): string {
  const head = `各类交易 ${totalCount} 宗，成交总金额 ${wanYuanAsReported(totalDeal)} 万元`;
  const parts = lines.filter((line) => line.count > 0).map(phraseLine);
  return parts.length === 0 ? `${head}。` : `${head}，其中，${parts.join('；')}。`;
}

function phraseLine(line: ReportLineFigures): string {
  const deal = `${line.label}${DEAL_WORDING[line.label] ?? '成交金额'} ${wanYuanAsReported(line.totalDeal)} 万元`;
  if (line.totalSavings !== null) return `${deal}，${signed(line.totalSavings, '节约资金', '超支')}`;
  if (line.totalPremium !== null) return `${deal}，${signed(line.totalPremium, '增收', '减收')}`;
  return deal;
}

/** The reports' own wording for each line's deal total. */
const DEAL_WORDING: Record<string, string> = {
  建设工程: '成交总额',
  政府采购: '成交金额',
  土地矿权出让: '金额',
  产权交易: '成交金额',
  其它交易: '金额',
};

function signed(yuan: string, gain: string, loss: string): string {
  const value = new MoneyDecimal(yuan);
  return value.isNegative() && !value.isZero()
    ? `${loss} ${wanYuanAsReported(value.negated().toFixed(2))} 万元`
    : `${gain} ${wanYuanAsReported(yuan)} 万元`;
}
