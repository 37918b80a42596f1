import type { Principal } from '../auth/principal.js';
import { Role } from '../auth/role.js';

/** What kind of actor an access-log entry names: a credential's role, a connector, or nobody. */
export enum ActorKind {
  ADMIN = 'ADMIN',
  CLERK = 'CLERK',
  SYSTEM = 'SYSTEM',
  DASHBOARD = 'DASHBOARD',
  ENTERPRISE = 'ENTERPRISE',
  /** An outbound delivery: the receiving department's connector. */
  CONNECTOR = 'CONNECTOR',
  /** A request without a credential. */
  ANONYMOUS = 'ANONYMOUS',
}

// A credential holding several roles is logged as its most powerful one: an auditor reading the log
// must not see an administrator's read pass as a screen's.
const BY_POWER: ReadonlyArray<[Role, ActorKind]> = [
  [Role.ADMIN, ActorKind.ADMIN],
  [Role.CLERK, ActorKind.CLERK],
  [Role.SYSTEM, ActorKind.SYSTEM],
  [Role.ENTERPRISE, ActorKind.ENTERPRISE],
  [Role.DASHBOARD, ActorKind.DASHBOARD],
];

export function actorKindOf(principal: Principal | null): ActorKind {
  if (!principal) return ActorKind.ANONYMOUS;
  const roles: readonly string[] = principal.roles;
  return BY_POWER.find(([role]) => roles.includes(role))?.[1] ?? ActorKind.SYSTEM;
}
