import { describe, expect, it } from 'vitest';
import { reportSummary, wanYuanAsReported } from '../../domain/trading/report-phrasing.js';
import { figuresOfTrade } from '../../domain/trading/figures-of-trade.js';
import { divisionPrefix } from '../../domain/trading/trade-stats.js';

describe('amounts as the reports quote them', () => {
  it('writes 元 as 万元 to 0.01, without trailing zeros', () => {
    expect(wanYuanAsReported('61686300.00')).toBe('6168.63');
    expect(wanYuanAsReported('5115000.00')).toBe('511.5');
    expect(wanYuanAsReported('510000.00')).toBe('51');
    expect(wanYuanAsReported('0.00')).toBe('0');
    // 0.01万元 is 100 元: 49.99 元 rounds down, 50 元 rounds up (四舍五入).
    expect(wanYuanAsReported('12345049.99')).toBe('1234.5');
    expect(wanYuanAsReported('12345050.00')).toBe('1234.51');
  });

  it('says an overrun and a shortfall in words, never as a negative saving', () => {
    const summary = reportSummary(2, '3000000.00', [
      { label: '建设工程', count: 1, totalDeal: '2000000.00', totalSavings: '-100000.00', totalPremium: null },
      { label: '土地矿权出让', count: 1, totalDeal: '1000000.00', totalSavings: null, totalPremium: '-50000.00' },
      { label: '政府采购', count: 0, totalDeal: '0.00', totalSavings: null, totalPremium: null },
    ]);
    expect(summary).toBe(
      '各类交易 2 宗，成交总金额 300 万元，其中，建设工程成交总额 200 万元，超支 10 万元；土地矿权出让金额 100 万元，减收 5 万元。',
    );
  });
});

describe('figures of one trade', () => {
  it('derives savings for a purchase, premium for a transfer, nothing before the deal', () => {
    expect(figuresOfTrade({ budget: '1500000.00', dealAmount: '1388888.88' })).toEqual({
      savings: '111111.12',
      savingsRate: '0.0741',
      premium: null,
      premiumRate: null,
    });
    expect(figuresOfTrade({ reservePrice: '460000.00', dealAmount: '510000.00' })).toEqual({
      savings: null,
      savingsRate: null,
      premium: '50000.00',
      premiumRate: '0.1087',
    });
    expect(figuresOfTrade({ budget: '1500000.00', dealAmount: null })).toEqual({
      savings: null,
      savingsRate: null,
      premium: null,
      premiumRate: null,
    });
    expect(figuresOfTrade({ dealAmount: '1100000.00' })).toEqual({ savings: null, savingsRate: null, premium: null, premiumRate: null });
  });
});

describe('division filters', () => {
  it('takes a county as itself and a city or province with everything under it', () => {
    expect(divisionPrefix('510811', 'f')).toBe('510811');
    expect(divisionPrefix('510800', 'f')).toBe('5108');
    expect(divisionPrefix('510000', 'f')).toBe('51');
    expect(() => divisionPrefix('999999', 'filter.divisionCode')).toThrow(/filter.divisionCode: 999999 is not a GB\/T 2260/);
  });
});
