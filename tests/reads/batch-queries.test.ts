import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { findPage } from '../../domain/pagination.js';
import { readRows, readRowsByKeys } from '../../domain/read-rows.js';
import { Registration } from '../../entities/registration.js';
import { loadByKey, loadChildrenByParent } from '../../reads/batch-queries.js';
import { companyInput, registerOk } from '../registration/registration-fixtures.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The read path's batch queries on a real database: one statement per batch, results in the keys'
 * order, and rows read outside the unit of work — objects of the entity's class with their
 * relations as `{ id }`, never merged into the request's identity map.
 */
describe('batch queries of the read path', () => {
  let hub: TestHub;
  let statements: string[] = [];
  const usccs: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub(
      {},
      recordingQueries((statement) => statements.push(statement)),
    );
    for (const name of ['广元市批量读取一号有限公司', '广元市批量读取二号有限公司'])
      usccs.push((await registerOk(hub, companyInput({ name }))).uscc);
  });
  afterAll(() => hub.stop());

  it('reads children of a whole batch in one statement, grouped in the keys’ order, outside the unit of work', async () => {
    const em = hub.orm.em.fork();
    const [first, second] = await Promise.all(usccs.map((uscc) => em.fork().findOneOrFail(Enterprise, { uscc })));
    statements = [];
    const groups = await loadChildrenByParent(
      em,
      Licence,
      {
        parentKey: 'enterprise',
        parentOf: (licence) => licence.enterprise?.id,
        equal: { status: 'VALID' },
        orderBy: { issuedAt: 'asc', id: 'asc' },
      },
      [second.id, '01900000-0000-7000-8000-000000000000', first.id],
    );
    expect(statements).toHaveLength(1);
    expect(groups.map((group) => group.map((licence) => licence.holderCode))).toEqual([[second.uscc], [], [first.uscc]]);
    const [licence] = groups[0];
    expect(licence).toBeInstanceOf(Licence);
    expect(licence.enterprise).toEqual({ id: second.id });
    expect(licence.issuedAt).toBeInstanceOf(Date);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  it('reads rows by a key of their own, null for a key without one', async () => {
    const em = hub.orm.em.fork();
    statements = [];
    const rows = await loadByKey(em, Enterprise, 'uscc', ['91510811MA0000000X', usccs[1], usccs[0]], (enterprise) => enterprise.uscc);
    expect(statements).toHaveLength(1);
    expect(rows.map((row) => row?.uscc ?? null)).toEqual([null, usccs[1], usccs[0]]);
    expect(rows[1]!.registeringAuthority).toEqual({ id: expect.any(String) });
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  it('gives the same objects by a statement built once per shape as through the query builder, every column type included', async () => {
    const em = hub.orm.em.fork();
    const enterprises = await readRows(em.fork(), Enterprise, { uscc: { $in: usccs } });
    const ids = enterprises.map((enterprise) => enterprise.id);
    // Enterprises carry numbers, dates and enums; registrations JSON; licences text arrays and timestamps.
    for (const [entity, key, keys] of [
      [Enterprise, 'uscc', usccs],
      [Registration, 'enterprise', ids],
      [Licence, 'enterprise', ids],
    ] as const) {
      const built = await readRows(em.fork(), entity as never, { [key]: { $in: [...keys] } }, { id: 'asc' });
      statements = [];
      const compiled = await readRowsByKeys(em.fork(), entity as never, key, keys, { orderBy: { id: 'asc' } });
      expect(statements).toHaveLength(1);
      expect(compiled.length).toBeGreaterThanOrEqual(keys.length);
      expect(compiled).toEqual(built);
    }
    // The same shape again reuses its statement: the keys are a bound array, not part of the text;
    // one key is bound as one value, so the database can keep one plan for a lookup.
    statements = [];
    await readRowsByKeys(em.fork(), Enterprise, 'uscc', usccs.slice(0, 2));
    await readRowsByKeys(em.fork(), Enterprise, 'uscc', usccs);
    await readRowsByKeys(em.fork(), Enterprise, 'uscc', usccs.slice(1, 2));
    await readRowsByKeys(em.fork(), Enterprise, 'uscc', usccs.slice(0, 1));
    const shapes = statements.map((statement) => statement.replace(/ \[took [^\]]*\]$/, ''));
    expect(shapes).toHaveLength(4);
    expect(shapes[0]).toContain('= any($1)');
    expect(shapes[0]).not.toContain(usccs[0]);
    expect(shapes[1]).toBe(shapes[0]);
    expect(shapes[2]).toBe(shapes[0].replace('= any($1)', '= $1'));
    expect(shapes[3]).toBe(shapes[2]);
    expect(await readRowsByKeys(em.fork(), Enterprise, 'uscc', usccs.slice(0, 1))).toMatchObject([{ uscc: usccs[0] }]);
    expect(await readRowsByKeys(em.fork(), Enterprise, 'uscc', [])).toEqual([]);
    // Keys are values, never SQL: quotes and backslashes find nothing and break nothing.
    expect(await readRowsByKeys(em.fork(), Enterprise, 'uscc', ["x' or '1'='1", 'a\\', usccs[0]!])).toMatchObject([{ uscc: usccs[0] }]);
  });

  it('reads a page and its count in one statement outside the unit of work, and its cursor leads to the next page', async () => {
    const em = hub.orm.em.fork();
    const where = { uscc: { $in: usccs } };
    const order = { establishedOn: 'desc', id: 'desc' } as const;
    statements = [];
    const first = await findPage(em, Enterprise, where, order, { first: 1 });
    // The page and its count together (the hub's background work may log statements of its own meanwhile).
    const reads = statements.filter((statement) => statement.includes('from "enterprise"'));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toContain('count(');
    expect(first).toMatchObject({ totalCount: 2, hasNextPage: true });
    expect(first.items[0]).toBeInstanceOf(Enterprise);
    expect(first.items[0].registeringAuthority).toEqual({ id: expect.any(String) });
    const second = await findPage(em, Enterprise, where, order, { first: 1, after: first.endCursor });
    expect(second).toMatchObject({ totalCount: 2, hasNextPage: false });
    expect([first.items[0].uscc, second.items[0].uscc].sort()).toEqual([...usccs].sort());
    // Past the end the page is empty and still knows the list's length.
    const past = await findPage(em, Enterprise, where, order, { first: 1, after: second.endCursor });
    expect(past).toMatchObject({ items: [], totalCount: 2, hasNextPage: false });
    expect(await findPage(em, Enterprise, { uscc: { $in: ['91510811MA00000000'] } }, order, { first: 5 })).toMatchObject({
      items: [],
      totalCount: 0,
    });
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });
});
