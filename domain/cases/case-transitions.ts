import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../entities/case.js';
import { CaseStatusChange } from '../../entities/case-status-change.js';
import { actorName, type Principal } from '../auth/principal.js';
import { loadWorkingDayCalendar } from '../calendar/load-calendar.js';
import { badUserInput, conflict, forbidden, notFound } from '../errors.js';
import { addCalendarDays, type DateInterval } from '../working-days.js';
import { checkCaseNo, checkInstant, checkText, dateInChina } from './case-input.js';
import { NEXT_CASE_STATUSES } from './case-status.js';
import { CASE_STATUS_LABELS, CaseStatus } from '../../entities/case-status.js';

export interface CaseStepInput {
  caseNo: string;
  /** When it happened; now when absent. */
  at?: Date | null;
  reason?: string | null;
}

const VERB: Record<CaseStatus, string> = {
  // Stryker disable next-line StringLiteral: no step leads to ACCEPTED, so no refusal names this verb
  ACCEPTED: 'accepted',
  // Stryker disable next-line StringLiteral: starting and resuming are refused by their one starting status first, so no refusal names this verb
  IN_PROGRESS: 'taken in hand',
  SUSPENDED: 'suspended for correction',
  COMPLETED: 'completed',
  REJECTED: 'refused',
  WITHDRAWN: 'withdrawn',
};

/** 开始办理: the department starts examining the case. */
export const startCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.IN_PROGRESS, CaseStatus.ACCEPTED);

/** 补正: the clock stops until the applicant's corrected materials arrive. A reason is required. */
export const suspendCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.SUSPENDED);

/** Materials received: the clock runs again; the due dates move by the working days suspended. */
export const resumeCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED);

/** 办结 (准予): only a case in progress can be completed. */
export const completeCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.COMPLETED);

/** 不予许可: a decision against the applicant, with its reason; counted as 办结. */
export const rejectCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.REJECTED);

/** 撤回: the applicant withdrew; no decision. */
export const withdrawCase = (em: EntityManager, principal: Principal, input: CaseStepInput) =>
  step(em, principal, input, CaseStatus.WITHDRAWN);

const NEEDS_REASON: readonly CaseStatus[] = [CaseStatus.SUSPENDED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN];

