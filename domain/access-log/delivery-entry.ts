import type { NewAccessLogEntry } from './access-log-entry-data.js';
import { ActorKind } from './actor-kind.js';
import { recordSubject } from './record-subject.js';

/**
 * The access-log entry of an outbound delivery that carried conditional fields (the
 * `conditionalFields` of filterPayloadForDepartment): a connector's push is a read by the receiving
 * department like a query, and is logged the same way. Append it with accessLogFor(em).writer.append.
 */
export function deliveryAccessEntry(input: {
  departmentCode: string;
  connector: string;
  eventType: string;
  eventId: string;
  typeName: string;
  record: Record<string, unknown>;
  conditionalFields: readonly string[];
  purpose: string | null;
}): NewAccessLogEntry {
  const { recordId, subjectUscc } = recordSubject(input.record);
  return {
    occurredAt: new Date(),
    action: 'READ',
    actorKind: ActorKind.CONNECTOR,
    departmentCode: input.departmentCode,
    actor: `${input.departmentCode}/connector ${input.connector}`.slice(0, 200),
    credentialId: null,
    credentialLabel: input.connector.slice(0, 200),
    operation: `delivery ${input.eventType}`.slice(0, 200),
    typeName: input.typeName,
    recordId,
    subjectUscc,
    fields: [...input.conditionalFields].sort(),
    purpose: input.purpose,
    requestId: input.eventId.slice(0, 64),
  };
}
