import { describe, expect, it } from 'vitest';
import { probeAfterFailure } from '../../domain/connectors/circuit.js';
import {
  afterTransientFailure,
  backoffMs,
  isPermanentHttpStatus,
  parseRetryAfter,
  retryDelayMs,
} from '../../domain/connectors/retry-policy.js';

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

describe('retry by time, not by count', () => {
  const settings = { retryHorizonMs: 72 * 3_600_000, backoffBaseMs: 1_000, backoffMaxMs: 10 * 60_000, maxAttempts: null };
  const failingSince = new Date('2026-12-05T00:00:00+08:00');
  const at = (hours: number) => new Date(failingSince.getTime() + hours * 3_600_000);

  it('keeps retrying a department down for a night (attempt 40, 10 h in), every 5 to 10 minutes', () => {
    const verdict = afterTransientFailure({ attempt: 40, failingSince, finishedAt: at(10), error: 'HTTP 503', settings }, () => 0);
    expect(verdict).toEqual({ giveUp: false, nextAttemptAt: new Date(at(10).getTime() + 5 * 60_000) });
  });

  it('gives up only once the delivery has been failing for longer than the horizon, saying so', () => {
    expect(afterTransientFailure({ attempt: 400, failingSince, finishedAt: at(71.9), error: 'HTTP 503', settings }).giveUp).toBe(false);
    expect(afterTransientFailure({ attempt: 401, failingSince, finishedAt: at(72), error: 'HTTP 503', settings })).toEqual({
      giveUp: true,
      error: 'gave up after failing for 72 h (retry horizon 72 h, 401 attempts): HTTP 503',
    });
  });

  it('honours an explicit attempt cap and a Retry-After', () => {
    expect(
      afterTransientFailure({
        attempt: 3,
        failingSince,
        finishedAt: at(0.01),
        error: 'HTTP 503',
        settings: { ...settings, maxAttempts: 3 },
      }),
    ).toEqual({
      giveUp: true,
      error: 'gave up after 3 attempts: HTTP 503',
    });
    expect(
      afterTransientFailure({ attempt: 1, failingSince, finishedAt: at(1), retryAfterMs: 120_000, error: 'HTTP 429', settings }),
    ).toEqual({
      giveUp: false,
      nextAttemptAt: new Date(at(1).getTime() + 120_000),
    });
  });

  it('treats 425 Too Early as passing', () => {
    expect(isPermanentHttpStatus(425)).toBe(false);
    expect(isPermanentHttpStatus(413)).toBe(true);
  });
});

describe('the circuit', () => {
  const finishedAt = new Date('2026-12-05T10:00:00Z');
  const base = { wasOpen: false, threshold: 5, probeMs: 30_000, finishedAt, nextAttemptAt: new Date(finishedAt.getTime() + 2_000) };

  it('stays closed below the threshold and opens at it, probing one interval later', () => {
    expect(probeAfterFailure({ ...base, failuresInARow: 4 })).toBeNull();
    expect(probeAfterFailure({ ...base, failuresInARow: 5 })).toEqual(new Date(finishedAt.getTime() + 30_000));
  });

  it('moves the probe one interval on when a probe fails', () => {
    expect(probeAfterFailure({ ...base, wasOpen: true, failuresInARow: 1 })).toEqual(new Date(finishedAt.getTime() + 30_000));
  });

  it('opens at once, until the Retry-After time, when the department asks for a pause', () => {
    const until = new Date(finishedAt.getTime() + 120_000);
    expect(probeAfterFailure({ ...base, failuresInARow: 1, retryAfterMs: 120_000, nextAttemptAt: until })).toEqual(until);
  });
});
