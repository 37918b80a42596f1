import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { signCheckpoint, type AccessLogCheckpoint } from './access-log-checkpoint.js';
import type { AccessLogKey } from './access-log-key.js';

export interface CheckpointSettings {
  /** The append-only JSON-lines file checkpoints go to. */
  file: string;
  /** A checkpoint after this many entries since the last one … */
  every: number;
  /** … or this many seconds after new entries, whichever comes first. */
  seconds: number;
  /** The name of the log (the database), written into each checkpoint. */
  log: string;
}

/**
 * Publishes signed checkpoints of what this hub appended to the log: to an append-only file (synced
 * to disk) and as a JSON log line, so a log shipper keeps a second copy off this host. It only
 * ever signs an entry this process hashed itself, never the database's tail as found: whoever
 * appends forged entries to the table does not get them signed. Runs after the group commit and on
 * a timer, never on a request's path: a request waits for its entries, not for a checkpoint.
 */
export class CheckpointPublisher {
  private latest: { seq: bigint; hash: string } | null = null;
  private published = 0n;
  /** The entry the last due checkpoint was asked for: the count of `every` restarts there, not when the file write ends. */
  private requested = 0n;
  private work: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly key: AccessLogKey,
    private readonly settings: CheckpointSettings,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.publish(), settings.seconds * 1000);
    this.timer.unref();
  }

  /** The writer committed entries up to `seq` (with `hash`); publishes when `every` entries are due. */
  committed(seq: string, hash: string): void {
    const position = BigInt(seq);
    if (this.latest && this.latest.seq >= position) return;
    this.latest = { seq: position, hash };
    if (position - this.requested >= BigInt(this.settings.every)) {
      this.requested = position;
      void this.publish();
    }
  }

  /** Publishes a checkpoint of the latest committed entry unless it has one already. */
  publish(): Promise<void> {
    this.work = this.work.then(async () => {
      const latest = this.latest;
      if (!latest || latest.seq <= this.published) return;
      const checkpoint = signCheckpoint(this.key, {
        log: this.settings.log,
        seq: latest.seq.toString(),
        hash: latest.hash,
        count: latest.seq.toString(),
        at: new Date(),
      });
      try {
        await appendLine(this.settings.file, checkpoint);
        this.published = latest.seq;
        this.logger.info({ accessLogCheckpoint: checkpoint }, 'access log checkpoint');
      } catch (error) {
        // The next commit or tick tries again; the entries are safe in the database meanwhile.
        this.logger.error({ err: error, file: this.settings.file }, 'access log checkpoint could not be written');
      }
    });
    return this.work;
  }

  /** Resolves when the checkpoints asked for so far are written. */
  settled(): Promise<void> {
    return this.work;
  }

  /** Stops the timer after a last checkpoint of what this hub appended. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.publish();
  }
}

async function appendLine(file: string, checkpoint: AccessLogCheckpoint): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o640);
  try {
    await handle.write(`${JSON.stringify(checkpoint)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
