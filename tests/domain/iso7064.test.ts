import { describe, expect, it } from 'vitest';
import { ALPHANUMERIC_36, hybridCheckCharacter, isValidHybrid, isValidMod37_36, mod37_36CheckCharacter } from '../../domain/iso7064.js';

/** Small deterministic PRNG (mulberry32) so a failing case is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBody(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMERIC_36[Math.floor(rand() * 36)];
  return s;
}

describe('ISO/IEC 7064 hybrid systems', () => {
  it('MOD 11,10 reproduces the numeric examples (same routine, digit alphabet)', () => {
    expect(hybridCheckCharacter('0794', '0123456789')).toBe('5');
    expect(hybridCheckCharacter('00200667308', '0123456789')).toBe('5');
    expect(isValidHybrid('002006673085', '0123456789')).toBe(true);
    expect(isValidHybrid('002006673084', '0123456789')).toBe(false);
  });

  it('MOD 37,36 reproduces the published alphanumeric example', () => {
    expect(mod37_36CheckCharacter('A12425GABC1234002')).toBe('M');
    expect(isValidMod37_36('A12425GABC1234002M')).toBe(true);
    expect(isValidMod37_36('A12425GABC1234002N')).toBe(false);
  });

  it('MOD 37,36 reproduces check characters of e-licence identifiers issued in practice', () => {
    // Middle parts (type code, issuer, serial, version) joined without dots -> check char.
    expect(mod37_36CheckCharacter('11100000000013338W01111430000006122244L20230000403002')).toBe('S');
    expect(mod37_36CheckCharacter('11100000000013338W01111430000006122244L20230000403001')).toBe('U');
    expect(mod37_36CheckCharacter('11100000000013338W08711370800MB2855918437080001202411010001001')).toBe('3');
    expect(mod37_36CheckCharacter('11100000000013338W00911330105002500287C2025052201002')).toBe('0');
  });

  it('rejects characters outside the alphabet instead of guessing', () => {
    expect(() => mod37_36CheckCharacter('abc')).toThrow(RangeError);
    expect(isValidMod37_36('A12425GABC1234002m')).toBe(false);
    expect(isValidMod37_36('A1242-5GABC1234002M')).toBe(false);
    expect(isValidMod37_36('M')).toBe(false);
  });

  it('detects every single-character substitution (including in the check character)', () => {
    const rand = prng(36904);
    let mutations = 0;
    for (let trial = 0; trial < 60; trial++) {
      const body = randomBody(rand, 1 + Math.floor(rand() * 40));
      const valid = body + mod37_36CheckCharacter(body);
      expect(isValidMod37_36(valid)).toBe(true);
      for (let i = 0; i < valid.length; i++) {
        for (const replacement of ALPHANUMERIC_36) {
          if (replacement === valid[i]) continue;
          const mutated = valid.slice(0, i) + replacement + valid.slice(i + 1);
          expect(isValidMod37_36(mutated), mutated).toBe(false);
          mutations++;
        }
      }
    }
    expect(mutations).toBeGreaterThan(10_000);
  });

  it('detects every adjacent transposition except of characters whose values differ by exactly 1', () => {
    // A property of the hybrid system itself, not of this code: swapping neighbours in value
    // (e.g. "IJ" -> "JI") escapes detection in some states. The standard's claim is
    // "all single substitutions, nearly all transpositions"; this pins down which ones slip.
    const rand = prng(7064);
    let transpositions = 0;
    let undetected = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const body = randomBody(rand, 2 + Math.floor(rand() * 40));
      const valid = body + mod37_36CheckCharacter(body);
      for (let i = 0; i + 1 < valid.length; i++) {
        if (valid[i] === valid[i + 1]) continue;
        transpositions++;
        const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
        if (!isValidMod37_36(swapped)) continue;
        undetected++;
        const gap = (ALPHANUMERIC_36.indexOf(valid[i]!) - ALPHANUMERIC_36.indexOf(valid[i + 1]!) + 36) % 36;
        expect([1, 35], `${valid} -> ${swapped}`).toContain(gap);
      }
    }
    expect(transpositions).toBeGreaterThan(20_000);
    expect(undetected / transpositions).toBeLessThan(0.005);
  });

  it('documents a concrete transposition the system cannot see ("HI" -> "IH")', () => {
    expect(mod37_36CheckCharacter('HPCF7JSOLCHIDS4STW8LVXZRM2GSQ6YI')).toBe('U');
    expect(isValidMod37_36('HPCF7JSOLCHIDS4STW8LVXZRM2GSQ6YIU')).toBe(true);
    expect(isValidMod37_36('HPCF7JSOLCIHDS4STW8LVXZRM2GSQ6YIU')).toBe(true);
  });
});

describe('isValidMod37_36: too short to carry a check', () => {
  it('refuses a single character, even the one a lone check would be', () => {
    expect(isValidMod37_36('1')).toBe(false);
    expect(isValidMod37_36('')).toBe(false);
    expect(() => mod37_36CheckCharacter('a')).toThrow(new RangeError('character "a" is not in the check alphabet'));
  });
});
