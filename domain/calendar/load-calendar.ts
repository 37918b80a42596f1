import type { EntityManager } from '@mikro-orm/sql';
import { CalendarDay } from '../../entities/calendar-day.js';
import { WorkingDayCalendar } from '../working-days.js';

/**
 * The working-day calendar as the `calendar_day` table holds it now. A few dozen rows a year, read
 * inside the caller's transaction, so an edit is seen by the next case at once on every instance.
 *
 * A year without any entry (before 2004, or not yet published: the State Council publishes each
 * arrangement only in the autumn before) counts Monday–Friday: a due date counted through it is an
 * estimate, flagged `dueOnEstimated` on the case, which is better than refusing to accept a case
 * in December.
 */
export async function loadWorkingDayCalendar(em: EntityManager): Promise<WorkingDayCalendar> {
  // Kept out of the identity map: the rows are only looked at, and every acceptance reads them all.
  const days = await em.find(CalendarDay, {}, { orderBy: { date: 'asc' }, disableIdentityMap: true });
  return new WorkingDayCalendar(
    days.map((day) => ({ date: day.date, kind: day.kind, name: day.name })),
    { outsideCoverage: 'weekends-only' },
  );
}
