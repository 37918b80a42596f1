import { fieldStandsFor, holdsPersonalValue, isOwnRecord, ownsRecord, OWNED_PER_RECORD, PUBLIC_TYPES } from './record-facts.js';
import type { Reader, ReaderKind } from './reader.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import type { FieldRule, SharingPolicySnapshot } from './sharing-policy-snapshot.js';

export interface MissingGrant {
  department: string;
  typeName: string;
  fieldName: string;
  purpose: string | null;
}

export type Decision =
  /** Resolve the field; `logged` when the read is of conditional or personal data and goes to the access log. */
  | { kind: 'allowed'; logged: boolean }
  /**
   * Not for this reader: null with a FORBIDDEN error naming the reason (and the grant that would
   * allow it). `personal`: a natural person's data, which a field that cannot be null shows masked
   * (domain/sharing/mask.ts) instead, as public views do; never whole.
   */
  | { kind: 'forbidden'; reason: string; missingGrant: MissingGrant | null; personal: boolean }
  /** Not shared with this reader: the field behaves as if it did not exist (null, no error, no hint). */
  | { kind: 'invisible' };

/** The facts of the one record a field is read from; omitted when nothing depends on the row. */
export interface RecordFacts {
  record: unknown;
  /** For ENTERPRISE readers: the record was reached through one of the reader's own records. */
  reachedFromOwn?: boolean;
}

const ALLOWED: Decision = { kind: 'allowed', logged: false };
const ALLOWED_LOGGED: Decision = { kind: 'allowed', logged: true };
const INVISIBLE: Decision = { kind: 'invisible' };

/**
 * THE sharing decision: whether `reader` may read `typeName.fieldName` of one record, for `purpose`.
 * Every path asks it — GraphQL fields at any depth over HTTP and WebSocket, subscription events,
 * outbound payloads (every field, top level included), inbound record views — and nothing else
 * says yes or no to a read. A field the policy does not list is unconditional; tests require every
 * field of a shared type to be listed, so this default covers only the plumbing of lists.
 */
export function decide(
  policy: SharingPolicySnapshot,
  reader: Reader,
  typeName: string,
  fieldName: string,
  purpose: string | null,
  facts?: RecordFacts,
  now: Date = new Date(),
): Decision {
  const alias = facts ? fieldStandsFor(typeName, fieldName, facts.record) : undefined;
  if (alias) {
    const reachedFromOwn = (isOwnRecord(typeName, facts!.record, reader) ?? facts!.reachedFromOwn) === true;
    return decide(policy, reader, alias.typeName, alias.fieldName, purpose, { record: undefined, reachedFromOwn }, now);
  }
  const field = `${typeName}.${fieldName}`;
  const rule = policy.ruleFor(typeName, fieldName);
  let level = rule?.level ?? SharingLevel.UNCONDITIONAL;
  if (level === SharingLevel.PERSONAL && facts && !holdsPersonalValue(typeName, fieldName, facts.record))
    level = SharingLevel.UNCONDITIONAL;

  if (reader.kind === 'ENTERPRISE') {
    const own = (facts && isOwnRecord(typeName, facts.record, reader)) ?? facts?.reachedFromOwn ?? false;
    if (own) return level === SharingLevel.NOT_SHARED ? INVISIBLE : level === SharingLevel.UNCONDITIONAL ? ALLOWED : ALLOWED_LOGGED;
    if (!PUBLIC_TYPES.has(typeName))
      return forbidden(`An ENTERPRISE credential reads its own records only; this ${typeName} is not ${reader.enterpriseUscc}'s.`);
    return publicReading(level, field);
  }
  if (level === SharingLevel.UNCONDITIONAL) return ALLOWED;
  if (reader.kind === 'DASHBOARD' || reader.kind === 'ANONYMOUS') return publicReading(level, field, reader.kind);

  // DEPARTMENT and ADMIN: the owner department reads its own data; everyone else needs a grant.
  const owner = reader.kind === 'DEPARTMENT' && isOwner(rule, typeName, facts, reader);
  if (level === SharingLevel.NOT_SHARED) return owner ? ALLOWED : INVISIBLE;
  if (owner) return ALLOWED_LOGGED;
  return grantDecision(policy, reader, rule!, level, typeName, fieldName, purpose, now);
}

/**
 * Whether the decision for `reader` on this field is "allowed, nothing to log" for every record,
 * purpose and moment: an unconditional field that stands for no other, read by anyone but an
 * enterprise (whose records are checked one by one). What `decide` answers for such a field, said
 * without a record, so that a reader's query can be planned once per policy snapshot.
 */
export function readsFreely(policy: SharingPolicySnapshot, readerKind: ReaderKind, typeName: string, fieldName: string): boolean {
  return (
    readerKind !== 'ENTERPRISE' &&
    !fieldStandsFor(typeName, fieldName, null) &&
    policy.levelOf(typeName, fieldName) === SharingLevel.UNCONDITIONAL
  );
}

/**
 * Whether the record's facts can change the decision for this reader and field; when not, a
 * decision is the same for every row and can be made once per field of a document.
 */
