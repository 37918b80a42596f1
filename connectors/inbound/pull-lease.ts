import type { MikroORM } from '@mikro-orm/sql';
import { ConnectorKind } from '../../entities/connector-kind.js';
import type { Logger } from '../../support/logger.js';
import { backgroundEm, run } from '../background.js';

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
  static async take(input: { orm: MikroORM; connectorId: string; owner: string; leaseMs: number; logger: Logger }): Promise<PullLease | null> {
    const rows = await run<Array<{ cursor: string | null }>>(
      backgroundEm(input.orm),
      `update connector
          set pull_lease_owner = ?, pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
        where id = ? and enabled and kind in (?, ?)
          and (pull_lease_until is null or pull_lease_until <= now())
        returning cursor`,
      [input.owner, input.leaseMs, input.connectorId, ConnectorKind.REST_PULL, ConnectorKind.SQL_PULL],
    );
    if (rows.length === 0) return null;
    return new PullLease(input.orm, input.connectorId, input.owner, rows[0].cursor ?? null, input.leaseMs, input.logger);
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
    await this.ownedUpdate(`cursor = ?, last_success_at = now()`, [cursor]);
  }

  /** Records a pass that read its feed to the end. */
  async succeeded(): Promise<void> {
    this.signal.throwIfAborted();
    await this.ownedUpdate(`last_success_at = now()`, []);
  }

  /** Ends the pass: stops renewing and lets the next pass start in `nextPassInMs`, in any process. */
  async release(nextPassInMs: number): Promise<void> {
    clearInterval(this.renewal);
    await run(
      backgroundEm(this.orm),
      `update connector set pull_lease_owner = null, pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
        where id = ? and pull_lease_owner = ?`,
      [nextPassInMs, this.connectorId, this.owner],
      'run',
    );
  }

  private async ownedUpdate(assignments: string, params: unknown[]): Promise<void> {
    const rows = await run<unknown[]>(
      backgroundEm(this.orm),
      `update connector set ${assignments} where id = ? and pull_lease_owner = ? returning id`,
      [...params, this.connectorId, this.owner],
    );
    if (rows.length === 0) this.lose();
    this.signal.throwIfAborted();
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.lost) return;
    this.renewing = true;
    try {
      const rows = await run<unknown[]>(
        backgroundEm(this.orm),
        `update connector set pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
          where id = ? and pull_lease_owner = ? returning id`,
        [this.leaseMs, this.connectorId, this.owner],
      );
      if (rows.length === 0) this.lose();
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
