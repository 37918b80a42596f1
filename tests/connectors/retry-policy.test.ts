import { describe, expect, it } from 'vitest';
import { backoffMs, isPermanentHttpStatus, parseRetryAfter, retryDelayMs } from '../../domain/connectors/retry-policy.js';

describe('retry policy', () => {
  const settings = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the wait per attempt up to the ceiling, half of it jittered', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, settings, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, settings, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(30, settings, () => 1)).toBe(60_000);
    expect(backoffMs(30, settings, () => 0)).toBe(30_000);
  });

  it('waits as long as Retry-After says, in seconds or as an HTTP date, within an hour', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(retryDelayMs(1, 120_000, settings)).toBe(120_000);
    expect(retryDelayMs(1, 7 * 24 * 3_600_000, settings)).toBe(3_600_000);
    expect(retryDelayMs(2, null, settings, () => 0)).toBe(1_000);
  });

  it('treats 4xx as permanent except request timeout and rate limiting', () => {
    expect([400, 401, 403, 404, 409, 410, 422].every(isPermanentHttpStatus)).toBe(true);
    expect([408, 429, 500, 502, 503, 504].some(isPermanentHttpStatus)).toBe(false);
  });
});
