import type { EntityManager } from '@mikro-orm/sql';
import type { Licence } from '../../entities/licence.js';
import { LicenceType } from '../../entities/licence-type.js';
import { badUserInput, forbidden } from '../errors.js';
import { applyStatus, LicenceAction } from './change-licence-status.js';
import { effectiveStatus } from './effective-status.js';
import type { LicenceActor } from './licence-actor.js';
import { LicenceStatus } from '../../entities/licence-status.js';

/**
 * A source system's own status code (e.g. 01, 有效, ZK, 吊销) in the hub's one status model, by the
 * mapping its licence type carries. An unmapped code is refused, never guessed.
 */
export function mapSourceStatus(type: LicenceType, sourceCode: string, field: string): LicenceStatus {
  const status = type.sourceStatusCodes[sourceCode.trim()];
  if (!status || !Object.values(LicenceStatus).includes(status)) {
    const known = Object.keys(type.sourceStatusCodes);
    throw badUserInput(field, `${sourceCode} is not a status code of ${type.name}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  return status;
}

/**
 * Applies a status the issuer's own system reports in its own code to a locked licence. Only the
 * issuer reports; `unchanged` says what a report of the status the licence already has does:
 * refused for a person acting (they meant a change), accepted for a system syncing its state.
 */
export async function applySourceStatus(
  tx: EntityManager,
  actor: LicenceActor,
  licence: Licence,
  report: { sourceStatusCode: string; reason: string; unchanged: 'refuse' | 'accept' },
  fields: { id: string; sourceStatusCode: string },
): Promise<boolean> {
  if (licence.issuer.id !== actor.department.id)
    throw forbidden(`only the issuing department reports the status of ${licence.identifier}`, fields.id);
  const status = mapSourceStatus(
    await tx.findOneOrFail(LicenceType, { code: licence.licenceTypeCode }),
    report.sourceStatusCode,
    fields.sourceStatusCode,
  );
  if (report.unchanged === 'accept' && effectiveStatus(licence) === status) return false;
  const action = Object.values(LicenceAction).find((candidate) => candidate.to === status)!;
  await applyStatus(tx, licence, action, {
    reason: `${report.reason} (source status ${report.sourceStatusCode})`,
    document: null,
    changedBy: actor.name,
  });
  return true;
}