export function dependsOnRecord(policy: SharingPolicySnapshot, reader: Reader, typeName: string, fieldName: string): boolean {
  if (reader.kind === 'ENTERPRISE' || fieldStandsFor(typeName, fieldName, null)) return true;
  const level = policy.ruleFor(typeName, fieldName)?.level ?? SharingLevel.UNCONDITIONAL;
  if (level === SharingLevel.UNCONDITIONAL) return false;
  return level === SharingLevel.PERSONAL || OWNED_PER_RECORD.has(typeName);
}

/**
 * Whether an ENTERPRISE reader may see a record reached through a relation at all: its own (by the
 * record, or by the own record it was reached from) or of a public type. Other readers see every
 * record their root field let them reach; their limits are per field.
 */
export function decideRecord(
  reader: Reader,
  typeName: string,
  facts: RecordFacts,
): { visible: true; own: boolean } | { visible: false; reason: string } {
  if (reader.kind !== 'ENTERPRISE') return { visible: true, own: false };
  const own = isOwnRecord(typeName, facts.record, reader) ?? facts.reachedFromOwn ?? false;
  if (own || PUBLIC_TYPES.has(typeName)) return { visible: true, own };
  return {
    visible: false,
    reason: `An ENTERPRISE credential reads its own records only; this ${typeName} is not ${reader.enterpriseUscc}'s.`,
  };
}

function isOwner(rule: FieldRule | undefined, typeName: string, facts: RecordFacts | undefined, reader: Reader): boolean {
  const byRecord = facts ? ownsRecord(typeName, facts.record, reader) : undefined;
  if (byRecord !== undefined) return byRecord;
  return rule !== undefined && rule.ownerCode === reader.departmentCode;
}

/** Screens, anonymous callers and enterprises reading public records: unconditional data only, personal masked. */
function publicReading(level: SharingLevel, field: string, kind: string = 'ENTERPRISE'): Decision {
  if (level === SharingLevel.UNCONDITIONAL) return ALLOWED;
  if (level === SharingLevel.NOT_SHARED) return INVISIBLE;
  const personal = level === SharingLevel.PERSONAL;
  const what = personal ? 'personal data (个人信息)' : 'conditional data (有条件共享)';
  return forbidden(
    `${field} is ${what}: a ${kind} credential does not read it; a department system reads it under a grant for a stated purpose.`,
    null,
    personal,
  );
}

function forbidden(reason: string, missingGrant: MissingGrant | null = null, personal = false): Decision {
  return { kind: 'forbidden', reason, missingGrant, personal };
}

function grantDecision(
  policy: SharingPolicySnapshot,
  reader: Reader,
  rule: FieldRule,
  level: SharingLevel,
  typeName: string,
  fieldName: string,
  purpose: string | null,
  now: Date,
): Decision {
  const field = `${typeName}.${fieldName}`;
  const department = reader.departmentCode ?? '(none)';
  const personal = level === SharingLevel.PERSONAL;
  const kindOfData = personal ? 'personal data (个人信息)' : 'conditional data (有条件共享)';
  const missing = (reason: string): Decision => forbidden(reason, { department, typeName, fieldName, purpose }, personal);
  if (!purpose) {
    return missing(
      `${field} is ${kindOfData}: state the purpose of the request in the X-Purpose header ` +
        `(WebSocket: the "purpose" connection parameter); department ${department} needs a grant to read ${field} for that purpose.`,
    );
  }
  const covering = policy.grantsOf(department, typeName).filter((grant) => grant.fieldNames.has(fieldName));
  const forPurpose = covering.filter((grant) => grant.purposes.includes(purpose));
  if (forPurpose.some((grant) => grant.expiresAt > now)) return ALLOWED_LOGGED;
  if (forPurpose.length > 0) {
    const lastExpiry = forPurpose.map((grant) => grant.expiresAt).sort((a, b) => b.getTime() - a.getTime())[0];
    return missing(
      `The grant for department ${department} to read ${field} for purpose "${purpose}" expired at ${lastExpiry.toISOString()}; a new grant is needed.`,
    );
  }
  const livePurposes = [...new Set(covering.filter((grant) => grant.expiresAt > now).flatMap((grant) => grant.purposes))];
  if (livePurposes.length > 0) {
    return missing(
      `Department ${department} holds no grant to read ${field} for purpose "${purpose}"; its grants for ${field} cover: ${livePurposes.join(', ')}.`,
    );
  }
  return missing(`Department ${department} holds no grant to read ${field} (owner: ${rule.ownerCode}) for purpose "${purpose}".`);
}

export type DepartmentScope = { kind: 'all' } | { kind: 'own'; departmentId: string; departmentCode: string } | { kind: 'none' };

/**
 * Whose operational records a reader lists — deliveries, inbound records, grants, cases, licence
 * uses: administrators and the centre's screens see every department's, a department's system or
 * clerk its own department's, an enterprise or an anonymous caller none. Their fields are then
 * decided one by one like any other.
 */
export function departmentScope(reader: Reader): DepartmentScope {
  if (reader.kind === 'ADMIN' || reader.kind === 'DASHBOARD') return { kind: 'all' };
  if (reader.kind === 'DEPARTMENT' && reader.departmentId && reader.departmentCode) {
    return { kind: 'own', departmentId: reader.departmentId, departmentCode: reader.departmentCode };
  }
  return { kind: 'none' };
}
