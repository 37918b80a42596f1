import type { EntityManager } from '@mikro-orm/sql';
import { availableCalendarYears, defaultCalendarEntries } from '../holiday-calendar.js';
import { todayInShanghai } from '../working-days.js';
import { CalendarDayKind } from '../../entities/calendar-day-kind.js';
import { calendarYears, insertPublishedCalendarDays } from './calendar-store.js';

export interface CalendarSeeding {
  /** Years entered now from the published arrangement. */
  seeded: number[];
  /** Years wanted but not published in the installed data: enter them through the API. */
  unavailable: number[];
}

/**
 * Enters the published holidays and 调休 days of every year the installed data holds (2004 on),
 * for each of those years that has no entry yet, so a case imported from 2016 counts National Day
 * as the State Council arranged it. A year an administrator has already edited is left alone, so a
 * restart never brings back a day that was deliberately removed. `unavailable` names the years
 * around today (last, this and next) the data does not hold yet: cases running into them get
 * estimated due dates until they are entered.
 */
export async function seedCalendar(em: EntityManager, today: string = todayInShanghai()): Promise<CalendarSeeding> {
  const year = Number(today.slice(0, 4));
  const present = await calendarYears(em);
  const available = availableCalendarYears();
  const toSeed = available.filter((candidate) => !present.has(candidate));
  const unavailable = [year - 1, year, year + 1].filter((candidate) => !present.has(candidate) && !available.includes(candidate));
  const entries = defaultCalendarEntries(toSeed);
  if (entries.length > 0) {
    await insertPublishedCalendarDays(
      em,
      entries.map((entry) => ({ ...entry, kind: entry.kind as CalendarDayKind })),
    );
  }
  return { seeded: toSeed, unavailable };
}
