/** Where a receiving department stands with a registration. */
export enum ReceiptStatus {
  /** Queued in the outbox, not yet delivered. */
  PENDING = 'PENDING',
  /** The department's system failed to take it; the hub keeps trying (see nextAttemptAt) until its retry horizon. */
  RETRYING = 'RETRYING',
  /** Delivered to the department's system. */
  DELIVERED = 'DELIVERED',
  /** The department's system confirmed it has taken the registration in. */
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** Delivery gave up (a permanent refusal, or failing past the retry horizon); an operator must replay it. */
  FAILED = 'FAILED',
}
