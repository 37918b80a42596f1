import type { MikroORM } from '@mikro-orm/sql';
import type { Logger } from '../../support/logger.js';
import { backgroundEm } from '../background.js';
import { recordPullSucceeded, releasePullLease, renewPullLease, savePullCursor, takePullLease } from './pull-lease-store.js';

/** The reason a pass stops when another process took its connector over: it writes nothing more. */
export class PullLeaseLost extends Error {
  constructor(connectorId: string) {
    super(`the pull lease of connector ${connectorId} was taken over`);
    this.name = 'PullLeaseLost';
  }
}

/**
 * The right to run one pass of a pull connector, across every hub process on the database. It is
 * a pair of columns on the connector row taken with a conditional UPDATE, not an advisory lock:
 * a session lock belongs to one pooled connection, which MikroORM hands to whichever query comes
 * next, and the embedded PGlite has a single connection shared by the whole process. The lease
 * runs out unless renewed, so a process that dies holding it (SIGKILL, power loss) blocks the
 * connector for at most `leaseMs`. Every write of the pass names its owner: a pass that lost the
 * lease (paused past its expiry, cut off from the database) cannot move the cursor its successor
 * owns, so the cursor only ever moves forward along one chain of passes.
 */
export class PullLease {
  private readonly controller = new AbortController();
  private readonly renewal: NodeJS.Timeout;
  private renewing = false;

  private constructor(
    private readonly orm: MikroORM,
    readonly connectorId: string,
    readonly owner: string,
    /** The cursor as the previous pass left it, read when the lease was taken (never an older copy). */
    readonly cursor: string | null,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {
    // A third of the lease: two renewals may fail (a slow database) before it runs out.
    this.renewal = setInterval(() => void this.renew(), Math.max(1, Math.floor(leaseMs / 3)));
  }

  /**
   * Takes the connector's lease when nobody holds it and its next pass is due; null otherwise.
   * `until` doubles as the schedule: while a pass runs it is the end of the lease, after it the
   * time the next pass is due, so processes polling one feed share its interval.
   */
  static async take(input: {
    orm: MikroORM;
    connectorId: string;
    owner: string;
    leaseMs: number;
    logger: Logger;
  }): Promise<PullLease | null> {
    const taken = await takePullLease(backgroundEm(input.orm), { connectorId: input.connectorId, owner: input.owner }, input.leaseMs);
    if (!taken) return null;
    return new PullLease(input.orm, input.connectorId, input.owner, taken.cursor, input.leaseMs, input.logger);
  }

  /** Aborted when the lease is lost: the pass's HTTP requests are cancelled at once. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  /** Saves where the next pass resumes, if this pass still holds the lease; throws `PullLeaseLost` otherwise. */
  async saveCursor(cursor: string | null): Promise<void> {
    this.signal.throwIfAborted();
    this.owned(await savePullCursor(backgroundEm(this.orm), this, cursor));
  }

  /** Records a pass that read its feed to the end. */
  async succeeded(): Promise<void> {
    this.signal.throwIfAborted();
    this.owned(await recordPullSucceeded(backgroundEm(this.orm), this));
  }

  /** Ends the pass: stops renewing and lets the next pass start in `nextPassInMs`, in any process. */
  async release(nextPassInMs: number): Promise<void> {
    clearInterval(this.renewal);
    await releasePullLease(backgroundEm(this.orm), this, nextPassInMs);
  }

  /** After an owned write: `held` false means the lease was taken over, and the pass stops. */
  private owned(held: boolean): void {
    if (!held) this.lose();
    this.signal.throwIfAborted();
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.lost) return;
    this.renewing = true;
    try {
      if (!(await renewPullLease(backgroundEm(this.orm), this, this.leaseMs))) this.lose();
    } catch (error) {
      // The next renewal tries again; if the lease runs out meanwhile, the owned writes refuse.
      this.logger.warn({ err: error, connectorId: this.connectorId }, 'renewing a pull lease failed');
    } finally {
      this.renewing = false;
    }
  }

  private lose(): void {
    clearInterval(this.renewal);
    this.controller.abort(new PullLeaseLost(this.connectorId));
  }
}
