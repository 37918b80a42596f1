import type { EntityManager } from '@mikro-orm/sql';
import type { NewAccessLogEntry } from './access-log-entry-data.js';
import type { AccessLogKey } from './access-log-key.js';
import { appendAccessLog } from './append-access-log.js';
import type { ChainEnd } from './access-log-store.js';

interface Pending {
  entries: readonly NewAccessLogEntry[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the access log. The chain has one end, so a hub appends one batch at a time, and
 * each append waits until its commit is durable (a WAL flush, milliseconds on a disk): appending
 * request by request would cap the whole hub at one flush per conditional read or write. Instead,
 * requests that finish while an append is in flight queue their entries and the next append writes
 * all of them in one INSERT; each request still waits until its own entries are committed before it
 * answers. The writer remembers where its last append left the chain, so an append is one round trip
 * while no other hub appends (append-access-log.ts).
 * After each commit `committed` hears of the last entry (for the checkpoints), once the requests are released.
 */
export class AccessLogWriter {
  private queue: Pending[] = [];
  private writing = false;
  /** Where this writer's last append left the chain; null until it has appended, or after a failure. */
  private end: ChainEnd | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly key: AccessLogKey,
    private readonly committed: (appended: { seq: string; hash: string; badTail: string | null }) => void = () => {},
  ) {}

  append(entries: readonly NewAccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const appended = await appendAccessLog(
            this.em,
            this.key,
            batch.flatMap((pending) => pending.entries),
            this.end,
          );
          for (const pending of batch) pending.resolve();
          if (appended) {
            this.end = appended.end;
            this.committed({ ...appended.end, badTail: appended.badTail });
          }
        } catch (error) {
          this.end = null;
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
