/**
 * When to try a failed delivery again. Exponential backoff spreads a recovering department
 * system's load; the jitter keeps many deliveries that failed together from retrying together;
 * a peer's own `Retry-After` wins over our guess, within a ceiling so a bad header cannot park
 * an event for a week.
 */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1_000, maxMs: 10 * 60_000 };
const RETRY_AFTER_CEILING_MS = 60 * 60_000;

/** "Equal jitter": half the exponential step fixed, half random, so waits still grow. */
export function backoffMs(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const step = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null | undefined,
  settings: BackoffSettings,
  random?: () => number,
): number {
  if (retryAfterMs != null && retryAfterMs >= 0) return Math.min(retryAfterMs, RETRY_AFTER_CEILING_MS);
  return backoffMs(attempt, settings, random);
}

/** `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date = new Date()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** 4xx means the request itself is wrong and resending it cannot help, except timeouts (408), too early (425) and rate limits (429). */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

/** "3 h", "5 s": for error texts. */
export function span(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1_000).toFixed(1)} s`;
}

/**
 * After a transient failure: try again later (capped exponential backoff with jitter, or the
 * peer's Retry-After), or give up because the delivery has been failing for longer than the
 * retry horizon (or reached the optional attempt cap). Time decides, not a count: a department
 * down for a night of maintenance gets its events in the morning.
 */
export function afterTransientFailure(
  input: {
    attempt: number;
    /** The first failure of this run of failures. */
    failingSince: Date;
    finishedAt: Date;
    retryAfterMs?: number | null;
    error: string;
    settings: { retryHorizonMs: number; backoffBaseMs: number; backoffMaxMs: number; maxAttempts: number | null };
  },
  random?: () => number,
): { giveUp: true; error: string } | { giveUp: false; nextAttemptAt: Date } {
  const { attempt, settings } = input;
  const failingFor = input.finishedAt.getTime() - input.failingSince.getTime();
  if (settings.maxAttempts != null && attempt >= settings.maxAttempts)
    return { giveUp: true, error: `gave up after ${attempt} attempts: ${input.error}` };
  if (failingFor >= settings.retryHorizonMs) {
    return {
      giveUp: true,
      error: `gave up after failing for ${span(failingFor)} (retry horizon ${span(settings.retryHorizonMs)}, ${attempt} attempts): ${input.error}`,
    };
  }
  const delay = retryDelayMs(attempt, input.retryAfterMs, { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs }, random);
  return { giveUp: false, nextAttemptAt: new Date(input.finishedAt.getTime() + delay) };
}
