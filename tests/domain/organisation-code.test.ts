import { describe, expect, it } from 'vitest';
import { checkOrganisationCode, computeOrganisationCodeCheck } from '../../domain/organisation-code.js';

describe('computeOrganisationCodeCheck', () => {
  it('gives X when 11 − (Σ mod 11) is 10 (the standard example D2143569-X)', () => {
    // 13·3 + 2·7 + 1·9 + 4·10 + 3·5 + 5·8 + 6·4 + 9·2 = 199; 199 mod 11 = 1; 11 − 1 = 10 → X
    expect(computeOrganisationCodeCheck('D2143569')).toBe('X');
  });

  it('gives a digit otherwise (the body inside the GB 32100 worked example)', () => {
    // M = 22, Y = 34: 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4
    expect(computeOrganisationCodeCheck('M000100Y')).toBe('4');
  });

  it('gives 0 when Σ is a multiple of 11', () => {
    expect(computeOrganisationCodeCheck('00000000')).toBe('0');
  });

  it('values letters the USCC excludes (I, O, S, V, Z) too', () => {
    // Z = 35: 35·2 = 70; 70 mod 11 = 4; 11 − 4 = 7
    expect(computeOrganisationCodeCheck('0000000Z')).toBe('7');
    // I = 18: 18·3 = 54; 54 mod 11 = 10; 11 − 10 = 1
    expect(computeOrganisationCodeCheck('I0000000')).toBe('1');
  });

  it('refuses a body that is not 8 of 0-9A-Z', () => {
    expect(() => computeOrganisationCodeCheck('D214356')).toThrow(RangeError);
    expect(() => computeOrganisationCodeCheck('d2143569')).toThrow(RangeError);
    expect(() => computeOrganisationCodeCheck('D214356-')).toThrow(RangeError);
  });
});

describe('checkOrganisationCode', () => {
  it('says what shape a malformed code must have', () => {
    expect(checkOrganisationCode('D214356')).toMatchObject({
      valid: false,
      reason: 'FORMAT',
      message: '"D214356" is not 8 characters of 0-9A-Z followed by an optional hyphen and a check character 0-9 or X',
    });
  });

  it('accepts a code with the hyphen', () => {
    expect(checkOrganisationCode('D2143569-X')).toEqual({
      valid: true,
      body: 'D2143569',
      checkCharacter: 'X',
      formatted: 'D2143569-X',
    });
  });

  it('accepts the same code without the hyphen', () => {
    expect(checkOrganisationCode('D2143569X')).toMatchObject({ valid: true, formatted: 'D2143569-X' });
  });

  it('rejects a wrong check character, naming the expected one', () => {
    const result = checkOrganisationCode('D2143569-4');
    expect(result).toMatchObject({ valid: false, reason: 'CHECK_CHARACTER', expectedCheckCharacter: 'X' });
  });

  it('rejects a changed body character with the old check character', () => {
    expect(checkOrganisationCode('D2143568-X')).toMatchObject({ valid: false, reason: 'CHECK_CHARACTER' });
  });

  it.each([
    ['too short', 'D214356-X'],
    ['too long', 'D21435690-X'],
    ['lower case', 'd2143569-X'],
    ['check character not 0-9 or X', 'D2143569-A'],
    ['hyphen in the wrong place', 'D214356-9X'],
    ['empty', ''],
  ])('rejects a malformed code (%s)', (_label, code) => {
    expect(checkOrganisationCode(code)).toMatchObject({ valid: false, reason: 'FORMAT' });
  });
});

describe('computeOrganisationCodeCheck: the body', () => {
  it('is exactly 8 characters of 0-9A-Z', () => {
    for (const body of ['D21435690', '-D214356', 'D2143569-', 'D214356', 'd2143569']) {
      expect(() => computeOrganisationCodeCheck(body), body).toThrow(
        new RangeError(`organisation code body must be 8 characters of 0-9A-Z, got "${body}"`),
      );
    }
  });
});
