/**
 * Citizen identity number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth
 * date (YYYYMMDD), 3-digit sequence, 1 check character (ISO 7064 MOD 11-2; 10 is written X).
 *
 * Accepted forms, one way on every path (the check normalises, callers store what it returns):
 *  - full-width characters (１１０１０５…, Ｘ) are read as their ASCII forms, and a lower-case x as X;
 *  - a first-generation 15-digit number (6-digit address, YYMMDD born in the 1900s, 3-digit
 *    sequence, no check character) is converted as GB 11643-1999 prescribes: "19" is put before
 *    the birth year and the check character appended. The result says it was converted.
 * The address code must be a GB/T 2260 code some revision since 1980 listed: a number keeps the
 * code of the bureau that issued it, long after that county was renamed.
 *
 * Failure messages name positions, never the digits: they end up in logs and API errors,
 * and an identity number is personal data.
 */
import { findDivision, type Division } from './divisions.js';

export type ResidentIdRule = 'LENGTH' | 'CHARACTER' | 'DIVISION' | 'BIRTH_DATE' | 'CHECK_CHARACTER';

export interface ResidentIdFailure {
  rule: ResidentIdRule;
  message: string;
}

export interface ResidentIdCheck {
  valid: boolean;
  failures: ResidentIdFailure[];
  /** The number as the hub stores it: 18 ASCII characters, upper-case X; null when not valid. */
  normalised: string | null;
  /** True when a 15-digit first-generation number was converted to its 18-digit form. */
  convertedFrom15Digits: boolean;
  /** The address code (positions 1–6) as GB/T 2260 lists it, current or former. */
  division: Division | null;
}

export interface ResidentIdCheckOptions {
  /** "Today" as YYYY-MM-DD in China; defaults to the current date in Asia/Shanghai. */
  today?: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError('a citizen identity number check character is computed over exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** China has kept UTC+8 all year since 1991, so a fixed offset gives the Shanghai calendar date. */
function todayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Plain arithmetic: JS Date maps years 0–99 to 1900–1999 and would misjudge their leap days. */
function isRealDate(year: number, month: number, day: number): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: outside 1–12 DAYS_IN_MONTH has no entry and day <= undefined is false, so the month is refused either way
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= days;
}

function birthDateFailure(digits8: string, today: string): string | null {
  const year = Number(digits8.slice(0, 4));
  const month = Number(digits8.slice(4, 6));
  const day = Number(digits8.slice(6, 8));
  if (!isRealDate(year, month, day)) {
    return 'birth date (positions 7–14) is not a real calendar date';
  }
  const iso = `${digits8.slice(0, 4)}-${digits8.slice(4, 6)}-${digits8.slice(6, 8)}`;
  // ISO dates of equal length compare correctly as strings.
  if (iso > today) {
    return 'birth date (positions 7–14) is in the future';
  }
  return null;
}

/** Full-width forms to ASCII (NFKC), lower-case x to X, surrounding spaces dropped. */
export function normaliseResidentId(id: string): string {
  // Stryker disable next-line Regex: an x anywhere but last is a CHARACTER failure in either case, and failures never show the characters
  return (typeof id === 'string' ? id : '').normalize('NFKC').trim().replace(/x$/, 'X');
}

/** GB 11643-1999's conversion of a 15-digit number: "19" before the birth year, then the check character. */
export function convertFifteenDigitResidentId(id15: string): string {
  if (!/^[0-9]{15}$/.test(id15)) throw new RangeError('a first-generation citizen identity number has exactly 15 digits');
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckCharacter(first17);
}

export function checkResidentId(id: string, options: ResidentIdCheckOptions = {}): ResidentIdCheck {
  const today = options.today ?? todayInShanghai();
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(today)) {
    throw new RangeError(`today must be written YYYY-MM-DD, got "${today}"`);
  }
  const failures: ResidentIdFailure[] = [];
  const given = normaliseResidentId(id);
  const convertedFrom15Digits = /^[0-9]{15}$/.test(given);
  const text = convertedFrom15Digits ? convertFifteenDigitResidentId(given) : given;
  const refused = (): ResidentIdCheck => ({ valid: false, failures, normalised: null, convertedFrom15Digits, division: null });

  if (text.length !== 18) {
    failures.push({
      rule: 'LENGTH',
      message: `a citizen identity number has 18 characters (or 15 digits, a first-generation number converted to 18), not ${text.length}`,
    });
    // Every other rule reads fixed positions, which mean nothing at the wrong length.
    return refused();
  }

  const first17 = text.slice(0, 17);
  const last = text.charAt(17);
  // Stryker disable next-line Regex: first17 and last are slices of exactly 17 and 1 characters, so either anchor alone matches the same strings
  const charactersOk = /^[0-9]{17}$/.test(first17) && /^[0-9X]$/.test(last);
  if (!charactersOk) {
    failures.push({
      rule: 'CHARACTER',
      message: 'the first 17 characters must be digits and the last a digit or X',
    });
  }

  const addressCode = text.slice(0, 6);
  // Stryker disable next-line Regex: addressCode is a slice of exactly 6 characters, so either anchor alone matches the same strings
  const division = /^[0-9]{6}$/.test(addressCode) ? (findDivision(addressCode) ?? null) : null;
  // Stryker disable next-line Regex: as above, 6 characters
  if (/^[0-9]{6}$/.test(addressCode) && !division) {
    failures.push({
      rule: 'DIVISION',
      message: 'address code (positions 1–6) is not a GB/T 2260 division code, current or former since 1980',
    });
  }

  // Non-digits in the date are already a CHARACTER failure; a date is judged only when readable.
  const birthDigits = text.slice(6, 14);
  // Stryker disable next-line Regex: birthDigits is a slice of exactly 8 characters, so either anchor alone matches the same strings
  if (/^[0-9]{8}$/.test(birthDigits)) {
    const problem = birthDateFailure(birthDigits, today);
    if (problem) failures.push({ rule: 'BIRTH_DATE', message: problem });
  }

  if (charactersOk) {
    const expected = residentIdCheckCharacter(first17);
    if (last !== expected) {
      failures.push({
        rule: 'CHECK_CHARACTER',
        message: 'check character (position 18) does not match the first 17 digits',
      });
    }
  }

  if (failures.length > 0) return refused();
  return { valid: true, failures, normalised: text, convertedFrom15Digits, division };
}

/**
 * Shows the first 6 (address code) and last 4 characters only. Strings too short to hide
 * anything that way are masked entirely, so a malformed number never leaks whole.
 */
export function maskResidentId(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
