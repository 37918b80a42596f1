import type { EntityClass, EntityManager } from '@mikro-orm/sql';
import type { Pool } from 'pg';

/**
 * The one way the hub runs SQL of its own, for the statements the unit of work cannot say (guarded
 * UPDATEs, SKIP LOCKED claims, grouped counts, sequences). Each is a named function in a
 * `*-store.ts` file beside its feature; those functions run it through here, and nothing else
 * calls `em.execute`. A test (tests/architecture/raw-sql-in-stores.test.ts) keeps it so.
 *
 * Everything goes through `em.execute` with the EntityManager's own logger context, because:
 * - the statement joins the caller's transaction (a `tx` of `em.transactional`, or the
 *   transaction context the EntityManager resolves to);
 * - it is logged like the ORM's own statements, or not at all under background work's quiet
 *   context (connectors/background.ts); `em.execute` without a context ignores the
 *   EntityManager's and always logs. The tests that count a request's statements read that log.
 *
 * MikroORM formats the `?` parameters into the SQL text before sending it. That is right for the
 * handful of values these statements carry; a statement passing thousands of rows would be
 * parsed and logged as one huge text, so the registry import streams its rows by COPY instead.
 */
type LoggerContext = Record<string, unknown>;

/** The table an entity is stored in, as its metadata names it. */
export function tableOf(em: EntityManager, entity: EntityClass<object>): string {
  const meta = em.getMetadata().find(entity);
  if (!meta) throw new Error(`${entity.name} is not a registered entity`);
  return meta.tableName;
}

/** The tables of several entities at once, under the names the statement uses: `tablesOf(em, { delivery: Delivery })`. */
export function tablesOf<Name extends string>(em: EntityManager, entities: Record<Name, EntityClass<object>>): Record<Name, string> {
  const tables = {} as Record<Name, string>;
  for (const name of Object.keys(entities) as Name[]) tables[name] = tableOf(em, entities[name]);
  return tables;
}

/** Runs an INSERT, UPDATE or DELETE (or a lock); returns the rows it changed. */
export async function runStatement(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  loggerContext: LoggerContext = em.getLoggerContext(),
): Promise<number> {
  const result = (await em.execute(sql, [...params], 'run', loggerContext)) as { affectedRows?: number };
  return result.affectedRows ?? 0;
}

/** Runs a SELECT, or a write with RETURNING, and gives its rows as `Row` (column names as the SQL spells them). */
export async function selectRows<Row extends object>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  loggerContext: LoggerContext = em.getLoggerContext(),
): Promise<Row[]> {
  return (await em.execute(sql, [...params], 'all', loggerContext)) as Row[];
}

/** One round trip to the database (`select 1`): readiness asks it before anything else. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await selectRows(em, 'select 1');
}

/**
 * Named parameters (`:today`) to the positional ones `em.execute` takes, in order of appearance
 * (a name used twice is passed twice). `::` casts are left alone.
 */
