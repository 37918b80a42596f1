import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/sql';
import { createContext } from '../../server/context.js';
import type { HubContext } from '../../schema/context.js';

/** A root EntityManager that counts its forks; the forks are only told apart, never used. */
function countingRootEm() {
  const forks: object[] = [];
  const rootEm = {
    fork: () => {
      const fork = { fork: `fork ${forks.length + 1}` };
      forks.push(fork);
      return fork;
    },
  } as unknown as EntityManager;
  return { rootEm, forks };
}

const contextOver = (rootEm: EntityManager) =>
  createContext({
    requestId: 'request-1',
    principal: null,
    rootEm,
    pubSub: {} as never,
    liveFigures: {} as never,
    purpose: null,
    sharing: {} as never,
  });

/** What Apollo Server does with the context for each operation (its `cloneObject`). */
const apolloCopy = (context: HubContext): HubContext =>
  Object.assign(Object.create(Object.getPrototypeOf(context) as object) as HubContext, context);

describe('a request context', () => {
  it('forks its EntityManager on first use, not when Apollo copies it for an operation', () => {
    const { rootEm, forks } = countingRootEm();
    const context = contextOver(rootEm);
    const copy = apolloCopy(context);
    expect(forks).toHaveLength(0);

    expect(copy.em).toBe(forks[0]);
    expect(copy.em).toBe(forks[0]);
    expect(forks).toHaveLength(1);
    // The copy shares what the request gathers: the access log and the policy's decisions.
    expect(copy.accessLog).toBe(context.accessLog);
    expect(copy.sharingState).toBe(context.sharingState);
  });

  it('takes the EntityManager it is given (a transaction’s) for its later reads', () => {
    const { rootEm, forks } = countingRootEm();
    const context = contextOver(rootEm);
    const transaction = { transaction: true } as unknown as EntityManager;
    context.em = transaction;
    expect(context.em).toBe(transaction);
    expect(forks).toHaveLength(0);
  });
});
