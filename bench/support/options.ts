/** BENCH_QUICK=1: a short smoke run of every scenario (minutes, not authoritative figures). */
export const QUICK = ['1', 'true', 'yes'].includes(process.env.BENCH_QUICK ?? '');

/** Picks the quick or the full value of a setting. */
export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
