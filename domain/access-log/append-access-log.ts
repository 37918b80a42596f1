import type { EntityManager } from '@mikro-orm/sql';
import { AccessLogEntry } from '../../entities/access-log-entry.js';
import { writeTogether, newRows } from '../write-together-store.js';
import { violatesUnique } from '../registration/unique-violation.js';
import { chainHash, CURRENT_FORMAT, expectedHash, GENESIS_HASH, type NewAccessLogEntry } from './access-log-entry-data.js';
import type { AccessLogKey } from './access-log-key.js';
import { lastStoredEntryRow, endStillStored, type ChainEnd } from './access-log-store.js';
import { storedEntry } from './stored-entry-row.js';

/** Each position holds one entry: two writers chaining onto the same end collide on it. */
const POSITION_INDEX = 'access_log_entry_pkey';
/**
 * How long a writer keeps trying while other writers win the end (each loss is another writer's
 * progress). Between tries it waits a random moment, longer after each loss, so writers that
 * collided do not collide again in step.
 */
const GIVE_UP_AFTER_MS = 10_000;
const MAX_BACKOFF_MS = 50;

export interface Appended {
  /** The new end of the chain. */
  end: ChainEnd;
  /** The position of a stored end that failed its own hash (changed or appended without the key), or null. */
  badTail: string | null;
}

/**
 * Appends entries to the chain in one statement, optimistically: hash each entry onto the end the
 * writer knows (`knownEnd`, where its previous append left the chain) and insert them only if that
 * entry is still there, unchanged. Another writer (another hub instance) that appended first takes
 * the next position, so this insert collides on the primary key; an end that was cut or altered
 * fails the condition. Either way the writer reads the stored end and tries again. A hub that is the
 * log's only writer appends in one round trip, with no lock and no transaction of its own.
 *
 * Reading the stored end also checks its hash: an end that someone changed or appended without the
 * key is reported (`badTail`), so the hub notices at its next write, not only when someone verifies.
 */
export async function appendAccessLog(
  em: EntityManager,
  key: AccessLogKey,
  entries: readonly NewAccessLogEntry[],
  knownEnd: ChainEnd | null = null,
): Promise<Appended | null> {
  if (entries.length === 0) return null;
  let end = knownEnd;
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    let badTail: string | null = null;
    if (!end) {
      const stored = await lastStoredEntryRow(em);
      end = stored ? { seq: stored.position, hash: stored.hash } : { seq: '0', hash: GENESIS_HASH };
      if (stored && expectedHash(key, storedEntry(stored)) !== stored.hash) badTail = stored.position;
    }
    const { rows, last } = chainOnto(key, end, entries);
    try {
      const inserted = await writeTogether(em, [newRows(AccessLogEntry, rows)], endStillStored(em, end));
      if (inserted === rows.length) return { end: last, badTail };
    } catch (error) {
      if (!violatesUnique(error, POSITION_INDEX)) throw error;
    }
    if (Date.now() - started > GIVE_UP_AFTER_MS) {
      throw new Error(`the access log's end kept moving: ${attempt} appends in ${GIVE_UP_AFTER_MS} ms lost to other writers`);
    }
    end = null;
    if (attempt > 1) await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The entries as rows of the chain after `end`: positions counted on, each hash over the one before. */
function chainOnto(key: AccessLogKey, end: ChainEnd, entries: readonly NewAccessLogEntry[]) {
  let seq = BigInt(end.seq);
  let previousHash = end.hash;
  const rows = entries.map((entry) => {
    seq += 1n;
    const hash = chainHash(key, previousHash, entry);
    const row = { ...entry, seq: seq.toString(), format: CURRENT_FORMAT, previousHash, hash };
    previousHash = hash;
    return row;
  });
  return { rows, last: { seq: seq.toString(), hash: previousHash } };
}
