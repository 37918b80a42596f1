/**
 * Which day an acceptance counts on (受理日). The clock starts the working day after it, so this
 * day decides every due date. Two conventions, chosen per centre by its administrator:
 *
 *  - CALENDAR_DAY (the default): the acceptance counts on the calendar day in China it happened,
 *    whatever the hour, and whether or not that day is a working day. An online application
 *    accepted on a Sunday or during 国庆 counts on that day; its clock starts the next working day.
 *  - NEXT_WORKING_DAY_AFTER_CLOSING: an acceptance at or after the closing hour, or on a day that
 *    is not a working day, counts as accepted on the next working day (当日下班后或节假日受理的，
 *    顺延至下一工作日受理); the clock then starts the working day after that.
 */
export enum AcceptanceCounting {
  CALENDAR_DAY = 'CALENDAR_DAY',
  NEXT_WORKING_DAY_AFTER_CLOSING = 'NEXT_WORKING_DAY_AFTER_CLOSING',
}

export interface AcceptanceRule {
  counting: AcceptanceCounting;
  /** "HH:MM" in China; set only with NEXT_WORKING_DAY_AFTER_CLOSING. */
  closesAt: string | null;
}

export const DEFAULT_ACCEPTANCE_RULE: AcceptanceRule = { counting: AcceptanceCounting.CALENDAR_DAY, closesAt: null };

/** "HH:MM", 00:00–23:59. */
export const CLOSING_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** Time of day in China, "HH:MM"; China has kept UTC+8 all year since 1991. */
export function timeInChina(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

interface Calendar {
  isWorkingDay(date: string): boolean;
  nextWorkingDay(date: string): string;
}

/** The day the acceptance counts on under `rule`; `acceptedOn` is its calendar date in China. */
export function acceptanceCountsOn(acceptedAt: Date, acceptedOn: string, rule: AcceptanceRule, calendar: Calendar): string {
  if (rule.counting === AcceptanceCounting.CALENDAR_DAY || !rule.closesAt) return acceptedOn;
  if (calendar.isWorkingDay(acceptedOn) && timeInChina(acceptedAt) < rule.closesAt) return acceptedOn;
  return calendar.nextWorkingDay(acceptedOn);
}
