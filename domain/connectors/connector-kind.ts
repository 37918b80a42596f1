/** How a connector reaches a department system. */
export enum ConnectorKind {
  /** Outbound: POST each event as signed JSON to the department's HTTP endpoint. */
  WEBHOOK = 'WEBHOOK',
  /** Outbound: upsert each event as a row of a table in the department's own database. */
  SQL_TABLE = 'SQL_TABLE',
  /** Outbound: publish each event to a NATS JetStream subject, with publisher acknowledgement. */
  NATS = 'NATS',
  /** Outbound: publish each event to a RabbitMQ topic exchange, counted delivered on the publisher confirm. */
  RABBITMQ = 'RABBITMQ',
  /** Inbound: the department system POSTs HMAC-signed records to the hub. */
  INBOUND_WEBHOOK = 'INBOUND_WEBHOOK',
  /** Inbound: the hub polls a department API with a cursor. */
  REST_PULL = 'REST_PULL',
  /** Inbound: the hub reads new and changed rows of a department table by a cursor column. */
  SQL_PULL = 'SQL_PULL',
  /** Inbound: an operator uploads a CSV or XLSX file of records. */
  FILE_IMPORT = 'FILE_IMPORT',
}

export enum ConnectorDirection {
  OUT = 'OUT',
  IN = 'IN',
}

const OUTBOUND_KINDS: ReadonlySet<ConnectorKind> = new Set([ConnectorKind.WEBHOOK, ConnectorKind.SQL_TABLE, ConnectorKind.NATS, ConnectorKind.RABBITMQ]);

export const directionOf = (kind: ConnectorKind): ConnectorDirection => (OUTBOUND_KINDS.has(kind) ? ConnectorDirection.OUT : ConnectorDirection.IN);

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

/** Whether a connector sends every due event (CLOSED) or only a probe now and then (OPEN). */
export enum CircuitState {
  CLOSED = 'CLOSED',
  /** Repeated failures or a Retry-After: one probe per interval until one succeeds. */
  OPEN = 'OPEN',
}

/** What became of a record a department sent in. */
export enum InboundStatus {
  APPLIED = 'APPLIED',
  /** Refused (validation, field ownership); kept with the reason, nothing written. */
  REJECTED = 'REJECTED',
}
