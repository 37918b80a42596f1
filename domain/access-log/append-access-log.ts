import type { EntityManager } from '@mikro-orm/sql';
import { AccessLogEntry } from '../../entities/access-log-entry.js';
import { chainHash, CURRENT_FORMAT, expectedHash, GENESIS_HASH, type NewAccessLogEntry } from './access-log-entry-data.js';
import type { AccessLogKey } from './access-log-key.js';
import { lastStoredEntryRow, lockAccessLogAppends } from './access-log-store.js';
import { storedEntry } from './stored-entry-row.js';

const ROWS_PER_INSERT = 1_000;

/**
 * Appends a request's entries to the chain in one transaction: take the log's lock, read the
 * tail, hash each entry onto it with the log's key and insert them all in one statement (one per
 * 1 000 entries). The lock makes appends from concurrent requests, and from several hub instances,
 * form one chain; it is held for a few milliseconds per request that read conditional data or wrote.
 * Returns the last entry appended, for the checkpoints, and whether the tail it chained onto failed
 * its own hash (someone appended or changed it without the key): the hub notices at its next write,
 * not only when someone verifies.
 */
export async function appendAccessLog(
  em: EntityManager,
  key: AccessLogKey,
  entries: readonly NewAccessLogEntry[],
): Promise<{ seq: string; hash: string; badTail: string | null } | null> {
  if (entries.length === 0) return null;
  return em.fork().transactional(async (tx) => {
    await lockAccessLogAppends(tx);
    const tail = await lastStoredEntryRow(tx);
    let seq = tail ? BigInt(tail.position) : 0n;
    let previousHash = tail?.hash ?? GENESIS_HASH;
    const rows = entries.map((entry) => {
      seq += 1n;
      const hash = chainHash(key, previousHash, entry);
      const row = { ...entry, seq: seq.toString(), format: CURRENT_FORMAT, previousHash, hash };
      previousHash = hash;
      return row;
    });
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await tx.insertMany(AccessLogEntry, rows.slice(start, start + ROWS_PER_INSERT));
    }
    return {
      seq: seq.toString(),
      hash: previousHash,
      badTail: tail && expectedHash(key, storedEntry(tail)) !== tail.hash ? tail.position : null,
    };
  });
}
