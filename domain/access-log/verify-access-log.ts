import type { EntityManager } from '@mikro-orm/sql';
import { chainHash, GENESIS_HASH, type NewAccessLogEntry } from './access-log-entry-data.js';

export type AccessLogProblemKind = 'ALTERED' | 'REMOVED' | 'INSERTED';

export interface AccessLogProblem {
  kind: AccessLogProblemKind;
  /** The entry where the chain shows the problem (for REMOVED: the first entry after the gap). */
  seq: string;
  message: string;
}

export interface AccessLogVerification {
  valid: boolean;
  /** How many entries were checked. */
  checked: number;
  /** The last entry checked: keep it, and pass it back as the anchor of a later verification. */
  lastSeq: string | null;
  lastHash: string | null;
  /** The first problem found, in log order; null when the range is intact. */
  problem: AccessLogProblem | null;
}

interface StoredEntry extends NewAccessLogEntry {
  seq: string;
  previousHash: string;
  hash: string;
}

const CHUNK = 1_000;

/**
 * Walks the chain over entries `from`..`to` (positions, inclusive; the whole log by default) and
 * reports the first place where it does not hold:
 * - ALTERED: an entry no longer matches its own hash, or (rewritten with a fresh hash) the next
 *   entry commits to a different version of it;
 * - REMOVED: an entry commits to a predecessor that is not in the log;
 * - INSERTED: entries sit between an entry and the one that commits to it.
 * The entry before `from` is trusted as the start. Entries removed from the end leave no trace in
 * the chain itself: pass an `anchor` (the lastSeq/lastHash of an earlier verification, kept outside
 * the database) and that entry must still be there, unchanged.
 */
export async function verifyAccessLog(
  em: EntityManager,
  range: { from?: string | null; to?: string | null; anchor?: { seq: string; hash: string } | null } = {},
): Promise<AccessLogVerification> {
  const from = BigInt(range.from ?? '1');
  const to = range.to ? BigInt(range.to) : null;
  const [before] = await em.execute<Array<{ hash: string }>>(
    'select hash from access_log_entry where seq < ? order by seq desc limit 1',
    [from.toString()],
  );
  let expectedPrevious = before?.hash ?? GENESIS_HASH;
  let previousSeq: bigint | null = null;
  const seen = new Map<string, bigint>();
  const order: bigint[] = [];
  let checked = 0;
  let lastHash: string | null = null;
  const result = (problem: AccessLogProblem | null): AccessLogVerification => ({
    valid: problem === null,
    checked,
    lastSeq: previousSeq?.toString() ?? null,
    lastHash,
    problem,
  });

  let cursor = from - 1n;
  for (;;) {
    const chunk = await loadChunk(em, cursor, to);
    if (chunk.length === 0) break;
    for (const entry of chunk) {
      const seq = BigInt(entry.seq);
      if (chainHash(entry.previousHash, entry) !== entry.hash) {
        return result({ kind: 'ALTERED', seq: entry.seq, message: `Entry ${entry.seq} does not match its hash: its content was changed.` });
      }
      if (entry.previousHash !== expectedPrevious) {
        const committedTo = seen.get(entry.previousHash);
        if (committedTo !== undefined) {
          const firstInserted = order[order.indexOf(committedTo) + 1];
          return result({
            kind: 'INSERTED',
            seq: firstInserted.toString(),
            message: `Entries ${firstInserted} to ${previousSeq} are not part of the chain: entry ${entry.seq} commits directly to entry ${committedTo}.`,
          });
        }
        const gap = previousSeq === null ? seq > 1n && before === undefined : seq !== previousSeq + 1n;
        if (previousSeq !== null && !gap) {
          return result({
            kind: 'ALTERED',
            seq: previousSeq.toString(),
            message: `Entry ${previousSeq} was rewritten: entry ${entry.seq} commits to a different version of it.`,
          });
        }
        return result({
          kind: 'REMOVED',
          seq: entry.seq,
          message: `Entry ${entry.seq} commits to a predecessor that is not in the log: entries before it${previousSeq !== null ? ` (after ${previousSeq})` : ''} were removed.`,
        });
      }
      seen.set(entry.hash, seq);
      order.push(seq);
      expectedPrevious = entry.hash;
      previousSeq = seq;
      lastHash = entry.hash;
      checked += 1;
    }
    cursor = BigInt(chunk[chunk.length - 1].seq);
  }

  if (range.anchor) {
    const [anchored] = await em.execute<Array<{ hash: string }>>('select hash from access_log_entry where seq = ?', [range.anchor.seq]);
    if (!anchored) {
      return result({ kind: 'REMOVED', seq: range.anchor.seq, message: `Entry ${range.anchor.seq}, verified before, is no longer in the log.` });
    }
    if (anchored.hash !== range.anchor.hash) {
      return result({ kind: 'ALTERED', seq: range.anchor.seq, message: `Entry ${range.anchor.seq} no longer has the hash it had when verified before.` });
    }
  }
  return result(null);
}

async function loadChunk(em: EntityManager, after: bigint, to: bigint | null): Promise<StoredEntry[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select e.seq::text as position, e.occurred_at, e.action, e.department_code, e.actor, e.credential_id, e.operation, e.type_name,
            e.record_id, e.subject_uscc, e.fields, e.purpose, e.request_id, e.previous_hash, e.hash
       from access_log_entry e where e.seq > ?${to === null ? '' : ' and e.seq <= ?'} order by e.seq limit ${CHUNK}`,
    to === null ? [after.toString()] : [after.toString(), to.toString()],
  );
  return rows.map((row) => ({
    seq: row.position as string,
    occurredAt: new Date(row.occurred_at as string | Date),
    action: row.action as 'READ' | 'WRITE',
    departmentCode: row.department_code as string,
    actor: row.actor as string,
    credentialId: (row.credential_id as string | null) ?? null,
    operation: row.operation as string,
    typeName: row.type_name as string,
    recordId: (row.record_id as string | null) ?? null,
    subjectUscc: (row.subject_uscc as string | null) ?? null,
    fields: row.fields as string[],
    purpose: (row.purpose as string | null) ?? null,
    requestId: row.request_id as string,
    previousHash: row.previous_hash as string,
    hash: row.hash as string,
  }));
}
