import { describe, expect, it } from 'vitest';
import {
  MoneyInputError,
  parseWanYuan,
  parseYuan,
  sumYuan,
  wanYuanToYuan,
  yuanToWanYuan,
  type MoneyInputReason,
} from '../../domain/money.js';

function reasonOf(fn: () => unknown): MoneyInputReason | 'NO ERROR' {
  try {
    fn();
    return 'NO ERROR';
  } catch (error) {
    if (error instanceof MoneyInputError) return error.reason;
    throw error;
  }
}

describe('parseYuan', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['1234.50', '1234.50'],
    ['0', '0.00'],
    ['0.5', '0.50'],
    ['88.1', '88.10'],
    ['2196892.00', '2196892.00'],
    ['1.23', '1.23'],
    ['1000000000000000', '1000000000000000.00'],
    ['123456789012345.67', '123456789012345.67'],
  ])('%s -> %s', (input, expected) => {
    expect(parseYuan(input, 'amount')).toBe(expected);
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['abc', 'NOT_A_NUMBER'],
    ['12元', 'NOT_A_NUMBER'],
    ['1.2.3', 'NOT_A_NUMBER'],
    ['.5', 'NOT_A_NUMBER'],
    ['5.', 'NOT_A_NUMBER'],
    ['1,5', 'NOT_A_NUMBER'],
    ['12,34.00', 'NOT_A_NUMBER'],
    ['1,234,567.89', 'NOT_PLAIN'],
    ['+12.00', 'NOT_PLAIN'],
    ['00012.30', 'NOT_PLAIN'],
    ['007', 'NOT_PLAIN'],
    ['00', 'NOT_PLAIN'],
    ['00.5', 'NOT_PLAIN'],
    ['  88.1 ', 'NOT_PLAIN'],
    ['12 345.00', 'NOT_PLAIN'],
    ['1000.230', 'TOO_MANY_DECIMALS'],
    ['1.230', 'TOO_MANY_DECIMALS'],
    ['-0', 'NEGATIVE'],
    ['NaN', 'NOT_A_NUMBER'],
    ['Infinity', 'NOT_A_NUMBER'],
    ['0x10', 'NOT_A_NUMBER'],
    ['1e5', 'EXPONENT'],
    ['1.5E+3', 'EXPONENT'],
    ['-2e-2', 'EXPONENT'],
    ['-0.01', 'NEGATIVE'],
    ['1.234', 'TOO_MANY_DECIMALS'],
    ['0.001', 'TOO_MANY_DECIMALS'],
    ['1000000000000000.01', 'TOO_LARGE'],
    ['99999999999999999999', 'TOO_LARGE'],
  ] as const)('%s is refused as %s', (input, reason) => {
    expect(reasonOf(() => parseYuan(input, 'amount'))).toBe(reason);
  });

  it('accepts negatives only when asked, and still bounds their magnitude', () => {
    expect(parseYuan('-12.3', 'correction', { allowNegative: true })).toBe('-12.30');
    expect(reasonOf(() => parseYuan('-1000000000000001', 'correction', { allowNegative: true }))).toBe('TOO_LARGE');
  });

  it('names the field in the error', () => {
    try {
      parseYuan('12.345', 'dealAmount');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyInputError);
      expect((error as MoneyInputError).field).toBe('dealAmount');
      expect((error as MoneyInputError).message).toMatch(/^dealAmount: "12.345" has more than 2 decimal places/);
    }
  });

  it('refuses anything that is not a string rather than coercing a float', () => {
    expect(reasonOf(() => parseYuan(0.1 as unknown as string, 'amount'))).toBe('NOT_A_NUMBER');
  });

  it('says in its message why an amount is refused', () => {
    const messageOf = (parse: () => unknown) => {
      try {
        parse();
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(messageOf(() => parseYuan(0.1 as unknown as string, 'amount'))).toBe(
      'amount: an amount in 元 must be given as a decimal string',
    );
    expect(messageOf(() => parseYuan('-5', 'amount'))).toMatch(/^amount: "-?5" is negative; this amount cannot be$/);
    expect(messageOf(() => parseYuan('1000000000000001', 'amount'))).toMatch(
      /^amount: "1000000000000001" exceeds 10\^15 元; check the unit and the digits$/,
    );
  });
});

describe('parseWanYuan', () => {
  it('keeps 6 decimals, i.e. exact to the 分', () => {
    expect(parseWanYuan('6168.63', 'deal')).toBe('6168.630000');
    expect(parseWanYuan('0.000001', 'deal')).toBe('0.000001');
    expect(parseWanYuan('100000000000', 'deal')).toBe('100000000000.000000');
  });

  it('refuses sub-分 precision and absurd magnitude', () => {
    expect(reasonOf(() => parseWanYuan('0.0000001', 'deal'))).toBe('TOO_MANY_DECIMALS');
    expect(reasonOf(() => parseWanYuan('100000000000.000001', 'deal'))).toBe('TOO_LARGE');
    expect(reasonOf(() => parseWanYuan('-1', 'deal'))).toBe('NEGATIVE');
  });
});

