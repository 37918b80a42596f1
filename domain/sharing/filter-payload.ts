import { decide } from './decide.js';
import type { Reader } from './reader.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

export interface FilteredPayload {
  /** The record with only the fields the reader may receive. */
  payload: Record<string, unknown>;
  /** Conditional or personal fields it did receive (owner, or a grant for `purpose`): log them like a query's reads. */
  conditionalFields: string[];
  /** Fields left out: not for this reader, or not shared with it. */
  withheld: string[];
}

/**
 * One record of `typeName` cut to what `reader` may read, field by field, by the same decision as a
 * query ({@link decide}). Used for outbound connector payloads and for views of records as
 * department systems sent them in. Personal data that may not be read is left out whole, not
 * masked: a payload has no non-null fields to fill.
 */
export function filterRecord(
  policy: SharingPolicySnapshot,
  reader: Reader,
  typeName: string,
  record: Record<string, unknown>,
  purpose: string | null = null,
  now: Date = new Date(),
  /** What the decision may take as the record's facts; a record someone sent in is not trusted to say its own. */
  facts: unknown = record,
): FilteredPayload {
  const payload: Record<string, unknown> = {};
  const conditionalFields: string[] = [];
  const withheld: string[] = [];
  for (const [fieldName, value] of Object.entries(record)) {
    const access = decide(policy, reader, typeName, fieldName, purpose, { record: facts }, now);
    if (access.kind !== 'allowed') {
      withheld.push(fieldName);
      continue;
    }
    if (access.logged) conditionalFields.push(fieldName);
    payload[fieldName] = value;
  }
  return { payload, conditionalFields, withheld };
}
