import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import type { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';

export const BUSINESS_LICENCE_TYPE = { code: 'BUSINESS_LICENCE', name: '营业执照' } as const;

/**
 * The business licence (营业执照) registration issues: its number is the USCC (一照一码), valid
 * from the establishment date with no end (长期). The e-licence module issues every other type.
 */
export function issueBusinessLicence(em: EntityManager, enterprise: Enterprise, issuer: Department): Licence {
  return em.create(Licence, {
    licenceTypeCode: BUSINESS_LICENCE_TYPE.code,
    name: BUSINESS_LICENCE_TYPE.name,
    number: enterprise.uscc,
    holderCode: enterprise.uscc,
    holderName: enterprise.name,
    enterprise,
    issuer,
    validFrom: enterprise.establishedOn,
    fields: businessLicenceFields(enterprise),
  });
}

/** The facts printed on a business licence, kept on the licence as issued. */
export function businessLicenceFields(enterprise: Enterprise): Record<string, unknown> {
  return {
    kind: enterprise.kind,
    legalRepresentative: enterprise.legalRepresentative,
    registeredCapitalWanYuan: enterprise.registeredCapitalWanYuan,
    address: enterprise.address,
    businessScope: enterprise.businessScope,
    establishedOn: enterprise.establishedOn,
  };
}
