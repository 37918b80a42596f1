import type { Principal } from '../auth/principal.js';

/** How a registration act names who did it: the clerk at the window, or the department system. */
export function actorName(principal: Principal): string {
  return `${principal.department.code}/${principal.clerk?.name ?? principal.credentialLabel}`;
}
