/**
 * ISO/IEC 7064 hybrid check character systems (MOD M+1,M).
 *
 * GB/T 36904-2018 uses MOD 37,36 over 0-9A-Z for e-licence identifiers. The hybrid
 * systems are generic in the alphabet, so the same routine also yields MOD 11,10
 * (digits), which lets the tests cross-check it against the standard's numeric examples.
 *
 * What the check can and cannot see: every single-character substitution is detected;
 * adjacent transpositions are detected except, in some states, a swap of two characters
 * whose values differ by exactly 1 (e.g. "HI" -> "IH"). That is the system's own limit.
 */

export const ALPHANUMERIC_36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface HybridState {
  /** Product carried to the next character; starts at M. */
  p: number;
  /** Last remainder; a body that ends with its correct check character leaves 1. */
  s: number;
}

function runHybrid(input: string, alphabet: string): HybridState {
  const m = alphabet.length;
  const state: HybridState = { p: m, s: 0 };
  for (const ch of input) {
    const value = alphabet.indexOf(ch);
    if (value < 0) {
      throw new RangeError(`character "${ch}" is not in the check alphabet`);
    }
    state.s = (state.p + value) % m;
    // The standard writes a remainder of 0 as M, so doubling never collapses to 0.
    state.p = ((state.s === 0 ? m : state.s) * 2) % (m + 1);
  }
  return state;
}

/** Check character to append to `body` under MOD (n+1),n where n = alphabet.length. */
export function hybridCheckCharacter(body: string, alphabet: string): string {
  const m = alphabet.length;
  const { p } = runHybrid(body, alphabet);
  // The one character that brings the final remainder to 1.
  return alphabet.charAt((m + 1 - p) % m);
}

/** True when the last character of `withCheck` is the correct check character for the rest. */
export function isValidHybrid(withCheck: string, alphabet: string): boolean {
  if (withCheck.length < 2) return false;
  for (const ch of withCheck) {
    if (!alphabet.includes(ch)) return false;
  }
  return runHybrid(withCheck, alphabet).s === 1;
}

/** MOD 37,36 check character over 0-9A-Z (upper case only; throws RangeError on any other character). */
export function mod37_36CheckCharacter(body: string): string {
  return hybridCheckCharacter(body, ALPHANUMERIC_36);
}

/** True when `withCheck` (body followed by its MOD 37,36 check character) verifies. */
export function isValidMod37_36(withCheck: string): boolean {
  return isValidHybrid(withCheck, ALPHANUMERIC_36);
}
