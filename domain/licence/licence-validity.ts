import { badUserInput } from '../errors.js';
import { addCalendarDays, isPlainDate } from '../working-days.js';

/**
 * The validity period: explicit dates, or the type's default length from the first day (N months
 * later, less one day: a licence valid for 12 months from 2026-01-15 ends on 2027-01-14).
 */
export function checkValidity(
  validFrom: string,
  validTo: string | null | undefined,
  defaultValidityMonths: number | null | undefined,
  prefix: string,
): { validFrom: string; validTo: string | null } {
  if (!isPlainDate(validFrom)) throw badUserInput(`${prefix}.validFrom`, 'must be a calendar date YYYY-MM-DD');
  if (validTo !== undefined && validTo !== null) {
    if (!isPlainDate(validTo)) throw badUserInput(`${prefix}.validTo`, 'must be a calendar date YYYY-MM-DD');
    if (validTo < validFrom) throw badUserInput(`${prefix}.validTo`, `${validTo} is before the first valid day ${validFrom}`);
    return { validFrom, validTo };
  }
  if (validTo === null || !defaultValidityMonths) return { validFrom, validTo: null };
  return { validFrom, validTo: addCalendarDays(addMonths(validFrom, defaultValidityMonths), -1) };
}

/** Same day of the month N months later, or the month's last day when it has no such day. */
function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
