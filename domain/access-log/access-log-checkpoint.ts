import { timingSafeEqual } from 'node:crypto';
import type { AccessLogKey } from './access-log-key.js';

/**
 * A signed statement, kept outside the database, that the log `log` held `count` entries ending
 * with entry `seq` whose hash was `hash`, at time `at`. The chain binds every earlier entry to that
 * hash, so one checkpoint anchors the whole prefix; entries cut from the end, or a chain rebuilt by
 * someone holding the key, no longer match it.
 */
export interface AccessLogCheckpoint {
  kind: 'access-log-checkpoint';
  /** Which log: the database the hub writes to (several hubs and test databases may share a file). */
  log: string;
  seq: string;
  hash: string;
  count: string;
  at: string;
  /** Which key signed it (AccessLogKey.id). */
  keyId: string;
  /** HMAC-SHA-256 over the fields above with the log's checkpoint key, hex. */
  mac: string;
}

const signedForm = (checkpoint: Omit<AccessLogCheckpoint, 'mac'>) =>
  JSON.stringify([1, checkpoint.log, checkpoint.seq, checkpoint.hash, checkpoint.count, checkpoint.at, checkpoint.keyId]);

export function signCheckpoint(
  key: AccessLogKey,
  fields: { log: string; seq: string; hash: string; count: string; at: Date },
): AccessLogCheckpoint {
  const unsigned = {
    kind: 'access-log-checkpoint' as const,
    log: fields.log,
    seq: fields.seq,
    hash: fields.hash,
    count: fields.count,
    at: fields.at.toISOString(),
    keyId: key.id,
  };
  return { ...unsigned, mac: key.macCheckpoint(signedForm(unsigned)) };
}

export type CheckpointLine =
  | { kind: 'checkpoint'; checkpoint: AccessLogCheckpoint }
  /** Not a checkpoint of this hub's format: a line broken off by a crash, or something else written there. */
  | { kind: 'unreadable' }
  /** A checkpoint of another log: not this verifier's to judge. */
  | { kind: 'foreign'; checkpoint: AccessLogCheckpoint }
  /** A checkpoint of this log signed with another key: the hub that wrote it ran with a different key. */
  | { kind: 'other-key'; checkpoint: AccessLogCheckpoint }
  /** Claims to be this log's, under this key, but the signature does not match: forged or altered. */
  | { kind: 'forged'; checkpoint: AccessLogCheckpoint };

const text = (value: unknown, pattern: RegExp) => typeof value === 'string' && pattern.test(value);

/** Reads one line of a checkpoint file and checks its signature. */
export function readCheckpointLine(key: AccessLogKey, log: string, line: string): CheckpointLine {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { kind: 'unreadable' };
  }
  if (
    parsed?.kind !== 'access-log-checkpoint' ||
    typeof parsed.log !== 'string' ||
    !text(parsed.seq, /^[1-9][0-9]{0,18}$/) ||
    !text(parsed.hash, /^[0-9a-f]{64}$/) ||
    !text(parsed.count, /^[0-9]{1,19}$/) ||
    !text(parsed.at, /^\d{4}-\d{2}-\d{2}T/) ||
    !text(parsed.keyId, /^[0-9a-f]{16}$/) ||
    !text(parsed.mac, /^[0-9a-f]{64}$/)
  ) {
    return { kind: 'unreadable' };
  }
  const checkpoint = parsed as unknown as AccessLogCheckpoint;
  if (checkpoint.log !== log) return { kind: 'foreign', checkpoint };
  if (checkpoint.keyId !== key.id) return { kind: 'other-key', checkpoint };
  const expected = Buffer.from(key.macCheckpoint(signedForm(checkpoint)), 'hex');
  return timingSafeEqual(expected, Buffer.from(checkpoint.mac, 'hex'))
    ? { kind: 'checkpoint', checkpoint }
    : { kind: 'forged', checkpoint };
}
