import type { EntityManager } from '@mikro-orm/sql';
import { readRowsByKeys } from '../domain/read-rows.js';

/**
 * The two shapes of batch every loader of the read path takes: rows by their own key, and the
 * children of many parents at once. Each is one statement per batch whatever its size, and its
 * results line up with the keys in length and order, as DataLoader requires. Rows are read outside
 * the unit of work, by a statement built once per shape (domain/read-rows.ts).
 */

type EntityClass<T> = new (...args: never[]) => T;

/** One query for the whole batch; results line up with the keys, missing ones as null. */
export async function loadByIds<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly string[],
): Promise<Array<T | null>> {
  return loadByKey(em, entity, 'id', ids, (row) => row.id);
}

/** One query for the rows whose `key` is one of `keys`; results line up with the keys, missing ones as null. */
export async function loadByKey<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  key: string,
  keys: readonly string[],
  keyOf: (row: T) => string | null | undefined,
): Promise<Array<T | null>> {
  const rows = await readRowsByKeys(em, entity, key, keys);
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((each) => byKey.get(each) ?? null);
}

export interface ChildrenQuery<T> {
  /** The child's property that holds its parent (a relation or a plain column such as a USCC). */
  parentKey: string;
  /** The parent's key of a child row, as the loader's keys spell it. */
  parentOf: (row: T) => string | null | undefined;
  /** Properties every child must equal (e.g. only awarded trades). */
  equal?: Record<string, string | number | boolean>;
  orderBy: Record<string, 'asc' | 'desc'>;
}

/**
 * One query for the children of a whole batch of parents, grouped by parent in the keys' order:
 * each parent gets its children in `orderBy` order, a parent without children an empty list.
 */
export async function loadChildrenByParent<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  query: ChildrenQuery<T>,
  parentIds: readonly string[],
): Promise<T[][]> {
  const rows = await readRowsByKeys(em, entity, query.parentKey, parentIds, { equal: query.equal, orderBy: query.orderBy });
  return groupByParent(parentIds, rows, query.parentOf);
}

/** Rows grouped under the keys they belong to, in the keys' order; rows of other keys are dropped. */
export function groupByParent<T>(keys: readonly string[], rows: readonly T[], parentOf: (row: T) => string | null | undefined): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) {
    const parent = parentOf(row);
    if (parent != null) groups.get(parent)?.push(row);
  }
  return keys.map((key) => groups.get(key)!);
}
