import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { REFERENCE_ENTITIES, type ReferenceData } from './reference-data.js';

type Transaction = object & { savepointName?: string };

/**
 * Forgets the process's reference data when a flush writes any of it, and again once that write has
 * committed, then announces the change so other instances forget theirs. Every write of reference
 * data (an administrator's mutation, a key rotation, a seed) goes through the unit of work, so none
 * can leave a stale copy behind.
 *
 * Dropped at the flush, nothing read before the change is kept; dropped again at its commit,
 * nothing read while it was uncommitted is. A write in a savepoint is dropped again when the
 * transaction around the savepoint commits (`beforeTransactionStart` names it, on the same
 * EntityManager), as counts-after-commit.ts does for the live counts.
 */
export class ReferenceDataAfterCommit implements EventSubscriber {
  private readonly changedIn = new WeakSet<Transaction>();
  private readonly enclosingBeingStarted = new WeakMap<EntityManager, Transaction>();
  private readonly enclosing = new WeakMap<Transaction, Transaction>();

  constructor(
    private readonly data: ReferenceData,
    private readonly announce: () => void,
  ) {}

  onFlush({ em, uow }: FlushEventArgs): void {
    if (!uow.getChangeSets().some((changeSet) => REFERENCE_ENTITIES.includes(changeSet.meta.class))) return;
    this.data.forget();
    const transaction = em.getTransactionContext<Transaction>();
    // A flush outside a transaction runs in one of its own, which starts after this event.
    if (transaction) this.changedIn.add(transaction);
    else this.changedIn.add(em);
  }

  beforeTransactionStart({ em, transaction }: TransactionEventArgs): void {
    if (transaction) this.enclosingBeingStarted.set(em as EntityManager, transaction);
  }

  afterTransactionStart({ em, transaction }: TransactionEventArgs): void {
    if (!transaction) return;
    const enclosing = this.enclosingBeingStarted.get(em as EntityManager);
    this.enclosingBeingStarted.delete(em as EntityManager);
    if (transaction.savepointName && enclosing) this.enclosing.set(transaction, enclosing);
    if (this.changedIn.has(em)) {
      this.changedIn.delete(em);
      this.changedIn.add(transaction);
    }
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    if (!transaction || !this.changedIn.has(transaction)) return;
    this.changedIn.delete(transaction);
    const enclosing = transaction.savepointName ? this.enclosing.get(transaction) : undefined;
    if (enclosing) {
      this.changedIn.add(enclosing);
      return;
    }
    this.data.forget();
    this.announce();
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (transaction) this.changedIn.delete(transaction);
  }
}
