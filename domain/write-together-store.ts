import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { selectRowsPrepared } from './sql-statements.js';

/**
 * Rows of one entity, as objects of its class: new ones (their defaults filled in by the
 * constructor), or, with `changed`, existing ones to set those properties of, found by primary key.
 */
export interface TableRows {
  entity: EntityClass<object>;
  rows: readonly object[];
  changed?: readonly string[];
}

export const newRows = <T extends object>(entity: EntityClass<T>, rows: readonly T[]): TableRows => ({ entity, rows });

/** Existing rows of one entity whose `properties` take the values the objects hold. */
export const changedRows = <T extends object>(
  entity: EntityClass<T>,
  rows: readonly T[],
  properties: ReadonlyArray<keyof T & string>,
): TableRows => ({
  entity,
  rows,
  changed: properties,
});

/** A condition on the database as the statement starts (`?` parameters): when false, nothing is written. */
export interface WriteCondition {
  sql: string;
  params?: readonly unknown[];
}

/**
 * Writes rows of several tables in one statement, one multi-row INSERT (or UPDATE by primary key,
 * for `changedRows`) per table chained as data-modifying CTEs: one round trip, and atomic without a
 * transaction of its own (a statement commits whole or not at all). Foreign keys between the rows are checked at the statement's end,
 * so a registration and the enterprise it names go in together.
 *
 * This is the write path of the hot mutations (registration first): the unit of work would compute
 * a change set per object and send a statement per table and flush; here the objects are built by
 * the domain code (ids are generated in the hub), mapped by the entities' metadata and sent as one
 * JSON document that `jsonb_to_recordset` turns back into typed rows. Only the columns a row sets
 * are written, so database defaults (an outbox event's sequence) still apply.
 *
 * With `onlyIf`, the rows go in only when the condition holds in the statement's snapshot (an
 * optimistic writer's "the end is still where I left it"). Returns how many rows were written.
 */
export async function writeTogether(em: EntityManager, groups: readonly TableRows[], onlyIf?: WriteCondition): Promise<number> {
  const filled = groups.filter((group) => group.rows.length > 0);
  if (filled.length === 0) return 0;
  const documents: Array<Array<Record<string, unknown>>> = [];
  const writes = filled.map((group, index) => {
    const meta = em.getMetadata().find(group.entity);
    if (!meta) throw new Error(`${group.entity.name} is not a registered entity`);
    const rows = group.rows.map((row) => columnValues(meta, row, group.changed));
    documents.push(rows);
    const columns = writtenColumns(meta, rows);
    const types = columns.map((column) => `${quote(column.name)} ${column.type}`).join(', ');
    // Without an input row (the condition false) the record set is empty.
    const input = `jsonb_to_recordset((select document->${index} from input)) as row(${types})`;
    if (group.changed) {
      const key = quote(meta.getPrimaryProps()[0]!.fieldNames[0]!);
      const assignments = columns
        .filter((column) => quote(column.name) !== key)
        .map((column) => `${quote(column.name)} = row.${quote(column.name)}`)
        .join(', ');
      return `t${index} as (update ${quote(meta.tableName)} as target set ${assignments} from ${input} where target.${key} = row.${key} returning 1)`;
    }
    const names = columns.map((column) => quote(column.name)).join(', ');
    return `t${index} as (insert into ${quote(meta.tableName)} (${names}) select ${names} from ${input} returning 1)`;
  });
  const written = writes.map((_, index) => `(select count(*) from t${index})`).join(' + ');
  const [{ count }] = await selectRowsPrepared<{ count: number | string }>(
    em,
    `with input as (select ?::jsonb as document${onlyIf ? ` where ${onlyIf.sql}` : ''}), ${writes.join(',\n')} select (${written})::int as count`,
    [JSON.stringify(documents), ...(onlyIf?.params ?? [])],
  );
  return Number(count);
}

interface Column {
  name: string;
  type: string;
}

/** The columns of the table that at least one row sets, with their SQL types. */
function writtenColumns(meta: EntityMetadata<object>, rows: ReadonlyArray<Record<string, unknown>>): Column[] {
  const columns: Column[] = [];
  for (const prop of storedProperties(meta)) {
    const name = prop.fieldNames[0];
    if (rows.some((row) => name in row)) columns.push({ name, type: prop.columnTypes[0] });
  }
  return columns;
}

/**
 * A row as the JSON of its columns: references by key, timestamps in ISO 8601 with their zone.
 * A changed row carries its primary key and the changed properties only.
 */
function columnValues(meta: EntityMetadata<object>, row: object, changed?: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const prop of storedProperties(meta)) {
    if (changed && !prop.primary && !changed.includes(prop.name)) continue;
    let value = (row as Record<string, unknown>)[prop.name];
    if (value === undefined && prop.version) value = 1;
    if (value === undefined) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE && value !== null && typeof value === 'object') {
      value = (value as Record<string, unknown>)[prop.targetMeta!.primaryKeys[0]];
    }
    values[prop.fieldNames[0]] = value instanceof Date ? value.toISOString() : value;
  }
  return values;
}

const stored = new WeakMap<EntityMetadata<object>, EntityProperty<object>[]>();

/** The properties that are a column of the entity's own table (scalars and many-to-one keys). */
function storedProperties(meta: EntityMetadata<object>): EntityProperty<object>[] {
  let props = stored.get(meta);
  if (!props) {
    props = meta.props.filter(
      (prop) =>
        prop.persist !== false &&
        (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE) &&
        prop.fieldNames?.length === 1,
    );
    stored.set(meta, props);
  }
  return props;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
