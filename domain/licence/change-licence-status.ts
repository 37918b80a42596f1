import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { LicenceType } from '../../entities/licence-type.js';
import { badUserInput, conflict, forbidden, notFound } from '../errors.js';
import { followBusinessLicence } from '../registration/follow-business-licence.js';
import { effectiveStatus } from './effective-status.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceEventType, recordLicenceEvent } from './licence-events.js';
import { LicenceStatus } from '../../entities/licence-status.js';

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

/**
 * Moves a locked licence to the act's status, or refuses with a CONFLICT that says where the
 * licence stands (as a case's state errors do). A business licence takes its entity with it
 * (followBusinessLicence): revoked, the entity is REVOKED; cancelled, it is deregistered.
 */
export async function applyStatus(
  em: EntityManager,
  licence: Licence,
  action: LicenceAction,
  record: { reason: string; document: string | null; changedBy: string },
): Promise<void> {
  const current = effectiveStatus(licence);
  if (!(action.from as readonly LicenceStatus[]).includes(current)) throw statusConflict(licence, current, action);
  em.create(LicenceStatusChange, { licence, fromStatus: current, toStatus: action.to, ...record });
  licence.status = action.to;
  const type = await em.findOneOrFail(LicenceType, { code: licence.licenceTypeCode });
  await recordLicenceEvent(em, LicenceEventType.STATUS_CHANGED, licence, type);
  await followBusinessLicence(em, licence, action.to, record, async (others, step) => {
    for (const other of others) await applyStatus(em, other, LicenceAction.CANCEL, step);
  });
}

function statusConflict(licence: Licence, current: LicenceStatus, action: LicenceAction) {
  const from = action.from as readonly LicenceStatus[];
  const allowed =
    from.length === 1
      ? `only a ${from[0]!.toLowerCase()} licence can be ${action.verb}`
      : `only a licence that is ${from.map((status) => status.toLowerCase()).join(' or ')} can be ${action.verb}`;
  const stands =
    current === action.to
      ? `licence ${licence.identifier} is already ${current.toLowerCase()} (${current})`
      : `licence ${licence.identifier} is ${current.toLowerCase()} (${current}) and cannot be ${action.verb}`;
  // "reinstated" is not the opposite of every state: a valid licence was never suspended.
  // Stryker disable ConditionalExpression: every act but REINSTATE applies to a valid licence, so a refused VALID licence is always a reinstatement
  const reinstatingValid = action === LicenceAction.REINSTATE && current === LicenceStatus.VALID;
  const never = reinstatingValid ? `licence ${licence.identifier} is not suspended (it is valid)` : stands;
  // Stryker restore ConditionalExpression
  return conflict('id', `${never}; ${allowed}`, { status: current });
}

export async function lockLicence(em: EntityManager, id: string): Promise<Licence> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw badUserInput('id', 'is not a licence id');
  const licence = await em.findOne(Licence, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!licence) throw notFound('id', `no licence has id ${id}`);
  return licence;
}
