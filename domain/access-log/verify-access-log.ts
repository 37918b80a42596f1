import type { EntityManager } from '@mikro-orm/sql';
import { CURRENT_FORMAT, expectedHash, GENESIS_HASH, LEGACY_FORMAT, type StoredAccessLogEntry } from './access-log-entry-data.js';
import type { AccessLogKey } from './access-log-key.js';
import { entryBefore, hashAt, storedEntriesAfter } from './access-log-store.js';
import { verifyCheckpoints, type CheckpointProblem, type CheckpointVerification } from './verify-checkpoints.js';

export type AccessLogProblemKind = 'ALTERED' | 'REMOVED' | 'INSERTED' | 'FORGED_CHECKPOINT';

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
  /** Of the entries checked, those of format 1 (written before the log was keyed). */
  legacyEntries: number;
  /** The first problem found, in log order (the chain's first, then the checkpoints'); null when the range is intact. */
  problem: AccessLogProblem | null;
  /** What comparing the log with the signed checkpoints found; null when no checkpoint file is configured. */
  checkpoints: CheckpointVerification | null;
}

/** What verification needs besides the database: the key, and where the checkpoints are. */
export interface AccessLogTrust {
  key: AccessLogKey;
  /** The log's name in the checkpoints (AccessLog.name). */
  log: string;
  checkpointFile: string | null;
}

const CHUNK = 1_000;

/**
 * Walks the chain over entries `from`..`to` (positions, inclusive; the whole log by default) and
 * reports the first place where it does not hold:
 * - ALTERED: an entry does not carry the hash the log's key gives it (changed, or appended by
 *   someone without the key: a plain sha256 no longer passes), or (rewritten with a fresh hash)
 *   the next entry commits to a different version of it, or an unkeyed format-1 entry follows keyed ones;
 * - REMOVED: an entry commits to a predecessor that is not in the log;
 * - INSERTED: entries sit between an entry and the one that commits to it.
 * The entry before `from` is trusted as the start. Entries removed from the end leave no trace in
 * the chain itself: the signed checkpoints (domain/access-log/verify-checkpoints.ts) and an optional
 * `anchor` (the lastSeq/lastHash of an earlier verification, kept outside the database) show them.
 */
export async function verifyAccessLog(
  em: EntityManager,
  trust: AccessLogTrust,
  range: { from?: string | null; to?: string | null; anchor?: { seq: string; hash: string } | null } = {},
): Promise<AccessLogVerification> {
  const chain = await verifyChain(em, trust.key, range);
  const checkpoints = trust.checkpointFile
    ? await verifyCheckpoints(em, trust.key, trust.log, trust.checkpointFile, {
        from: BigInt(range.from ?? '1'),
        to: range.to ? BigInt(range.to) : null,
      })
    : null;
  const checkpointProblem = checkpoints?.problem ?? null;
  // A hub restarted with another key sees every keyed entry as altered; say so rather than leave it a mystery.
  const keyHint =
    chain.problem && checkpoints && checkpoints.otherKey > 0 && checkpoints.found === 0
      ? ` The checkpoints of this log were signed with another key than this hub's (${trust.key.id}): check that ACCESS_LOG_KEY is the key the log was written with.`
      : '';
  const problem =
    (chain.problem && { ...chain.problem, message: chain.problem.message + keyHint }) ??
    (checkpointProblem && asLogProblem(checkpointProblem, chain.lastSeq, range.from ?? '1'));
  return { ...chain, valid: problem === null, problem, checkpoints };
}

/** A checkpoint's problem as the log's: entries cut from the end are REMOVED from the first one missing. */
function asLogProblem(problem: CheckpointProblem, lastSeq: string | null, from: string): AccessLogProblem {
  if (problem.kind === 'FORGED') return { kind: 'FORGED_CHECKPOINT', seq: problem.seq, message: problem.message };
  if (problem.kind !== 'MISSING') return { kind: 'ALTERED', seq: problem.seq, message: problem.message };
  const end = lastSeq === null ? BigInt(from) - 1n : BigInt(lastSeq);
  const cut = BigInt(problem.seq) > end;
  return { kind: 'REMOVED', seq: cut ? (end + 1n).toString() : problem.seq, message: problem.message };
}

