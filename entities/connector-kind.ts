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

const OUTBOUND_KINDS: ReadonlySet<ConnectorKind> = new Set([
  ConnectorKind.WEBHOOK,
  ConnectorKind.SQL_TABLE,
  ConnectorKind.NATS,
  ConnectorKind.RABBITMQ,
]);

export const directionOf = (kind: ConnectorKind): ConnectorDirection =>
  OUTBOUND_KINDS.has(kind) ? ConnectorDirection.OUT : ConnectorDirection.IN;
