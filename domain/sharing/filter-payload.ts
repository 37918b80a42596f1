import { fieldAccess, type Reader } from './field-access.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

export interface FilteredPayload {
  /** The record with only the fields the department may receive. */
  payload: Record<string, unknown>;
  /** Conditional fields it did receive (under a grant for `purpose`): log them like a query's reads. */
  conditionalFields: string[];
  /** Fields left out: conditional without a grant covering `purpose`, or not shared with it. */
  withheld: string[];
}

/**
 * What an outbound connector may send a department about one record of `typeName`: the same
 * decision as a query ({@link fieldAccess}), field by field. A delivery states no request purpose;
 * pass the purpose the connector was configured with, or null to withhold every conditional field.
 */
export function filterPayloadForDepartment(
  policy: SharingPolicySnapshot,
  department: Reader['department'],
  typeName: string,
  record: Record<string, unknown>,
  purpose: string | null = null,
  now: Date = new Date(),
): FilteredPayload {
  const payload: Record<string, unknown> = {};
  const conditionalFields: string[] = [];
  const withheld: string[] = [];
  for (const [fieldName, value] of Object.entries(record)) {
    const access = fieldAccess(policy, { department }, typeName, fieldName, purpose, now);
    if (access.kind !== 'allowed') {
      withheld.push(fieldName);
      continue;
    }
    if (access.logged) conditionalFields.push(fieldName);
    payload[fieldName] = value;
  }
  return { payload, conditionalFields, withheld };
}
