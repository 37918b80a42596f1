import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../entities/case.js';
import { CaseStatusChange } from '../../entities/case-status-change.js';
import { actorName, type Principal } from '../auth/principal.js';
import { MatterStatus } from '../../entities/adjustment-type.js';
import { findMatterInForce, findMatterOn } from '../catalog/find-matters.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { acceptanceCountsOn } from '../calendar/acceptance-counting.js';
import { loadAcceptanceRule } from '../calendar/acceptance-rule.js';
import { reportEstimatedDueDate } from '../calendar/estimated-due-dates.js';
import { loadWorkingDayCalendar } from '../calendar/load-calendar.js';
import { findDivision } from '../divisions.js';
import { badUserInput, conflict, forbidden } from '../errors.js';
import { HolderCodeType } from '../../entities/holder-code-type.js';
import { checkHolderCode } from '../licence/licence-holder.js';
import { CaseChannel } from '../../entities/case-channel.js';
import { checkCaseNo, checkDate, checkInstant, checkText, dateInChina } from './case-input.js';
import { CaseStatus } from '../../entities/case-status.js';
import { writeTogether, newRows } from '../write-together-store.js';
import { recordStatementCounts } from '../live-counts/changes.js';
import { rememberWritten } from '../read-rows.js';
import { violatesUnique } from '../registration/unique-violation.js';

/** The unique index that keeps case numbers unique. */
const CASE_NO_INDEX = 'service_case_case_no_unique';

export interface AcceptCaseInput {
  caseNo: string;
  matterCode: string;
  applicantCode: string;
  applicantName: string;
  channel: CaseChannel;
  divisionCode?: string | null;
  acceptedAt?: Date | null;
  missingMaterials?: string[] | null;
  missingMaterialsDueOn?: string | null;
}

const f = (name: string) => `input.${name}`;

/**
 * 受理: the department implementing the matter records an application it accepted. The matter
 * must be in force on the day of acceptance; its limits are copied and the due dates fixed on the
 * working-day calendar in the same transaction, counted from the day the acceptance counts on
 * under the centre's rule. A due date through a year the calendar lacks is counted Monday–Friday
 * and flagged `dueOnEstimated`. Bad input writes nothing.
 */
