import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { conflict, forbidden } from '../errors.js';
import { composeLicenceIdentifier } from '../licence-identifier.js';
import { todayInShanghai } from '../working-days.js';
import { effectiveStatus } from './effective-status.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceEventType, licenceEvent, licenceSubscribers } from './licence-events.js';
import { newOutboxEvents } from '../outbox/record-event.js';
import type { OutboxEvent } from '../../entities/outbox-event.js';
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

/** A renewal ready to be written: the new version, the old one as cancelled, their history entries and events. */
export interface PreparedRenewal {
  renewal: Licence;
  /** The old version with its new status and successor set (the object passed in). */
  renewed: Licence;
  history: LicenceStatusChange[];
  events: OutboxEvent[];
}

/**
 * Renews (换证) a licence as the next version of the same serial: a new identifier, newly signed;
 * the old version is cancelled and points to the new one, so it still verifies — as superseded.
 * Runs in the caller's transaction with the licence locked, through the unit of work (the
 * renewLicence mutation); a change registration writes the prepared renewal with its own rows.
 */
export async function renewLockedLicence(
  em: EntityManager,
  actor: LicenceActor,
  licence: Licence,
  input: RenewLicenceInput,
): Promise<Licence> {
  const prepared = await prepareRenewal(em, actor, licence, input);
  for (const row of [prepared.renewal, ...prepared.history, ...prepared.events]) em.persist(row);
  return prepared.renewal;
}

/**
 * What renewing `licence` writes, checked and signed, written by nobody yet. `licence` itself is
 * changed (cancelled, pointing to its successor); the caller writes that change.
 */
export async function prepareRenewal(
  em: EntityManager,
  actor: LicenceActor,
  licence: Licence,
  input: RenewLicenceInput,
): Promise<PreparedRenewal> {
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
  const renewal = Object.assign(new Licence(), {
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
  const history = [
    Object.assign(new LicenceStatusChange(), {
      licence: renewal,
      toStatus: LicenceStatus.VALID,
      reason: `renewed from ${licence.identifier}: ${input.reason}`,
      changedBy: actor.name,
    }),
    Object.assign(new LicenceStatusChange(), {
      licence,
      fromStatus: current,
      toStatus: LicenceStatus.CANCELLED,
      reason: `renewed as ${renewal.identifier}: ${input.reason}`,
      changedBy: actor.name,
    }),
  ];
  licence.status = LicenceStatus.CANCELLED;
  licence.supersededBy = renewal.identifier;
  const subscribers = await licenceSubscribers(em, type);
  const events = [
    ...newOutboxEvents(licenceEvent(LicenceEventType.RENEWED, licence), subscribers),
    ...newOutboxEvents(licenceEvent(LicenceEventType.ISSUED, renewal), subscribers),
  ];
  return { renewal, renewed: licence, history, events };
}
