import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { LicenceType } from '../../entities/licence-type.js';
import { badUserInput, forbidden, notFound } from '../errors.js';
import { effectiveStatus } from './effective-status.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceEventType, recordLicenceEvent } from './licence-events.js';
import { LicenceStatus } from './licence-status.js';

/** The acts an issuer takes on a licence, and the statuses each may start from. */
export const LicenceAction = {
  SUSPEND: { to: LicenceStatus.SUSPENDED, from: [LicenceStatus.VALID], verb: 'suspended' },
  REINSTATE: { to: LicenceStatus.VALID, from: [LicenceStatus.SUSPENDED], verb: 'reinstated' },
  REVOKE: { to: LicenceStatus.REVOKED, from: [LicenceStatus.VALID, LicenceStatus.SUSPENDED], verb: 'revoked' },
  CANCEL: { to: LicenceStatus.CANCELLED, from: [LicenceStatus.VALID, LicenceStatus.SUSPENDED, LicenceStatus.EXPIRED], verb: 'cancelled' },
  /** Only from a source system that reports expiry itself; the hub otherwise derives it from the dates. */
  EXPIRE: { to: LicenceStatus.EXPIRED, from: [LicenceStatus.VALID, LicenceStatus.SUSPENDED], verb: 'expired' },
} as const;
export type LicenceAction = (typeof LicenceAction)[keyof typeof LicenceAction];

/**
 * Suspends, reinstates, revokes or cancels a licence: only its issuer may, only from a status the
 * act applies to, always with a reason; the step is kept in the history and sent to subscribers.
 */
export async function changeLicenceStatus(
  em: EntityManager,
  actor: LicenceActor,
  input: { id: string; action: LicenceAction; reason: string; document?: string | null },
): Promise<Licence> {
  const reason = input.reason.trim();
  if (!reason) throw badUserInput('reason', 'must say why');
  if ([...reason].length > 500) throw badUserInput('reason', 'must be at most 500 characters');
  return em.transactional(async (tx) => {
    const licence = await lockLicence(tx, input.id);
    if (licence.issuer.id !== actor.department.id) {
      throw forbidden(`only the issuing department may change licence ${licence.identifier}`, 'id');
    }
    await applyStatus(tx, licence, input.action, { reason, document: input.document ?? null, changedBy: actor.name });
    return licence;
  });
}

/** Moves a locked licence to the act's status, or refuses naming where it stands. */
export async function applyStatus(
  em: EntityManager,
  licence: Licence,
  action: LicenceAction,
  record: { reason: string; document: string | null; changedBy: string },
): Promise<void> {
  const current = effectiveStatus(licence);
  if (current === action.to) throw badUserInput('id', `licence ${licence.identifier} is already ${action.verb}`);
  if (!(action.from as readonly LicenceStatus[]).includes(current)) {
    throw badUserInput('id', `licence ${licence.identifier} is ${current.toLowerCase()} and cannot be ${action.verb}`);
  }
  em.create(LicenceStatusChange, { licence, fromStatus: current, toStatus: action.to, ...record });
  licence.status = action.to;
  const type = await em.findOneOrFail(LicenceType, { code: licence.licenceTypeCode });
  await recordLicenceEvent(em, LicenceEventType.STATUS_CHANGED, licence, type);
}

export async function lockLicence(em: EntityManager, id: string): Promise<Licence> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw badUserInput('id', 'is not a licence id');
  const licence = await em.findOne(Licence, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!licence) throw notFound('id', `no licence has id ${id}`);
  return licence;
}