/** `onlyFrom`: the one status this step starts from (starting and resuming both lead to IN_PROGRESS). */
async function step(
  em: EntityManager,
  principal: Principal,
  input: CaseStepInput,
  to: CaseStatus,
  onlyFrom?: CaseStatus,
): Promise<ServiceCase> {
  const caseNo = checkCaseNo(input.caseNo, 'input.caseNo');
  const at = checkInstant(input.at, 'input.at');
  const reason = NEEDS_REASON.includes(to)
    ? checkText(input.reason, 'input.reason', 500)
    : input.reason
      ? checkText(input.reason, 'input.reason', 500)
      : null;

  return em.transactional(async (tx) => {
    const serviceCase = await lockCase(tx, principal, caseNo);
    const from = serviceCase.status;
    if (onlyFrom && from !== onlyFrom) {
      throw conflict(
        'input.caseNo',
        `case ${caseNo} is ${CASE_STATUS_LABELS[from]} (${from}); only a ${onlyFrom} case can be ${onlyFrom === CaseStatus.SUSPENDED ? 'resumed' : 'started'}`,
        { status: from },
      );
    }
    if (!NEXT_CASE_STATUSES[from].includes(to)) {
      const next = NEXT_CASE_STATUSES[from];
      throw conflict(
        'input.caseNo',
        `case ${caseNo} is ${CASE_STATUS_LABELS[from]} (${from}) and cannot be ${VERB[to]}; ` +
          (next.length === 0 ? 'its status is final' : `from ${from} it can only become ${next.join(', ')}`) +
          (to === CaseStatus.COMPLETED ? '; only a case in progress (IN_PROGRESS) can be completed' : ''),
        { status: from },
      );
    }
    if (at < serviceCase.acceptedAt) {
      throw badUserInput('input.at', `${at.toISOString()} is before the case was accepted at ${serviceCase.acceptedAt.toISOString()}`);
    }
    const last = await tx.findOne(CaseStatusChange, { serviceCase }, { orderBy: { changedAt: 'desc' } });
    if (last && at < last.changedAt) {
      throw badUserInput(
        'input.at',
        `${at.toISOString()} is before the case's last step (${last.toStatus}) at ${last.changedAt.toISOString()}`,
      );
    }

    const day = dateInChina(at);
    if (to === CaseStatus.SUSPENDED) {
      serviceCase.suspensions = [...serviceCase.suspensions, { from: day, to: null }];
    }
    if (from === CaseStatus.SUSPENDED) {
      // The clock stopped from the day of the notice to the day before the materials arrived.
      const open = serviceCase.suspensions.at(-1)!;
      const closed = day > open.from ? { from: open.from, to: addCalendarDays(day, -1) } : null;
      serviceCase.suspensions = [...serviceCase.suspensions.slice(0, -1), ...(closed ? [closed] : [])];
      const calendar = await loadWorkingDayCalendar(tx);
      const suspensions = closedSuspensions(serviceCase);
      serviceCase.dueOn = calendar.addWorkingDays(serviceCase.countsFrom, serviceCase.promisedLimitDays, { suspensions });
      serviceCase.legalDueOn = calendar.addWorkingDays(serviceCase.countsFrom, serviceCase.legalLimitDays, { suspensions });
      // Stryker disable next-line EqualityOperator: when both due dates are equal either one is the later
      const laterDueOn = serviceCase.legalDueOn > serviceCase.dueOn ? serviceCase.legalDueOn : serviceCase.dueOn;
      serviceCase.dueOnEstimated = calendar.isEstimated(serviceCase.acceptedOn, laterDueOn);
    }
    if (to === CaseStatus.COMPLETED || to === CaseStatus.REJECTED) {
      const calendar = await loadWorkingDayCalendar(tx);
      serviceCase.completedAt = at;
      serviceCase.completedOn = day;
      // Decided before the day the acceptance counts on (an evening acceptance decided at once): no working day taken.
      // Stryker disable next-line EqualityOperator: on the day the acceptance counts on, workingDaysBetween counts 0 as well
      const beforeTheClockStarts = day <= serviceCase.countsFrom;
      serviceCase.workingDaysTaken = beforeTheClockStarts
        ? 0
        : calendar.workingDaysBetween(serviceCase.countsFrom, day, { suspensions: closedSuspensions(serviceCase) });
    }
    tx.create(CaseStatusChange, { serviceCase, fromStatus: from, toStatus: to, reason, changedAt: at, changedBy: actorName(principal) });
    serviceCase.status = to;
    await tx.flush();
    return serviceCase;
  });
}

/** 容缺 materials handed in. */
export async function receiveMissingMaterials(em: EntityManager, principal: Principal, input: CaseStepInput): Promise<ServiceCase> {
  const caseNo = checkCaseNo(input.caseNo, 'input.caseNo');
  const at = checkInstant(input.at, 'input.at');
  return em.transactional(async (tx) => {
    const serviceCase = await lockCase(tx, principal, caseNo);
    if (serviceCase.missingMaterials.length === 0) throw conflict('input.caseNo', `case ${caseNo} was accepted with all its materials`);
    if (serviceCase.missingMaterialsReceivedOn) {
      throw conflict('input.caseNo', `the missing materials of case ${caseNo} were received on ${serviceCase.missingMaterialsReceivedOn}`);
    }
    if (at < serviceCase.acceptedAt) throw badUserInput('input.at', `${at.toISOString()} is before the case was accepted`);
    serviceCase.missingMaterialsReceivedOn = dateInChina(at);
    await tx.flush();
    return serviceCase;
  });
}

/** Locks the case (two clerks acting at once are serialised) and checks it is the principal's. */
async function lockCase(tx: EntityManager, principal: Principal, caseNo: string): Promise<ServiceCase> {
  const serviceCase = await tx.findOne(ServiceCase, { caseNo }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!serviceCase) throw notFound('input.caseNo', `no case ${caseNo}`);
  if (serviceCase.department.id !== principal.department.id) {
    throw forbidden(`input.caseNo: case ${caseNo} belongs to another department`, 'input.caseNo');
  }
  return serviceCase;
}

function closedSuspensions(serviceCase: ServiceCase): DateInterval[] {
  // Stryker disable next-line ConditionalExpression: a step from SUSPENDED closes the open suspension before this runs, and no other status has one
  return serviceCase.suspensions.filter((period): period is DateInterval => period.to !== null);
}
