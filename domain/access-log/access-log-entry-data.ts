import { createHash } from 'node:crypto';

/** An entry as the writer receives it; `seq`, `previousHash` and `hash` are the writer's to assign. */
export interface NewAccessLogEntry {
  occurredAt: Date;
  action: 'READ' | 'WRITE';
  departmentCode: string;
  actor: string;
  credentialId: string | null;
  operation: string;
  typeName: string;
  recordId: string | null;
  subjectUscc: string | null;
  fields: string[];
  purpose: string | null;
  requestId: string;
}

/** The previous hash of the first entry: the chain starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The entry as the chain commits to it: every recorded column in a fixed order, as JSON, so the
 * same entry always gives the same bytes (the position `seq` is not part of it: the chain itself
 * says where an entry belongs).
 */
export function canonicalEntry(entry: NewAccessLogEntry): string {
  return JSON.stringify([
    1,
    entry.occurredAt.toISOString(),
    entry.action,
    entry.departmentCode,
    entry.actor,
    entry.credentialId,
    entry.operation,
    entry.typeName,
    entry.recordId,
    entry.subjectUscc,
    entry.fields,
    entry.purpose,
    entry.requestId,
  ]);
}

/** hash = sha256(previous hash + canonical entry), hex. */
export function chainHash(previousHash: string, entry: NewAccessLogEntry): string {
  return createHash('sha256').update(previousHash).update(canonicalEntry(entry)).digest('hex');
}
