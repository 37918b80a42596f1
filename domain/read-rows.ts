import { LockMode, raw, ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { listColumn, selectRowsByKeys, type ChildListShape, type KeyedReadShape } from './keyed-read-store.js';
import { PageQueryShapes } from './page-query-shapes.js';
import { totalCountQuery } from './row-count-store.js';
import { COUNT_COLUMN, PAGE_EXTRAS_MARKER, selectCount, selectPageRows, type CompiledQuery } from './page-read-store.js';

type EntityClass<T> = new (...args: never[]) => T;
type OrderBy = Record<string, 'asc' | 'desc'> | ReadonlyArray<Record<string, unknown>>;

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
  orderBy?: OrderBy,
  limit?: number,
  options: { forUpdate?: boolean } = {},
): Promise<T[]> {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<T>;
  const query = em
    .createQueryBuilder(entity)
    .select(readColumnsOf(meta as unknown as EntityMetadata<object>) as never)
    .where(where as never);
  if (orderBy) query.orderBy(orderBy as never);
  if (limit !== undefined) query.limit(limit);
  // Locked until the caller's transaction ends: a write that reads what it changes, set-based.
  if (options.forUpdate) query.setLockMode(LockMode.PESSIMISTIC_WRITE);
  const rows = (await query.execute('all', true)) as Array<Record<string, unknown>>;
  return readModelsOf(em, meta, rows);
}

/**
 * readRows for the shape every loader's batch has: the rows whose `key` is one of `keys`, with
 * fixed further conditions and order. Its statement is built once per shape (keyed-read-store.ts),
 * not by the query builder per batch.
 */
export async function readRowsByKeys<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  key: string,
  keys: readonly unknown[],
  options: Pick<KeyedReadShape, 'equal' | 'orderBy'> = {},
): Promise<T[]> {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<T>;
  const shape = { properties: readColumnsOf(meta as unknown as EntityMetadata<object>), key, ...options };
  const rows = await selectRowsByKeys(em, meta as unknown as EntityMetadata<object>, shape, keys);
  // Column names to property names and JavaScript values, as the query builder's mapped results.
  const driver = em.getDriver();
  return readModelsOf(
    em,
    meta,
    rows.map((row) => driver.mapResult(row as never, meta) as Record<string, unknown>),
  );
}

/** A list of child rows to read with each parent: the children whose `parentKey` holds the parent's `parentProperty`. */
export interface ChildList<C extends object = object> {
  entity: EntityClass<C>;
  parentKey: string;
  /** The parent's property the children refer to (its `id` unless named). */
  parentProperty?: string;
  equal?: KeyedReadShape['equal'];
  orderBy?: KeyedReadShape['orderBy'];
  /** The children's columns to read (selectedColumns); every column when absent. */
  properties?: readonly string[];
}

/** A row read with its child lists, each in its list's order. */
export interface RowWithLists<T, Name extends string> {
  row: T;
  lists: Record<Name, object[]>;
}

/**
 * readRowsByKeys with, for each row, the child lists named in `lists`, read by the same statement
 * (each list a JSON subquery, as a GraphQL data layer that compiles a query to SQL builds its nested
 * lists): a lookup of an enterprise with its licences, registrations and department facts is one
 * round trip instead of four. The children are the same read objects their own loaders return.
 * Pass the same `lists` object for the same set of lists: the statement is built once for it.
 * With `properties` (selectedColumns), only those columns of the parents are read.
 */
export async function readRowsWithLists<T extends object, Name extends string>(
  em: EntityManager,
  entity: EntityClass<T>,
  key: string,
  keys: readonly unknown[],
  lists: Readonly<Record<Name, ChildList>>,
  properties?: readonly string[],
): Promise<Array<RowWithLists<T, Name>>> {
  const meta = em.getMetadata().find(entity)! as unknown as EntityMetadata<object>;
  const planned = listsPlanOf(em, meta, lists);
  const rows = await selectRowsByKeys(em, meta, planned.shape(key, properties), keys);
  return readModelsWithLists(
    em,
    meta as unknown as EntityMetadata<T>,
    rows,
    planned,
    properties === undefined && planned.whole.every(Boolean),
  );
}

/** How a set of child lists is read and mapped, worked out once per set (and parent entity). */
interface ListsPlan<Name extends string> {
  names: Name[];
  lists: ChildListShape[];
  /** Each list's columns, in the order of a child's values. */
  fields: string[][];
  /**
   * Each list's column holding its parent's primary key, when the list is joined on it: not read
   * per child, since by the list's condition it is the parent's own key (null: read, or not wanted).
   */
  parentKeyFields: Array<string | null>;
  /** Whether each list reads every column of its children (else its children are not remembered as read). */
  whole: boolean[];
  /** The keyed read of the parents by `key` (their `properties`, else every column), with these lists. */
  shape(key: string, properties?: readonly string[]): KeyedReadShape;
}

