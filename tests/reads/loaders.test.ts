import type { EntityManager } from '@mikro-orm/sql';
import { describe, expect, it } from 'vitest';
import { groupByParent } from '../../reads/batch-queries.js';
import { createLoaders } from '../../reads/loaders.js';

/** An EntityManager that is never asked anything: loaders are made without a query. */
function recordingEm() {
  return { em: {} as unknown as EntityManager };
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
