/**
 * Working days (工作日) are a calendar, not arithmetic: Monday–Friday, minus the public
 * holidays that fall on them, plus the weekend days declared working days (调休上班).
 *
 * Dates are plain calendar dates in China ("YYYY-MM-DD"). They are turned into day numbers
 * through Date.UTC only, so no local time zone and no "UTC midnight is yesterday in
 * Shanghai" can shift a date.
 *
 * Counting rule (the usual one for 行政许可 time limits): the day a case is accepted does not
 * count; counting starts the next working day. A limit of n working days therefore ends on
 * the n-th working day after the acceptance date, and that day is the due date.
 */
import type { CalendarEntry } from './holiday-calendar.js';

/** "YYYY-MM-DD", a date on the calendar in China. */
export type PlainDate = string;

/** Inclusive on both ends: every date from `from` to `to` is stopped. */
export interface DateInterval {
  from: PlainDate;
  to: PlainDate;
}

export interface ClockOptions {
  /**
   * Periods when the clock is stopped (e.g. 补正: waiting for the applicant's corrected
   * materials). Working days inside them are not counted. Both ends are inclusive, so the
   * caller decides whether the day materials arrive counts by where it ends the interval.
   */
  suspensions?: readonly DateInterval[];
}

export interface WorkingDayCalendarOptions {
  /**
   * Years whose holidays and 调休 days the entries fully describe. Defaults to the years the
   * entries mention. The State Council publishes each year's arrangement only in the
   * autumn before, so a year without data is a real gap, not a year without holidays.
   */
  coveredYears?: Iterable<number>;
  /**
   * What a date in a year outside coverage means: 'throw' (default) refuses to guess;
   * 'weekends-only' treats Monday–Friday as working days, for estimates the caller labels so.
   */
  outsideCoverage?: 'throw' | 'weekends-only';
}

const MS_PER_DAY = 86_400_000;
const PLAIN_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export class CalendarCoverageError extends Error {
  readonly year: number;

  constructor(year: number) {
    super(
      `the working-day calendar has no holiday data for ${year}; add that year's holidays and ` +
        '调休 working days before computing dates in it',
    );
    this.name = 'CalendarCoverageError';
    this.year = year;
  }
}

/** Day number since 1970-01-01; throws RangeError unless `date` is a real YYYY-MM-DD date. */
export function toDayNumber(date: PlainDate, field = 'date'): number {
  // Stryker disable next-line ConditionalExpression: a value that is not text never matches the date pattern either
  const match = typeof date === 'string' ? PLAIN_DATE.exec(date) : null;
  if (!match) {
    throw new RangeError(`${field} must be a date written YYYY-MM-DD, got "${String(date)}"`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over to 03-02; a round trip exposes that.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: an overflow always changes two of the three parts (too many days: the day and the month; too many months: the month and the year), so any two of the checks catch what three do
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`${field} "${date}" is not a real calendar date`);
  }
  return ms / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): PlainDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isPlainDate(value: unknown): value is PlainDate {
  try {
    toDayNumber(value as string);
    return true;
  } catch {
    return false;
  }
}

export function addCalendarDays(date: PlainDate, days: number): PlainDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: PlainDate): number {
  return isoWeekdayOfDayNumber(toDayNumber(date));
}

function isoWeekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Today's date in China. China has kept UTC+8 all year since 1991, so a fixed offset is exact. */
export function todayInShanghai(now: Date = new Date()): PlainDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export class WorkingDayCalendar {
  private readonly holidays = new Set<number>();
  private readonly makeupWorkdays = new Set<number>();
  private readonly covered: ReadonlySet<number>;
  private readonly outsideCoverage: 'throw' | 'weekends-only';

  constructor(entries: Iterable<CalendarEntry>, options: WorkingDayCalendarOptions = {}) {
    const mentionedYears = new Set<number>();
    for (const entry of entries) {
      const day = toDayNumber(entry.date, `calendar entry date`);
      const target = entry.kind === 'HOLIDAY' ? this.holidays : entry.kind === 'MAKEUP_WORKDAY' ? this.makeupWorkdays : null;
      if (!target) {
        throw new RangeError(`calendar entry ${entry.date} has unknown kind "${String(entry.kind)}"`);
      }
      const other = target === this.holidays ? this.makeupWorkdays : this.holidays;
      if (other.has(day)) {
        throw new RangeError(`calendar entry ${entry.date} is both a holiday and a 调休 working day`);
      }
      target.add(day);
      mentionedYears.add(Number(entry.date.slice(0, 4)));
    }
    this.covered = new Set(options.coveredYears ?? mentionedYears);
    this.outsideCoverage = options.outsideCoverage ?? 'throw';
  }

  get coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  isWorkingDay(date: PlainDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /**
   * True when a date from `from` to `to` (inclusive) lies in a year without holiday data, so a
   * calendar built with 'weekends-only' counted it Monday–Friday: the result is an estimate and
   * must be labelled as one.
   */
  isEstimated(from: PlainDate, to: PlainDate): boolean {
    return this.missingYears(from, to).length > 0;
  }

  /** The years from `from` to `to` (inclusive) without holiday data. */
  missingYears(from: PlainDate, to: PlainDate): number[] {
    const first = Number(from.slice(0, 4));
    const last = Number(to.slice(0, 4));
    const missing: number[] = [];
    for (let year = Math.min(first, last); year <= Math.max(first, last); year++) {
      if (!this.covered.has(year)) missing.push(year);
    }
    return missing;
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: PlainDate): PlainDate {
    return this.addWorkingDays(date, 1);
  }

  /**
   * Due date of a limit of `n` working days for a case accepted on `startDate`: the n-th
   * working day after it (the acceptance day never counts, even when it is a working day).
   * n = 0 (即办件) is due the day it is accepted. Suspended working days do not count.
   */
  addWorkingDays(startDate: PlainDate, n: number, options: ClockOptions = {}): PlainDate {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`a working-day limit must be a whole number of days, 0 or more; got ${n}`);
    }
    let day = toDayNumber(startDate, 'startDate');
    const suspended = suspensionTest(options);
    let counted = 0;
    while (counted < n) {
      day += 1;
      if (this.isWorkingDayNumber(day) && !suspended(day)) counted += 1;
    }
    return fromDayNumber(day);
  }

  /**
   * Working days elapsed from `from` to `to`: those after `from` up to and including `to`,
   * less suspended ones — the inverse of addWorkingDays. A case is on time when it is
   * completed on or before its due date; compare dates for that, because a completion on a
   * weekend just after the due date adds no working day here.
   */
  workingDaysBetween(from: PlainDate, to: PlainDate, options: ClockOptions = {}): number {
    const start = toDayNumber(from, 'from');
    const end = toDayNumber(to, 'to');
    if (end < start) {
      throw new RangeError(`"to" (${to}) is before "from" (${from})`);
    }
    const suspended = suspensionTest(options);
    let count = 0;
    for (let day = start + 1; day <= end; day++) {
      if (this.isWorkingDayNumber(day) && !suspended(day)) count += 1;
    }
    return count;
  }

  private isWorkingDayNumber(day: number): boolean {
    const year = new Date(day * MS_PER_DAY).getUTCFullYear();
    if (!this.covered.has(year) && this.outsideCoverage === 'throw') {
      throw new CalendarCoverageError(year);
    }
    if (this.makeupWorkdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return isoWeekdayOfDayNumber(day) <= 5;
  }
}

function suspensionTest(options: ClockOptions): (day: number) => boolean {
  const intervals = (options.suspensions ?? []).map((interval, i) => {
    const from = toDayNumber(interval.from, `suspensions[${i}].from`);
    const to = toDayNumber(interval.to, `suspensions[${i}].to`);
    if (to < from) {
      throw new RangeError(`suspensions[${i}] ends (${interval.to}) before it starts (${interval.from})`);
    }
    return { from, to };
  });
  return (day) => intervals.some((interval) => day >= interval.from && day <= interval.to);
}