const listsPlans = new WeakMap<EntityMetadata<object>, WeakMap<object, ListsPlan<string>>>();

function listsPlanOf<Name extends string>(
  em: EntityManager,
  meta: EntityMetadata<object>,
  lists: Readonly<Record<Name, ChildList>>,
): ListsPlan<Name> {
  let plans = listsPlans.get(meta);
  if (!plans) listsPlans.set(meta, (plans = new WeakMap()));
  let plan = plans.get(lists) as ListsPlan<Name> | undefined;
  if (!plan) {
    const metadata = em.getMetadata();
    const names = Object.keys(lists) as Name[];
    const parentKeyFields: Array<string | null> = [];
    const shapes = names.map((name): ChildListShape => {
      const childMeta = metadata.find(lists[name].entity)! as unknown as EntityMetadata<object>;
      const { parentKey, parentProperty = meta.primaryKeys[0]! } = lists[name];
      const properties = lists[name].properties ?? readColumnsOf(childMeta);
      const fromParent = parentProperty === meta.primaryKeys[0] && properties.includes(parentKey);
      parentKeyFields.push(fromParent ? fieldOf(childMeta, parentKey) : null);
      return {
        meta: childMeta,
        properties: fromParent ? properties.filter((property) => property !== parentKey) : properties,
        parentKey,
        parentProperty,
        equal: lists[name].equal,
        orderBy: lists[name].orderBy,
      };
    });
    const byKey = new Map<string, KeyedReadShape>();
    plan = {
      names,
      lists: shapes,
      fields: shapes.map((list) => list.properties.map((property) => fieldOf(list.meta, property))),
      parentKeyFields,
      whole: names.map((name) => lists[name].properties === undefined),
      shape: (key, properties) => {
        const shapeKey = `${key}|${properties?.join(',') ?? '*'}`;
        let shape = byKey.get(shapeKey);
        if (!shape) byKey.set(shapeKey, (shape = { properties: properties ?? readColumnsOf(meta), key, lists: shapes }));
        return shape;
      },
    };
    plans.set(lists, plan as ListsPlan<string>);
  }
  return plan;
}

/**
 * Parent rows carrying `list_<index>` columns, as read objects with their lists. Lists read with
 * every column, and parents when `whole` (theirs and every list's), are remembered as read by this
 * request; others are the selection's own (see selectedColumns).
 */
function readModelsWithLists<T extends object, Name extends string>(
  em: EntityManager,
  meta: EntityMetadata<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
  plan: ListsPlan<Name>,
  whole: boolean,
): Array<RowWithLists<T, Name>> {
  const driver = em.getDriver();
  // The parent's key as the driver returned it, for the lists joined on it (their rows no longer carry it).
  const keyField = plan.parentKeyFields.some((field) => field !== null)
    ? fieldOf(meta as unknown as EntityMetadata<object>, meta.primaryKeys[0]!)
    : null;
  const parentKeys = keyField === null ? [] : rows.map((row) => row[keyField]);
  const listValues = rows.map((row) =>
    plan.names.map((_, index) => {
      const values = row[listColumn(index)] as unknown[][];
      delete row[listColumn(index)];
      return values;
    }),
  );
  // Parents first, so a child's reference to its parent is the parent's read object.
  const parents = readModelsOf(
    em,
    meta,
    rows.map((row) => driver.mapResult(row as never, meta) as Record<string, unknown>),
    whole,
  );
  return parents.map((parent, rowIndex) => {
    const lists = {} as Record<Name, object[]>;
    plan.names.forEach((name, index) => {
      const fields = plan.fields[index]!;
      const parentKeyField = plan.parentKeyFields[index]!;
      const childMeta = plan.lists[index]!.meta;
      const children = listValues[rowIndex]![index]!.map((values) => {
        const raw: Record<string, unknown> = {};
        for (let column = 0; column < fields.length; column++) raw[fields[column]!] = values[column];
        if (parentKeyField !== null) raw[parentKeyField] = parentKeys[rowIndex];
        return driver.mapResult(raw as never, childMeta) as Record<string, unknown>;
      });
      lists[name] = readModelsOf(em, childMeta, children, plan.whole[index]!);
    });
    return { row: parent, lists };
  });
}

/**
 * Mapped rows as read objects, each remembered as read by this request unless `remember` is false:
 * a row read with only some columns must not stand for the row where another field reaches it.
 */
function readModelsOf<T extends object>(
  em: EntityManager,
  meta: EntityMetadata<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
  remember = true,
): T[] {
  const read = readSoFar(em);
  return rows.map((row) => {
    const object = readModelOf(em, read, meta, row);
    if (remember) read.set(keyOf(meta.className, row[meta.primaryKeys[0]!]), object);
    return object;
  });
}

