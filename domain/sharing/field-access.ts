import { SharingLevel } from './sharing-level.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

/** Who reads: a request's principal, or the department a connector delivers to. */
export interface Reader {
  department: { code: string };
}

export interface MissingGrant {
  department: string;
  typeName: string;
  fieldName: string;
  purpose: string | null;
}

export type FieldAccess =
  /** Resolve the field; `logged` when the read is of conditional data and goes to the access log. */
  | { kind: 'allowed'; logged: boolean }
  /** Conditional data without a grant covering it: null with a FORBIDDEN error naming the missing grant. */
  | { kind: 'forbidden'; reason: string; missingGrant: MissingGrant }
  /** Not shared with this reader: the field behaves as if it did not exist (null, no error, no hint). */
  | { kind: 'invisible' };

const ALLOWED: FieldAccess = { kind: 'allowed', logged: false };
const ALLOWED_LOGGED: FieldAccess = { kind: 'allowed', logged: true };
const INVISIBLE: FieldAccess = { kind: 'invisible' };

/**
 * THE sharing decision, used by the GraphQL enforcement point (queries and subscriptions) and by
 * outbound connector payloads alike, so a department's webhook never receives a field it could not
 * query. A field the policy does not list is unconditional; the owner department always reads its
 * own fields (its conditional reads are still logged).
 */
export function fieldAccess(
  policy: SharingPolicySnapshot,
  reader: Reader | null,
  typeName: string,
  fieldName: string,
  purpose: string | null,
  now: Date = new Date(),
): FieldAccess {
  const rule = policy.ruleFor(typeName, fieldName);
  if (!rule || rule.level === SharingLevel.UNCONDITIONAL) return ALLOWED;
  const department = reader?.department.code ?? null;
  const isOwner = department !== null && department === rule.ownerCode;
  if (rule.level === SharingLevel.NOT_SHARED) return isOwner ? ALLOWED : INVISIBLE;
  if (isOwner) return ALLOWED_LOGGED;

  const field = `${typeName}.${fieldName}`;
  const missing = (reason: string): FieldAccess => ({
    kind: 'forbidden',
    reason,
    missingGrant: { department: department ?? '(none)', typeName, fieldName, purpose },
  });
  if (department === null) return missing(`${field} is conditional data (有条件共享) and needs a department credential.`);
  if (!purpose) {
    return missing(
      `${field} is conditional data (有条件共享): state the purpose of the request in the X-Purpose header ` +
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
