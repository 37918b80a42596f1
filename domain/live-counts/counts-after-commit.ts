import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { COUNTS_RECORDER, countsChangedBy, type CountsRecorder, type SeenChange } from './changes.js';
import type { CountsChanged } from './counts-changed.js';

type Transaction = object & { savepointName?: string };

/**
 * The unit of work's side of the live counts: every flush that writes a counted entity, and every
 * raw write recorded with `recordCountsChanged`, is remembered with the transaction it ran in, and
 * published once, after that transaction commits (each distinct change once per commit). A
 * transaction or savepoint that rolls back forgets its changes, so a screen never counts what did
 * not happen; a savepoint that is released hands its changes to the transaction around it.
 *
 * Mutations, connectors and background work all write through MikroORM, so none of them publishes
 * by hand, and a new one cannot forget to.
 *
 * The transaction a change belongs to is what MikroORM passes to its transaction events. A flush
 * outside any transaction runs in one of its own that starts after `onFlush`: its changes wait on
 * the EntityManager until that transaction starts. A savepoint's events do not name the
 * transaction around it, but `beforeTransactionStart` does, on the same EntityManager.
 */
export class CountsAfterCommit implements EventSubscriber, CountsRecorder {
  readonly [COUNTS_RECORDER] = true as const;
  private readonly pending = new WeakMap<Transaction, SeenChange[]>();
  /** Changes of a flush whose own transaction has not started yet. */
  private readonly awaitingTransaction = new WeakMap<EntityManager, SeenChange[]>();
  private readonly enclosingBeingStarted = new WeakMap<EntityManager, Transaction>();
  private readonly enclosing = new WeakMap<Transaction, Transaction>();
  private active = true;
  private readonly departmentCodes = new Map<string, string>();

  constructor(private readonly publish: (change: CountsChanged) => void) {}

  /** Stops publishing (the hub is closing; the ORM may outlive it in tests). */
  stop(): void {
    this.active = false;
  }

  record(em: EntityManager, change: CountsChanged): void {
    const transaction = em.getTransactionContext<Transaction>();
    if (transaction) this.add(this.pending, transaction, [change]);
    else this.add(this.awaitingTransaction, em, [change]);
  }

  committed(change: CountsChanged): void {
    if (this.active) this.publish(change);
  }

  onFlush({ em, uow }: FlushEventArgs): void {
    const changes: SeenChange[] = [];
    for (const changeSet of uow.getChangeSets()) {
      const change = countsChangedBy(changeSet);
      if (change) changes.push(change);
    }
    if (changes.length === 0) return;
    const transaction = em.getTransactionContext<Transaction>();
    if (transaction) this.add(this.pending, transaction, changes);
    else this.add(this.awaitingTransaction, em as EntityManager, changes);
  }

  beforeTransactionStart({ em, transaction }: TransactionEventArgs): void {
    if (transaction) this.enclosingBeingStarted.set(em as EntityManager, transaction);
  }

  afterTransactionStart({ em, transaction }: TransactionEventArgs): void {
    if (!transaction) return;
    if (transaction.savepointName) {
      const enclosing = this.enclosingBeingStarted.get(em as EntityManager);
      this.enclosingBeingStarted.delete(em as EntityManager);
      if (enclosing) this.enclosing.set(transaction, enclosing);
      return;
    }
    const waiting = this.awaitingTransaction.get(em as EntityManager);
    if (!waiting) return;
    this.awaitingTransaction.delete(em as EntityManager);
    this.add(this.pending, transaction, waiting);
  }

  async afterTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    if (!transaction) return;
    const changes = this.pending.get(transaction);
    this.pending.delete(transaction);
    if (!changes) return;
    if (transaction.savepointName) {
      const enclosing = this.enclosing.get(transaction);
      // A savepoint whose transaction is unknown publishes now rather than never: a count too early
      // is caught up by the next change, a count never made is not.
      if (enclosing) return this.add(this.pending, enclosing, changes);
    }
    if (!this.active) return;
    const published = new Set<string>();
    for (const change of await this.withDepartmentCodes(em as EntityManager, changes)) {
      const key = `${change.kind}|${change.departmentCode ?? ''}|${change.divisionCode ?? ''}`;
      if (published.has(key)) continue;
      published.add(key);
      this.publish(change);
    }
  }

  /**
   * Names by code the departments a flush knew only by id. Codes do not change, so each is read
   * once per process; if the read fails the change goes out without its department, which makes
   * every department's screens recount rather than none.
   */
  private async withDepartmentCodes(em: EntityManager, changes: SeenChange[]): Promise<CountsChanged[]> {
    const unknown = [
      ...new Set(
        changes.flatMap((change) => (change.departmentId && !this.departmentCodes.has(change.departmentId) ? [change.departmentId] : [])),
      ),
    ];
    if (unknown.length > 0) {
      try {
        const departments = await em.fork().find(Department, { id: { $in: unknown } }, { fields: ['id', 'code'] });
        for (const department of departments) this.departmentCodes.set(department.id, department.code);
      } catch {
        // published without the department below
      }
    }
    return changes.map(({ departmentId, ...change }) => {
      const code = departmentId ? this.departmentCodes.get(departmentId) : undefined;
      return code ? { ...change, departmentCode: code } : change;
    });
  }

  afterTransactionRollback({ em, transaction }: TransactionEventArgs): void {
    if (transaction) this.pending.delete(transaction);
    this.awaitingTransaction.delete(em as EntityManager);
  }

  private add<K extends object>(map: WeakMap<K, SeenChange[]>, key: K, changes: SeenChange[]): void {
    const list = map.get(key);
    if (list) list.push(...changes);
    else map.set(key, [...changes]);
  }
}
