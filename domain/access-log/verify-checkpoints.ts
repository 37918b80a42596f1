import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { EntityManager } from '@mikro-orm/sql';
import { countEntriesUpTo, hashesAt, lastPosition } from './access-log-store.js';
import { readCheckpointLine, type AccessLogCheckpoint } from './access-log-checkpoint.js';
import type { AccessLogKey } from './access-log-key.js';

export type CheckpointProblemKind =
  /** The entry a checkpoint signed is not in the log (entries cut from the end, or removed). */
  | 'MISSING'
  /** The entry is there with another hash: the chain was rebuilt from that entry on. */
  | 'MISMATCH'
  /** The log holds another number of entries up to the checkpoint than it signed. */
  | 'COUNT'
  /** A line claims to be a checkpoint of this log under this key, and its signature is wrong. */
  | 'FORGED';

export interface CheckpointProblem {
  kind: CheckpointProblemKind;
  /** Line of the checkpoint file (1, 2, …). */
  line: number;
  /** The entry the checkpoint names. */
  seq: string;
  /** When the checkpoint was signed. */
  at: string;
  message: string;
}

export interface CheckpointVerification {
  file: string;
  /** Checkpoints of this log, signed with this key, in the file. */
  found: number;
  /** Of those, the ones inside the verified range, compared with the log. */
  checked: number;
  /** Lines of other logs (databases), not judged. */
  foreign: number;
  /** Checkpoints of this log signed with another key than this hub's, not judged. */
  otherKey: number;
  /** Lines that are no checkpoint at all (e.g. a line cut short by a crash). */
  unreadable: number;
  /** The checked checkpoint naming the latest entry. */
  latest: Pick<AccessLogCheckpoint, 'seq' | 'hash' | 'count' | 'at'> | null;
  /** The first problem, in file order; null when every checkpoint matches the log. */
  problem: CheckpointProblem | null;
}

interface Numbered {
  line: number;
  checkpoint: AccessLogCheckpoint;
}

const BATCH = 500;

/**
 * Compares the log with the checkpoints in `file` whose entry lies in `from`..`to`: each entry a
 * checkpoint signed must still be there with the hash it had, and the log must hold as many entries
 * up to the latest checkpoint as it said. This is what catches entries cut from the end of the log,
 * which leaves the chain itself intact. Streams the file: its size does not matter.
 */
export async function verifyCheckpoints(
  em: EntityManager,
  key: AccessLogKey,
  log: string,
  file: string,
  range: { from: bigint; to: bigint | null },
): Promise<CheckpointVerification> {
  const result: CheckpointVerification = {
    file,
    found: 0,
    checked: 0,
    foreign: 0,
    otherKey: 0,
    unreadable: 0,
    latest: null,
    problem: null,
  };
  if (!(await exists(file))) return result;
  const tail = await lastPosition(em);
  const logTail = tail === null ? 0n : BigInt(tail);
  const fail = (problem: Omit<CheckpointProblem, 'message'>, message: string) => {
    result.problem ??= { ...problem, message };
  };

  let batch: Numbered[] = [];
  let latestLine = 0;
  /** Entries checkpoints still vouch for: the highest below a failing checkpoint bounds where the change lies. */
  const matched: bigint[] = [];
  const compare = async () => {
    const present = await hashesAt(
      em,
      batch.map(({ checkpoint }) => checkpoint.seq),
    );
    for (const { line, checkpoint } of batch) {
      result.checked += 1;
      const at = { line, seq: checkpoint.seq, at: checkpoint.at };
      const hash = present.get(checkpoint.seq);
      if (hash === undefined) {
        const cut = BigInt(checkpoint.seq) > logTail;
        fail(
          { kind: 'MISSING', ...at },
          cut
            ? `The checkpoint of ${checkpoint.at} (line ${line}) signed entry ${checkpoint.seq}, but the log ends at ${logTail}: entries ${logTail + 1n} to ${checkpoint.seq} were cut from its end.`
            : `The checkpoint of ${checkpoint.at} (line ${line}) signed entry ${checkpoint.seq}, which is no longer in the log.`,
        );
      } else if (hash !== checkpoint.hash) {
        fail(
          { kind: 'MISMATCH', ...at },
          `Entry ${checkpoint.seq} no longer has the hash the checkpoint of ${checkpoint.at} (line ${line}) signed: the chain was rewritten (or cut and continued) from there or before.`,
        );
      } else {
        matched.push(BigInt(checkpoint.seq));
      }
      if (!result.latest || BigInt(checkpoint.seq) > BigInt(result.latest.seq)) {
        result.latest = { seq: checkpoint.seq, hash: checkpoint.hash, count: checkpoint.count, at: checkpoint.at };
        latestLine = line;
      }
    }
    batch = [];
  };

  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    const read = readCheckpointLine(key, log, text);
    if (read.kind === 'unreadable') result.unreadable += 1;
    else if (read.kind === 'foreign') result.foreign += 1;
    else if (read.kind === 'other-key') result.otherKey += 1;
    else if (read.kind === 'forged') {
      fail(
        { kind: 'FORGED', line: lineNumber, seq: read.checkpoint.seq, at: read.checkpoint.at },
        `Line ${lineNumber} of the checkpoint file claims to be a checkpoint of this log (entry ${read.checkpoint.seq}) but its signature is wrong: it was forged or altered.`,
      );
    } else {
      result.found += 1;
      const seq = BigInt(read.checkpoint.seq);
      if (seq < range.from || (range.to !== null && seq > range.to)) continue;
      batch.push({ line: lineNumber, checkpoint: read.checkpoint });
      if (batch.length >= BATCH) await compare();
    }
  }
  if (batch.length > 0) await compare();

  const failed = result.problem;
  if (failed && (failed.kind === 'MISMATCH' || failed.kind === 'MISSING')) {
    const below = matched.filter((seq) => seq < BigInt(failed.seq));
    if (below.length > 0) {
      const bound = below.reduce((highest, seq) => (seq > highest ? seq : highest));
      failed.message += ` The checkpoint of entry ${bound} still matches: the change lies after it.`;
    }
  }

  // Entries removed and the rest renumbered would still leave some entry at the latest position.
  const latest = result.latest;
  if (latest && result.problem === null) {
    const count = await countEntriesUpTo(em, latest.seq);
    if (count !== latest.count) {
      fail(
        { kind: 'COUNT', line: latestLine, seq: latest.seq, at: latest.at },
        `The log holds ${count} entries up to entry ${latest.seq}; the checkpoint of ${latest.at} (line ${latestLine}) signed ${latest.count}.`,
      );
    }
  }
  return result;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
