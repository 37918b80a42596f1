import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import type { Licence } from '../../entities/licence.js';
import type { LicenceType } from '../../entities/licence-type.js';
import { recordOutboxEvents } from '../outbox/record-event.js';
import { effectiveStatus } from './effective-status.js';

export const LicenceEventType = {
  ISSUED: 'licence.issued',
  STATUS_CHANGED: 'licence.status-changed',
  RENEWED: 'licence.renewed',
} as const;

/** Queues the licence for every department that subscribes to its type (in the caller's transaction). */
export async function recordLicenceEvent(em: EntityManager, eventType: string, licence: Licence, type: LicenceType): Promise<void> {
  if (type.subscriberDepartmentCodes.length === 0) return;
  const departments = await em.find(Department, { code: { $in: type.subscriberDepartmentCodes } });
  recordOutboxEvents(
    em,
    {
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
    },
    departments,
  );
}
