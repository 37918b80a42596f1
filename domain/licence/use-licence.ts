import type { EntityManager } from '@mikro-orm/sql';
import { LicenceUse } from '../../entities/licence-use.js';
import { badUserInput, DomainError, ErrorCode } from '../errors.js';
import type { LicenceActor } from './licence-actor.js';
import { verifyLicence } from './verify-licence.js';

export interface UseLicenceInput {
  identifier: string;
  matterCode: string;
  caseNo: string;
  purpose: string;
}

/**
 * A department uses a licence for a case (用证) instead of asking for a paper copy. The use is
 * recorded whether or not the licence holds, so the holder sees every attempt; using one that is
 * not in force is then refused with FORBIDDEN, naming why and the recorded use.
 */
export async function useLicence(em: EntityManager, actor: LicenceActor, input: UseLicenceInput): Promise<LicenceUse> {
  const matterCode = required(input.matterCode, 'matterCode', 64);
  const caseNo = required(input.caseNo, 'caseNo', 64);
  const purpose = required(input.purpose, 'purpose', 200);
  const verification = await verifyLicence(em, input.identifier);
  if (!verification.record) throw badUserInput('identifier', `${verification.outcome}: ${verification.message}`);
  const use = em.create(LicenceUse, {
    licence: verification.record,
    department: actor.department,
    usedBy: actor.name,
    matterCode,
    caseNo,
    purpose,
    accepted: verification.valid,
    refusalReason: verification.valid ? null : `${verification.outcome}: ${verification.message}`,
  });
  await em.flush();
  if (!verification.valid) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `licence ${verification.identifier} cannot be used: ${verification.message} (use recorded as ${use.id})`,
      'identifier',
      {
        outcome: verification.outcome,
        useId: use.id,
      },
    );
  }
  return use;
}

function required(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (!text) throw badUserInput(field, 'is required: a use of a licence names its matter, case and reason');
  if ([...text].length > maxLength) throw badUserInput(field, `must be at most ${maxLength} characters`);
  return text;
}
