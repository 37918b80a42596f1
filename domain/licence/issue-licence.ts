import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { referenceDataOf } from '../reference-data/reference-data.js';
import { LicenceType } from '../../entities/licence-type.js';
import { badUserInput, forbidden } from '../errors.js';
import { composeLicenceIdentifier } from '../licence-identifier.js';
import { todayInShanghai } from '../working-days.js';
import { HolderCodeType } from '../../entities/holder-code-type.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceEventType, licenceEvent, licenceSubscribers } from './licence-events.js';
import { newOutboxEvents } from '../outbox/record-event.js';
import { writeTogether, newRows } from '../write-together-store.js';
import { recordStatementCounts } from '../live-counts/changes.js';
import { readRows, rememberWritten } from '../read-rows.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { checkLicenceFields } from './licence-fields.js';
import { checkHolderCode } from './licence-holder.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { nextLicenceSerial } from './licence-serial.js';
import { signLicence } from './sign-licence.js';
import { checkValidity } from './licence-validity.js';

export interface IssueLicenceInput {
  licenceTypeCode: string;
  holderCode: string;
  holderName: string;
  /** The licence number; a new serial when omitted (a business licence passes its USCC). */
  number?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  matterCode?: string | null;
  fields: unknown;
  /** The holder, when the caller has it (registration has just created it); else looked up by a USCC holder code. */
  holder?: Enterprise;
}

/** A licence ready to be written, with the rows that go with it: its first history entry and its outbox events. */
export interface PreparedLicence {
  licence: Licence;
  issued: LicenceStatusChange;
  events: OutboxEvent[];
}

/**
 * Issues a licence of a type its department issues: checks the holder's code, the validity
 * period and the fields against the type's schema, gives it a GB/T 36904 identifier, signs it,
 * records the issue in its history and queues it for the departments that subscribe to the type,
 * all written in one statement (write-together-store.ts).
 */
export async function issueLicence(em: EntityManager, actor: LicenceActor, input: IssueLicenceInput): Promise<Licence> {
  const prepared = await prepareLicence(em, actor, input);
  await writeTogether(em, [
    newRows(Licence, [prepared.licence]),
    newRows(LicenceStatusChange, [prepared.issued]),
    newRows(OutboxEvent, prepared.events),
  ]);
  recordStatementCounts(em, { kind: 'licence', departmentCode: actor.department.code });
  rememberWritten(em, Licence, [prepared.licence]);
  return prepared.licence;
}

/**
 * The licence `issueLicence` would write, checked, numbered and signed, with its history entry and
 * events, written by nobody yet: registration writes them with its own rows in one statement.
 */
export async function prepareLicence(em: EntityManager, actor: LicenceActor, input: IssueLicenceInput): Promise<PreparedLicence> {
  const type = await licenceTypeOf(em, input.licenceTypeCode);
  if (!type) throw badUserInput('input.licenceTypeCode', `no licence type has code ${input.licenceTypeCode}`);
  if (type.issuer.id !== actor.department.id) {
    throw forbidden(`${type.name} is issued by ${type.issuer.name}, not by ${actor.department.name}`, 'input.licenceTypeCode');
  }
  if (!actor.department.uscc) {
    throw badUserInput(
      'input.licenceTypeCode',
      `${actor.department.name} has no USCC recorded, and a licence identifier needs the issuer's`,
    );
  }
  const holder = checkHolderCode(input.holderCode, type.holderCodeTypes, 'input.holderCode');
  const holderName = input.holderName.trim();
  if (!holderName || [...holderName].length > 100) throw badUserInput('input.holderName', 'must be 1–100 characters');
  const validity = checkValidity(input.validFrom ?? todayInShanghai(), input.validTo, type.defaultValidityMonths, 'input');
  const fields = checkLicenceFields(type, input.fields, 'input.fields');
  const number = input.number?.trim();
  if (number !== undefined && (number.length === 0 || number.length > 64)) throw badUserInput('input.number', 'must be 1–64 characters');

  const serial = await nextLicenceSerial(em);
  const licence = Object.assign(new Licence(), {
    identifier: composeLicenceIdentifier({ typeCode: type.typeCode, issuerUscc: actor.department.uscc, serial, version: '001' }),
    licenceTypeCode: type.code,
    name: type.name,
    number: number ?? serial,
    serial,
    holderCode: holder.code,
    holderCodeType: holder.codeType,
    holderName,
    enterprise:
      holder.codeType !== HolderCodeType.USCC ? null : (input.holder ?? (await readRows(em, Enterprise, { uscc: holder.code }))[0] ?? null),
    issuer: actor.department,
    validFrom: validity.validFrom,
    validTo: validity.validTo,
    matterCode: input.matterCode?.trim() || null,
    fields,
  });
  await signLicence(em, licence, type, actor.department);
  const issued = Object.assign(new LicenceStatusChange(), {
    licence,
    toStatus: LicenceStatus.VALID,
    reason: 'issued',
    changedBy: actor.name,
  });
  const events = newOutboxEvents(licenceEvent(LicenceEventType.ISSUED, licence), await licenceSubscribers(em, type));
  return { licence, issued, events };
}

/** A licence type with its issuer, from the process's reference data where the hub keeps it. */
export function licenceTypeOf(em: EntityManager, code: string): Promise<LicenceType | null> {
  return referenceDataOf(em)?.licenceType(code) ?? em.findOne(LicenceType, { code }, { populate: ['issuer'] });
}
