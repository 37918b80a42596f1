import { DomainError } from '../errors.js';
import { cleanValue, defangValue, isMultiLineField } from '../text/text-hygiene.js';
import { ACKNOWLEDGEMENT_TYPE, acknowledgementKey, inboundRecordTypes } from './inbound-record-types.js';

/** A record as a department system sends it, whatever the transport (webhook, pull, file). */
export interface InboundEnvelope {
  /** The source's own id of this record or change: resending it is a no-op. */
  id: string;
  type: string;
  key: string;
  fields: Record<string, unknown>;
}

export type CheckedRecord =
  | { ok: true; envelope: InboundEnvelope; fields: Record<string, unknown> }
  | { ok: false; reason: string; envelope: Partial<InboundEnvelope> };

const MAX_ID = 200;

/**
 * Checks a record against what its type allows and what the sending department owns. Every
 * problem is named; nothing is dropped quietly, because a field silently ignored is a field the
 * department believes the hub has.
 */
export function checkInboundRecord(
  raw: unknown,
  departmentCode: string,
  acceptedTypes: readonly string[],
  /** The owner the sharing policy names for a field of an API type, if it lists the field. */
  policyOwner: (typeName: string, fieldName: string) => string | undefined = () => undefined,
): CheckedRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: 'a record must be a JSON object', envelope: {} };
  // The hub's text rules first, for every part of the record (domain/text/text-hygiene.ts): a
  // refused record keeps a defanged copy of its envelope, so even its refusal can be stored.
  const record: Record<string, unknown> = {};
  for (const [part, value] of Object.entries(raw as Record<string, unknown>)) {
    try {
      record[part] = cleanValue(value, part, isMultiLineField, isMultiLineField(part));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const defanged = defangValue(raw) as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      return { ok: false, reason: error.message, envelope: { id: text(defanged.id), type: text(defanged.type), key: text(defanged.key) } };
    }
  }
  const envelope: Partial<InboundEnvelope> = {
    id: typeof record.id === 'string' ? record.id : undefined,
    type: typeof record.type === 'string' ? record.type : undefined,
    key: typeof record.key === 'string' ? record.key : undefined,
  };
  const reject = (reason: string): CheckedRecord => ({ ok: false, reason, envelope });
  if (!envelope.id || envelope.id.length > MAX_ID) return reject(`id: must be the source's record id, 1–${MAX_ID} characters`);
  if (!envelope.type) return reject('type: is required');
  if (!acceptedTypes.includes(envelope.type))
    return reject(`type: ${envelope.type} is not a record type this connector accepts (${acceptedTypes.join(', ')})`);
  const fieldsValue = record.fields ?? {};
  if (fieldsValue === null || typeof fieldsValue !== 'object' || Array.isArray(fieldsValue)) return reject('fields: must be a JSON object');
  const given = fieldsValue as Record<string, unknown>;

  if (envelope.type === ACKNOWLEDGEMENT_TYPE) {
    try {
      const key = acknowledgementKey.check(record.key) as string;
      return { ok: true, envelope: { id: envelope.id, type: envelope.type, key, fields: {} }, fields: {} };
    } catch (reason) {
      return reject(`key: ${String(reason)}`);
    }
  }
  const type = inboundRecordTypes[envelope.type];
  if (!type) return reject(`type: ${envelope.type} is not a record type the hub knows`);
  let key: string;
  try {
    key = type.key.check(record.key) as string;
  } catch (reason) {
    return reject(`key: the ${type.key.name} ${String(reason)}`);
  }
  const ownerOf = (field: string) => policyOwner(type.policyType, field) ?? type.fields[field]?.owner;
  // A field the policy gives another department is refused as theirs, whether or not connectors write it.
  const notOwned = Object.keys(given).filter((field) => {
    const owner = ownerOf(field);
    return owner !== undefined && owner !== departmentCode;
  });
  if (notOwned.length) {
    return reject(
      `fields: ${departmentCode} is not the source of ${notOwned.map((field) => `${field} (owned by ${ownerOf(field)})`).join(', ')}; one source per field (一数一源)`,
    );
  }
  const unknown = Object.keys(given).filter((field) => !(field in type.fields));
  if (unknown.length) {
    return reject(
      `fields: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${envelope.type} records (${Object.keys(type.fields).join(', ')})`,
    );
  }
  if (Object.keys(given).length === 0) return reject('fields: a record must carry at least one field');
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(given)) {
    try {
      fields[field] = value === null ? null : type.fields[field].check(value);
    } catch (reason) {
      return reject(`fields.${field}: ${String(reason)}`);
    }
  }
  return { ok: true, envelope: { id: envelope.id, type: envelope.type, key, fields: given }, fields };
}
