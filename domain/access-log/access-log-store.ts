import type { EntityManager } from '@mikro-orm/sql';
import { AccessLogEntry } from '../../entities/access-log-entry.js';
import type { WriteCondition } from '../write-together-store.js';
import { selectRows, tableOf } from '../sql-statements.js';
import type { StoredAccessLogEntry } from './access-log-entry-data.js';
import { STORED_ENTRY_COLUMNS, storedEntry } from './stored-entry-row.js';

/**
 * The reads of the access log's chain by position (`seq`, passed and returned as text so a bigint
 * stays exact), and the condition its appends are made on. Entries are appended by
 * append-access-log.ts; nothing here changes one.
 */

/** The last entry of the chain as a writer knows it: its position and hash ('0' and the genesis hash on an empty log). */
export interface ChainEnd {
  seq: string;
  hash: string;
}

/** The chain still ends with `end` as stored (or is still empty, for the genesis end). */
export function endStillStored(em: EntityManager, end: ChainEnd): WriteCondition {
  const table = tableOf(em, AccessLogEntry);
  return end.seq === '0'
    ? { sql: `not exists (select 1 from ${table})` }
    : { sql: `exists (select 1 from ${table} where seq = ? and hash = ?)`, params: [end.seq, end.hash] };
}

/** The last entry of the chain, as stored (its `position` and `hash` included), or undefined on an empty log. */
export async function lastStoredEntryRow(
  em: EntityManager,
): Promise<({ position: string; hash: string } & Record<string, unknown>) | undefined> {
  const [tail] = await selectRows<{ position: string; hash: string } & Record<string, unknown>>(
    em,
    `select ${STORED_ENTRY_COLUMNS} from ${tableOf(em, AccessLogEntry)} e order by e.seq desc limit 1`,
  );
  return tail;
}

/** The entry just before position `seq`: what the first entry from there must commit to. */
export async function entryBefore(em: EntityManager, seq: string): Promise<{ hash: string; format: number } | undefined> {
  const [before] = await selectRows<{ hash: string; format: number }>(
    em,
    `select hash, format from ${tableOf(em, AccessLogEntry)} where seq < ? order by seq desc limit 1`,
    [seq],
  );
  return before;
}

/** The hash of the entry at `seq`, or undefined when there is none. */
export async function hashAt(em: EntityManager, seq: string): Promise<string | undefined> {
  const [entry] = await selectRows<{ hash: string }>(em, `select hash from ${tableOf(em, AccessLogEntry)} where seq = ?`, [seq]);
  return entry?.hash;
}

/** The hashes of the entries at these positions, by position; a position with no entry is absent. */
export async function hashesAt(em: EntityManager, positions: readonly string[]): Promise<Map<string, string>> {
  const rows = await selectRows<{ position: string; hash: string }>(
    em,
    `select e.seq::text as position, e.hash from ${tableOf(em, AccessLogEntry)} e where e.seq in (${positions.map(() => '?').join(', ')})`,
    positions,
  );
  return new Map(rows.map((row) => [row.position, row.hash]));
}

/** Up to `limit` entries after position `after` (and up to `to`, if given), in chain order. */
export async function storedEntriesAfter(
  em: EntityManager,
  after: string,
  to: string | null,
  limit: number,
): Promise<StoredAccessLogEntry[]> {
  const rows = await selectRows<Record<string, unknown>>(
    em,
    `select ${STORED_ENTRY_COLUMNS}
       from ${tableOf(em, AccessLogEntry)} e where e.seq > ?${to === null ? '' : ' and e.seq <= ?'} order by e.seq limit ${limit}`,
    to === null ? [after] : [after, to],
  );
  return rows.map(storedEntry);
}

/** The position of the last entry, or null on an empty log. */
export async function lastPosition(em: EntityManager): Promise<string | null> {
  const [{ tail }] = await selectRows<{ tail: string | null }>(em, `select max(seq)::text as tail from ${tableOf(em, AccessLogEntry)}`);
  return tail;
}

/** How many entries the log holds up to position `seq`, as text. */
export async function countEntriesUpTo(em: EntityManager, seq: string): Promise<string> {
  const [{ count }] = await selectRows<{ count: string }>(
    em,
    `select count(*)::text as count from ${tableOf(em, AccessLogEntry)} where seq <= ?`,
    [seq],
  );
  return count;
}
