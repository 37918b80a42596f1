import { badUserInput } from '../errors.js';
import { isPlainDate, todayInShanghai } from '../working-days.js';

const CASE_NO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Department systems report up to this far ahead of the hub's clock before a time is refused. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function checkCaseNo(value: string, field: string): string {
  const caseNo = value.trim();
  if (!CASE_NO.test(caseNo))
    throw badUserInput(field, 'must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  return caseNo;
}

export function checkText(value: string | null | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (text.length === 0) throw badUserInput(field, 'must not be empty');
  if (text.length > max) throw badUserInput(field, `must be at most ${max} characters`);
  return text;
}

/** A reported instant: a real time, not in the future beyond clock skew. Absent means now. */
export function checkInstant(value: Date | null | undefined, field: string, now: Date = new Date()): Date {
  if (value === null || value === undefined) return now;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badUserInput(field, 'must be a date and time with its offset');
  if (value.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badUserInput(field, `${value.toISOString()} is in the future`);
  return value;
}

export function checkDate(value: string, field: string): string {
  if (!isPlainDate(value)) throw badUserInput(field, `must be a real date written YYYY-MM-DD, got "${value}"`);
  return value;
}

/** The date in China of an instant. */
export function dateInChina(instant: Date): string {
  return todayInShanghai(instant);
}