export async function acceptCase(em: EntityManager, principal: Principal, input: AcceptCaseInput): Promise<ServiceCase> {
  const caseNo = checkCaseNo(input.caseNo, f('caseNo'));
  const matterCode = checkText(input.matterCode, f('matterCode'), 64);
  const applicant = checkHolderCode(input.applicantCode ?? '', [HolderCodeType.USCC, HolderCodeType.RESIDENT_ID], f('applicantCode'));
  const applicantName = checkText(input.applicantName, f('applicantName'), 200);
  const acceptedAt = checkInstant(input.acceptedAt, f('acceptedAt'));
  const acceptedOn = dateInChina(acceptedAt);
  const missing = checkMissingMaterials(input, acceptedOn);

  // No transaction: the case and its first history entry are one statement, which commits whole or
  // not at all, and the unique index on the case number refuses a number already recorded.
  const matter = await findMatterInForce(em, matterCode, acceptedOn);
  if (!matter) {
    const asItWas = await findMatterOn(em, matterCode, acceptedOn);
    if (asItWas?.status === MatterStatus.CANCELLED) {
      throw badUserInput(
        f('matterCode'),
        `matter ${matterCode} was cancelled (取消) by ${asItWas.documentNumber} from ${asItWas.validFrom}; no case can be accepted for it on ${acceptedOn}`,
      );
    }
    throw badUserInput(f('matterCode'), `no matter ${matterCode} is in the catalog on ${acceptedOn}`);
  }
  // The principal's department is loaded; the matter's is only a reference with its id.
  const department = principal.department;
  if (matter.department.id !== department.id) {
    throw forbidden(
      `${f('matterCode')}: matter ${matterCode} is implemented by another department; ${principal.department.code} reports its own matters' cases only`,
      f('matterCode'),
    );
  }
  if (input.channel === CaseChannel.ONLINE && !matter.onlineAvailable) {
    throw badUserInput(f('channel'), `matter ${matterCode} cannot be applied for online`);
  }
  const onBehalf = input.channel === CaseChannel.TOWNSHIP_CENTRE || input.channel === CaseChannel.VILLAGE_POINT;
  if (
    onBehalf &&
    !matter.lowerLevelsAcceptOnBehalf &&
    !matter.levels.includes(MatterLevel.TOWNSHIP) &&
    !matter.levels.includes(MatterLevel.VILLAGE)
  ) {
    throw badUserInput(f('channel'), `matter ${matterCode} is not accepted by township centres or village points (no 代办)`);
  }
  const divisionCode = input.divisionCode ?? department.divisionCode ?? null;
  if (!divisionCode || !findDivision(divisionCode)) {
    throw badUserInput(
      f('divisionCode'),
      divisionCode ? `${divisionCode} is not a GB/T 2260 division code` : 'the department has no division; name the division of acceptance',
    );
  }

  const calendar = await loadWorkingDayCalendar(em);
  const countsFrom = acceptanceCountsOn(acceptedAt, acceptedOn, await loadAcceptanceRule(em), calendar);
  const dueOn = calendar.addWorkingDays(countsFrom, matter.promisedTimeLimitDays);
  const legalDueOn = calendar.addWorkingDays(countsFrom, matter.legalTimeLimitDays);
  const missingYears = calendar.missingYears(acceptedOn, legalDueOn > dueOn ? legalDueOn : dueOn);
  const serviceCase = Object.assign(new ServiceCase(), {
    caseNo,
    matterCode: matter.code,
    matterVersion: matter,
    department,
    applicantCode: applicant.code,
    applicantCodeType: applicant.codeType,
    applicantName,
    channel: input.channel,
    divisionCode,
    acceptedAt,
    acceptedOn,
    countsFrom,
    legalLimitDays: matter.legalTimeLimitDays,
    promisedLimitDays: matter.promisedTimeLimitDays,
    dueOn,
    legalDueOn,
    dueOnEstimated: missingYears.length > 0,
    missingMaterials: missing.materials,
    missingMaterialsDueOn: missing.dueOn,
  });
  const acceptance = Object.assign(new CaseStatusChange(), {
    serviceCase,
    fromStatus: null,
    toStatus: CaseStatus.ACCEPTED,
    reason: missing.materials.length > 0 ? `容缺受理: ${missing.materials.join('、')}` : null,
    changedAt: acceptedAt,
    changedBy: actorName(principal),
  });
  try {
    await writeTogether(em, [newRows(ServiceCase, [serviceCase]), newRows(CaseStatusChange, [acceptance])]);
  } catch (error) {
    if (violatesUnique(error, CASE_NO_INDEX)) throw conflict(f('caseNo'), `case ${caseNo} is already recorded`);
    throw error;
  }
  recordStatementCounts(em, { kind: 'case', departmentCode: department.code, divisionCode });
  if (missingYears.length > 0) reportEstimatedDueDate({ caseNo, countsFrom, dueOn, legalDueOn, missingYears });
  // The answer reads the case's history, whose owner the policy takes from the case itself.
  rememberWritten(em, ServiceCase, [serviceCase]);
  return serviceCase;
}

/** 容缺受理: the materials still missing and the date promised for them, both or neither. */
function checkMissingMaterials(input: AcceptCaseInput, acceptedOn: string): { materials: string[]; dueOn: string | null } {
  const materials = (input.missingMaterials ?? []).map((name, i) => checkText(name, `${f('missingMaterials')}[${i}]`, 100));
  if (materials.length > 20) throw badUserInput(f('missingMaterials'), 'at most 20 materials may be missing');
  if (new Set(materials).size !== materials.length) throw badUserInput(f('missingMaterials'), 'a material is listed twice');
  if (materials.length === 0) {
    if (input.missingMaterialsDueOn) throw badUserInput(f('missingMaterialsDueOn'), 'a due date is given only with missing materials');
    return { materials, dueOn: null };
  }
  if (!input.missingMaterialsDueOn)
    throw badUserInput(f('missingMaterialsDueOn'), 'materials accepted as missing (容缺) need the date they are due');
  const dueOn = checkDate(input.missingMaterialsDueOn, f('missingMaterialsDueOn'));
  if (dueOn < acceptedOn) throw badUserInput(f('missingMaterialsDueOn'), `${dueOn} is before the acceptance on ${acceptedOn}`);
  return { materials, dueOn };
}
