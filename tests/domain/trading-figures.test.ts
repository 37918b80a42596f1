import { describe, expect, it } from 'vitest';
import { MoneyInputError, sumYuan, wanYuanToYuan, yuanToWanYuan } from '../../domain/money.js';
import {
  premiumFigures,
  rateAsPercentage,
  savingsFigures,
  summarisePremium,
  summariseSavings,
} from '../../domain/trading/trading-figures.js';

/**
 * Seed report 000 (a district's 2015 report), public-resource trading line:
 *   成交总金额21187.71万元，其中，建设工程成交总额6168.63万元，节约资金511.5万元；
 *   政府采购成交金额6175.38万元，节约资金625.27万元，土地矿权出让金额8682.7万元，增收312.2万元;
 *   产权交易成交金额51万元，增收５万元 … 其它交易金额110万元。
 * The report gives deal and savings; control prices (deal + savings) and reserve prices
 * (deal − premium) are what the centre recorded, so the figures below rebuild the line from them.
 */
const W = (wan: string) => wanYuanToYuan(wan);
const construction = { controlPrice: W('6680.13'), dealAmount: W('6168.63') };
const procurement = { controlPrice: W('6800.65'), dealAmount: W('6175.38') };
const landAndMinerals = { reservePrice: W('8370.5'), dealAmount: W('8682.7') };
const propertyRights = { reservePrice: W('46'), dealAmount: W('51') };
const otherDeals = W('110');

describe('savings of tenders and procurement', () => {
  it('reproduces the construction line: 6168.63万元 dealt, 511.5万元 saved', () => {
    const figures = savingsFigures(construction);
    expect(figures).toEqual({
      controlPrice: '66801300.00',
      dealAmount: '61686300.00',
      savings: '5115000.00',
      savingsRate: '0.0766',
    });
    expect(yuanToWanYuan(figures.savings)).toBe('511.500000');
    expect(rateAsPercentage(figures.savingsRate)).toBe('7.66%');
  });

  it('reproduces the procurement line: 6175.38万元 dealt, 625.27万元 saved', () => {
    const figures = savingsFigures(procurement);
    expect(yuanToWanYuan(figures.savings)).toBe('625.270000');
    expect(figures.savingsRate).toBe('0.0919');
    expect(savingsFigures(procurement, { places: 6 }).savingsRate).toBe('0.091943');
  });

  it('summarises as total savings over total control price, not as an average of rates', () => {
    const summary = summariseSavings([construction, procurement], { places: 6 });
    expect(summary.savings).toBe('11367700.00');
    expect(summary.controlPrice).toBe('134807800.00');
    expect(summary.savingsRate).toBe('0.084325');
    // The average of the two rates would be 0.084257 — close here, far apart below.
    const skewed = summariseSavings([
      { controlPrice: '100.00', dealAmount: '50.00' }, // 50 %
      { controlPrice: '10000.00', dealAmount: '9900.00' }, // 1 %
    ]);
    expect(skewed.savingsRate).toBe('0.0149');
    expect(rateAsPercentage(skewed.savingsRate)).toBe('1.49%');
  });

  it('returns a null rate for a zero control price, and a negative saving when the deal exceeds it', () => {
    expect(savingsFigures({ controlPrice: '0', dealAmount: '0' })).toEqual({
      controlPrice: '0.00',
      dealAmount: '0.00',
      savings: '0.00',
      savingsRate: null,
    });
    expect(summariseSavings([]).savingsRate).toBeNull();
    expect(savingsFigures({ controlPrice: '1000.00', dealAmount: '1050.00' })).toMatchObject({
      savings: '-50.00',
      savingsRate: '-0.0500',
    });
    expect(rateAsPercentage(null)).toBeNull();
  });

  it('rounds half up once and never prints a negative zero', () => {
    // 1/3 saved of 3.00 -> 0.3333; 2/3 -> 0.6667
    expect(savingsFigures({ controlPrice: '3.00', dealAmount: '2.00' }).savingsRate).toBe('0.3333');
    expect(savingsFigures({ controlPrice: '3.00', dealAmount: '1.00' }).savingsRate).toBe('0.6667');
    // exactly half a unit in the last place: 0.00005 -> 0.0001
    expect(savingsFigures({ controlPrice: '100000.00', dealAmount: '99995.00' }).savingsRate).toBe('0.0001');
    expect(savingsFigures({ controlPrice: '1000000.00', dealAmount: '1000000.01' }).savingsRate).toBe('0.0000');
    expect(rateAsPercentage('-0.00001')).toBe('0.00%');
  });

  it('refuses float-unsafe or negative inputs with the field named', () => {
    expect(() => savingsFigures({ controlPrice: '100.005', dealAmount: '1.00' })).toThrow(MoneyInputError);
    try {
      summariseSavings([construction, { controlPrice: '-1', dealAmount: '0' }]);
      expect.unreachable();
    } catch (error) {
      expect((error as MoneyInputError).field).toBe('trades[1].controlPrice');
      expect((error as MoneyInputError).reason).toBe('NEGATIVE');
    }
  });
});

