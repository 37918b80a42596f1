import type { EntityManager } from '@mikro-orm/sql';
import { CalendarDay } from '../../entities/calendar-day.js';
import { actorName, type Principal } from '../auth/principal.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { isoWeekday, isPlainDate } from '../working-days.js';
import { CALENDAR_DAY_KIND_LABELS, CalendarDayKind } from '../../entities/calendar-day-kind.js';
import { insertCalendarDayIfAbsent } from './calendar-store.js';

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export function checkCalendarDate(value: string, field: string): string {
  if (!isPlainDate(value)) throw badUserInput(field, `must be a real date written YYYY-MM-DD, got "${value}"`);
  return value;
}

/**
 * Enters one day. A holiday must fall on a weekday and a 调休 working day on a weekend: any other
 * entry would change nothing and hide a typing mistake. A day already entered is a CONFLICT, so
 * two administrators cannot silently overwrite each other; remove it first to change it.
 */
export async function addCalendarDay(em: EntityManager, principal: Principal, input: CalendarDayInput): Promise<CalendarDay> {
  const date = checkCalendarDate(input.date, 'input.date');
  const name = input.name.trim();
  if (name.length < 1 || name.length > 50) throw badUserInput('input.name', 'must be 1–50 characters, e.g. 春节');
  const weekend = isoWeekday(date) > 5;
  if (input.kind === CalendarDayKind.HOLIDAY && weekend) {
    throw badUserInput(
      'input.kind',
      `${date} is a Saturday or Sunday, never a working day; only a weekday can be a ${CALENDAR_DAY_KIND_LABELS.HOLIDAY}`,
    );
  }
  if (input.kind === CalendarDayKind.MAKEUP_WORKDAY && !weekend) {
    throw badUserInput(
      'input.kind',
      `${date} is a weekday, a working day already; only a Saturday or Sunday can be a ${CALENDAR_DAY_KIND_LABELS.MAKEUP_WORKDAY} day`,
    );
  }
  return em.transactional(async (tx) => {
    if (!(await insertCalendarDayIfAbsent(tx, { date, kind: input.kind, name }, actorName(principal)))) {
      const existing = await tx.findOneOrFail(CalendarDay, { date });
      throw conflict(
        'input.date',
        `${date} is already in the calendar as ${existing.name} (${existing.kind}); remove it first to change it`,
        {
          kind: existing.kind,
        },
      );
    }
    return tx.findOneOrFail(CalendarDay, { date });
  });
}

/** Removes one day: it becomes an ordinary weekday or weekend day again. */
export async function removeCalendarDay(em: EntityManager, date: string): Promise<CalendarDay> {
  checkCalendarDate(date, 'date');
  return em.transactional(async (tx) => {
    const day = await tx.findOne(CalendarDay, { date });
    if (!day) throw notFound('date', `${date} is not in the calendar`);
    await tx.nativeDelete(CalendarDay, { date });
    return day;
  });
}

/** The entries of one year, in date order. */
export function calendarDaysOf(em: EntityManager, year: number): Promise<CalendarDay[]> {
  if (!Number.isInteger(year) || year < 1949 || year > 2200) throw badUserInput('year', 'must be a year such as 2026');
  return em.find(CalendarDay, { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }, { orderBy: { date: 'asc' } });
}
