import { ReferenceKind, type EntityClass, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { PLANNED_PER_EXECUTION, selectRowsPrepared } from './sql-statements.js';

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
  const shapes = filled.map((group) => {
    const meta = em.getMetadata().find(group.entity);
    if (!meta) throw new Error(`${group.entity.name} is not a registered entity`);
    const columns = storedColumns(meta);
    const rows = group.rows.map((row) => columnValues(columns, row, group.changed));
    documents.push(rows);
    return { meta, changed: group.changed !== undefined, columns: columns.filter((column) => rows.some((row) => column.name in row)) };
  });
  // A condition is planned at each execution. The access log's append checks the chain's end by its
  // position; a connection's generic plan for that, made while the log was nearly empty, scanned
  // the whole log on every append from then on (with autovacuum off nothing re-plans it): the
  // point-lookup benchmark's conditional lookups fell from 1 110 to 322 a second within a minute.
  const [{ count }] = await selectRowsPrepared<{ count: number | string }>(
    em,
    statementOf(shapes, onlyIf),
    [JSON.stringify(documents), ...(onlyIf?.params ?? [])],
    em.getLoggerContext(),
    onlyIf ? PLANNED_PER_EXECUTION : undefined,
  );
  return Number(count);
}

interface TableShape {
  meta: EntityMetadata<object>;
  /** UPDATE by primary key, or INSERT. */
  changed: boolean;
  /** The columns at least one row sets. */
  columns: readonly StoredColumn[];
}

/**
 * The statement's text for these tables and columns: the same few shapes come back on every
 * registration, so each text is built once (its key names the tables, the columns and the condition).
 */
const statements = new Map<string, string>();
const MAX_STATEMENTS = 512;

function statementOf(shapes: readonly TableShape[], onlyIf?: WriteCondition): string {
  const key = `${shapes
    .map(({ meta, changed, columns }) => `${meta.tableName}${changed ? '=' : '+'}${columns.map((column) => column.name).join(',')}`)
    .join(' ')}${onlyIf ? ` if ${onlyIf.sql}` : ''}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    sql = buildStatement(shapes, onlyIf);
    // Shapes come from the code's own writes, a handful; the bound only keeps a mistake from growing without end.
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statements.set(key, sql);
  }
  return sql;
}

function buildStatement(shapes: readonly TableShape[], onlyIf?: WriteCondition): string {
  const writes = shapes.map(({ meta, changed, columns }, index) => {
    const types = columns.map((column) => `${column.quoted} ${column.type}`).join(', ');
    // Without an input row (the condition false) the record set is empty.
    const input = `jsonb_to_recordset((select document->${index} from input)) as row(${types})`;
    if (changed) {
      const key = quote(meta.getPrimaryProps()[0]!.fieldNames[0]!);
      const assignments = columns
        .filter((column) => column.quoted !== key)
        .map((column) => `${column.quoted} = row.${column.quoted}`)
        .join(', ');
      return `t${index} as (update ${quote(meta.tableName)} as target set ${assignments} from ${input} where target.${key} = row.${key} returning 1)`;
    }
    const names = columns.map((column) => column.quoted).join(', ');
    return `t${index} as (insert into ${quote(meta.tableName)} (${names}) select ${names} from ${input} returning 1)`;
  });
  const written = writes.map((_, index) => `(select count(*) from t${index})`).join(' + ');
  return `with input as (select ?::jsonb as document${onlyIf ? ` where ${onlyIf.sql}` : ''}), ${writes.join(',\n')} select (${written})::int as count`;
}

/** A column of the entity's own table, as a row's JSON carries it. */
interface StoredColumn {
  /** The property that holds it. */
  property: string;
  name: string;
  quoted: string;
  type: string;
  primary: boolean;
  /** An optimistic lock's version: 1 when the row does not say. */
  version: boolean;
  /** For a many-to-one reference, the referenced entity's key property, read off the object. */
  referenceKey: string | null;
}

/**
 * A row as the JSON of its columns: references by key, timestamps in ISO 8601 with their zone.
 * A changed row carries its primary key and the changed properties only.
 */
function columnValues(columns: readonly StoredColumn[], row: object, changed?: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const column of columns) {
    if (changed && !column.primary && !changed.includes(column.property)) continue;
    let value = (row as Record<string, unknown>)[column.property];
    if (value === undefined && column.version) value = 1;
    if (value === undefined) continue;
    if (column.referenceKey !== null && value !== null && typeof value === 'object') {
      value = (value as Record<string, unknown>)[column.referenceKey];
    }
    values[column.name] = value instanceof Date ? value.toISOString() : value;
  }
  return values;
}

const stored = new WeakMap<EntityMetadata<object>, StoredColumn[]>();

/** The columns of the entity's own table (its scalars and many-to-one keys), worked out once per entity. */
function storedColumns(meta: EntityMetadata<object>): StoredColumn[] {
  let columns = stored.get(meta);
  if (!columns) {
    columns = meta.props
      .filter(
        (prop) =>
          prop.persist !== false &&
          (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE) &&
          prop.fieldNames?.length === 1,
      )
      .map((prop) => ({
        property: prop.name,
        name: prop.fieldNames[0]!,
        quoted: quote(prop.fieldNames[0]!),
        type: prop.columnTypes[0]!,
        primary: Boolean(prop.primary),
        version: Boolean(prop.version),
        referenceKey: prop.kind === ReferenceKind.MANY_TO_ONE ? prop.targetMeta!.primaryKeys[0]! : null,
      }));
    stored.set(meta, columns);
  }
  return columns;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