export function positional(sql: string, params: Record<string, unknown>): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name}`);
    values.push(params[name]);
    return '?';
  });
  return { sql: text, values };
}

/**
 * selectRows for a statement the hub sends over and over with the same text (a registration's rows,
 * a loader's batch): its values go as bound parameters instead of being
 * formatted into the text, and it is a prepared statement of each pooled connection, so PostgreSQL
 * parses, analyses and plans it once per connection instead of on every call. Measured on a
 * registration, those steps were about 0.45 ms of the database's 1.4 ms of CPU. It is logged like
 * every other statement.
 *
 * Inside a transaction the statement must run on the transaction's connection, and the embedded
 * database has no pool of its own: there it is selectRows. An array parameter is a PostgreSQL
 * array either way (`= any(?)`), as the driver sends one bound.
 */
export async function selectRowsPrepared<Row extends object>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  loggerContext: LoggerContext = em.getLoggerContext(),
  family: PreparedFamily = FIXED_TEXTS,
): Promise<Row[]> {
  const pool = em.isInTransaction() ? undefined : await pooledClient(em);
  if (!pool)
    return selectRows(
      em,
      sql,
      params.map((param) => (Array.isArray(param) ? arrayLiteral(param) : param)),
      loggerContext,
    );
  const text = numberedTextOf(sql);
  const name = preparedName(text, family);
  const connection = em.getConnection() as unknown as LoggingConnection;
  try {
    return await connection.executeQuery(
      text,
      async () => (await pool.query<Row>({ text, values: [...params], ...(name ? { name } : {}) })).rows,
      { query: text, params: [...params], ...loggerContext },
    );
  } catch (error) {
    // As em.execute reports it: a unique index's refusal is MikroORM's UniqueConstraintViolationException.
    throw em.getDriver().convertException(error as Error);
  }
}

/** MikroORM's timing and logging of a statement (`em.execute` uses it too). */
interface LoggingConnection {
  executeQuery<T>(query: string, run: () => Promise<T>, context: Record<string, unknown>): Promise<T>;
}

/**
 * The pg Pool under MikroORM's PostgreSQL driver, or undefined on the embedded database. Told by its
 * shape rather than `instanceof`: a test runner that loads `pg` twice gives two Pool classes.
 */
async function pooledClient(em: EntityManager): Promise<Pool | undefined> {
  const native = (await em.getConnection().getNativeClient()) as Partial<Pool> | null;
  return typeof native?.query === 'function' && typeof native.connect === 'function' && typeof native.totalCount === 'number'
    ? (native as Pool)
    : undefined;
}

/**
 * Statements whose texts come from a family with a bound of its own. The hub's fixed statements (a
 * registration's rows, a loader's batch) have few texts; a page's text follows the filters a
 * client combines, so pages get a share of the names that no client can take from the others.
 */
export interface PreparedFamily {
  name: string;
  /** Distinct texts of this family given a name; later ones run unnamed, their values still bound. */
  most: number;
}

const FIXED_TEXTS: PreparedFamily = { name: 'fixed', most: 136 };

/**
 * Statements never given a name: their values are bound, and PostgreSQL plans them at each
 * execution for the values and the tables as they are then. For a statement whose best plan
 * changes as a table grows, which a connection's generic plan, made once, would not follow.
 */
export const PLANNED_PER_EXECUTION: PreparedFamily = { name: 'planned per execution', most: 0 };

const preparedNames = new Map<string, string>();
const namedPerFamily = new Map<string, number>();
/** Beyond this many distinct texts a statement runs unnamed: a connection keeps every statement it prepared. */
const MOST_PREPARED = 200;

function preparedName(text: string, family: PreparedFamily): string | undefined {
  let name = preparedNames.get(text);
  const named = namedPerFamily.get(family.name) ?? 0;
  if (!name && preparedNames.size < MOST_PREPARED && named < family.most) {
    name = `hub_prepared_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
    namedPerFamily.set(family.name, named + 1);
  }
  return name;
}

/** An array as PostgreSQL's text for it, each element quoted: `{"a","b \\"c\\""}`. */
export function arrayLiteral(values: readonly unknown[]): string {
  const element = (value: unknown) => (value == null ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`);
  return `{${values.map(element).join(',')}}`;
}

/**
 * Each text's numbered form, made once: a loader's or a page's statement comes back with the same
 * text on every request, and renumbering its kilobytes was a new string and a regular-expression
 * pass per request. A client combining ever new filters makes the cache start afresh, not grow.
 */
const numberedTexts = new Map<string, string>();
const MOST_NUMBERED_TEXTS = 1000;

function numberedTextOf(sql: string): string {
  let text = numberedTexts.get(sql);
  if (text === undefined) {
    if (numberedTexts.size >= MOST_NUMBERED_TEXTS) numberedTexts.clear();
    numberedTexts.set(sql, (text = numberedPlaceholders(sql)));
  }
  return text;
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, …; a `?` inside a quoted string or identifier is text. */
export function numberedPlaceholders(sql: string): string {
  let number = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++number}` : match));
}
