import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../entities/case.js';
import type { Principal } from '../auth/principal.js';
import { findPage, type Page, type PageRequest } from '../pagination.js';
import { divisionPrefix } from '../trading/trade-stats.js';
import type { CaseChannel } from '../../entities/case-channel.js';
import { checkCaseNo, checkDate } from './case-input.js';
import { departmentScope } from './case-scope.js';
import type { CaseStatus } from '../../entities/case-status.js';

export interface CasesFilter {
  departmentCode?: string | null;
  divisionCode?: string | null;
  matterCode?: string | null;
  channel?: CaseChannel | null;
  statuses?: CaseStatus[] | null;
  acceptedFrom?: string | null;
  acceptedTo?: string | null;
  /** Open cases whose due date is before this day (超期 as of that day). */
  dueBefore?: string | null;
}

/** A page of cases the principal may see, newest acceptance first. */
export function findCases(
  em: EntityManager,
  principal: Principal,
  filter: CasesFilter | null | undefined,
  page: PageRequest,
): Promise<Page<ServiceCase>> {
  const where: Record<string, unknown> = {};
  const departmentCode = departmentScope(principal, filter?.departmentCode, 'filter.departmentCode');
  if (departmentCode) where.department = { code: departmentCode };
  if (filter?.divisionCode) where.divisionCode = { $like: `${divisionPrefix(filter.divisionCode, 'filter.divisionCode')}%` };
  if (filter?.matterCode) where.matterCode = filter.matterCode;
  if (filter?.channel) where.channel = filter.channel;
  if (filter?.statuses?.length) where.status = { $in: filter.statuses };
  const accepted: Record<string, string> = {};
  if (filter?.acceptedFrom) accepted.$gte = checkDate(filter.acceptedFrom, 'filter.acceptedFrom');
  if (filter?.acceptedTo) accepted.$lte = checkDate(filter.acceptedTo, 'filter.acceptedTo');
  if (Object.keys(accepted).length > 0) where.acceptedOn = accepted;
  if (filter?.dueBefore) where.dueOn = { $lt: checkDate(filter.dueBefore, 'filter.dueBefore') };
  return findPage(em, ServiceCase, where as FilterQuery<ServiceCase>, { acceptedAt: 'desc', id: 'desc' }, page);
}

/** One case, if the principal may see it (another department's case reads as absent). */
export async function findCase(em: EntityManager, principal: Principal, caseNo: string): Promise<ServiceCase | null> {
  const serviceCase = await em.findOne(ServiceCase, { caseNo: checkCaseNo(caseNo, 'caseNo') }, { populate: ['department'] });
  if (!serviceCase) return null;
  const scope = departmentScope(principal, null, 'caseNo');
  return scope === null || serviceCase.department.code === scope ? serviceCase : null;
}
