import { describe, expect, it, vi } from 'vitest';
import { checkResidentId, convertFifteenDigitResidentId, maskResidentId, residentIdCheckCharacter } from '../../domain/resident-id.js';

const EXAMPLE = '11010519491231002X'; // the standard's own example
const TODAY = { today: '2026-11-23' };

function rules(id: string, options = TODAY): string[] {
  return checkResidentId(id, options).failures.map((f) => f.rule);
}

describe('checkResidentId', () => {
  it("accepts the standard's examples", () => {
    expect(checkResidentId(EXAMPLE, TODAY)).toMatchObject({ valid: true, failures: [], normalised: EXAMPLE, convertedFrom15Digits: false });
    expect(checkResidentId(EXAMPLE, TODAY).division).toMatchObject({ code: '110105', fullName: '北京市朝阳区', current: true });
    expect(checkResidentId('440524188001010014', TODAY)).toMatchObject({ valid: true, failures: [] });
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });

  it('uses the current Shanghai date when no date is given', () => {
    expect(checkResidentId(EXAMPLE).valid).toBe(true);
  });

  it('rejects the wrong length and reads nothing else', () => {
    expect(rules('11010519491231002')).toEqual(['LENGTH']);
    expect(rules('11010519491231002X1')).toEqual(['LENGTH']);
    expect(rules('')).toEqual(['LENGTH']);
    expect(checkResidentId('1101054912310', TODAY).failures[0]!.message).toMatch(/18 characters \(or 15 digits.*\), not 13/);
  });

  it('converts a 15-digit first-generation number by the standard rule and says so', () => {
    // 110105 491231 002: "19" goes before the birth year, then the check character (X here).
    expect(convertFifteenDigitResidentId('110105491231002')).toBe(EXAMPLE);
    const result = checkResidentId('110105491231002', TODAY);
    expect(result).toMatchObject({ valid: true, normalised: EXAMPLE, convertedFrom15Digits: true });
    // Its date and division are judged like any other: 490230 is not a date.
    expect(rules('110105490230002')).toEqual(['BIRTH_DATE']);
    expect(rules('000000491231002')).toEqual(['DIVISION']);
  });

  it('reads full-width and lower-case forms as the one ASCII upper-case form', () => {
    expect(checkResidentId('11010519491231002x', TODAY)).toMatchObject({ valid: true, normalised: EXAMPLE });
    expect(checkResidentId('１１０１０５１９４９１２３１００２Ｘ', TODAY)).toMatchObject({ valid: true, normalised: EXAMPLE });
    expect(checkResidentId(' １１０１０５１９４９１２３１００２ｘ ', TODAY)).toMatchObject({ valid: true, normalised: EXAMPLE });
  });

  it('rejects an address code no GB/T 2260 revision since 1980 lists (000000)', () => {
    const first17 = '00000019491231002';
    const result = checkResidentId(first17 + residentIdCheckCharacter(first17), TODAY);
    expect(result.valid).toBe(false);
    expect(result.normalised).toBeNull();
    expect(result.failures).toEqual([
      { rule: 'DIVISION', message: 'address code (positions 1–6) is not a GB/T 2260 division code, current or former since 1980' },
    ]);
    expect(first17 + residentIdCheckCharacter(first17)).toBe('000000194912310027');
  });

  it('accepts an address code retired long ago (萧山县 330121, 萧山市 from 1988) and names what replaced it', () => {
    const first17 = '33012119700101001';
    const result = checkResidentId(first17 + residentIdCheckCharacter(first17), TODAY);
    expect(result.valid).toBe(true);
    expect(result.division).toMatchObject({ current: false, name: '萧山县' });
    expect(result.division?.replacedBy.length).toBeGreaterThan(0);
  });

  it('rejects a birth date of 1999-02-30', () => {
    const first17 = '11010519990230002';
    expect(rules(first17 + residentIdCheckCharacter(first17))).toEqual(['BIRTH_DATE']);
  });

  it('rejects characters out of place', () => {
    expect(rules('1101051949123100X2')).toEqual(['CHARACTER']);
    expect(rules('11010A19491231002X')).toEqual(['CHARACTER']);
    // A letter inside the birth date is one CHARACTER failure, not a bogus date as well.
    expect(rules('110105194912A1002X')).toEqual(['CHARACTER']);
  });

  it('rejects a birth date that is not a real date, with the check character still judged', () => {
    // 1949-02-30 does not exist; the check character is recomputed so only the date fails.
    const first17 = '11010519490230002';
    expect(rules(first17 + residentIdCheckCharacter(first17))).toEqual(['BIRTH_DATE']);
    const month13 = '11010519491331002';
    expect(rules(month13 + residentIdCheckCharacter(month13))).toEqual(['BIRTH_DATE']);
    // 2000 was a leap year, 1900 was not.
    const leap2000 = '11010520000229002';
    expect(rules(leap2000 + residentIdCheckCharacter(leap2000))).toEqual([]);
    const leap1900 = '11010519000229002';
    expect(rules(leap1900 + residentIdCheckCharacter(leap1900))).toEqual(['BIRTH_DATE']);
  });

  it('judges leap days by the year and rejects day 00, month 00 and days past the month', () => {
    const withCheck = (birth: string) => `110105${birth}002` + residentIdCheckCharacter(`110105${birth}002`);
    // 1988 was a leap year (divisible by 4, not by 100); 1989 and 1990 were common years.
    expect(checkResidentId(withCheck('19880229'), TODAY)).toMatchObject({ valid: true, failures: [] });
    for (const birth of ['19890229', '19900229', '19880230', '19880100', '19880001', '19880431', '19881232', '19881301']) {
      expect(checkResidentId(withCheck(birth), TODAY), birth).toMatchObject({
        valid: false,
        normalised: null,
        failures: [{ rule: 'BIRTH_DATE', message: 'birth date (positions 7–14) is not a real calendar date' }],
      });
    }
    for (const birth of ['19880131', '19880430', '19881231', '19880101', '19890228']) {
      expect(checkResidentId(withCheck(birth), TODAY).valid, birth).toBe(true);
    }
  });

  it('a wrong length is not valid, stores nothing, converts nothing and names no division', () => {
    for (const id of ['11010519491231002', '11010519491231002X1', '1101051949123100', '']) {
      expect(checkResidentId(id, TODAY), id).toEqual({
        valid: false,
        failures: [{ rule: 'LENGTH', message: expect.stringMatching(/^a citizen identity number has 18 characters/) }],
        normalised: null,
        convertedFrom15Digits: false,
        division: null,
      });
    }
    // 15 characters that are not 15 digits are not a first-generation number.
    expect(checkResidentId('11010549123100X', TODAY)).toMatchObject({
      valid: false,
      convertedFrom15Digits: false,
      failures: [{ rule: 'LENGTH' }],
    });
  });

  it('a birth date of today is not in the future', () => {
    const born = '11010520261123002';
    expect(checkResidentId(born + residentIdCheckCharacter(born), { today: '2026-11-23' }).valid).toBe(true);
  });

  it('rejects a birth date in the future, judged against the given day', () => {
    const tomorrow = '11010520261124002';
    const id = tomorrow + residentIdCheckCharacter(tomorrow);
    expect(rules(id, { today: '2026-11-23' })).toEqual(['BIRTH_DATE']);
    expect(checkResidentId(id, { today: '2026-11-23' }).failures[0]!.message).toBe('birth date (positions 7–14) is in the future');
    expect(rules(id, { today: '2026-11-24' })).toEqual([]);
  });

  it('says which characters a number may have', () => {
    expect(checkResidentId('11010A19491231002X', TODAY).failures).toEqual([
      { rule: 'CHARACTER', message: 'the first 17 characters must be digits and the last a digit or X' },
    ]);
  });

  it('rejects a wrong check character without echoing the number in the message', () => {
    const result = checkResidentId('110105194912310020', TODAY);
    expect(result.valid).toBe(false);
    expect(result.failures).toEqual([
      { rule: 'CHECK_CHARACTER', message: 'check character (position 18) does not match the first 17 digits' },
    ]);
    const badDate = checkResidentId('110105194902300021', TODAY);
    expect(badDate.failures[0]).toEqual({
      rule: 'BIRTH_DATE',
      message: 'birth date (positions 7–14) is not a real calendar date',
    });
    for (const failure of badDate.failures) expect(failure.message).not.toMatch(/19490230|1101/);
  });

  it('catches every single-digit substitution and adjacent transposition in the first 17 digits', () => {
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === EXAMPLE[i]) continue;
        const mutated = EXAMPLE.slice(0, i) + d + EXAMPLE.slice(i + 1);
        expect(checkResidentId(mutated, TODAY).valid, mutated).toBe(false);
      }
    }
    for (let i = 0; i < 17; i++) {
      if (EXAMPLE[i] === EXAMPLE[i + 1]) continue;
      const swapped = EXAMPLE.slice(0, i) + EXAMPLE[i + 1] + EXAMPLE[i] + EXAMPLE.slice(i + 2);
      expect(checkResidentId(swapped, TODAY).valid, swapped).toBe(false);
    }
  });

  it('reports several failures at once', () => {
    expect(rules('110105194902300021')).toEqual(['BIRTH_DATE', 'CHECK_CHARACTER']);
  });

  it('refuses a malformed "today" instead of comparing nonsense', () => {
    expect(() => checkResidentId(EXAMPLE, { today: '2026/11/23' })).toThrow(RangeError);
  });
});

