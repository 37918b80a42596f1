import { Cursor, type FilterQuery, type OrderDefinition, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { badUserInput } from './errors.js';
import { readRowsAndCount, selectedColumns, type ChildList } from './read-rows.js';

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
  /** The child lists an item was read with (`lists` of findPage's options), or undefined. */
  listsOf(item: T): Record<string, object[]> | undefined;
}

interface KeysetDriver {
  processCursorOptions(meta: unknown, options: object, orderBy: unknown): { orderBy: Array<Record<string, unknown>>; where: object };
}

/**
 * A page read outside the unit of work (read-rows.ts): MikroORM's own keyset condition for the
 * cursor, one row past the page to know whether another follows, and the count in the same statement.
 */
async function readPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  first: number,
  after: string | undefined,
  lists: Readonly<Record<string, ChildList>> | undefined,
  columns: Iterable<string> | undefined,
): Promise<{ cursor: Cursor<T>; listsByItem: Map<T, Record<string, object[]>> }> {
  const meta = em.getMetadata().find(entity)!;
  const options = { first, after, overfetch: true, orderBy };
  // The driver's own keyset condition (what em.findByCursor applies), so cursors stay what they were.
  const driver = em.getDriver() as unknown as KeysetDriver;
  const keyset = driver.processCursorOptions(meta, options, orderBy);
  const type = entity as new () => T;
  // A cursor is made of the order's columns: read them whatever the selection asks for.
  const properties =
    columns &&
    selectedColumns(em, type, [
      ...columns,
      ...(Array.isArray(orderBy) ? orderBy : [orderBy]).flatMap((order) => Object.keys(order as object)),
    ]);
  const { rows, count } = await readRowsAndCount(
    em,
    type,
    { $and: [where, keyset.where] },
    keyset.orderBy,
    first + 1,
    where as Record<string, unknown>,
    lists,
    properties,
  );
  const cursor = new Cursor(rows.map(({ row }) => row) as never, count, options as never, meta);
  return { cursor, listsByItem: new Map(rows.map(({ row, lists: read }) => [row, read])) };
}

/**
 * One page of a keyset (cursor) pagination: stable under inserts, and as cheap on page 1000 as on
 * page 1. `orderBy` must end with a unique key so that the order is total. A list that asks for
 * relations to be populated (the admin's grants) still reads through the unit of work; `lists`
 * reads each item's child lists in the page's own statement (read-rows.ts, readRowsWithLists);
 * `columns` reads only the columns a selection needs (read-rows.ts, selectedColumns).
 */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  request: PageRequest,
  options: { populate?: readonly string[]; lists?: Readonly<Record<string, ChildList>>; columns?: Iterable<string> } = {},
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
  const { populate, lists, columns } = options;
  const { cursor, listsByItem } = populate?.length
    ? {
        cursor: await em.findByCursor(entity, {
          where,
          orderBy,
          first,
          after: request.after ?? undefined,
          populate: populate as never,
        } as never),
        listsByItem: undefined,
      }
    : await readPage(em, entity, where, orderBy, first, request.after ?? undefined, lists, columns);
  return {
    items: cursor.items as T[],
    totalCount: cursor.totalCount as number,
    hasNextPage: cursor.hasNextPage,
    startCursor: cursor.startCursor,
    endCursor: cursor.endCursor,
    cursorOf: (item) => cursor.from(item as never),
    listsOf: (item) => (lists ? listsByItem?.get(item) : undefined),
  };
}
