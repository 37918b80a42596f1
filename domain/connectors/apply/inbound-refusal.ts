import { DomainError, ErrorCode } from '../../errors.js';

/** A record that cannot apply, with the reason kept on it and shown to the sending department. */
export class InboundRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InboundRefusal';
  }
}

/**
 * The reason to keep when applying a record failed for a reason of the record's own (an
 * InboundRefusal, or the domain's BAD_USER_INPUT, CONFLICT, NOT_FOUND or FORBIDDEN), in the
 * record's terms: the domain names `input.<field>`, a department sent `fields.<field>` and `key`.
 * Null for anything else (the database down, a bug): that is not the record's fault, so it is
 * not kept as refused and the sender retries.
 */
export function refusalReason(error: unknown): string | null {
  if (error instanceof InboundRefusal) return error.message;
  if (!(error instanceof DomainError) || error.code === ErrorCode.INTERNAL_SERVER_ERROR || error.code === ErrorCode.UNAUTHENTICATED)
    return null;
  return error.message
    .replace(/^(input\.)?(code|caseNo|id): /, 'key: ')
    .replace(/\binput\.(code|caseNo)\b/g, 'key')
    .replace(/\binput\./g, 'fields.');
}

/** The domain's CONFLICT on `field`, e.g. a trade code or case number already recorded. */
export function isConflictOn(error: unknown, field: string): boolean {
  return error instanceof DomainError && error.code === ErrorCode.CONFLICT && error.field === field;
}
