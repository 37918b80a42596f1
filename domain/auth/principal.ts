import type { Clerk } from '../../entities/clerk.js';
import type { Department } from '../../entities/department.js';
import type { Role } from '../../entities/role.js';

/** Who a request acts as: always a department, and a named clerk when a person acts. */
export interface Principal {
  credentialId: string;
  credentialLabel: string;
  department: Department;
  clerk: Clerk | null;
  roles: Role[];
  /** For an ENTERPRISE credential: the USCC of the enterprise it acts for. */
  enterpriseUscc?: string | null;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.length === 0 || roles.some((role) => principal.roles.includes(role));
}

/** How records name who acted: the department code and the clerk, or the credential of the system; an enterprise by its USCC. */
export function actorName(principal: Principal): string {
  if (principal.enterpriseUscc) return `${principal.enterpriseUscc}/${principal.credentialLabel}`;
  return `${principal.department.code}/${principal.clerk?.name ?? principal.credentialLabel}`;
}
