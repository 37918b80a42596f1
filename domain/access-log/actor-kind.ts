import type { Principal } from '../auth/principal.js';
import { Role } from '../../entities/role.js';
import { ActorKind } from '../../entities/actor-kind.js';

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