/**
 * A page of rows and the count of all rows meeting `countWhere`, in one statement: the count is an
 * uncorrelated subquery the database evaluates once beside the page. An empty page carries no
 * count, which then takes a statement of its own. With `lists`, each row carries its child lists
 * as readRowsWithLists reads them, from the same statement; with `properties`, only those columns
 * of the rows.
 */
export async function readRowsAndCount<T extends object, Name extends string = never>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: Record<string, unknown>,
  orderBy: OrderBy,
  limit: number,
  countWhere: Record<string, unknown>,
  lists?: Readonly<Record<Name, ChildList>>,
  properties?: readonly string[],
): Promise<{ rows: Array<RowWithLists<T, Name>>; count: number }> {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<T>;
  const parentMeta = meta as unknown as EntityMetadata<object>;
  const plan = lists ? listsPlanOf(em, parentMeta, lists) : undefined;
  const columns = properties ?? readColumnsOf(parentMeta);
  const { page, count: counted } = pageShapesOf(em).compiled(
    [meta.className, orderBy, columns.join(','), limit],
    where,
    countWhere,
    () => ({
      page: withLimit(
        em
          .createQueryBuilder(entity, PAGE_ALIAS)
          .select([...columns, raw(PAGE_EXTRAS_MARKER)] as never)
          .where(where as never)
          .orderBy(orderBy as never)
          .toQuery(),
        limit,
      ),
      count: em
        .createQueryBuilder(entity, 'c0')
        .count()
        .where(countWhere as never)
        .toQuery(),
    }),
  );
  const count = totalCountQuery(parentMeta, countWhere, counted);
  // The count and the page's child lists (as in a keyed read with lists) are subqueries of the page's own statement.
  const rows = await selectPageRows(em, parentMeta, PAGE_ALIAS, page, count, plan?.lists ?? []);
  if (rows.length === 0) return { rows: [], count: await selectCount(em, count) };
  const total = Number(rows[0]![COUNT_COLUMN]);
  for (const row of rows) delete row[COUNT_COLUMN];
  return {
    rows: readModelsWithLists(em, meta, rows, plan ?? NO_LISTS, properties === undefined && (plan?.whole ?? []).every(Boolean)),
    count: total,
  };
}

const PAGE_ALIAS = 'e0';

/**
 * The page's statement with its size written into the text. With the size a bound value,
 * PostgreSQL costs the prepared statement's generic plan for an unknown limit (a tenth of the
 * table, each row with its list subqueries) and so plans the page anew on every execution,
 * which cost about a tenth of the page's database time; with the size in the text it plans a
 * page size once per connection. Page sizes are few (pagination.ts bounds them).
 */
function withLimit(page: CompiledQuery, limit: number): CompiledQuery {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`a page's size must be a whole number, not ${limit}`);
  return { sql: `${page.sql} limit ${limit}`, params: page.params };
}

/** The page statements compiled so far, per ORM (its metadata). */
const pageShapes = new WeakMap<object, PageQueryShapes>();

function pageShapesOf(em: EntityManager): PageQueryShapes {
  const metadata = em.getMetadata();
  let shapes = pageShapes.get(metadata);
  if (!shapes) pageShapes.set(metadata, (shapes = new PageQueryShapes()));
  return shapes;
}
const NO_LISTS: ListsPlan<never> = {
  names: [],
  lists: [],
  fields: [],
  parentKeyFields: [],
  whole: [],
  shape: () => ({ properties: [], key: '' }),
};

/** The column of a single-column property. */
const fieldOf = (meta: EntityMetadata<object>, property: string) =>
  (meta.properties as Record<string, EntityProperty<object>>)[property]!.fieldNames[0]!;

/**
 * Makes rows this request has just written known to its reads, as if it had read them: the answer
 * of a mutation that wrote a licence reads the licence's history, whose owner the policy takes
 * from the licence itself.
 */
export function rememberWritten<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: readonly T[]): void {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<T>;
  const read = readSoFar(em);
  for (const row of rows) read.set(keyOf(meta.className, (row as Record<string, unknown>)[meta.primaryKeys[0]!]), row);
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
  const object = Object.create(readPrototypeOf(meta as unknown as EntityMetadata<object>)) as Record<string, unknown>;
  const columns = columnPropertiesOf(meta as unknown as EntityMetadata<object>);
  // The row's own columns, not every property of the entity: a selection's row carries a few.
  for (const name in row) {
    const reference = columns.get(name);
    if (reference === undefined) continue;
    const value = row[name];
    object[name] = reference && value != null && typeof value !== 'object' ? referenced(em, read, reference, value) : value;
  }
  return object as T;
}

const columnProperties = new WeakMap<EntityMetadata<object>, Map<string, EntityProperty | null>>();

