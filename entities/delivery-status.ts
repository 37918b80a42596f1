/** Where one event stands with one connector. */
export enum DeliveryStatus {
  /** Waiting for its next attempt (or for an earlier event of the same record). */
  PENDING = 'PENDING',
  /** Claimed by a worker under a lease; a lease that runs out makes it claimable again. */
  IN_FLIGHT = 'IN_FLIGHT',
  DELIVERED = 'DELIVERED',
  /** Dead letter: a permanent refusal or failing past the retry horizon; only a replay sends it again. */
  DEAD = 'DEAD',
}

export enum AttemptOutcome {
  DELIVERED = 'DELIVERED',
  /** Failed in a way that may pass (timeout, 5xx, 408, 429, connection refused): retried later. */
  RETRY = 'RETRY',
  /** Failed in a way that will not pass by retrying (4xx, bad mapping): dead letter at once. */
  PERMANENT = 'PERMANENT',
  /**
   * Never recorded: the hub stopped (SIGKILL, SIGTERM with the department still answering) or
   * lost its database before it learnt the answer. The department may have the event; it is
   * sent again, marked possibly delivered, with the same event id.
   */
  UNKNOWN = 'UNKNOWN',
}
