import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';

type EntityClass<T> = new (...args: never[]) => T;

/**
 * Rows read for a response, outside the unit of work. A request that only reads needs no snapshot
 * for change tracking and no merge of each row into the identity map, which cost the read path most
 * of its CPU (about five times the query's own on a page of licences); the query builder's mapped
 * results are the same columns under the entity's property names.
 *
 * Each row becomes an object of the entity's class (its getters and the GraphQL type's fields work
 * as on an entity) holding the scalar properties. A many-to-one (or owning one-to-one) relation is
 * the row this request already read, when it did — a history row's licence or case, which the
 * policy reads the owner and applicant from, as it did when such rows shared the unit of work's
 * identity map — else `{ id }`, what an unloaded reference offers and all a field resolver takes to
 * load it (`{ code }` where the key is a code). Collections are absent: every one-to-many relation is a loader of its own. The objects
 * are for reading: never changed, never flushed.
 */
export async function readRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: Record<string, unknown>,
  orderBy?: Record<string, 'asc' | 'desc'>,
): Promise<T[]> {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<T>;
  const query = em
    .createQueryBuilder(entity)
    .select('*')
    .where(where as never);
  if (orderBy) query.orderBy(orderBy as never);
  const rows = (await query.execute('all', true)) as Array<Record<string, unknown>>;
  const read = readSoFar(em);
  return rows.map((row) => {
    const object = readModelOf(em, read, meta, row);
    read.set(keyOf(meta.className, row[meta.primaryKeys[0]!]), object);
    return object;
  });
}

/** What this request's read path has read, by entity and primary key (the request's EntityManager is its key). */
const readByRequest = new WeakMap<EntityManager, Map<string, object>>();

function readSoFar(em: EntityManager): Map<string, object> {
  let read = readByRequest.get(em);
  if (!read) {
    read = new Map();
    readByRequest.set(em, read);
  }
  return read;
}

const keyOf = (className: string, id: unknown) => `${className}:${String(id)}`;

function readModelOf<T extends object>(
  em: EntityManager,
  read: Map<string, object>,
  meta: EntityMetadata<T>,
  row: Record<string, unknown>,
): T {
  const object = Object.create(meta.class.prototype) as Record<string, unknown>;
  for (const property of meta.props) {
    if (!(property.name in row)) continue;
    const value = row[property.name];
    object[property.name] =
      isReference(property) && value != null && typeof value !== 'object' ? referenced(em, read, property, value) : value;
  }
  return object as T;
}

function isReference(property: EntityProperty): boolean {
  return property.kind === ReferenceKind.MANY_TO_ONE || (property.kind === ReferenceKind.ONE_TO_ONE && Boolean(property.owner));
}

function referenced(em: EntityManager, read: Map<string, object>, property: EntityProperty, id: unknown): object {
  const target = property.targetMeta!;
  return read.get(keyOf(target.className, id)) ?? em.getUnitOfWork().getById(target.class, id as never) ?? { [target.primaryKeys[0]!]: id };
}
