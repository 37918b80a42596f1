import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';

type EntityClass<T> = new (...args: never[]) => T;

/**
 * Rows read for a response, outside the unit of work. A request that only reads needs no identity
 * map, no snapshot for change tracking and no merge of each row into either, which cost the read
 * path most of its CPU (about five times the query's own on a page of licences); the query
 * builder's mapped results are the same columns under the entity's property names.
 *
 * Each row becomes an object of the entity's class (its getters and the GraphQL type's fields work
 * as on an entity) holding the scalar properties, and each many-to-one or owning one-to-one
 * relation as `{ id }` — what an unloaded reference offers, which is all the read path's field
 * resolvers take from it (they load the related row through their own loader). Collections are
 * absent: every one-to-many relation is a loader of its own. Such an object is not managed: it is
 * for reading, never to be changed and flushed.
 */
export async function readRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: Record<string, unknown>,
  orderBy?: Record<string, 'asc' | 'desc'>,
): Promise<T[]> {
  const meta = em.getMetadata().find(entity)!;
  const query = em
    .createQueryBuilder(entity)
    .select('*')
    .where(where as never);
  if (orderBy) query.orderBy(orderBy as never);
  const rows = (await query.execute('all', true)) as Array<Record<string, unknown>>;
  return rows.map((row) => readModelOf<T>(meta as EntityMetadata<T>, row));
}

function readModelOf<T extends object>(meta: EntityMetadata<T>, row: Record<string, unknown>): T {
  const object = Object.create(meta.class.prototype) as Record<string, unknown>;
  for (const property of meta.props) {
    if (!(property.name in row)) continue;
    const value = row[property.name];
    const isReference = property.kind === ReferenceKind.MANY_TO_ONE || (property.kind === ReferenceKind.ONE_TO_ONE && property.owner);
    object[property.name] = isReference && value != null && typeof value !== 'object' ? { id: value } : value;
  }
  return object as T;
}
