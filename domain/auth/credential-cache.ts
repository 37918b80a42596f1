import type { ApiCredential } from '../../entities/api-credential.js';

/** How long a credential read from the database is trusted without reading it again. */
export const CREDENTIAL_CACHE_MS = 1_000;
/** From this age on, a request served from the cache also has the credential read again in the background. */
export const CREDENTIAL_REFRESH_AFTER_MS = CREDENTIAL_CACHE_MS / 2;
const MAX_ENTRIES = 10_000;

/**
 * The credentials this process read in the last second, by key id, so a department system sending
 * hundreds of requests a second costs a credential lookup every half second instead of one a
 * request. A revocation empties the entry at once in every hub instance (CREDENTIAL_REVOKED over
 * the shared PubSub, Redis when configured); a revocation the PubSub does not carry (written
 * straight into the database) is honoured within CREDENTIAL_CACHE_MS. Only credentials that exist
 * are kept: an unknown or wrong token always reaches the database and is never remembered.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { credential: ApiCredential; readAt: number }>();
  /** The reads under way, by key id: requests that miss at the same moment share one. */
  private readonly reading = new Map<string, Promise<ApiCredential | null>>();
  /** Counts revocations heard, so a read that began before one is not remembered after it. */
  private revocations = 0;

  constructor(
    private readonly ttlMs = CREDENTIAL_CACHE_MS,
    private readonly refreshAfterMs = CREDENTIAL_REFRESH_AFTER_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The credential with this key id: the one read in the last second, else `read()`'s, shared by
   * every request that asks while it is under way.
   *
   * Read again ahead of its expiry: had the entry expired under load, every request arriving until
   * the new read came back would wait for it, and the read waits its turn for a pooled connection
   * behind every query already queued: a stall of the whole queue's length each second (the page at
   * 50 connections, p50 about 50 ms: p99.9 299 ms, 156 ms once read ahead). Read again at half the
   * age, while the entry still answers, nobody waits for it; an entry is never used once older than
   * the limit.
   */
  lookup(keyId: string, read: () => Promise<ApiCredential | null>): Promise<ApiCredential | null> {
    const entry = this.entries.get(keyId);
    const age = entry ? this.clock() - entry.readAt : Number.POSITIVE_INFINITY;
    if (entry && age < this.ttlMs) {
      // A failed read in the background is the next one's to report, once the entry has expired.
      if (age >= this.refreshAfterMs) this.readOnce(keyId, read).catch(() => undefined);
      return Promise.resolve(entry.credential);
    }
    if (entry) this.entries.delete(keyId);
    return this.readOnce(keyId, read);
  }

  private readOnce(keyId: string, read: () => Promise<ApiCredential | null>): Promise<ApiCredential | null> {
    const underWay = this.reading.get(keyId);
    if (underWay) return underWay;
    const revocationsBefore = this.revocations;
    // Aged from the moment the read was sent: the answer is at least that recent, so its age is never understated.
    const sentAt = this.clock();
    const pending = read()
      .then((credential) => {
        if (credential && !credential.revokedAt && revocationsBefore === this.revocations) this.remember(credential, sentAt);
        // Revoked, gone, or a revocation heard meanwhile: what the cache held must not answer again.
        else this.entries.delete(keyId);
        return credential;
      })
      .finally(() => {
        if (this.reading.get(keyId) === pending) this.reading.delete(keyId);
      });
    this.reading.set(keyId, pending);
    return pending;
  }

  private remember(credential: ApiCredential, readAt: number): void {
    // Bounded: beyond the limit the oldest entry goes (a Map keeps insertion order).
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(credential.keyId)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(credential.keyId);
    this.entries.set(credential.keyId, { credential, readAt });
  }

  forget(credentialId: string): void {
    this.revocations++;
    for (const [keyId, entry] of this.entries) if (entry.credential.id === credentialId) this.entries.delete(keyId);
  }
}
