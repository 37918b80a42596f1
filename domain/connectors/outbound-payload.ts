import type { Connector } from '../../entities/connector.js';
import type { OutboxEvent } from '../../entities/outbox-event.js';
import { filterPayloadForDepartment } from '../sharing/filter-payload.js';
import type { SharingPolicySnapshot } from '../sharing/sharing-policy-snapshot.js';

/** The GraphQL type whose sharing rules govern the record an event of each aggregate type carries. */
const RECORD_TYPES: Record<string, { typeName: string; field: string }> = {
  enterprise: { typeName: 'Enterprise', field: 'enterprise' },
};

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

/** Fills a subject or routing key template's `{department}` and `{type}` placeholders. */
export const topicFor = (template: string, message: OutboundMessage): string =>
  template.replaceAll('{department}', message.department).replaceAll('{type}', message.type);

/**
 * The one place an event is shaped for a connector. Every outbound kind goes through here, so the
 * sharing policy applies to connectors exactly as to queries: the record an event carries is cut
 * to the fields the receiving department may read. A delivery states no purpose, so conditional
 * fields are withheld (and nothing needs an access-log entry); fields not shared are left out.
 */
export function payloadFor(event: OutboxEvent, connector: Connector, policy: SharingPolicySnapshot | null = null): OutboundMessage {
  return {
    id: event.id,
    type: event.eventType,
    aggregateType: event.aggregateType,
    aggregateKey: event.aggregateKey,
    department: connector.department.code,
    payloadVersion: event.payloadVersion,
    sequence: String(event.sequence),
    occurredAt: event.createdAt.toISOString(),
    data: policy ? shareable(event, connector.department.code, policy) : event.payload,
  };
}

function shareable(event: OutboxEvent, departmentCode: string, policy: SharingPolicySnapshot): Record<string, unknown> {
  const recordType = RECORD_TYPES[event.aggregateType];
  const record = recordType ? event.payload[recordType.field] : undefined;
  if (!recordType || !record || typeof record !== 'object' || Array.isArray(record)) return event.payload;
  const { payload } = filterPayloadForDepartment(policy, { code: departmentCode }, recordType.typeName, record as Record<string, unknown>);
  return { ...event.payload, [recordType.field]: payload };
}
