import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { selectRows } from './sql-statements.js';

/** The shape of a keyed read: which rows, in what order; the keys themselves vary per batch. */
export interface KeyedReadShape {
  /** The properties to select (their columns). */
  properties: readonly string[];
  /** The property the batch's keys are values of. */
  key: string;
  /** Properties every row must equal, with their values (e.g. only awarded trades). */
  equal?: Readonly<Record<string, string | number | boolean>>;
  orderBy?: Readonly<Record<string, 'asc' | 'desc'>>;
}

const compiled = new WeakMap<EntityMetadata<object>, Map<string, string>>();

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
  const equal = Object.entries(shape.equal ?? {});
  const sql = statementOf(meta, shape);
  return selectRows(em, sql, [keys, ...equal.map(([, value]) => value)]);
}

function statementOf(meta: EntityMetadata<object>, shape: KeyedReadShape): string {
  let statements = compiled.get(meta);
  if (!statements) {
    statements = new Map();
    compiled.set(meta, statements);
  }
  const cacheKey = JSON.stringify([shape.properties, shape.key, Object.keys(shape.equal ?? {}), shape.orderBy ?? {}]);
  let sql = statements.get(cacheKey);
  if (!sql) {
    const column = (property: string) => {
      const names = (meta.properties as Record<string, { fieldNames?: string[] } | undefined>)[property]?.fieldNames;
      if (names?.length !== 1) throw new Error(`${meta.className}.${property} is not a single column`);
      return `e0.${quote(names[0]!)}`;
    };
    const conditions = [`${column(shape.key)} in (?)`, ...Object.keys(shape.equal ?? {}).map((property) => `${column(property)} = ?`)];
    const order = Object.entries(shape.orderBy ?? {}).map(([property, direction]) => `${column(property)} ${direction}`);
    sql =
      `select ${shape.properties.map(column).join(', ')} from ${quote(meta.tableName)} as e0 where ${conditions.join(' and ')}` +
      (order.length > 0 ? ` order by ${order.join(', ')}` : '');
    statements.set(cacheKey, sql);
  }
  return sql;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
