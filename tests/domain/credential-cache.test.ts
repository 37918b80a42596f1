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

/** Lets every promise already resolved run its reactions. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A cache trusting an entry for 1 000 ms and reading it again from 500 ms on, on a clock the test sets. */
function cacheAt(start = 0) {
  const clock = { now: start };
  const cache = new CredentialCache(1_000, 500, () => clock.now);
  return { cache, clock };
}

/** A cache that read key-1's credential at time 0: the entry every test below ages. */
async function cacheHoldingKey() {
  const { cache, clock } = cacheAt();
  const { read, started } = controlledRead();
  const first = cache.lookup('key-1', read);
  started[0]!.resolve(credential());
  const cached = (await first)!;
  return { cache, clock, read, started, cached };
}

describe('the credential cache', () => {
  it('reads a credential once for the requests that miss together, and not again for half a second', async () => {
    const { cache, clock } = cacheAt();
    const { read, started } = controlledRead();
    const asked = [cache.lookup('key-1', read), cache.lookup('key-1', read)];
    clock.now = 10;
    asked.push(cache.lookup('key-1', read));
    expect(started).toHaveLength(1);
    const found = credential();
    started[0]!.resolve(found);
    expect(await Promise.all(asked)).toEqual([found, found, found]);
    clock.now = 499;
    expect(await cache.lookup('key-1', read)).toBe(found);
    expect(started).toHaveLength(1);
  });

  it('answers from the cache after half a second while one read in the background renews the entry', async () => {
    const { cache, clock, read, started, cached } = await cacheHoldingKey();
    clock.now = 500;
    // Neither waits for the read they started: both have the entry at once.
    expect(await cache.lookup('key-1', read)).toBe(cached);
    expect(await cache.lookup('key-1', read)).toBe(cached);
    expect(started).toHaveLength(2);
    const renewed = credential();
    clock.now = 700;
    started[1]!.resolve(renewed);
    await settled();
    // Aged from when the renewing read was sent (500), not from when it came back (700).
    clock.now = 999;
    expect(await cache.lookup('key-1', read)).toBe(renewed);
    expect(started).toHaveLength(2);
    clock.now = 1_000;
    expect(await cache.lookup('key-1', read)).toBe(renewed);
    expect(started).toHaveLength(3);
  });

  it('never answers from an entry a second old: the request waits for the read', async () => {
    const { cache, clock, read, started } = await cacheHoldingKey();
    clock.now = 1_000;
    let answered = false;
    const again = cache.lookup('key-1', read).then((found) => ((answered = true), found));
    await settled();
    expect(answered).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!.resolve(null);
    expect(await again).toBeNull();
  });

  it('drops the entry when the renewing read finds the credential revoked or gone', async () => {
    for (const found of [credential(new Date()), null]) {
      const { cache, clock, read, started } = await cacheHoldingKey();
      clock.now = 600;
      await cache.lookup('key-1', read);
      started[1]!.resolve(found);
      await settled();
      clock.now = 700;
      const next = cache.lookup('key-1', read);
      expect(started).toHaveLength(3);
      started[2]!.resolve(found);
      expect(await next).toBe(found);
    }
  });

  it('does not report a failed background read to the request that started it', async () => {
    const { cache, clock, read, started, cached } = await cacheHoldingKey();
    clock.now = 600;
    expect(await cache.lookup('key-1', read)).toBe(cached);
    started[1]!.reject(new Error('database not answering'));
    await settled();
    clock.now = 700;
    expect(await cache.lookup('key-1', read)).toBe(cached);
  });

  it('does not remember a read that began before a revocation was heard', async () => {
    const { cache } = cacheAt();
    const { read, started } = controlledRead();
    const underWay = cache.lookup('key-1', read);
    cache.forget('credential-1');
    started[0]!.resolve(credential());
    await underWay;
    void cache.lookup('key-1', read);
    expect(started).toHaveLength(2);
  });

  it('forgets a revoked credential at once, however fresh its entry', async () => {
    const { cache, read, started } = await cacheHoldingKey();
    cache.forget('credential-1');
    void cache.lookup('key-1', read);
    expect(started).toHaveLength(2);
  });

  it('shares, and never remembers, an unknown key, a revoked credential and a failed read', async () => {
    const { cache } = cacheAt();
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