describe('maskResidentId', () => {
  it('shows the first 6 and last 4 characters only', () => {
    expect(maskResidentId(EXAMPLE)).toBe('110105********002X');
    expect(maskResidentId('110105491231002')).toBe('110105*****1002');
  });

  it('masks short strings completely', () => {
    expect(maskResidentId('1101051949')).toBe('**********');
    expect(maskResidentId('')).toBe('');
  });
});

describe('checkResidentId: the shape of each part', () => {
  it('computes the check character over exactly 17 digits, and says so otherwise', () => {
    for (const bad of ['1101051949123100', '110105194912310021', 'a1101051949123100', '1101051949123100a']) {
      expect(() => residentIdCheckCharacter(bad), bad).toThrow(
        new RangeError('a citizen identity number check character is computed over exactly 17 digits'),
      );
    }
  });

  it('converts only exactly 15 digits', () => {
    for (const bad of ['11010549123100', '1101054912310021', 'a11010549123100', '11010549123100a']) {
      expect(() => convertFifteenDigitResidentId(bad), bad).toThrow(
        new RangeError('a first-generation citizen identity number has exactly 15 digits'),
      );
    }
    // 16 digits are a wrong length, not a first-generation number.
    expect(checkResidentId('1101054912310021', TODAY)).toMatchObject({
      valid: false,
      convertedFrom15Digits: false,
      failures: [{ rule: 'LENGTH' }],
    });
  });

  it('refuses a "today" with anything around the date', () => {
    for (const today of ['x2026-11-23', '2026-11-23x', '2026-11-2']) {
      expect(() => checkResidentId(EXAMPLE, { today }), today).toThrow(new RangeError(`today must be written YYYY-MM-DD, got "${today}"`));
    }
  });

  it('reads a value that is not text as empty', () => {
    expect(checkResidentId(undefined as unknown as string, TODAY)).toMatchObject({
      valid: false,
      failures: [{ rule: 'LENGTH', message: expect.stringMatching(/, not 0$/) }],
    });
  });

  it('judges "today" in China: just after midnight in Shanghai is the next day', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-23T16:30:00Z')); // 00:30 on 24 November in China
      const born = '11010520261124002';
      expect(checkResidentId(born + residentIdCheckCharacter(born)).valid).toBe(true);
      vi.setSystemTime(new Date('2026-11-23T15:30:00Z')); // 23:30 on 23 November in China
      expect(checkResidentId(born + residentIdCheckCharacter(born)).failures.map((f) => f.rule)).toEqual(['BIRTH_DATE']);
    } finally {
      vi.useRealTimers();
    }
  });
});