describe('premium of transfers', () => {
  it('reproduces the land line: 8682.7万元 dealt, 312.2万元 above reserve', () => {
    const figures = premiumFigures(landAndMinerals);
    expect(yuanToWanYuan(figures.premium)).toBe('312.200000');
    expect(figures.premiumRate).toBe('0.0373');
    expect(rateAsPercentage(figures.premiumRate)).toBe('3.73%');
  });

  it('reproduces the property-rights line: 51万元 dealt, 5万元 above reserve', () => {
    const figures = premiumFigures(propertyRights);
    expect(figures.premium).toBe('50000.00');
    expect(rateAsPercentage(figures.premiumRate)).toBe('10.87%');
  });

  it('summarises total premium over total reserve', () => {
    const summary = summarisePremium([landAndMinerals, propertyRights]);
    expect(yuanToWanYuan(summary.premium)).toBe('317.200000');
    expect(summary.premiumRate).toBe('0.0377');
    expect(premiumFigures({ reservePrice: '0', dealAmount: '10.00' }).premiumRate).toBeNull();
  });
});

describe('the report total', () => {
  it('adds the deal amounts of every kind to the reported 21187.71万元', () => {
    const total = sumYuan([
      construction.dealAmount,
      procurement.dealAmount,
      landAndMinerals.dealAmount,
      propertyRights.dealAmount,
      otherDeals,
    ]);
    expect(total).toBe('211877100.00');
    expect(yuanToWanYuan(total)).toBe('21187.710000');
  });
});

describe('rateAsPercentage', () => {
  it('shifts a 4-place fraction without re-rounding and rounds longer ones once', () => {
    expect(rateAsPercentage('0.0766')).toBe('7.66%');
    expect(rateAsPercentage('1')).toBe('100.00%');
    expect(rateAsPercentage('0.076549')).toBe('7.65%');
    expect(rateAsPercentage('0.076550')).toBe('7.66%');
    expect(rateAsPercentage('0.0766', 1)).toBe('7.7%');
  });

  it('refuses what is not a decimal fraction', () => {
    expect(() => rateAsPercentage('7.66%')).toThrow(RangeError);
    expect(() => rateAsPercentage('1e-2')).toThrow(RangeError);
    expect(() => rateAsPercentage('0.5', -1)).toThrow(RangeError);
  });
});

describe('rateAsPercentage and rate places: what is refused, and why', () => {
  it('takes 0 to 20 places and says so otherwise', () => {
    expect(rateAsPercentage('0.0766', 0)).toBe('8%');
    expect(rateAsPercentage('0.0766', 20)).toBe('7.66000000000000000000%');
    for (const places of [-1, 21, 1.5]) {
      expect(() => rateAsPercentage('0.0766', places), String(places)).toThrow(
        new RangeError(`rate places must be an integer from 0 to 20, got ${places}`),
      );
    }
  });

  it('refuses a rate that is not a decimal fraction, whole or with decimals', () => {
    expect(rateAsPercentage('12.5', 1)).toBe('1250.0%');
    expect(rateAsPercentage('-0.5', 0)).toBe('-50%');
    for (const rate of ['7.66%', '.5', '5.', '1e-2', '0.07 ', 'x0.07']) {
      expect(() => rateAsPercentage(rate), rate).toThrow(new RangeError(`rate must be a decimal fraction such as "0.0766", got "${rate}"`));
    }
  });

  it('names the amount that is wrong, also in a list', () => {
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as MoneyInputError).field;
      }
      return null;
    };
    expect(fieldOf(() => savingsFigures({ controlPrice: 'x', dealAmount: '1.00' }))).toBe('controlPrice');
    expect(fieldOf(() => savingsFigures({ controlPrice: '1.00', dealAmount: 'x' }))).toBe('dealAmount');
    expect(fieldOf(() => premiumFigures({ reservePrice: 'x', dealAmount: '1.00' }))).toBe('reservePrice');
    expect(fieldOf(() => premiumFigures({ reservePrice: '1.00', dealAmount: 'x' }))).toBe('dealAmount');
    expect(
      fieldOf(() =>
        summariseSavings([
          { controlPrice: '1.00', dealAmount: '1.00' },
          { controlPrice: 'x', dealAmount: '1.00' },
        ]),
      ),
    ).toBe('trades[1].controlPrice');
    expect(fieldOf(() => summariseSavings([{ controlPrice: '1.00', dealAmount: 'x' }]))).toBe('trades[0].dealAmount');
    expect(fieldOf(() => summarisePremium([{ reservePrice: 'x', dealAmount: '1.00' }]))).toBe('transfers[0].reservePrice');
    expect(fieldOf(() => summarisePremium([{ reservePrice: '1.00', dealAmount: 'x' }]))).toBe('transfers[0].dealAmount');
  });
});
