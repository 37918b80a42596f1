import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { childListSelect, type ChildListShape } from './keyed-read-store.js';
import { selectRowsPrepared, type PreparedFamily } from './sql-statements.js';

/** A statement as MikroORM's query builder compiles it: `?` placeholders and their values, in order. */
export interface CompiledQuery {
  sql: string;
  params: readonly unknown[];
}

/**
 * Stands in the page's select list for the count and the child lists until they are spliced in:
 * the query builder inlines the values of a subquery in the select list, which would make the
 * text differ from one filter value to the next.
 */
export const PAGE_EXTRAS_MARKER = '__hub_page_extras__';

/** The page's column that carries the count of the whole list. */
export const COUNT_COLUMN = 'list_total_count';

/**
 * A page's texts follow the filters a client combines (and an `$in` list's length); this many are
 * prepared statements, the rest run with bound values but unnamed.
 */
const PAGES: PreparedFamily = { name: 'page', most: 64 };

/**
 * One page of rows, with the count of all rows meeting the list's filter and each row's child
 * lists, in one prepared statement: `rows` is the query builder's page with PAGE_EXTRAS_MARKER in
 * its select list, `count` its count query. Every value, the count's and the lists' too, is a bound
 * parameter, so the same page asked for again (another cursor, another filter value) is the same
 * text, which PostgreSQL parses and plans once per connection.
 */
export function selectPageRows(
  em: EntityManager,
  meta: EntityMetadata<object>,
  alias: string,
  rows: CompiledQuery,
  count: CompiledQuery,
  lists: readonly ChildListShape[],
): Promise<Array<Record<string, unknown>>> {
  const marker = rows.sql.indexOf(PAGE_EXTRAS_MARKER);
  if (marker < 0) throw new Error(`the page's query has no ${PAGE_EXTRAS_MARKER} in its select list`);
  const extras = [`(${count.sql}) as "${COUNT_COLUMN}"`, ...lists.map((list, index) => childListSelect(meta, list, alias, index))];
  const sql = rows.sql.slice(0, marker) + extras.join(', ') + rows.sql.slice(marker + PAGE_EXTRAS_MARKER.length);
  // In the order of their `?`: the select list's (the count's, then each list's) come before the page's own.
  const params = [...count.params, ...lists.flatMap((list) => Object.values(list.equal ?? {})), ...rows.params];
  return selectRowsPrepared(em, sql, params, em.getLoggerContext(), PAGES);
}

/** A list's `totalCount` alone, for a page that came back empty: the count statement of selectPageRows. */
export async function selectCount(em: EntityManager, count: CompiledQuery): Promise<number> {
  const [row] = await selectRowsPrepared<{ count: string | number }>(em, count.sql, count.params, em.getLoggerContext(), PAGES);
  return Number(row!.count);
}
