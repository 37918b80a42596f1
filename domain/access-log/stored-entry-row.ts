import type { StoredAccessLogEntry } from './access-log-entry-data.js';

/** The columns of access_log_entry (alias `e`) the chain reads, `seq` as text (`position`): a bigint stays exact. */
export const STORED_ENTRY_COLUMNS = `e.seq::text as position, e.format, e.occurred_at, e.action, e.actor_kind, e.department_code, e.actor, e.credential_id,
  e.credential_label, e.operation, e.type_name, e.record_id, e.subject_uscc, e.fields, e.purpose, e.request_id, e.previous_hash, e.hash`;

/** A row of STORED_ENTRY_COLUMNS as the chain reads it. */
export function storedEntry(row: Record<string, unknown>): StoredAccessLogEntry {
  return {
    seq: row.position as string,
    format: Number(row.format),
    occurredAt: new Date(row.occurred_at as string | Date),
    action: row.action as 'READ' | 'WRITE',
    actorKind: (row.actor_kind as StoredAccessLogEntry['actorKind']) ?? null,
    departmentCode: row.department_code as string,
    actor: row.actor as string,
    credentialId: (row.credential_id as string | null) ?? null,
    credentialLabel: (row.credential_label as string | null) ?? null,
    operation: row.operation as string,
    typeName: row.type_name as string,
    recordId: (row.record_id as string | null) ?? null,
    subjectUscc: (row.subject_uscc as string | null) ?? null,
    fields: row.fields as string[],
    purpose: (row.purpose as string | null) ?? null,
    requestId: row.request_id as string,
    previousHash: row.previous_hash as string,
    hash: row.hash as string,
  };
}
