import type { Connector } from '../../entities/connector.js';
import type { OutboxEvent } from '../../entities/outbox-event.js';
import { decide } from '../sharing/decide.js';
import { filterRecord } from '../sharing/filter-payload.js';
import { departmentReader, type Reader } from '../sharing/reader.js';
import type { SharingPolicySnapshot } from '../sharing/sharing-policy-snapshot.js';

/**
 * How the payload of each aggregate's events is read by the sharing policy: the type whose rules
 * govern its top-level fields, and the fields that carry a nested record of another type.
 */
const PAYLOAD_SHAPES: Record<string, { typeName: string; records: Record<string, string> }> = {
  enterprise: { typeName: 'EnterpriseEvent', records: { enterprise: 'Enterprise' } },
  licence: { typeName: 'Licence', records: {} },
  trade: { typeName: 'Trade', records: {} },
  case: { typeName: 'Case', records: {} },
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
 * sharing policy applies to connectors exactly as to queries, to every field, top level included:
 * the receiving department gets what its system could query. A delivery states no purpose, so
 * conditional and personal data go only to their owner. As for queries, a field the policy does not
 * list is unconditional: tests/sharing/leak-matrix.test.ts requires every field of every real
 * payload to be listed. An aggregate type without a known shape sends no data at all.
 */
export function payloadFor(event: OutboxEvent, connector: Connector, policy: SharingPolicySnapshot): OutboundMessage {
  return {
    id: event.id,
    type: event.eventType,
    aggregateType: event.aggregateType,
    aggregateKey: event.aggregateKey,
    department: connector.department.code,
    payloadVersion: event.payloadVersion,
    sequence: String(event.sequence),
    occurredAt: event.createdAt.toISOString(),
    data: shareablePayload(
      policy,
      departmentReader(connector.department.code, connector.department.id),
      event.aggregateType,
      event.payload,
    ),
  };
}

/** An event's payload as `reader` may receive it. */
export function shareablePayload(
  policy: SharingPolicySnapshot,
  reader: Reader,
  aggregateType: string,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const shape = PAYLOAD_SHAPES[aggregateType];
  if (!shape) return {};
  const shared = filterRecord(policy, reader, shape.typeName, payload).payload;
  for (const [fieldName, typeName] of Object.entries(shape.records)) {
    const record = shared[fieldName];
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
      shared[fieldName] = filterRecord(policy, reader, typeName, record as Record<string, unknown>).payload;
    }
  }
  if (Array.isArray(shared.changedFields))
    shared.changedFields = shared.changedFields.filter((change) => changeIsShared(policy, reader, change));
  return shared;
}

/** A changed field travels with its old and new values only to a reader of that enterprise field. */
function changeIsShared(policy: SharingPolicySnapshot, reader: Reader, change: unknown): boolean {
  const field = typeof change === 'object' && change !== null ? (change as { field?: unknown }).field : undefined;
  if (typeof field !== 'string') return false;
  return decide(policy, reader, 'Enterprise', field, null).kind === 'allowed';
}
