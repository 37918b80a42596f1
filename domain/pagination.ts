import { Cursor, type FilterQuery, type OrderDefinition, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { badUserInput } from './errors.js';

/** The largest page any list returns: a client cannot ask the database for an unbounded result. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  cursorOf(item: T): string;
}

/**
 * One page of a keyset (cursor) pagination: stable under inserts, and as cheap on page 1000 as on
 * page 1. `orderBy` must end with a unique key so that the order is total.
 */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  request: PageRequest,
  populate?: readonly string[],
): Promise<Page<T>> {
  const first = request.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (request.after) {
    try {
      Cursor.decode(request.after);
    } catch {
      throw badUserInput('after', 'is not a cursor this list returned');
    }
  }
  const cursor = await em.findByCursor(entity, {
    where,
    orderBy,
    first,
    after: request.after ?? undefined,
    populate: populate as never,
  } as never);
  return {
    items: cursor.items as T[],
    totalCount: cursor.totalCount as number,
    hasNextPage: cursor.hasNextPage,
    startCursor: cursor.startCursor,
    endCursor: cursor.endCursor,
    cursorOf: (item) => cursor.from(item as never),
  };
}
