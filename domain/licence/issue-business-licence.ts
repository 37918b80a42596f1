import type { EntityManager } from '@mikro-orm/sql';
import type { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import type { LicenceActor } from './licence-actor.js';
import { prepareLicence, type PreparedLicence } from './issue-licence.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { renewLockedLicence } from './renew-licence.js';

export const BUSINESS_LICENCE_TYPE_CODE = 'BUSINESS_LICENCE';

/**
 * The business licence (营业执照) registration issues, through the same path as every licence:
 * its number is the USCC (一照一码), valid from the establishment date with no end (长期).
 */
export function prepareBusinessLicence(em: EntityManager, actor: LicenceActor, enterprise: Enterprise): Promise<PreparedLicence> {
  return prepareLicence(em, actor, {
    licenceTypeCode: BUSINESS_LICENCE_TYPE_CODE,
    holderCode: enterprise.uscc,
    holderName: enterprise.name,
    number: enterprise.uscc,
    validFrom: enterprise.establishedOn,
    validTo: null,
    fields: businessLicenceFields(enterprise),
    holder: enterprise,
  });
}

/** A change registration re-issues the business licence (换照) as its next version, with the new facts. */
export async function reissueBusinessLicence(
  em: EntityManager,
  actor: LicenceActor,
  enterprise: Enterprise,
  reason: string,
): Promise<void> {
  const licence = await em.findOne(Licence, { enterprise, licenceTypeCode: BUSINESS_LICENCE_TYPE_CODE, status: LicenceStatus.VALID });
  if (!licence) return;
  await renewLockedLicence(em, actor, licence, {
    validFrom: licence.validFrom,
    validTo: licence.validTo ?? null,
    holderName: enterprise.name,
    fields: businessLicenceFields(enterprise),
    reason,
  });
}

/** The facts printed on a business licence. */
export function businessLicenceFields(
  enterprise: Pick<Enterprise, 'kind' | 'legalRepresentative' | 'registeredCapitalWanYuan' | 'address' | 'businessScope' | 'establishedOn'>,
): Record<string, unknown> {
  return {
    kind: enterprise.kind,
    legalRepresentative: enterprise.legalRepresentative,
    registeredCapitalWanYuan: enterprise.registeredCapitalWanYuan,
    address: enterprise.address,
    businessScope: enterprise.businessScope,
    establishedOn: enterprise.establishedOn,
  };
}
