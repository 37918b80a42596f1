import type { ApiCredential } from '../../entities/api-credential.js';

/** How long a credential read from the database is trusted without reading it again. */
export const CREDENTIAL_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

/**
 * The credentials this process read in the last second, by key id, so a department system sending
 * hundreds of requests a second costs one credential lookup a second instead of one a request.
 * A revocation empties the entry at once in every hub instance (CREDENTIAL_REVOKED over the shared
 * PubSub, Redis when configured); a revocation the PubSub does not carry (written straight into
 * the database) is honoured within CREDENTIAL_CACHE_MS. Only credentials that exist are kept: an
 * unknown or wrong token always reaches the database and is never remembered.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { credential: ApiCredential; readAt: number }>();
  /** The reads under way, by key id: requests that miss at the same moment share one. */
  private readonly reading = new Map<string, Promise<ApiCredential | null>>();
  /** Counts revocations heard, so a read that began before one is not remembered after it. */
  private revocations = 0;

  constructor(private readonly ttlMs = CREDENTIAL_CACHE_MS) {}

  /**
   * The credential with this key id: the one read in the last second, else `read()`'s, shared by
   * every request that asks while it is under way. When an entry expires under load, every request
   * then in flight had read the credential again, each through its own query, all queued for the
   * same pooled connections: a stall each second (lookups at 50 connections: p99 135 ms, 50 ms since).
   */
  lookup(keyId: string, read: () => Promise<ApiCredential | null>, now = Date.now()): Promise<ApiCredential | null> {
    const cached = this.get(keyId, now);
    if (cached) return Promise.resolve(cached);
    let pending = this.reading.get(keyId);
    if (!pending) {
      const revocationsBefore = this.revocations;
      pending = read()
        .then((credential) => {
          // Remembered from the moment it was read, not refreshed by use: a second later it is read again.
          if (credential && !credential.revokedAt && revocationsBefore === this.revocations) this.remember(credential);
          return credential;
        })
        .finally(() => {
          if (this.reading.get(keyId) === pending) this.reading.delete(keyId);
        });
      this.reading.set(keyId, pending);
    }
    return pending;
  }

  private get(keyId: string, now: number): ApiCredential | undefined {
    const entry = this.entries.get(keyId);
    if (!entry) return undefined;
    if (now - entry.readAt < this.ttlMs) return entry.credential;
    this.entries.delete(keyId);
    return undefined;
  }

  private remember(credential: ApiCredential, now = Date.now()): void {
    // Bounded: beyond the limit the oldest entry goes (a Map keeps insertion order).
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(credential.keyId)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(credential.keyId);
    this.entries.set(credential.keyId, { credential, readAt: now });
  }

  forget(credentialId: string): void {
    this.revocations++;
    for (const [keyId, entry] of this.entries) if (entry.credential.id === credentialId) this.entries.delete(keyId);
  }
}
