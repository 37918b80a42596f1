import type { Principal } from '../auth/principal.js';
import { Role } from '../../entities/role.js';
import { forbidden } from '../errors.js';

/**
 * The department whose records trades are (一数一源): only the public-resource trading centre
 * runs tenders and auctions, so only its system and its clerks write them; every other
 * department reads.
 */
export const TRADING_CENTRE_CODE = 'GGZY';

export function assertTradingCentre(principal: Principal | null, action: string): Principal {
  if (!principal) throw forbidden(`${action}: only the public-resource trading centre (${TRADING_CENTRE_CODE}) may do this`);
  const actsForCentre = principal.department.code === TRADING_CENTRE_CODE;
  const writes = principal.roles.includes(Role.SYSTEM) || principal.roles.includes(Role.CLERK);
  if (!actsForCentre || !writes) {
    throw forbidden(
      `${action}: trades are written only by the public-resource trading centre (${TRADING_CENTRE_CODE}) system or its clerks; ` +
        `this credential acts for ${principal.department.code} as ${principal.roles.join(', ')}`,
    );
  }
  return principal;
}

/** How the status history names who acted. */
export function actorOf(principal: Principal): string {
  return principal.clerk
    ? `${principal.department.code} ${principal.clerk.name}`
    : `${principal.department.code} ${principal.credentialLabel}`;
}
