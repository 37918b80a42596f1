import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../entities/case.js';
import { DECIDED_CASE_STATUSES } from '../cases/case-status.js';
import type { DateInterval } from '../working-days.js';
import { loadWorkingDayCalendar } from './load-calendar.js';

const BATCH = 500;

/**
 * Recounts the due dates (and the working days taken) of the cases whose count ran through a year
 * the calendar has just been given: those dates were counted Monday–Friday, as `dueOnEstimated`
 * says, or before this flag existed silently (a case of 2016 imported when the calendar held only
 * 2025–2027). Only cases touching `years` are read, so a start that enters nothing recounts
 * nothing, and a year an administrator has edited is never entered again, so its cases are never
 * recounted behind the administrator's back. Returns how many cases changed.
 */
export async function recountDueDatesThrough(em: EntityManager, years: readonly number[]): Promise<number> {
  if (years.length === 0) return 0;
  const first = `${Math.min(...years)}-01-01`;
  const last = `${Math.max(...years)}-12-31`;
  let changed = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await em.transactional(async (tx) => {
      const calendar = await loadWorkingDayCalendar(tx);
      // A count runs from the day the acceptance counts on to the later due date (or the decision).
      const cases = await tx.find(
        ServiceCase,
        {
          id: { $gt: after },
          countsFrom: { $lte: last },
          $or: [{ legalDueOn: { $gte: first } }, { dueOn: { $gte: first } }, { completedOn: { $gte: first } }],
        },
        { orderBy: { id: 'asc' }, limit: BATCH },
      );
      for (const serviceCase of cases) {
        const suspensions = serviceCase.suspensions.filter((period): period is DateInterval => period.to !== null);
        const dueOn = calendar.addWorkingDays(serviceCase.countsFrom, serviceCase.promisedLimitDays, { suspensions });
        const legalDueOn = calendar.addWorkingDays(serviceCase.countsFrom, serviceCase.legalLimitDays, { suspensions });
        const dueOnEstimated = calendar.isEstimated(serviceCase.countsFrom, legalDueOn > dueOn ? legalDueOn : dueOn);
        const decidedOn = DECIDED_CASE_STATUSES.includes(serviceCase.status) ? serviceCase.completedOn : null;
        const workingDaysTaken = decidedOn
          ? decidedOn <= serviceCase.countsFrom
            ? 0
            : calendar.workingDaysBetween(serviceCase.countsFrom, decidedOn, { suspensions })
          : serviceCase.workingDaysTaken;
        if (
          dueOn !== serviceCase.dueOn ||
          legalDueOn !== serviceCase.legalDueOn ||
          dueOnEstimated !== serviceCase.dueOnEstimated ||
          workingDaysTaken !== serviceCase.workingDaysTaken
        ) {
          Object.assign(serviceCase, { dueOn, legalDueOn, dueOnEstimated, workingDaysTaken });
          changed += 1;
        }
      }
      await tx.flush();
      return cases;
    });
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  return changed;
}
