import type { EntityManager, MikroORM } from '@mikro-orm/sql';

/**
 * The SQL of background work (delivery loops, pulls, metric scrapes) stays out of the query log:
 * it would drown a request's statements, and tests that count a request's statements must not
 * see a worker's.
 */
const QUIET = { enabled: false };

export function backgroundEm(orm: MikroORM): EntityManager {
  return orm.em.fork({ loggerContext: QUIET });
}

/** `em.execute` under the EntityManager's own logger context (`execute` alone ignores it). */
export function run<T = unknown>(em: EntityManager, query: string, params: readonly unknown[] = [], method: 'all' | 'get' | 'run' = 'all'): Promise<T> {
  return em.execute(query, [...params], method, em.getLoggerContext()) as Promise<T>;
}

/** Options for `em.transactional` that keep its begin and commit under the same logger context. */
export function quietly(em: EntityManager): { loggerContext: Record<string, unknown> } {
  return { loggerContext: em.getLoggerContext() };
}
