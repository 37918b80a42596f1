import type { EntityMetadata } from '@mikro-orm/core';
import type { CompiledQuery } from './page-read-store.js';

/**
 * The tables whose rows triggers count as they are inserted and deleted
 * (Migration20261207080000_row_counts): the registry, which department systems page through
 * whole and whose count would otherwise cost each page a scan of every entity.
 */
const COUNTED_TABLES: ReadonlySet<string> = new Set(['enterprise']);

/**
 * Marks the transaction as a bulk writer's, whose shard of the count no registration's connection
 * shares (Migration20261207080000_row_counts): an import holds its shard until it commits.
 */
export const MARK_BULK_WRITE = `set local hub.row_count_bulk = 'on'`;

/**
 * The statement that gives a list's `totalCount`: the table's kept count when the list is the whole
 * table, else `counted`, the count of the rows meeting the list's filter. Both answer one row with
 * a `count` column, and both see the rows the page's own snapshot sees.
 */
export function totalCountQuery(
  meta: EntityMetadata<object>,
  where: Readonly<Record<string, unknown>>,
  counted: CompiledQuery,
): CompiledQuery {
  if (Object.keys(where).length > 0 || !COUNTED_TABLES.has(meta.tableName)) return counted;
  return {
    sql: `select coalesce(sum("row_total"), 0) as "count" from "row_count" where "table_name" = ?`,
    params: [meta.tableName],
  };
}
