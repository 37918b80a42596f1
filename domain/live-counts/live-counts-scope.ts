import type { Principal } from '../auth/principal.js';
import { seesWholeCentre } from '../cases/case-scope.js';
import { findDivision } from '../divisions.js';
import { badUserInput, forbidden } from '../errors.js';
import { divisionPrefix } from '../trading/trade-stats.js';
import type { CountsChanged } from './counts-changed.js';

export interface LiveCountsScope {
  departmentCode?: string | null;
  divisionCode?: string | null;
}

export interface CheckedScope {
  departmentCode: string | null;
  divisionCode: string | null;
  /** LIKE prefix of the division and everything under it. */
  divisionPrefix: string | null;
}

/**
 * What a screen may watch. The centre's screens and administrators watch the whole centre, a
 * department or a division; a department's own systems and clerks watch their own department
 * only (a division within it included), as the other departments' figures are not theirs.
 */
export function checkLiveCountsScope(principal: Principal, scope: LiveCountsScope | null | undefined): CheckedScope {
  const departmentCode = scope?.departmentCode?.trim() || null;
  const divisionCode = scope?.divisionCode?.trim() || null;
  if (!seesWholeCentre(principal) && departmentCode !== principal.department.code) {
    throw forbidden(
      `scope.departmentCode: ${principal.department.code} may watch its own department only` +
        (departmentCode ? `, not ${departmentCode}` : '; name it in scope.departmentCode'),
      'scope.departmentCode',
    );
  }
  if (divisionCode && !findDivision(divisionCode))
    throw badUserInput('scope.divisionCode', `${divisionCode} is not a GB/T 2260 division code`);
  return { departmentCode, divisionCode, divisionPrefix: divisionCode ? divisionPrefix(divisionCode, 'scope.divisionCode') : null };
}

/** Whether a committed change may move the figures of a scope; a change that does not say where counts. */
export function changeConcerns(scope: CheckedScope, change: CountsChanged): boolean {
  if (scope.departmentCode && change.departmentCode && change.departmentCode !== scope.departmentCode) return false;
  if (scope.divisionPrefix && change.divisionCode && !change.divisionCode.startsWith(scope.divisionPrefix)) return false;
  return true;
}
