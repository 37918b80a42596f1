import type { EntityManager } from '@mikro-orm/sql';
import { describe, expect, it } from 'vitest';
import { groupByParent, loadChildrenByParent } from '../../reads/batch-queries.js';
import { createLoaders } from '../../reads/loaders.js';

/** An EntityManager that answers `find` with `rows` and records what it was asked. */
function recordingEm(rows: unknown[] = []) {
  const calls: Array<{ where: unknown; options: unknown }> = [];
  const em = {
    find: async (_entity: unknown, where: unknown, options: unknown) => {
      calls.push({ where, options });
      return rows;
    },
  } as unknown as EntityManager;
  return { em, calls };
}

describe('groupByParent', () => {
  it('gives every key its rows in the keys’ order, an empty list to a key without any, and drops rows of other keys', () => {
    const rows = [
      { parent: 'b', n: 1 },
      { parent: 'x', n: 2 },
      { parent: 'a', n: 3 },
      { parent: 'b', n: 4 },
      { parent: null, n: 5 },
    ];
    expect(groupByParent(['a', 'b', 'c'], rows, (row) => row.parent)).toEqual([
      [{ parent: 'a', n: 3 }],
      [
        { parent: 'b', n: 1 },
        { parent: 'b', n: 4 },
      ],
      [],
    ]);
  });
});

describe('loadChildrenByParent', () => {
  it('asks once for the children of the whole batch, with the extra conditions and the order', async () => {
    const { em, calls } = recordingEm([{ owner: 'p2' }, { owner: 'p1' }]);
    class Child {
      owner!: string;
    }
    const query = {
      parentKey: 'owner',
      parentOf: (row: Child) => row.owner,
      where: { status: 'VALID' },
      orderBy: { issuedAt: 'asc' as const },
    };
    const groups = await loadChildrenByParent(em, Child, query, ['p1', 'p2']);
    expect(calls).toEqual([{ where: { owner: { $in: ['p1', 'p2'] }, status: 'VALID' }, options: { orderBy: { issuedAt: 'asc' } } }]);
    expect(groups).toEqual([[{ owner: 'p1' }], [{ owner: 'p2' }]]);
  });
});

describe('createLoaders', () => {
  it('makes each loader on first use, keeps it for the request, and never shares it with another request', () => {
    const { em } = recordingEm();
    const first = createLoaders(em);
    const second = createLoaders(em);
    expect(first.licenceById).toBe(first.licenceById);
    expect(first.licenceById).not.toBe(second.licenceById);
    expect(first.historyByCaseId).not.toBe(first.historyByMatterId);
  });
});
