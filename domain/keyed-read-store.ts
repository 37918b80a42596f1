import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { selectRowsPrepared } from './sql-statements.js';

/** The shape of a keyed read: which rows, in what order; the keys themselves vary per batch. */
export interface KeyedReadShape {
  /** The properties to select (their columns). */
  properties: readonly string[];
  /** The property the batch's keys are values of. */
  key: string;
  /** Properties every row must equal, with their values (e.g. only awarded trades). */
  equal?: Readonly<Record<string, string | number | boolean>>;
  orderBy?: Readonly<Record<string, 'asc' | 'desc'>>;
  /** Lists of child rows each row carries, read in the same statement (the `list_<index>` columns). */
  lists?: readonly ChildListShape[];
}

/**
 * The children of each row, as one JSON column: an array per row holding each child as an array of
 * its `properties`' values, in `orderBy` order. A value is the JSON of the column, or the column's
 * text where JSON would change it (timestamps, dates, numerics, 64-bit integers): either way what
 * the driver itself returns for the column, so the driver's own mapping turns a child into the
 * same object a read of the child's table gives.
 */
export interface ChildListShape {
  meta: EntityMetadata<object>;
  properties: readonly string[];
  /** The child's property that holds the parent's `parentProperty`. */
  parentKey: string;
  parentProperty: string;
  equal?: Readonly<Record<string, string | number | boolean>>;
  orderBy?: Readonly<Record<string, 'asc' | 'desc'>>;
}

/** The column of a row's `index`th child list. */
export const listColumn = (index: number) => `list_${index}`;

const compiled = new WeakMap<EntityMetadata<object>, Map<string | KeyedReadShape, KeyedStatements>>();

/**
 * The rows of `meta`'s table whose `shape.key` is one of `keys`, as the database returns them
 * (column names). The statement's text is built once per shape from the entity's metadata and
 * kept: a loader's batch differs from the last one only in its keys, and building the query anew
 * (the query builder's criteria and field processing) had cost the read path a third of its CPU.
 */
export async function selectRowsByKeys(
  em: EntityManager,
  meta: EntityMetadata<object>,
  shape: KeyedReadShape,
  keys: readonly unknown[],
): Promise<Array<Record<string, unknown>>> {
  if (keys.length === 0) return [];
  const statements = statementsOf(meta, shape);
  // In the order of their `?`: the lists' conditions come first, in the select list.
  const listValues = (shape.lists ?? []).flatMap((list) => Object.values(list.equal ?? {}));
  // One key (a point lookup's batch) is compared as one value: PostgreSQL plans `= any($n)` anew on
  // every execution of the prepared statement (its generic plan, costed for an array of unknown
  // length, loses to a custom one), which had cost a lookup's backend more than its execution.
  const [sql, keyValue] = keys.length === 1 ? [statements.oneKey, keys[0]] : [statements.anyKey, keys];
  return selectRowsPrepared(em, sql, [...listValues, keyValue, ...Object.values(shape.equal ?? {})]);
}

/** A keyed read's statement for a batch of keys (`= any(?)`) and for one key (`= ?`). */
interface KeyedStatements {
  anyKey: string;
  oneKey: string;
}

function statementsOf(meta: EntityMetadata<object>, shape: KeyedReadShape): KeyedStatements {
  let statements = compiled.get(meta);
  if (!statements) {
    statements = new Map();
    compiled.set(meta, statements);
  }
  // The shape of a list read is kept by its caller (read-rows.ts caches it per set of lists), so its identity is its key.
  const cacheKey = shape.lists ? shape : JSON.stringify([shape.properties, shape.key, Object.keys(shape.equal ?? {}), shape.orderBy ?? {}]);
  let built = statements.get(cacheKey);
  if (!built) {
    const column = columnsOf(meta, 'e0');
    const lists = (shape.lists ?? []).map((list, index) => childListSelect(meta, list, 'e0', index));
    const statement = (keyCondition: string) =>
      `select ${[...shape.properties.map(column), ...lists].join(', ')} from ${quote(meta.tableName)} as e0` +
      ` where ${conditionsOf(column, shape.key, keyCondition, shape.equal)}${orderOf(column, shape.orderBy)}`;
    built = { anyKey: statement('= any(?)'), oneKey: statement('= ?') };
    statements.set(cacheKey, built);
  }
  return built;
}

/**
 * The select-list item of a child list (`(subquery) as list_<index>`) for a parent table under
 * `parentAlias`: its rows' values as JSON arrays, aggregated in order, `[]` when none. Its `?`
 * parameters are the list's `equal` values, in their order. A page adds these to its own statement.
 */
export function childListSelect(parentMeta: EntityMetadata<object>, list: ChildListShape, parentAlias: string, index: number): string {
  const alias = `c${index}`;
  const column = columnsOf(list.meta, alias);
  const values = list.properties.map((property) => jsonValueOf(list.meta, property, column(property)));
  const conditions = [
    `${column(list.parentKey)} = ${columnsOf(parentMeta, parentAlias)(list.parentProperty)}`,
    ...Object.keys(list.equal ?? {}).map((property) => `${column(property)} = ?`),
  ];
  return (
    `(select coalesce(json_agg(json_build_array(${values.join(', ')})${orderOf(column, list.orderBy)}), '[]'::json)` +
    ` from ${quote(list.meta.tableName)} as ${alias} where ${conditions.join(' and ')}) as ${listColumn(index)}`
  );
}

/** Column types whose JSON differs from the text the driver reads: timestamps as ISO 8601, numerics as (inexact) numbers. */
const READ_AS_TEXT = /^(date|time|timestamp|timestamptz|interval|numeric|decimal|bigint|int8)\b/;

function jsonValueOf(meta: EntityMetadata<object>, property: string, column: string): string {
  const type = (meta.properties as Record<string, { columnTypes?: string[] }>)[property]?.columnTypes?.[0]?.toLowerCase() ?? '';
  if (type.endsWith('[]') && READ_AS_TEXT.test(type))
    throw new Error(`${meta.className}.${property}: a ${type} column cannot be read in a child list`);
  return READ_AS_TEXT.test(type) ? `${column}::text` : column;
}

/** The quoted column of a property, under a table alias. */
function columnsOf(meta: EntityMetadata<object>, alias: string) {
  return (property: string) => {
    const names = (meta.properties as Record<string, { fieldNames?: string[] } | undefined>)[property]?.fieldNames;
    if (names?.length !== 1) throw new Error(`${meta.className}.${property} is not a single column`);
    return `${alias}.${quote(names[0]!)}`;
  };
}

function conditionsOf(column: (property: string) => string, key: string, keyCondition: string, equal: KeyedReadShape['equal']): string {
  return [`${column(key)} ${keyCondition}`, ...Object.keys(equal ?? {}).map((property) => `${column(property)} = ?`)].join(' and ');
}

function orderOf(column: (property: string) => string, orderBy: KeyedReadShape['orderBy']): string {
  const order = Object.entries(orderBy ?? {}).map(([property, direction]) => `${column(property)} ${direction}`);
  return order.length > 0 ? ` order by ${order.join(', ')}` : '';
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
