import type { EntityManager } from '@mikro-orm/sql';
import { ApiCredential } from '../../entities/api-credential.js';
import { parseToken, secretMatches } from './api-token.js';
import type { Principal } from './principal.js';

export type AuthenticationResult =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'rejected'; reason: string };

/**
 * Resolves an `Authorization` value (`Bearer hub_…`) to a principal. Every failure gives the same
 * outward reason apart from the format, so a caller cannot probe which key ids exist.
 */
export async function authenticate(em: EntityManager, authorization: string | undefined): Promise<AuthenticationResult> {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { kind: 'rejected', reason: 'The Authorization header must be "Bearer <token>".' };
  const parsed = parseToken(match[1]);
  if (!parsed) return { kind: 'rejected', reason: 'The bearer token is malformed.' };
  const credential = await em.findOne(
    ApiCredential,
    { keyId: parsed.keyId },
    { populate: ['department', 'clerk'] },
  );
  const invalid = { kind: 'rejected', reason: 'The bearer token is invalid or revoked.' } as const;
  if (!credential || !secretMatches(parsed.secret, credential.secretSha256) || credential.revokedAt) return invalid;
  return {
    kind: 'authenticated',
    principal: {
      credentialId: credential.id,
      credentialLabel: credential.label,
      department: credential.department,
      clerk: credential.clerk ?? null,
      roles: credential.roles,
      enterpriseUscc: credential.enterpriseUscc ?? null,
    },
  };
}
