import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { Registration } from '../../entities/registration.js';
import { actorName, type Principal } from '../auth/principal.js';
import { applyStatus, LicenceAction } from '../licence/change-licence-status.js';
import { badUserInput } from '../errors.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { todayInShanghai } from '../working-days.js';
import { EnterpriseEventType } from './enterprise-event.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { planHandOver, recordHandOver } from './hand-over.js';
import { checkDocument, checkVersion, lockForRegistration } from './lock-for-registration.js';
import type { RegistrationOutcome } from './register-enterprise.js';
import { RegistrationKind } from '../../entities/registration-kind.js';

/** Licence states that end when their holder ceases to exist. */
const LIVE_LICENCE_STATUSES = [LicenceStatus.VALID, LicenceStatus.SUSPENDED];

/**
 * Deregistration (注销): the entity ceases; its licences that are still valid or suspended are
 * cancelled (a licence cannot outlive its holder), its name becomes free again, and every
 * receiving department is told, in one transaction. A revoked (吊销) entity can still be
 * deregistered; a deregistered one cannot be deregistered again.
 */
export async function deregisterEnterprise(
  em: EntityManager,
  principal: Principal,
  input: { uscc: string; expectedVersion: number; document: string },
): Promise<RegistrationOutcome & { cancelledLicences: number }> {
  const document = checkDocument(input.document, 'document');
  return em.transactional(async (tx) => {
    const enterprise = await lockForRegistration(tx, principal, input.uscc, input.expectedVersion);
    if (enterprise.status === EnterpriseStatus.DEREGISTERED) {
      throw badUserInput('uscc', `${enterprise.uscc} was already deregistered at ${enterprise.deregisteredAt?.toISOString()}`);
    }
    checkVersion(enterprise, input.expectedVersion);
    enterprise.status = EnterpriseStatus.DEREGISTERED;
    enterprise.deregisteredAt = new Date();
    const liveLicences = await tx.find(Licence, { enterprise, status: { $in: LIVE_LICENCE_STATUSES } });
    for (const licence of liveLicences) {
      await applyStatus(tx, licence, LicenceAction.CANCEL, {
        reason: `holder ${enterprise.uscc} deregistered`,
        document,
        changedBy: actorName(principal),
      });
    }

    const plan = await planHandOver(tx, enterprise.kind, todayInShanghai(), principal.department);
    const registration = tx.create(Registration, {
      enterprise,
      kind: RegistrationKind.DEREGISTRATION,
      department: principal.department,
      clerk: principal.clerk,
      certificates: plan.certificates,
      document,
    });
    await tx.flush();
    recordHandOver(tx, registration, enterprise, plan, EnterpriseEventType.DEREGISTERED);
    return { enterprise, registration, replayed: false, cancelledLicences: liveLicences.length };
  });
}
