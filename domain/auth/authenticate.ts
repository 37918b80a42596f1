import type { EntityManager } from '@mikro-orm/sql';
import { ApiCredential } from '../../entities/api-credential.js';
import { parseToken, secretMatches } from './api-token.js';
import type { CredentialCache } from './credential-cache.js';
import type { Principal } from './principal.js';

export type AuthenticationResult =
  { kind: 'anonymous' } | { kind: 'authenticated'; principal: Principal } | { kind: 'rejected'; reason: string };

/**
 * Resolves an `Authorization` value (`Bearer hub_…`) to a principal. Every failure gives the same
 * outward reason apart from the format, so a caller cannot probe which key ids exist. With a cache,
 * a credential read in the last second is not read again, and requests that miss together share
 * one read (domain/auth/credential-cache.ts); the secret is checked against it every time.
 */
export async function authenticate(
  /** Where a credential is read when the cache does not hold it; made only then. */
  em: () => EntityManager,
  authorization: string | undefined,
  cache?: CredentialCache,
): Promise<AuthenticationResult> {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { kind: 'rejected', reason: 'The Authorization header must be "Bearer <token>".' };
  const parsed = parseToken(match[1]);
  if (!parsed) return { kind: 'rejected', reason: 'The bearer token is malformed.' };
  const read = () => em().findOne(ApiCredential, { keyId: parsed.keyId }, { populate: ['department', 'clerk'] });
  const credential = cache ? await cache.lookup(parsed.keyId, read) : await read();
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
