import { inboundRecordTypes } from '../connectors/inbound-record-types.js';
import { filterRecord } from './filter-payload.js';
import type { Reader } from './reader.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

export interface InboundFieldsView {
  /** The policy type the fields belong to, e.g. Enterprise; null for a record type the hub does not know. */
  typeName: string | null;
  fields: Record<string, unknown>;
  /** Conditional or personal fields shown (owner, or a grant for the purpose): the reads to log. */
  conditionalFields: string[];
  withheld: string[];
}

/**
 * The fields of a record as a department system sent it in, as `reader` may see them: the same
 * decision as the record's own type over GraphQL, so neither the kept record (`sourcedRecord`) nor
 * the raw payload (`inboundRecords`) is a way around the policy. It fails closed: a field the
 * record type does not define, and every field of a type the hub does not know (a refused record),
 * is withheld, since nothing says what it holds; and what the sender claims about the record (a
 * holder's or applicant's code type) does not decide what is personal.
 */
export function inboundFieldsView(
  policy: SharingPolicySnapshot,
  reader: Reader,
  recordType: string,
  fields: Record<string, unknown>,
  purpose: string | null,
): InboundFieldsView {
  const type = Object.hasOwn(inboundRecordTypes, recordType) ? inboundRecordTypes[recordType] : null;
  if (type === null) return { typeName: null, fields: {}, conditionalFields: [], withheld: Object.keys(fields) };
  const defined = Object.fromEntries(Object.entries(fields).filter(([name]) => Object.hasOwn(type.fields, name)));
  const undefinedFields = Object.keys(fields).filter((name) => !Object.hasOwn(type.fields, name));
  const filtered = filterRecord(policy, reader, type.policyType, defined, purpose, new Date(), {});
  return {
    typeName: type.policyType,
    fields: filtered.payload,
    conditionalFields: filtered.conditionalFields,
    withheld: [...filtered.withheld, ...undefinedFields],
  };
}
