import { ChangeSetType, type ChangeSet, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { ServiceCase } from '../../entities/case.js';
import type { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { Registration } from '../../entities/registration.js';
import { Trade } from '../../entities/trade.js';
import type { CountsChanged } from './counts-changed.js';

/**
 * What the live counts count, and what a change to each says about where it counts. The counts
 * (live-counts.ts, registration-counts.ts, licence-counts.ts, trade-stats.ts) read these tables and
 * nothing else; the unit of work sees every insert, update and delete of their entities, so a write
 * cannot forget to announce itself (counts-after-commit.ts publishes once the commit is done).
 *
 * A change says which department and division it concerns when it knows; one that moved a row from
 * one department or division to another says neither, so every scope recounts.
 */
interface CountedEntity<T> {
  entity: EntityName<T>;
  /** Null when the change cannot move a count. */
  change(row: T, moved: (property: string) => boolean, type: ChangeSetType): SeenChange | null;
}

/** A change as the unit of work saw it: a department not loaded in that flush is named by its id. */
export type SeenChange = CountsChanged & { departmentId?: string };

const department = (row: Department | null | undefined): Pick<SeenChange, 'departmentCode' | 'departmentId'> =>
  row?.code ? { departmentCode: row.code } : row?.id ? { departmentId: row.id } : {};

function counted<T>(entity: EntityName<T>, change: CountedEntity<T>['change']): CountedEntity<unknown> {
  return { entity, change } as CountedEntity<unknown>;
}

export const COUNTED_ENTITIES: readonly CountedEntity<unknown>[] = [
  counted(Registration, (row, moved) => ({ kind: 'registration', ...(moved('department') ? {} : department(row.department)) })),
  // The counts take a registration's and a licence's division (and a registration's entity kind)
  // from the enterprise; a new enterprise comes with the registration that announces it.
  counted(Enterprise, (_row, moved, type) => {
    if (type === ChangeSetType.CREATE) return null;
    if (type === ChangeSetType.UPDATE && !moved('divisionCode') && !moved('kind')) return null;
    return { kind: 'registration' };
  }),
  counted(Licence, (row, moved) => ({ kind: 'licence', ...(moved('issuer') ? {} : department(row.issuer)) })),
  counted(ServiceCase, (row, moved) => ({
    kind: 'case',
    ...(moved('department') ? {} : department(row.department)),
    divisionCode: moved('divisionCode') ? undefined : row.divisionCode,
  })),
  counted(Trade, (row, moved) => ({
    kind: 'trade',
    ...(moved('recordedBy') ? {} : department(row.recordedBy)),
    divisionCode: moved('divisionCode') ? undefined : row.divisionCode,
  })),
];

const byClass = new Map<unknown, CountedEntity<unknown>>(COUNTED_ENTITIES.map((counted) => [counted.entity, counted]));

/** The counts a flushed change moves, or null when its entity is not counted. */
export function countsChangedBy(changeSet: ChangeSet<object>): SeenChange | null {
  const counted = byClass.get(changeSet.entity.constructor) ?? byClass.get(changeSet.meta.class);
  if (!counted) return null;
  const moved = (property: string) => changeSet.type === ChangeSetType.UPDATE && property in (changeSet.payload ?? {});
  const change = counted.change(changeSet.entity, moved, changeSet.type);
  return change && withoutUnknowns(change);
}

function withoutUnknowns(change: SeenChange): SeenChange {
  const plain: SeenChange = { kind: change.kind };
  if (change.departmentCode) plain.departmentCode = change.departmentCode;
  else if (change.departmentId) plain.departmentId = change.departmentId;
  if (change.divisionCode) plain.divisionCode = change.divisionCode;
  return plain;
}

/** Whether a table is read by the live counts: raw SQL that writes it must record the change. */
export function isCountedTable(em: EntityManager, table: string): boolean {
  return COUNTED_ENTITIES.some((counted) => em.getMetadata().find(counted.entity)?.tableName === table);
}

/** Marks the subscriber that takes the changes raw SQL records (counts-after-commit.ts). */
export const COUNTS_RECORDER = Symbol('counts recorder');

export interface CountsRecorder {
  [COUNTS_RECORDER]: true;
  record(em: EntityManager, change: CountsChanged): void;
  /** A change a single statement outside any transaction has already committed. */
  committed(change: CountsChanged): void;
}

const recorders = (em: EntityManager) =>
  [...em.getEventManager().getSubscribers()].filter((subscriber) => COUNTS_RECORDER in subscriber) as unknown as CountsRecorder[];

/**
 * Records that a write the unit of work does not see (raw SQL on a counted table) changed `change`;
 * it is published after the transaction commits, with the changes the unit of work saw. Raw writes
 * to counted tables run in a transaction (see `inCountedTransaction`), so there is a commit to wait for.
 */
export function recordCountsChanged(em: EntityManager, change: CountsChanged): void {
  if (!em.isInTransaction())
    throw new Error(`a raw write to the ${change.kind} counts must run in a transaction, so its change is published after the commit`);
  for (const recorder of recorders(em)) recorder.record(em, withoutUnknowns(change));
}

/**
 * Records that a raw write made of one statement (`writeTogether`) changed `change`. Inside a
 * transaction it waits for the commit, as `recordCountsChanged`; outside one the statement has
 * committed on its own, so it is published now.
 */
export function recordStatementCounts(em: EntityManager, change: CountsChanged): void {
  if (em.isInTransaction()) return recordCountsChanged(em, change);
  for (const recorder of recorders(em)) recorder.committed(withoutUnknowns(change));
}

/** Runs a raw write to a counted table in the caller's transaction, or in its own one. */
export function inCountedTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.isInTransaction() ? work(em) : em.transactional(work);
}
