import type { EntityManager } from '@mikro-orm/sql';
import { LicenceUse } from '../../entities/licence-use.js';
import { badUserInput } from '../errors.js';
import { findPage, type Page, type PageRequest } from '../pagination.js';

/**
 * Every use of a holder's licences, newest first: which department used which licence, for
 * which matter and case, and why — what the holder may ask the hub about its own data.
 */
export function usesOfHolderLicences(em: EntityManager, holderCode: string, page: PageRequest): Promise<Page<LicenceUse>> {
  const code = holderCode.trim().toUpperCase();
  if (!/^[0-9A-Z]{18}$/.test(code)) throw badUserInput('holderCode', 'must be an 18-character USCC or resident ID number');
  return findPage(em, LicenceUse, { licence: { holderCode: code } }, { usedAt: 'desc', id: 'desc' }, page);
}
