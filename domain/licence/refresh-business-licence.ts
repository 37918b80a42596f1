import type { EntityManager } from '@mikro-orm/sql';
import type { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatus } from './licence-status.js';
import { BUSINESS_LICENCE_TYPE, businessLicenceFields } from './issue-business-licence.js';

/** A change registration re-issues the business licence's facts (换照); its number, the USCC, stays. */
export async function refreshBusinessLicence(em: EntityManager, enterprise: Enterprise): Promise<void> {
  const licence = await em.findOne(Licence, { enterprise, licenceTypeCode: BUSINESS_LICENCE_TYPE.code, status: LicenceStatus.VALID });
  if (!licence) return;
  licence.holderName = enterprise.name;
  licence.fields = businessLicenceFields(enterprise);
}
