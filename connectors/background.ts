import type { EntityManager, MikroORM } from '@mikro-orm/sql';

/**
 * The SQL of background work (delivery loops, pulls, metric scrapes) stays out of the query log:
 * it would drown a request's statements, and tests that count a request's statements must not
 * see a worker's. The statements of such work run through domain/sql-statements.ts, which keeps
 * to the EntityManager's logger context.
 */
const QUIET = { enabled: false };

export function backgroundEm(orm: MikroORM): EntityManager {
  return orm.em.fork({ loggerContext: QUIET });
}

/** Options for `em.transactional` that keep its begin and commit under the same logger context. */
export function quietly(em: EntityManager): { loggerContext: Record<string, unknown> } {
  return { loggerContext: em.getLoggerContext() };
}
