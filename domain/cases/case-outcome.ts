import type { ServiceCase } from '../../entities/case.js';
import { todayInShanghai } from '../working-days.js';
import { DECIDED_CASE_STATUSES, OPEN_CASE_STATUSES, RUNNING_CASE_STATUSES } from './case-status.js';

/*
 * How a case is judged against its promised limit (承诺时限). The same rules are written in SQL in
 * case-stats.ts; keep the two together.
 *  - on time (按时办结): decided on or before the due date;
 *  - early (提前办结): decided with fewer working days than promised — an on-the-spot matter
 *    (即办件, promised 0) decided the day it was accepted counts, as the reports count it;
 *  - overdue (超期): decided after the due date, or still open with its clock running after it;
 *    a case suspended for correction (补正) has its clock stopped and is not overdue while it is.
 */
export function isOnTime(serviceCase: ServiceCase): boolean | null {
  if (!DECIDED_CASE_STATUSES.includes(serviceCase.status) || !serviceCase.completedOn) return null;
  return serviceCase.completedOn <= serviceCase.dueOn;
}

export function isEarly(serviceCase: ServiceCase): boolean | null {
  if (!DECIDED_CASE_STATUSES.includes(serviceCase.status) || serviceCase.workingDaysTaken == null) return null;
  return (
    serviceCase.workingDaysTaken < serviceCase.promisedLimitDays ||
    (serviceCase.promisedLimitDays === 0 && serviceCase.completedOn === serviceCase.acceptedOn)
  );
}

export function isOverdue(serviceCase: ServiceCase, today: string = todayInShanghai()): boolean {
  if (RUNNING_CASE_STATUSES.includes(serviceCase.status)) return today > serviceCase.dueOn;
  if (OPEN_CASE_STATUSES.includes(serviceCase.status)) return false;
  return isOnTime(serviceCase) === false;
}
