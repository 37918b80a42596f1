import { actorName, type Principal } from '../auth/principal.js';
import type { NewAccessLogEntry } from './access-log-entry-data.js';
import { readerOf } from '../sharing/reader.js';
import { actorKindOf } from './actor-kind.js';

interface RecordRead {
  typeName: string;
  recordId: string | null;
  subjectUscc: string | null;
  fields: Set<string>;
}

interface RecordWrite {
  mutation: string;
  recordId: string | null;
  subjectUscc: string | null;
}

export interface RequestFacts {
  principal: Principal | null;
  purpose: string | null;
  requestId: string;
  operation: string;
}

const limit = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

/**
 * Gathers what one request (or one subscription event) read of conditional data, and wrote, while
 * it resolves: nothing is written per field. The request drains it once, before its response
 * goes out, into a single INSERT (domain/access-log/append-access-log.ts). Reads of one record are
 * merged into one entry naming all the fields read.
 */
export class AccessLogCollector {
  private reads = new Map<string, RecordRead>();
  private writes: RecordWrite[] = [];

  recordRead(typeName: string, recordId: string | null, subjectUscc: string | null, fieldName: string): void {
    const key = `${typeName}:${recordId ?? ''}:${subjectUscc ?? ''}`;
    let read = this.reads.get(key);
    if (!read) {
      read = { typeName, recordId, subjectUscc, fields: new Set() };
      this.reads.set(key, read);
    }
    read.fields.add(fieldName);
  }

  recordWrite(mutation: string, recordId: string | null, subjectUscc: string | null): void {
    this.writes.push({ mutation, recordId, subjectUscc });
  }

  /** What this collector gathered, as a copy another collector can take in (absorb) later. */
  snapshot(): AccessLogCollector {
    const copy = new AccessLogCollector();
    copy.absorb(this);
    return copy;
  }

  /** Adds what `other` gathered: its reads merged record by record, its writes appended. */
  absorb(other: AccessLogCollector): void {
    for (const read of other.reads.values())
      for (const field of read.fields) this.recordRead(read.typeName, read.recordId, read.subjectUscc, field);
    this.writes.push(...other.writes);
  }

  /** Forgets what was gathered, without writing it. */
  clear(): void {
    this.reads = new Map();
    this.writes = [];
  }

  get isEmpty(): boolean {
    return this.reads.size === 0 && this.writes.length === 0;
  }

  /** The entries gathered so far, emptying the collector (a subscription drains it once per event). */
  drain(facts: RequestFacts, occurredAt: Date = new Date()): NewAccessLogEntry[] {
    const principal = facts.principal;
    // The department the reader acts for: none for an ENTERPRISE credential, whoever issued it.
    const departmentCode = readerOf(principal).departmentCode;
    const common = {
      occurredAt,
      actorKind: actorKindOf(principal),
      departmentCode: departmentCode ?? '-',
      actor: limit(principal ? actorName(principal) : 'anonymous', 200),
      credentialId: principal?.credentialId ?? null,
      credentialLabel: principal ? limit(principal.credentialLabel, 200) : null,
      operation: limit(facts.operation, 200),
      purpose: facts.purpose === null ? null : limit(facts.purpose, 200),
      requestId: limit(facts.requestId, 64),
    };
    const entries: NewAccessLogEntry[] = [
      ...[...this.reads.values()].map((read) => ({
        ...common,
        action: 'READ' as const,
        typeName: read.typeName,
        recordId: read.recordId,
        subjectUscc: read.subjectUscc,
        fields: [...read.fields].sort(),
      })),
      ...this.writes.map((write) => ({
        ...common,
        action: 'WRITE' as const,
        typeName: 'Mutation',
        recordId: write.recordId,
        subjectUscc: write.subjectUscc,
        fields: [write.mutation],
      })),
    ];
    this.reads = new Map();
    this.writes = [];
    return entries;
  }
}