async function verifyChain(
  em: EntityManager,
  key: AccessLogKey,
  range: { from?: string | null; to?: string | null; anchor?: { seq: string; hash: string } | null },
): Promise<Omit<AccessLogVerification, 'checkpoints'>> {
  const from = BigInt(range.from ?? '1');
  const to = range.to ? BigInt(range.to) : null;
  const before = await entryBefore(em, from.toString());
  let keyedSeen = before?.format === CURRENT_FORMAT;
  let legacyEntries = 0;
  let expectedPrevious = before?.hash ?? GENESIS_HASH;
  let previousSeq: bigint | null = null;
  const seen = new Map<string, bigint>();
  const order: bigint[] = [];
  let checked = 0;
  let lastHash: string | null = null;
  /** Entries that fail their hash, held until the next good entry says whether they were inserted. */
  let suspect: { first: string; last: string; problem: AccessLogProblem } | null = null;
  const result = (problem: AccessLogProblem | null): Omit<AccessLogVerification, 'checkpoints'> => ({
    valid: problem === null,
    checked,
    lastSeq: previousSeq?.toString() ?? null,
    lastHash,
    legacyEntries,
    problem,
  });

  let cursor = from - 1n;
  for (;;) {
    const chunk = await loadChunk(em, cursor, to);
    if (chunk.length === 0) break;
    for (const entry of chunk) {
      const seq = BigInt(entry.seq);
      const wrong =
        entry.format === LEGACY_FORMAT && keyedSeen
          ? 'is in the unkeyed format 1 but follows keyed entries: the hub no longer writes that format, so it was forged or rewritten'
          : expectedHash(key, entry) !== entry.hash
            ? "does not carry the hash the log's key gives it: its content was changed, or it was written by someone without the key"
            : null;
      if (wrong) {
        suspect ??= {
          first: entry.seq,
          last: entry.seq,
          problem: { kind: 'ALTERED', seq: entry.seq, message: `Entry ${entry.seq} ${wrong}.` },
        };
        suspect.last = entry.seq;
        continue;
      }
      if (suspect) {
        // The first entry that verifies again tells what the bad ones were: if it commits to the
        // last good entry, they were slipped in between; otherwise the first of them was changed.
        if (entry.previousHash === expectedPrevious) {
          return result({
            kind: 'INSERTED',
            seq: suspect.first,
            message: `Entries ${suspect.first} to ${suspect.last} are not part of the chain: they do not carry the key's hash, and entry ${entry.seq} commits directly to ${previousSeq === null ? 'the entry before them' : `entry ${previousSeq}`}.`,
          });
        }
        return result(suspect.problem);
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
      if (entry.format === LEGACY_FORMAT) legacyEntries += 1;
      else keyedSeen = true;
      seen.set(entry.hash, seq);
      order.push(seq);
      expectedPrevious = entry.hash;
      previousSeq = seq;
      lastHash = entry.hash;
      checked += 1;
    }
    cursor = BigInt(chunk[chunk.length - 1].seq);
  }
  if (suspect) {
    const { first, last, problem } = suspect;
    return result(
      first === last
        ? problem
        : { ...problem, message: `${problem.message} Nor do the entries after it, to ${last}: they were written without the key.` },
    );
  }

  if (range.anchor) {
    const anchored = await hashAt(em, range.anchor.seq);
    if (anchored === undefined) {
      return result({
        kind: 'REMOVED',
        seq: range.anchor.seq,
        message: `Entry ${range.anchor.seq}, verified before, is no longer in the log.`,
      });
    }
    if (anchored !== range.anchor.hash) {
      return result({
        kind: 'ALTERED',
        seq: range.anchor.seq,
        message: `Entry ${range.anchor.seq} no longer has the hash it had when verified before.`,
      });
    }
  }
  return result(null);
}

function loadChunk(em: EntityManager, after: bigint, to: bigint | null): Promise<StoredAccessLogEntry[]> {
  return storedEntriesAfter(em, after.toString(), to === null ? null : to.toString(), CHUNK);
}
