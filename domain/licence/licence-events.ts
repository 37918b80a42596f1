import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import type { Licence } from '../../entities/licence.js';
import type { LicenceType } from '../../entities/licence-type.js';
import { recordOutboxEvents, type NewOutboxEvent } from '../outbox/record-event.js';
import { departmentsWithCodes } from '../reference-data/reference-data.js';
import { effectiveStatus } from './effective-status.js';

export const LicenceEventType = {
  ISSUED: 'licence.issued',
  STATUS_CHANGED: 'licence.status-changed',
  RENEWED: 'licence.renewed',
} as const;

/** Queues the licence for every department that subscribes to its type (in the caller's transaction). */
export async function recordLicenceEvent(em: EntityManager, eventType: string, licence: Licence, type: LicenceType): Promise<void> {
  if (type.subscriberDepartmentCodes.length === 0) return;
  recordOutboxEvents(em, licenceEvent(eventType, licence), await licenceSubscribers(em, type));
}

/** The departments that subscribe to licences of `type`, from the process's reference data where the hub keeps it. */
export async function licenceSubscribers(em: EntityManager, type: LicenceType): Promise<Department[]> {
  return departmentsWithCodes(em, type.subscriberDepartmentCodes);
}

/** What a subscribing department's system gets about a licence. */
export function licenceEvent(eventType: string, licence: Licence): NewOutboxEvent {
  return {
    eventType,
    aggregateType: 'licence',
    aggregateKey: licence.identifier,
    payload: {
      identifier: licence.identifier,
      licenceTypeCode: licence.licenceTypeCode,
      number: licence.number,
      holderCode: licence.holderCode,
      holderCodeType: licence.holderCodeType,
      holderName: licence.holderName,
      status: effectiveStatus(licence),
      validFrom: licence.validFrom,
      validTo: licence.validTo ?? null,
      supersededBy: licence.supersededBy ?? null,
    },
  };
}
