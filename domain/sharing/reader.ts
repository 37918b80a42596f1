import type { Principal } from '../auth/principal.js';
import { Role } from '../../entities/role.js';

/**
 * How the sharing policy sees whoever reads, decided from the whole principal, not its department
 * alone:
 * - DEPARTMENT: a department's business system or clerk. Reads its own department's fields as
 *   their owner, other departments' conditional and personal data under a grant for a purpose.
 * - ADMIN: administers the hub. Reads like a department that owns nothing: conditional and
 *   personal data only under a grant, like anyone else.
 * - DASHBOARD: a screen in the hall. Reads what is shared without condition; personal data masked,
 *   conditional data never (no grant applies to a screen).
 * - ENTERPRISE: one enterprise (its USCC), not a department. Reads its own records whole (except
 *   what a department keeps internal) and the public data around them; another enterprise's
 *   records not at all.
 * - ANONYMOUS: no credential; reaches only public verification.
 */
export type ReaderKind = 'DEPARTMENT' | 'ADMIN' | 'DASHBOARD' | 'ENTERPRISE' | 'ANONYMOUS';

export interface Reader {
  kind: ReaderKind;
  /** The department it reads for (grants are held by departments); null for ENTERPRISE and ANONYMOUS. */
  departmentCode: string | null;
  departmentId: string | null;
  /** For ENTERPRISE: the USCC it acts for. */
  enterpriseUscc: string | null;
}

export const ANONYMOUS_READER: Reader = { kind: 'ANONYMOUS', departmentCode: null, departmentId: null, enterpriseUscc: null };

export function readerOf(principal: Principal | null): Reader {
  if (!principal) return ANONYMOUS_READER;
  const department = { departmentCode: principal.department.code, departmentId: principal.department.id };
  if (principal.roles.includes(Role.ENTERPRISE)) {
    return { kind: 'ENTERPRISE', departmentCode: null, departmentId: null, enterpriseUscc: principal.enterpriseUscc ?? null };
  }
  if (principal.roles.includes(Role.SYSTEM) || principal.roles.includes(Role.CLERK))
    return { kind: 'DEPARTMENT', ...department, enterpriseUscc: null };
  if (principal.roles.includes(Role.ADMIN)) return { kind: 'ADMIN', ...department, enterpriseUscc: null };
  if (principal.roles.includes(Role.DASHBOARD)) return { kind: 'DASHBOARD', ...department, enterpriseUscc: null };
  return { kind: 'ANONYMOUS', departmentCode: null, departmentId: null, enterpriseUscc: null };
}

/** The department system an outbound connector delivers to: it receives what it could query. */
export function departmentReader(departmentCode: string, departmentId: string | null = null): Reader {
  return { kind: 'DEPARTMENT', departmentCode, departmentId, enterpriseUscc: null };
}
