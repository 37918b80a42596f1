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
 * the raw payload (`inboundRecords`) is a way around the policy. Fields of a record type the hub
 * does not know (a refused record) are withheld whole: nothing says what they hold.
 */
export function inboundFieldsView(
  policy: SharingPolicySnapshot,
  reader: Reader,
  recordType: string,
  fields: Record<string, unknown>,
  purpose: string | null,
): InboundFieldsView {
  const typeName = Object.hasOwn(inboundRecordTypes, recordType) ? inboundRecordTypes[recordType].policyType : null;
  if (typeName === null) return { typeName, fields: {}, conditionalFields: [], withheld: Object.keys(fields) };
  const filtered = filterRecord(policy, reader, typeName, fields, purpose);
  return { typeName, fields: filtered.payload, conditionalFields: filtered.conditionalFields, withheld: filtered.withheld };
}
