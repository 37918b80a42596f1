import type { EntityManager } from '@mikro-orm/sql';
import { ApiCredential } from '../../entities/api-credential.js';
import { selectRows, tableOf } from '../sql-statements.js';

/** Revocation as open WebSockets ask for it (server/credential-sockets.ts): straight from the row, never a cached principal. */

/** Whether the credential is revoked; an unknown credential counts as revoked. */
export async function isCredentialRevoked(em: EntityManager, credentialId: string): Promise<boolean> {
  const [row] = await selectRows<{ revoked: boolean }>(
    em,
    `select revoked_at is not null as revoked from ${tableOf(em, ApiCredential)} where id = ?`,
    [credentialId],
  );
  return !row || row.revoked;
}

/** Those of the credentials that are revoked. */
export async function revokedCredentials(em: EntityManager, credentialIds: readonly string[]): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    em,
    `select id from ${tableOf(em, ApiCredential)} where revoked_at is not null and id in (${credentialIds.map(() => '?').join(', ')})`,
    credentialIds,
  );
  return rows.map((row) => row.id);
}
