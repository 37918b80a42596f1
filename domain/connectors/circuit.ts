/**
 * A connector's circuit: after repeated transient failures the hub stops sending every event to
 * a department system it knows to be failing, and sends one probe per interval instead. A peer
 * that says when to come back (`Retry-After`) is believed for the whole connector at once, not
 * event by event. The first probe that gets through closes the circuit (see recordAttempt).
 *
 * Returns when the next probe may go if the circuit is (or now becomes) open, or null while it
 * stays closed.
 */
export function probeAfterFailure(input: {
  wasOpen: boolean;
  /** Transient failures in a row, this one included. */
  failuresInARow: number;
  threshold: number;
  probeMs: number;
  retryAfterMs?: number | null;
  finishedAt: Date;
  /** The failed delivery's own next attempt (already the Retry-After time when one was given). */
  nextAttemptAt: Date;
}): Date | null {
  const askedToWait = input.retryAfterMs != null;
  if (!input.wasOpen && input.failuresInARow < input.threshold && !askedToWait) return null;
  return askedToWait ? input.nextAttemptAt : new Date(input.finishedAt.getTime() + input.probeMs);
}
