import { describe, expect, it } from 'vitest';
import { PageQueryShapes, shapeOfConditions, valuesOf } from '../../domain/page-query-shapes.js';

/** A stand-in for the query builder: its text names the shape, its values are the conditions' own (or converted). */
function compiler(convert: (value: unknown) => unknown = (value) => value) {
  const calls: unknown[] = [];
  const compile = (where: unknown, countWhere: unknown) => () => {
    calls.push(where);
    return {
      page: { sql: `page ${JSON.stringify(shapeOfConditions(where))}`, params: valuesOf(where).map(convert) },
      count: { sql: `count ${JSON.stringify(shapeOfConditions(countWhere))}`, params: valuesOf(countWhere).map(convert) },
    };
  };
  return { calls, compile };
}

describe('page statements kept by the shape of their conditions', () => {
  it('compiles a shape once and binds a later request’s values in the same places', () => {
    const shapes = new PageQueryShapes();
    const { calls, compile } = compiler();
    const read = (status: string, after: string, id: number, size = 51) => {
      const where = { $and: [{ status }, { $or: [{ establishedOn: { $lt: after } }, { establishedOn: after, id: { $lt: id } }] }] };
      return shapes.compiled(['Enterprise', 'by date', size], where, { status }, compile(where, { status }));
    };
    const first = read('ACTIVE', '2026-01-02', 7);
    const second = read('CANCELLED', '2025-12-31', 3);
    expect(calls).toHaveLength(1);
    expect(second.page.sql).toBe(first.page.sql);
    expect(second.page.params).toEqual(['CANCELLED', '2025-12-31', '2025-12-31', 3]);
    expect(second.count).toEqual({ sql: first.count.sql, params: ['CANCELLED'] });
    // The page's size is in its text: another size is another shape.
    read('ACTIVE', '2026-01-02', 7, 21);
    expect(calls).toHaveLength(2);
  });

  it('tells apart what changes the text: a list’s length, a null, a missing condition, another order', () => {
    const shapes = new PageQueryShapes();
    const { calls, compile } = compiler();
    const read = (where: Record<string, unknown>, order = 'by date') => shapes.compiled([order], where, {}, compile(where, {}));
    read({ status: { $in: ['A', 'B'] } });
    read({ status: { $in: ['A', 'B', 'C'] } });
    read({ status: null });
    read({ status: 'A' });
    read({});
    read({}, 'by name');
    expect(calls).toHaveLength(6);
    // An array that is one value (a text[] containment) is one value whatever its length.
    read({ nameGrams: { $contains: ['广元', '元市'] } });
    const again = read({ nameGrams: { $contains: ['昭化', '化区', '区商'] } });
    expect(calls).toHaveLength(7);
    expect(again.page.params).toEqual([['昭化', '化区', '区商']]);
  });

  it('compiles every time a shape whose values the builder changed, and never binds them itself', () => {
    const shapes = new PageQueryShapes();
    const { calls, compile } = compiler((value) => (typeof value === 'string' ? value.toUpperCase() : value));
    const read = (status: string) => shapes.compiled([], { status }, {}, compile({ status }, {}));
    read('active');
    const second = read('cancelled');
    expect(calls).toHaveLength(2);
    expect(second.page.params).toEqual(['CANCELLED']);
  });

  it('keeps at most its limit of shapes, and compiles the others every time', () => {
    const shapes = new PageQueryShapes(2);
    const { calls, compile } = compiler();
    const read = (name: string) => shapes.compiled([name], {}, {}, compile({}, {}));
    for (const name of ['a', 'b', 'c', 'a', 'b', 'c']) read(name);
    expect(calls).toHaveLength(4);
  });
});
