import type { EntityManager } from '@mikro-orm/sql';

type Row = Record<string, any>;
type EntityClass = abstract new (...args: never[]) => unknown;

/**
 * An in-memory stand-in for the EntityManager a domain workflow receives, for the unit tests that
 * mutation testing runs (`npm run test:mutation`): each mutant of a state machine costs
 * milliseconds instead of a database. It does what the case, trade and licence workflows ask of
 * MikroORM — find rows by equal fields (or `$in` / `$ne`), order by one field, create, flush, run
 * a transaction — and records what they wrote, so a test asserts the rows a step leaves behind.
 * The same workflows run on PostgreSQL through GraphQL in the integration tests.
 */
export class FakeEntityManager {
  readonly rows = new Map<EntityClass, Row[]>();
  /** The rows read with a row lock (`lockMode`), in order: a workflow locks what it changes. */
  readonly locked: Row[] = [];
  flushes = 0;

  /** Rows the test starts from, per entity class. */
  seed<T extends Row>(entity: EntityClass, ...rows: T[]): T[] {
    this.rowsOf(entity).push(...rows);
    return rows;
  }

  /** The rows of one entity class, in the order they were seeded or created. */
  rowsOf(entity: EntityClass): Row[] {
    let rows = this.rows.get(entity);
    if (!rows) this.rows.set(entity, (rows = []));
    return rows;
  }

  get em(): EntityManager {
    return this as unknown as EntityManager;
  }

  async transactional<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return work(this.em);
  }

  async find(entity: EntityClass, where: Row = {}, options: { orderBy?: Record<string, 'asc' | 'desc'> } = {}): Promise<Row[]> {
    const found = this.rowsOf(entity).filter((row) => matches(row, where));
    const [order] = Object.entries(options.orderBy ?? {});
    if (order) {
      const [key, direction] = order;
      found.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (direction === 'desc' ? -1 : 1));
    }
    return found;
  }

  async findOne(
    entity: EntityClass,
    where: Row,
    options: { orderBy?: Record<string, 'asc' | 'desc'>; lockMode?: unknown } = {},
  ): Promise<Row | null> {
    const row = (await this.find(entity, where, options))[0] ?? null;
    if (row && options.lockMode !== undefined) this.locked.push(row);
    return row;
  }

  async findOneOrFail(entity: EntityClass, where: Row, options: { orderBy?: Record<string, 'asc' | 'desc'> } = {}): Promise<Row> {
    const row = await this.findOne(entity, where, options);
    if (!row) throw new Error(`fake entity manager: no ${entity.name} where ${JSON.stringify(where)}`);
    return row;
  }

  create(entity: EntityClass, data: Row): Row {
    const row = { ...data };
    this.rowsOf(entity).push(row);
    return row;
  }

  async flush(): Promise<void> {
    this.flushes += 1;
  }
}

function matches(row: Row, where: Row): boolean {
  return Object.entries(where).every(([key, condition]) => {
    const value = row[key];
    if (condition !== null && typeof condition === 'object' && ('$in' in condition || '$ne' in condition)) {
      if ('$in' in condition && !(condition.$in as unknown[]).includes(value)) return false;
      if ('$ne' in condition && value === condition.$ne) return false;
      return true;
    }
    return value === condition;
  });
}