/**
 * The properties a row can carry (scalars and references), each with its reference or null,
 * worked out once per entity: a page maps thousands of rows.
 */
function columnPropertiesOf(meta: EntityMetadata<object>): Map<string, EntityProperty | null> {
  let properties = columnProperties.get(meta);
  if (!properties) {
    properties = new Map(
      meta.props
        .filter((property) => property.kind === ReferenceKind.SCALAR || isReference(property))
        .map((property) => [property.name, isReference(property) ? (property as EntityProperty) : null]),
    );
    columnProperties.set(meta, properties);
  }
  return properties;
}

const readColumns = new WeakMap<EntityMetadata<object>, string[]>();

/** The properties a read selects: every column of the table but the lazy ones (search grams, never read back). */
function readColumnsOf(meta: EntityMetadata<object>): string[] {
  let columns = readColumns.get(meta);
  if (!columns) {
    columns = meta.props
      .filter(
        (property) => property.persist !== false && !property.lazy && (property.kind === ReferenceKind.SCALAR || isReference(property)),
      )
      .map((property) => property.name);
    readColumns.set(meta, columns);
  }
  return columns;
}

/** The properties a read of `entity` selects when it reads every column: what selectedColumns can choose from. */
export function readColumnNames(em: EntityManager, entity: EntityClass<object>): readonly string[] {
  return readColumnsOf(em.getMetadata().find(entity)! as EntityMetadata<object>);
}

/**
 * The columns to read for a selection that needs `wanted` (property names; others are ignored),
 * with the primary key and every reference always (what identifies a row, and what the policy and
 * the loaders of its relations read), in the table's order. Undefined when that is every column:
 * the read is then whole. The same array for the same set, so statements built per set of columns
 * are built once.
 */
export function selectedColumns(em: EntityManager, entity: EntityClass<object>, wanted: Iterable<string>): readonly string[] | undefined {
  const meta = em.getMetadata().find(entity)! as EntityMetadata<object>;
  const wantedSet = new Set(wanted);
  const chosen = readColumnsOf(meta).filter((name) => {
    const property = (meta.properties as Record<string, EntityProperty<object>>)[name]!;
    return wantedSet.has(name) || property.primary || isReference(property);
  });
  if (chosen.length === readColumnsOf(meta).length) return undefined;
  let sets = columnSets.get(meta);
  if (!sets || sets.size >= MAX_COLUMN_SETS) columnSets.set(meta, (sets = new Map()));
  const key = chosen.join(',');
  let set = sets.get(key);
  if (!set) sets.set(key, (set = Object.freeze(chosen)));
  return set;
}

/** Column sets kept per entity; a client sending ever new selections makes the cache start afresh, not grow. */
const MAX_COLUMN_SETS = 500;
const columnSets = new WeakMap<EntityMetadata<object>, Map<string, readonly string[]>>();

const readPrototypes = new WeakMap<EntityMetadata<object>, object>();

/**
 * The entity's prototype with its properties as plain writable slots. MikroORM gives the entity's
 * prototype a setter per property that, on first assignment, creates the object's change-tracking
 * state and an accessor on the instance: a tenth of the read path's CPU, for objects that are never
 * tracked. Shadowed here, an assignment makes an ordinary own property; the class's own getters
 * and methods, and `instanceof`, are unchanged.
 */
function readPrototypeOf(meta: EntityMetadata<object>): object {
  let prototype = readPrototypes.get(meta);
  if (!prototype) {
    const entityPrototype = meta.class.prototype as object;
    prototype = Object.create(entityPrototype) as object;
    for (const property of meta.props) {
      const inherited = findDescriptor(entityPrototype, property.name);
      // A getter of the class's own (no setter) is computed, not a column: it stays.
      if (property.accessor || (inherited?.get && !inherited.set)) continue;
      Object.defineProperty(prototype, property.name, { value: undefined, writable: true, enumerable: false, configurable: true });
    }
    readPrototypes.set(meta, prototype);
  }
  return prototype;
}

function findDescriptor(object: object | null, name: string): PropertyDescriptor | undefined {
  for (let current = object; current; current = Object.getPrototypeOf(current) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, name);
    if (descriptor) return descriptor;
  }
  return undefined;
}

function isReference(property: EntityProperty): boolean {
  return property.kind === ReferenceKind.MANY_TO_ONE || (property.kind === ReferenceKind.ONE_TO_ONE && Boolean(property.owner));
}

function referenced(em: EntityManager, read: Map<string, object>, property: EntityProperty, id: unknown): object {
  const target = property.targetMeta!;
  return read.get(keyOf(target.className, id)) ?? em.getUnitOfWork().getById(target.class, id as never) ?? { [target.primaryKeys[0]!]: id };
}
