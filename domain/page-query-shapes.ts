import type { CompiledQuery } from './page-read-store.js';

/**
 * The compiled statements of a page read, kept by the shape of its conditions: the same list asked
 * for again with other values (another cursor, another filter value) has the same text, and only
 * its values change. Compiling a page anew (MikroORM's query builder processing its criteria) was
 * about a twelfth of the hub's CPU on a page of 50 enterprises.
 *
 * A shape is kept only when its first compilation shows that the statement's values are the
 * conditions' own values in the order they are written (`valuesOf`): the criteria are then values
 * the builder passed through unchanged, and a later request's values can be bound in the same
 * places. Otherwise that shape is compiled on every request, as before. The page's size is part of
 * its text, not a value (readRowsAndCount), so the caller names it in `shapeOf`.
 */
export class PageQueryShapes {
  private readonly shapes = new Map<string, { page: string; count: string } | null>();

  constructor(private readonly most = 200) {}

  /**
   * The page's and the count's statements for these conditions, compiled by `compile` only when
   * their shape is new (or could not be kept).
   */
  compiled(
    shapeOf: readonly unknown[],
    where: unknown,
    countWhere: unknown,
    compile: () => { page: CompiledQuery; count: CompiledQuery },
  ): { page: CompiledQuery; count: CompiledQuery } {
    const key = JSON.stringify([...shapeOf, shapeOfConditions(where), shapeOfConditions(countWhere)]);
    const kept = this.shapes.get(key);
    if (kept) {
      return { page: { sql: kept.page, params: valuesOf(where) }, count: { sql: kept.count, params: valuesOf(countWhere) } };
    }
    const fresh = compile();
    if (kept === undefined && this.shapes.size < this.most) {
      const passedThrough = sameValues(fresh.page.params, valuesOf(where)) && sameValues(fresh.count.params, valuesOf(countWhere));
      this.shapes.set(key, passedThrough ? { page: fresh.page.sql, count: fresh.count.sql } : null);
    }
    return fresh;
  }
}

/** Operators whose array holds conditions or separate values (`$in: [a, b]` is `in (?, ?)`); any other array is one value. */
const ARRAY_OF_PARTS = new Set(['$and', '$or', '$in', '$nin']);

/** The conditions with every value replaced by its kind, keeping their keys, order and the length of each list of parts. */
export function shapeOfConditions(value: unknown, parts = false): unknown {
  if (Array.isArray(value)) return parts ? value.map((item) => shapeOfConditions(item)) : `value:array`;
  if (isPlainObject(value)) {
    return Object.entries(value).map(([key, inner]) => [key, shapeOfConditions(inner, ARRAY_OF_PARTS.has(key))]);
  }
  return `value:${kindOf(value)}`;
}

/** The conditions' values, in the order they are written. */
export function valuesOf(value: unknown, parts = false, into: unknown[] = []): unknown[] {
  if (Array.isArray(value) && parts) for (const item of value) valuesOf(item, false, into);
  else if (isPlainObject(value)) for (const [key, inner] of Object.entries(value)) valuesOf(inner, ARRAY_OF_PARTS.has(key), into);
  else into.push(value);
  return into;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'date';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function sameValues(compiled: readonly unknown[], written: readonly unknown[]): boolean {
  return compiled.length === written.length && compiled.every((value, index) => sameValue(value, written[index]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  return Object.is(a, b);
}
