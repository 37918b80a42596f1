import type { EntityManager } from '@mikro-orm/sql';
import { CalendarDay } from '../../entities/calendar-day.js';
import { selectRows, tableOf } from '../sql-statements.js';
import type { CalendarDayKind } from '../../entities/calendar-day-kind.js';

/** The calendar's own statements: entering days without overwriting one already there, and the years it holds. */

export interface CalendarEntry {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** Enters the day unless the date is already in the calendar; whether it was entered. */
export async function insertCalendarDayIfAbsent(em: EntityManager, day: CalendarEntry, recordedBy: string): Promise<boolean> {
  const rows = await selectRows<{ date: string }>(
    em,
    `insert into ${tableOf(em, CalendarDay)} (date, kind, name, recorded_by, recorded_at) values (?, ?, ?, ?, now())
       on conflict (date) do nothing returning date`,
    [day.date, day.kind, day.name, recordedBy],
  );
  return rows.length > 0;
}

/** The years that have at least one day in the calendar. */
export async function calendarYears(em: EntityManager): Promise<Set<number>> {
  const rows = await selectRows<{ year: number }>(
    em,
    `select distinct extract(year from date)::int as year from ${tableOf(em, CalendarDay)}`,
  );
  return new Set(rows.map((row) => Number(row.year)));
}

/**
 * Enters the published arrangement's days (recorded by `chinese-days`, the data they come from)
 * in one statement; dates already there are left as they are, so two instances seeding at once
 * are harmless. The days travel as one JSON parameter, which MikroORM writes into the statement's
 * text: a first start enters every published year since 2004, some tens of KB, once; that is
 * the path this statement has always taken.
 */
export async function insertPublishedCalendarDays(em: EntityManager, days: readonly CalendarEntry[]): Promise<void> {
  await selectRows(
    em,
    `insert into ${tableOf(em, CalendarDay)} (date, kind, name, recorded_by, recorded_at)
       select e.date::date, e.kind, e.name, 'chinese-days', now()
         from jsonb_to_recordset(?::jsonb) as e(date text, kind text, name text)
       on conflict (date) do nothing`,
    [JSON.stringify(days)],
  );
}
