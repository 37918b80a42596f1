import type { FilterQuery } from '@mikro-orm/core';
import type { Licence } from '../../entities/licence.js';
import { badUserInput } from '../errors.js';
import { addCalendarDays, todayInShanghai } from '../working-days.js';
import { LicenceStatus } from '../../entities/licence-status.js';

export interface LicenceFilterInput {
  holderCode?: string | null;
  licenceTypeCode?: string | null;
  issuerCode?: string | null;
  status?: LicenceStatus | null;
  expiringWithinDays?: number | null;
}

/**
 * Licences by holder, type, issuer and status as of today: VALID excludes those past their last
 * day and EXPIRED includes them, so the list agrees with verifyLicence at every instant.
 */
export function licenceWhere(filter: LicenceFilterInput | null | undefined, today: string = todayInShanghai()): FilterQuery<Licence> {
  const where: Record<string, unknown>[] = [];
  if (!filter) return {};
  if (filter.holderCode) where.push({ holderCode: filter.holderCode.trim().toUpperCase() });
  if (filter.licenceTypeCode) where.push({ licenceTypeCode: filter.licenceTypeCode });
  if (filter.issuerCode) where.push({ issuer: { code: filter.issuerCode } });
  if (filter.status === LicenceStatus.VALID)
    where.push({ status: LicenceStatus.VALID, $or: [{ validTo: null }, { validTo: { $gte: today } }] });
  else if (filter.status === LicenceStatus.EXPIRED)
    where.push({ $or: [{ status: LicenceStatus.EXPIRED }, { status: LicenceStatus.VALID, validTo: { $lt: today } }] });
  else if (filter.status) where.push({ status: filter.status });
  if (filter.expiringWithinDays !== undefined && filter.expiringWithinDays !== null) {
    const days = filter.expiringWithinDays;
    if (!Number.isInteger(days) || days < 0 || days > 3660)
      throw badUserInput('filter.expiringWithinDays', 'must be a whole number of days from 0 to 3660');
    where.push({ status: LicenceStatus.VALID, validTo: { $gte: today, $lte: addCalendarDays(today, days) } });
  }
  return where.length ? ({ $and: where } as FilterQuery<Licence>) : {};
}
