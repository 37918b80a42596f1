import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../../entities/case.js';
import type { Principal } from '../../auth/principal.js';
import { acceptCase } from '../../cases/accept-case.js';
import type { CaseChannel } from '../../../entities/case-channel.js';
import { CaseStatus } from '../../../entities/case-status.js';
import {
  completeCase,
  rejectCase,
  resumeCase,
  startCase,
  suspendCase,
  withdrawCase,
  type CaseStepInput,
} from '../../cases/case-transitions.js';
import { CreatedConcurrently, type InboundApplier } from './inbound-application.js';
import { InboundRefusal, isConflictOn } from './inbound-refusal.js';

const ACCEPTANCE = ['matterCode', 'applicantCode', 'applicantName', 'channel', 'divisionCode', 'acceptedAt'] as const;
const REQUIRED_TO_ACCEPT = ['matterCode', 'applicantCode', 'applicantName', 'channel', 'acceptedAt'] as const;

type Step = (em: EntityManager, principal: Principal, input: CaseStepInput) => Promise<ServiceCase>;

/** The case mutations' steps that take a case from where it is to `to` (the domain refuses an illegal one). */
function stepsTo(from: CaseStatus, to: CaseStatus): Step[] {
  const takeInHand = from === CaseStatus.SUSPENDED ? resumeCase : startCase;
  switch (to) {
    case CaseStatus.ACCEPTED:
      return [];
    case CaseStatus.IN_PROGRESS:
      return [takeInHand];
    case CaseStatus.COMPLETED:
      return from === CaseStatus.IN_PROGRESS ? [completeCase] : [takeInHand, completeCase];
    case CaseStatus.SUSPENDED:
      return [suspendCase];
    case CaseStatus.REJECTED:
      return [rejectCase];
    case CaseStatus.WITHDRAWN:
      return [withdrawCase];
  }
}

/**
 * A case from the deciding department's own system, as it stands now. A case the hub has not seen
 * is accepted (the matter must be the department's and in force that day, as for `acceptCase`);
 * then it is moved to the status sent, through the steps the case mutations take. A department
 * system reports only where a case is, so a completed case that was never started here is
 * started at the same instant first. Changed acceptance facts are refused: they fixed the due dates.
 */
export const applyCaseRecord: InboundApplier = async ({ tx, principal, key, fields }) => {
  let serviceCase = await tx.findOne(ServiceCase, { caseNo: key });
  if (!serviceCase) {
    const missing = REQUIRED_TO_ACCEPT.filter((field) => fields[field] == null);
    if (missing.length) throw new InboundRefusal(`fields: case ${key} is not recorded yet, so the record needs ${missing.join(', ')}`);
    serviceCase = await acceptCase(tx, principal, {
      caseNo: key,
      matterCode: fields.matterCode as string,
      applicantCode: fields.applicantCode as string,
      applicantName: fields.applicantName as string,
      channel: fields.channel as CaseChannel,
      divisionCode: (fields.divisionCode as string | undefined) ?? null,
      acceptedAt: fields.acceptedAt as Date,
    }).catch((error: unknown) => {
      throw isConflictOn(error, 'input.caseNo') ? new CreatedConcurrently(`case ${key}`) : error;
    });
  } else {
    if (serviceCase.department.id !== principal.department.id) throw new InboundRefusal(`key: case ${key} belongs to another department`);
    const differing = ACCEPTANCE.filter((field) => fields[field] != null && !same(fields[field], serviceCase![field]));
    if (differing.length)
      throw new InboundRefusal(`fields: case ${key} was accepted with other ${differing.join(', ')}; acceptance facts do not change`);
  }
  const target = (fields.status as CaseStatus | undefined) ?? serviceCase.status;
  if (target === serviceCase.status) return;
  if (target === CaseStatus.ACCEPTED)
    throw new InboundRefusal(`fields.status: case ${key} is ${serviceCase.status} and cannot become ACCEPTED again`);
  const input: CaseStepInput = {
    caseNo: key,
    at: (fields.statusAt as Date | undefined) ?? null,
    reason: (fields.reason as string | undefined) ?? null,
  };
  for (const step of stepsTo(serviceCase.status, target)) await step(tx, principal, input);
};

function same(sent: unknown, recorded: unknown): boolean {
  if (sent instanceof Date && recorded instanceof Date) return sent.getTime() === recorded.getTime();
  return sent === recorded;
}
