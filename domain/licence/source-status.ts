import type { LicenceType } from '../../entities/licence-type.js';
import { badUserInput } from '../errors.js';
import { LicenceStatus } from './licence-status.js';

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
