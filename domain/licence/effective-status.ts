import type { Licence } from '../../entities/licence.js';
import { todayInShanghai } from '../working-days.js';
import { LicenceStatus } from '../../entities/licence-status.js';

/**
 * The status at this instant: a valid licence whose last day has passed is EXPIRED now, not
 * when a job gets round to it. Days are Asia/Shanghai calendar days.
 */
export function effectiveStatus(licence: Pick<Licence, 'status' | 'validTo'>, today: string = todayInShanghai()): LicenceStatus {
  if (licence.status === LicenceStatus.VALID && licence.validTo && licence.validTo < today) return LicenceStatus.EXPIRED;
  return licence.status;
}
