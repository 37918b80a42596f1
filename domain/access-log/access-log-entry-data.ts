import { createHash } from 'node:crypto';
import type { AccessLogKey } from './access-log-key.js';
import type { ActorKind } from '../../entities/actor-kind.js';

/** An entry as the writer receives it; `seq`, `previousHash` and `hash` are the writer's to assign. */
export interface NewAccessLogEntry {
  occurredAt: Date;
  action: 'READ' | 'WRITE';
  /** The role the actor acted in, a connector, or anonymous. */
  actorKind: ActorKind;
  /** The actor's department, '-' for an actor without one. */
  departmentCode: string;
  actor: string;
  credentialId: string | null;
  /** The credential's label (or the connector's name), as it was when the entry was written. */
  credentialLabel: string | null;
  operation: string;
  typeName: string;
  recordId: string | null;
  subjectUscc: string | null;
  fields: string[];
  purpose: string | null;
  requestId: string;
}

/** An entry as stored. Format-1 entries were written before the actor kind and label were recorded. */
export interface StoredAccessLogEntry extends Omit<NewAccessLogEntry, 'actorKind'> {
  seq: string;
  format: number;
  actorKind: ActorKind | null;
  previousHash: string;
  hash: string;
}

/** The previous hash of the first entry: the chain starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Format 1: sha256 over the entry, no key, no actor kind. Entries written before the log was keyed
 * keep it, so they still verify; format-2 entries written after them commit to their hashes, so
 * they cannot be changed unnoticed either once a keyed entry follows. A format-1 entry after a
 * format-2 one can only be a forgery.
 */
export const LEGACY_FORMAT = 1;
/** Format 2: the actor's kind and credential label in the canonical form, HMAC-SHA-256 with the log's key. */
export const CURRENT_FORMAT = 2;

/**
 * The entry as the chain commits to it: every recorded column in a fixed order, as JSON, so the
 * same entry always gives the same bytes. The position `seq` is not part of it: the chain itself
 * says where an entry belongs, which is what lets verification tell an inserted entry from an
 * altered one (an insertion moves the entries after it, yet they still verify).
 */
export function canonicalEntry(format: number, entry: Omit<NewAccessLogEntry, 'actorKind'> & { actorKind: ActorKind | null }): string {
  if (format === LEGACY_FORMAT) {
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
  return JSON.stringify([
    CURRENT_FORMAT,
    entry.occurredAt.toISOString(),
    entry.action,
    entry.actorKind,
    entry.departmentCode,
    entry.actor,
    entry.credentialId,
    entry.credentialLabel,
    entry.operation,
    entry.typeName,
    entry.recordId,
    entry.subjectUscc,
    entry.fields,
    entry.purpose,
    entry.requestId,
  ]);
}

/** hash = HMAC-SHA-256(key, previous hash + canonical entry), hex: without the key nobody can write a valid entry. */
export function chainHash(key: AccessLogKey, previousHash: string, entry: NewAccessLogEntry): string {
  return key.macEntry(previousHash + canonicalEntry(CURRENT_FORMAT, entry));
}

/** The hash an entry must carry in its own format. */
export function expectedHash(key: AccessLogKey, entry: StoredAccessLogEntry): string | null {
  if (entry.format === LEGACY_FORMAT) {
    return createHash('sha256').update(entry.previousHash).update(canonicalEntry(LEGACY_FORMAT, entry)).digest('hex');
  }
  if (entry.format === CURRENT_FORMAT && entry.actorKind !== null)
    return key.macEntry(entry.previousHash + canonicalEntry(CURRENT_FORMAT, entry));
  return null;
}
