import { AcceptanceCounting } from '../../entities/acceptance-counting.js';

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
