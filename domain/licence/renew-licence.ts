import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { conflict, forbidden } from '../errors.js';
import { composeLicenceIdentifier } from '../licence-identifier.js';
import { todayInShanghai } from '../working-days.js';
import { effectiveStatus } from './effective-status.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceEventType, recordLicenceEvent } from './licence-events.js';
import { checkLicenceFields } from './licence-fields.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { checkValidity } from './licence-validity.js';
import { signLicence } from './sign-licence.js';
import { licenceTypeOf } from './issue-licence.js';

export interface RenewLicenceInput {
  validFrom?: string | null;
  validTo?: string | null;
  fields?: unknown;
  holderName?: string | null;
  reason: string;
}

/**
 * Renews (换证) a licence as the next version of the same serial: a new identifier, newly signed;
 * the old version is cancelled and points to the new one, so it still verifies — as superseded.
 * Runs in the caller's transaction with the licence locked (a change registration re-issues the
 * business licence this way).
 */
export async function renewLockedLicence(
  em: EntityManager,
  actor: LicenceActor,
  licence: Licence,
  input: RenewLicenceInput,
): Promise<Licence> {
  if (licence.issuer.id !== actor.department.id)
    throw forbidden(`only the issuing department may renew licence ${licence.identifier}`, 'id');
  const current = effectiveStatus(licence);
  if (current !== LicenceStatus.VALID && current !== LicenceStatus.EXPIRED) {
    throw conflict(
      'id',
      `licence ${licence.identifier} is ${current.toLowerCase()} (${current}); only a valid or expired licence is renewed`,
      { status: current },
    );
  }
  const type = await licenceTypeOf(em, licence.licenceTypeCode);
  if (!type) throw new Error(`licence ${licence.identifier} has type ${licence.licenceTypeCode}, which no licence type has`);
  const validity = checkValidity(input.validFrom ?? todayInShanghai(), input.validTo, type.defaultValidityMonths, 'input');
  const fields =
    input.fields === undefined || input.fields === null ? licence.fields : checkLicenceFields(type, input.fields, 'input.fields');
  // The issuer is the acting department (checked above), whose record the principal carries.
  const issuer: Department = actor.department;
  const version = licence.licenceVersion + 1;
  const renewal = em.create(Licence, {
    identifier: composeLicenceIdentifier({
      typeCode: type.typeCode,
      issuerUscc: issuer.uscc!,
      serial: licence.serial,
      version: String(version).padStart(3, '0'),
    }),
    licenceTypeCode: licence.licenceTypeCode,
    name: licence.name,
    number: licence.number,
    serial: licence.serial,
    licenceVersion: version,
    holderCode: licence.holderCode,
    holderCodeType: licence.holderCodeType,
    holderName: input.holderName?.trim() || licence.holderName,
    enterprise: licence.enterprise ?? null,
    issuer,
    validFrom: validity.validFrom,
    validTo: validity.validTo,
    matterCode: licence.matterCode ?? null,
    fields,
    signature: '',
    signingKeyId: '',
  });
  await signLicence(em, renewal, type, issuer);
  em.create(LicenceStatusChange, {
    licence: renewal,
    toStatus: LicenceStatus.VALID,
    reason: `renewed from ${licence.identifier}: ${input.reason}`,
    changedBy: actor.name,
  });
  em.create(LicenceStatusChange, {
    licence,
    fromStatus: current,
    toStatus: LicenceStatus.CANCELLED,
    reason: `renewed as ${renewal.identifier}: ${input.reason}`,
    changedBy: actor.name,
  });
  licence.status = LicenceStatus.CANCELLED;
  licence.supersededBy = renewal.identifier;
  await recordLicenceEvent(em, LicenceEventType.RENEWED, licence, type);
  await recordLicenceEvent(em, LicenceEventType.ISSUED, renewal, type);
  return renewal;
}
