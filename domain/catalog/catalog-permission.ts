import { Role } from '../../entities/role.js';
import type { Principal } from '../auth/principal.js';
import { forbidden } from '../errors.js';

/**
 * Who may change a department's part of the catalog: the hub administrator, or that
 * department's own business system. Another department's system may read it, never write it.
 */
export function assertMayChangeCatalog(principal: Principal, departmentCode: string, field: string): void {
  if (principal.roles.includes(Role.ADMIN)) return;
  if (principal.roles.includes(Role.SYSTEM) && principal.department.code === departmentCode) return;
  throw forbidden(
    `${field}: only the administrator or the ${departmentCode} business system may change ${departmentCode}'s matters (you act for ${principal.department.code})`,
    field,
  );
}

/** How the history names who recorded an adjustment. */
export function recorderLabel(principal: Principal): string {
  return `${principal.department.code} ${principal.clerk?.name ?? principal.credentialLabel}`.slice(0, 100);
}
