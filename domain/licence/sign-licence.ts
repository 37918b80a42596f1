import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import type { Licence } from '../../entities/licence.js';
import type { LicenceType } from '../../entities/licence-type.js';
import { jwsSigningInput, licenceDocument } from './signed-document.js';
import { activeSigningKey, signWith } from './signing-keys.js';

/** Signs the licence's document with the active key and records which key signed it. */
export async function signLicence(em: EntityManager, licence: Licence, type: LicenceType, issuer: Department): Promise<void> {
  const key = await activeSigningKey(em);
  licence.signingKeyId = key.kid;
  licence.signature = signWith(key, jwsSigningInput(licenceDocument(licence, type, issuer), key.kid).input);
}
