import type { Principal } from '../auth/principal.js';
import { forbidden } from '../errors.js';
import { departmentScope as readerScope } from '../sharing/decide.js';
import { readerOf } from '../sharing/reader.js';

/**
 * Who sees which cases. The centre's administrators and its screens see every department; a
 * department's system and clerks see their own department's cases only, as a case carries the
 * applicant's identity and is the department's business.
 */
export function seesWholeCentre(principal: Principal): boolean {
  return readerScope(readerOf(principal)).kind === 'all';
}

/**
 * The department a read is limited to: the one asked for if the principal may see it, the
 * principal's own when it sees only its own and asked for none, null for the whole centre.
 */
export function departmentScope(principal: Principal, requested: string | null | undefined, field: string): string | null {
  if (seesWholeCentre(principal)) return requested ?? null;
  const own = principal.department.code;
  if (requested && requested !== own) {
    throw forbidden(`${field}: ${own} may see its own cases only, not those of ${requested}`, field);
  }
  return own;
}
