import type { Connector } from '../../entities/connector.js';
import type { OutboxEvent } from '../../entities/outbox-event.js';

/**
 * What a department system receives for one event, whatever the transport. `id` is the outbox
 * event's id: stable across retries and replays, so a receiver drops a duplicate by it.
 */
export interface OutboundMessage {
  id: string;
  type: string;
  aggregateType: string;
  aggregateKey: string;
  /** Code of the receiving department. */
  department: string;
  payloadVersion: number;
  sequence: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * The one place an event is shaped for a connector. Every outbound kind goes through here, so
 * the sharing policy's field filter (fields a department may not receive are removed) plugs in
 * at this function and nowhere else.
 */
export function payloadFor(event: OutboxEvent, connector: Connector): OutboundMessage {
  return {
    id: event.id,
    type: event.eventType,
    aggregateType: event.aggregateType,
    aggregateKey: event.aggregateKey,
    department: connector.department.code,
    payloadVersion: event.payloadVersion,
    sequence: String(event.sequence),
    occurredAt: event.createdAt.toISOString(),
    data: event.payload,
  };
}
