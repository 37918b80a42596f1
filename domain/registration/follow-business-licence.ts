import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseChange } from '../../entities/enterprise-change.js';
import { Licence } from '../../entities/licence.js';
import { Registration } from '../../entities/registration.js';
import { BUSINESS_LICENCE_TYPE_CODE } from '../licence/issue-business-licence.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { todayInShanghai } from '../working-days.js';
import { EnterpriseEventType } from './enterprise-event.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { planHandOver, recordHandOver } from './hand-over.js';
import { RegistrationKind } from '../../entities/registration-kind.js';

export interface StatusStep {
  reason: string;
  document: string | null;
  changedBy: string;
}

/**
 * 一照一码: the business licence is the entity's standing. Revoking it (吊销营业执照) makes the entity
 * REVOKED; cancelling it (注销) deregisters the entity, whose other live licences are then cancelled
 * too. Either is recorded as a registration act with its field history and handed to every
 * receiving department, in the licence change's transaction. The other licence types, and steps an
 * entity has already taken (a deregistration cancelling its own licences), change nothing here.
 * `cancelLive` cancels the holder's other licences; it is passed in to keep this module free of the
 * licence workflow that calls it.
 */
export async function followBusinessLicence(
  em: EntityManager,
  licence: Licence,
  to: LicenceStatus,
  step: StatusStep,
  cancelLive: (licences: Licence[], step: StatusStep) => Promise<void>,
): Promise<void> {
  if (licence.licenceTypeCode !== BUSINESS_LICENCE_TYPE_CODE || !licence.enterprise) return;
  if (to !== LicenceStatus.REVOKED && to !== LicenceStatus.CANCELLED) return;
  const enterprise = await em.findOneOrFail(Enterprise, { id: licence.enterprise.id }, { populate: ['registeringAuthority'] });
  if (enterprise.status === EnterpriseStatus.DEREGISTERED) return;
  const status = to === LicenceStatus.REVOKED ? EnterpriseStatus.REVOKED : EnterpriseStatus.DEREGISTERED;
  if (enterprise.status === status) return;

  const previous = enterprise.status;
  enterprise.status = status;
  if (status === EnterpriseStatus.DEREGISTERED) {
    enterprise.deregisteredAt = new Date();
    const live = await em.find(Licence, {
      enterprise,
      status: { $in: [LicenceStatus.VALID, LicenceStatus.SUSPENDED] },
      id: { $ne: licence.id },
    });
    await cancelLive(live, { ...step, reason: `holder ${enterprise.uscc} deregistered: ${step.reason}` });
  }
  const authority = enterprise.registeringAuthority;
  const plan = await planHandOver(em, enterprise.kind, todayInShanghai(), authority);
  const registration = em.create(Registration, {
    enterprise,
    kind: status === EnterpriseStatus.REVOKED ? RegistrationKind.REVOCATION : RegistrationKind.DEREGISTRATION,
    department: authority,
    certificates: plan.certificates,
    document: step.document,
  });
  const change = { field: 'status', oldValue: previous, newValue: status };
  em.create(EnterpriseChange, { enterprise, registration, ...change, changedBy: step.changedBy, document: step.document });
  // Flush first so the event carries the version the step produced.
  await em.flush();
  recordHandOver(
    em,
    registration,
    enterprise,
    plan,
    status === EnterpriseStatus.REVOKED ? EnterpriseEventType.REVOKED : EnterpriseEventType.DEREGISTERED,
    [change],
  );
}
