import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { uuidv7 } from '../../support/uuid-v7.js';

describe('uuidv7', () => {
  it('makes valid version 7 ids with the RFC 9562 variant', () => {
    for (let index = 0; index < 600; index++) {
      const id = uuidv7();
      expect(validate(id), id).toBe(true);
      expect(version(id)).toBe(7);
      expect('89ab').toContain(id[19]);
    }
  });

  it('keeps the order ids were made in, within a millisecond and across the draws of random bytes', () => {
    // More than one draw of random bytes (4 096 ids each), most of them within the same milliseconds.
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the time it was made in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const millis = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    // The counter may have borrowed a millisecond or two ahead when ids were made quickly before.
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after + 2);
  });
});