describe('unit conversion', () => {
  it('converts 万元 to 元 and back without rounding', () => {
    expect(wanYuanToYuan('6168.63')).toBe('61686300.00');
    expect(wanYuanToYuan('0.000001')).toBe('0.01');
    expect(wanYuanToYuan('-511.5')).toBe('-5115000.00');
    expect(yuanToWanYuan('61686300.00')).toBe('6168.630000');
    expect(yuanToWanYuan('0.01')).toBe('0.000001');
    expect(yuanToWanYuan('2196892')).toBe('219.689200');
  });

  it('round-trips every 分 value in a sample exactly', () => {
    for (const yuan of ['0.01', '0.99', '123.45', '99999999.99', '1000000000000000.00']) {
      expect(wanYuanToYuan(yuanToWanYuan(yuan))).toBe(yuan);
    }
  });

  it('refuses an amount that is not exact in the target unit', () => {
    expect(reasonOf(() => wanYuanToYuan('1.0000001'))).toBe('TOO_MANY_DECIMALS');
  });
});

describe('sumYuan', () => {
  it('adds exactly where floats would drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumYuan(['0.10', '0.20'])).toBe('0.30');
    expect(sumYuan(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
  });

  it('accepts negatives and an empty list', () => {
    expect(sumYuan(['100.00', '-30.05'])).toBe('69.95');
    expect(sumYuan([])).toBe('0.00');
  });

  it('names the offending element', () => {
    try {
      sumYuan(['1.00', '2.001'], 'deals');
      expect.unreachable();
    } catch (error) {
      expect((error as MoneyInputError).field).toBe('deals[1]');
      expect((error as MoneyInputError).reason).toBe('TOO_MANY_DECIMALS');
    }
  });
});

describe('what a refusal says', () => {
  function errorOf(fn: () => unknown): MoneyInputError {
    try {
      fn();
    } catch (error) {
      if (error instanceof MoneyInputError) return error;
      throw error;
    }
    throw new Error('no error');
  }

  it('is a MoneyInputError naming the field, the reason and the unit, with an example in that unit', () => {
    const yuan = errorOf(() => parseYuan('1,234.00', 'dealAmount'));
    expect(yuan).toMatchObject({ name: 'MoneyInputError', field: 'dealAmount', reason: 'NOT_PLAIN' });
    expect(yuan.message).toBe(
      'dealAmount: "1,234.00" is not written as amounts are: digits and at most 2 decimals, without sign, separators, spaces or leading zeros (e.g. 1234567.89)',
    );
    const wan = errorOf(() => parseWanYuan('6,168.63', 'deal'));
    expect(wan.message).toBe(
      'deal: "6,168.63" is not written as amounts are: digits and at most 6 decimals, without sign, separators, spaces or leading zeros (e.g. 6168.63)',
    );
    expect(errorOf(() => parseWanYuan('1e3', 'deal')).message).toBe(
      'deal: "1e3" uses exponent notation; write the amount out in 万元 (e.g. 6168.63)',
    );
    expect(errorOf(() => parseYuan('abc', 'deal')).message).toBe('deal: "abc" is not an amount in 元');
    expect(errorOf(() => parseWanYuan('', 'deal')).message).toBe('deal: an amount in 万元 is required');
  });

  it('quotes at most 40 characters of what was sent', () => {
    const long = '1'.repeat(39) + 'abc';
    expect(errorOf(() => parseYuan(long, 'amount')).message).toBe(`amount: "${'1'.repeat(39)}a…" is not an amount in 元`);
    const forty = '1'.repeat(39) + 'a';
    expect(errorOf(() => parseYuan(forty, 'amount')).message).toBe(`amount: "${forty}" is not an amount in 元`);
  });

  it('recognises exponent notation with spaces around it, but not inside other text', () => {
    expect(reasonOf(() => parseYuan(' 1e5 ', 'amount'))).toBe('EXPONENT');
    expect(reasonOf(() => parseYuan('abc1e5', 'amount'))).toBe('NOT_A_NUMBER');
  });

  it('names the default fields of conversions and sums', () => {
    expect(errorOf(() => wanYuanToYuan('x')).field).toBe('amount');
    expect(errorOf(() => yuanToWanYuan('x')).field).toBe('amount');
    expect(errorOf(() => sumYuan(['x'])).field).toBe('values[0]');
  });
});

describe('exactness at the edges', () => {
  it('converts negative 元 to 万元 (differences convert too)', () => {
    expect(yuanToWanYuan('-100.00')).toBe('-0.010000');
  });

  it('keeps every 分 of a sum far beyond twenty significant digits', () => {
    const amounts = [...Array.from({ length: 1000 }, () => '1000000000000000.00'), '0.01'];
    expect(sumYuan(amounts)).toBe('1000000000000000000.01');
  });
});
