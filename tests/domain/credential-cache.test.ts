import { describe, expect, it } from 'vitest';
import type { ApiCredential } from '../../entities/api-credential.js';
import { CredentialCache } from '../../domain/auth/credential-cache.js';

const credential = (revokedAt: Date | null = null) => ({ id: 'credential-1', keyId: 'key-1', revokedAt }) as unknown as ApiCredential;

/** A read the test finishes when it chooses, counting how often it was started. */
function controlledRead() {
  const started: Array<{ resolve: (value: ApiCredential | null) => void; reject: (error: Error) => void }> = [];
  const read = () =>
    new Promise<ApiCredential | null>((resolve, reject) => {
      started.push({ resolve, reject });
    });
  return { read, started };
}

describe('the credential cache', () => {
  it('reads a credential once for the requests that miss together, and not again within a second', async () => {
    const cache = new CredentialCache(1_000);
    const { read, started } = controlledRead();
    const asked = [cache.lookup('key-1', read, 0), cache.lookup('key-1', read, 0), cache.lookup('key-1', read, 10)];
    expect(started).toHaveLength(1);
    const found = credential();
    started[0]!.resolve(found);
    expect(await Promise.all(asked)).toEqual([found, found, found]);
    expect(await cache.lookup('key-1', read, 999)).toBe(found);
    expect(started).toHaveLength(1);
  });

  it('reads it again once the second has passed', async () => {
    const cache = new CredentialCache(1_000);
    const { read, started } = controlledRead();
    const first = cache.lookup('key-1', read, Date.now());
    started[0]!.resolve(credential());
    await first;
    const again = cache.lookup('key-1', read, Date.now() + 1_000);
    expect(started).toHaveLength(2);
    started[1]!.resolve(credential());
    await again;
  });

  it('does not remember a read that began before a revocation was heard', async () => {
    const cache = new CredentialCache(1_000);
    const { read, started } = controlledRead();
    const underWay = cache.lookup('key-1', read);
    cache.forget('credential-1');
    started[0]!.resolve(credential());
    await underWay;
    void cache.lookup('key-1', read);
    expect(started).toHaveLength(2);
  });

  it('shares, and never remembers, an unknown key, a revoked credential and a failed read', async () => {
    const cache = new CredentialCache(1_000);
    const { read, started } = controlledRead();

    const unknown = [cache.lookup('key-1', read), cache.lookup('key-1', read)];
    started[0]!.resolve(null);
    expect(await Promise.all(unknown)).toEqual([null, null]);

    const revoked = cache.lookup('key-1', read);
    expect(started).toHaveLength(2);
    started[1]!.resolve(credential(new Date()));
    expect((await revoked)?.revokedAt).toBeInstanceOf(Date);

    const failing = [cache.lookup('key-1', read), cache.lookup('key-1', read)];
    expect(started).toHaveLength(3);
    started[2]!.reject(new Error('database not answering'));
    await expect(Promise.all(failing)).rejects.toThrow('database not answering');

    void cache.lookup('key-1', read);
    expect(started).toHaveLength(4);
  });
});
