/**
 * Seed data for the working-day calendar: public holidays and 调休 working days as the State
 * Council publishes them each year, taken from the `chinese-days` package (MIT), which
 * tracks those notices. The application stores the entries as editable data; this module
 * only produces the initial list.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { isoWeekday } from './working-days.js';

export type CalendarEntryKind = 'HOLIDAY' | 'MAKEUP_WORKDAY';

export interface CalendarEntry {
  /** YYYY-MM-DD */
  date: string;
  /** HOLIDAY: a weekday off. MAKEUP_WORKDAY: a Saturday or Sunday worked (调休上班). */
  kind: CalendarEntryKind;
  /** The festival it belongs to, in Chinese, e.g. "春节" or "春节调休". */
  name: string;
}

export class CalendarDataUnavailableError extends Error {
  readonly years: number[];

  constructor(years: number[]) {
    super(
      `no published holiday arrangement for ${years.join(', ')} in the installed chinese-days data; ` +
        'enter those dates by hand or update the package once the State Council has published them',
    );
    this.name = 'CalendarDataUnavailableError';
    this.years = years;
  }
}

/** The package writes each value as "English name,中文名,festival number". */
function chineseName(value: string): string {
  // Stryker disable next-line MethodExpression,OptionalChaining: the installed data writes every value as "English,中文,n" without spaces; the fallback is for data that does not
  return value.split(',')[1]?.trim() || value;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Years for which the installed data holds an arrangement (every year has at least 元旦). */
export function availableCalendarYears(): number[] {
  const years = new Set(Object.keys(chineseDays.holidays).map(yearOf));
  // Stryker disable next-line MethodExpression,ArithmeticOperator: the installed data lists its years in order already; the sort is for data that does not
  return [...years].sort((a, b) => a - b);
}

/**
 * Holidays and 调休 working days for the given years, sorted by date.
 *
 * The package lists whole holiday periods, weekends included; only the weekdays among them
 * are kept, because a Saturday inside 国庆 was never a working day and an entry for it would
 * only invite edits that change nothing. Throws CalendarDataUnavailableError for a year the
 * data does not cover rather than return a silently incomplete calendar.
 */
export function defaultCalendarEntries(years: readonly number[]): CalendarEntry[] {
  const available = new Set(availableCalendarYears());
  const missing = [...new Set(years)].filter((year) => !available.has(year)).sort((a, b) => a - b);
  if (missing.length > 0) throw new CalendarDataUnavailableError(missing);

  const wanted = new Set(years);
  const entries: CalendarEntry[] = [];
  for (const [date, value] of Object.entries(chineseDays.holidays as Record<string, string>)) {
    if (!wanted.has(yearOf(date)) || isoWeekday(date) > 5) continue;
    entries.push({ date, kind: 'HOLIDAY', name: chineseName(value) });
  }
  for (const [date, value] of Object.entries(chineseDays.workdays as Record<string, string>)) {
    if (!wanted.has(yearOf(date))) continue;
    entries.push({ date, kind: 'MAKEUP_WORKDAY', name: `${chineseName(value)}调休` });
  }
  // Stryker disable next-line EqualityOperator,ConditionalExpression: no two entries share a date, so < and <=, > and >= order them alike; and the sort only asks whether a result is negative, so 1 and 0 for a later date order alike
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
