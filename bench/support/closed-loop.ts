import { percentile } from './statistics.js';

export interface LoopResult {
  concurrency: number;
  durationS: number;
  completed: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  firstError?: string;
}

/**
 * `concurrency` workers, each sending its next request as soon as the previous one is answered,
 * for `durationS` seconds: throughput and latency of a closed system, as pgbench measures it.
 */
export async function closedLoop(
  concurrency: number,
  durationS: number,
  request: (sequence: number) => Promise<void>,
  /** Receives every answered request's latency (ms), to merge several loops' percentiles. */
  latencies: number[] = [],
): Promise<LoopResult> {
  const before = latencies.length;
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        await request(sequence++);
        latencies.push(performance.now() - begin);
      } catch (error) {
        errors++;
        firstError ??= String(error).slice(0, 300);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const own = latencies.slice(before);
  return {
    concurrency,
    durationS: Math.round(elapsed * 100) / 100,
    completed: own.length,
    errors,
    perSecond: own.length / elapsed,
    p50Ms: percentile(own, 50),
    p99Ms: percentile(own, 99),
    maxMs: Math.max(0, ...own),
    firstError,
  };
}
