import type { EntityManager } from '@mikro-orm/sql';
import type { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import type { LicenceActor } from './licence-actor.js';
import { prepareLicence, type PreparedLicence } from './issue-licence.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { prepareRenewal, type PreparedRenewal } from './renew-licence.js';
import { readRows } from '../read-rows.js';

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

/**
 * A change registration re-issues the business licence (换照) as its next version, with the new
 * facts: the valid licence is read and locked, and its renewal prepared for the caller to write
 * with the change. None when the entity holds no valid business licence.
 */
export async function prepareBusinessLicenceRenewal(
  em: EntityManager,
  actor: LicenceActor,
  enterprise: Enterprise,
  reason: string,
): Promise<PreparedRenewal | null> {
  const [licence] = await readRows(
    em,
    Licence,
    { enterprise: enterprise.id, licenceTypeCode: BUSINESS_LICENCE_TYPE_CODE, status: LicenceStatus.VALID },
    undefined,
    undefined,
    { forUpdate: true },
  );
  if (!licence) return null;
  return prepareRenewal(em, actor, licence, {
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
