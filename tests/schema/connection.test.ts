import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/pagination.js';
import { toConnection } from '../../schema/connection.js';

function pageOf(items: string[], cursorsMade: string[]): Page<string> {
  return {
    items,
    totalCount: 7,
    hasNextPage: true,
    startCursor: 'c:a',
    endCursor: 'c:b',
    cursorOf: (item) => {
      cursorsMade.push(item);
      return `c:${item}`;
    },
    listsOf: () => undefined,
  };
}

describe('a page as a connection', () => {
  it('carries its nodes, page info and count', () => {
    const connection = toConnection(pageOf(['a', 'b'], []), 'c:z');
    expect(connection.nodes).toEqual(['a', 'b']);
    expect(connection.totalCount).toBe(7);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: 'c:a', endCursor: 'c:b' });
    expect(toConnection(pageOf([], []), null).pageInfo.hasPreviousPage).toBe(false);
  });

  it('makes the edges and their cursors only when asked, once', () => {
    const cursorsMade: string[] = [];
    const connection = toConnection(pageOf(['a', 'b'], cursorsMade), null);
    expect(cursorsMade).toEqual([]);
    expect(connection.edges).toEqual([
      { cursor: 'c:a', node: 'a' },
      { cursor: 'c:b', node: 'b' },
    ]);
    expect(connection.edges).toBe(connection.edges);
    expect(cursorsMade).toEqual(['a', 'b']);
  });

  it("has the edges as its class's accessor, not an own getter closing over the page", () => {
    // An own getter of an object literal kept each page alive through the next scavenge (BENCHMARKS.md, session 14).
    const connection = toConnection(pageOf(['a'], []), null);
    expect(Object.getOwnPropertyDescriptor(connection, 'edges')).toBeUndefined();
  });
});
