import { CaseStatus } from '../../entities/case-status.js';

/** The statuses a case may move to from each status. */
export const NEXT_CASE_STATUSES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  ACCEPTED: [CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN],
  IN_PROGRESS: [CaseStatus.SUSPENDED, CaseStatus.COMPLETED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN],
  SUSPENDED: [CaseStatus.IN_PROGRESS, CaseStatus.REJECTED, CaseStatus.WITHDRAWN],
  COMPLETED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

/** The statuses whose clock still runs (or is stopped but not ended): the open cases. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED];

/** A decision was made (办结): granted or refused. */
export const DECIDED_CASE_STATUSES: readonly CaseStatus[] = [CaseStatus.COMPLETED, CaseStatus.REJECTED];

/** Open with the clock running: only these can be overdue (a stopped clock, 补正, never is). */
export const RUNNING_CASE_STATUSES: readonly CaseStatus[] = [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS];
