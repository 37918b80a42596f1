import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../entities/department.js';
import { createTradeLoaders } from './trade-loaders.js';

/**
 * Per-request DataLoaders. A new set is made for every request (and every WebSocket operation)
 * so one principal's data is never served to another from a cache.
 */
export function createLoaders(em: EntityManager) {
  return {
    departmentById: new DataLoader<string, Department | null>((ids) => loadByIds(em, Department, ids)),
    ...createTradeLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** One query for the whole batch; results line up with the keys, missing ones as null. */
export async function loadByIds<T extends { id: string }>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  ids: readonly string[],
): Promise<Array<T | null>> {
  const rows = (await em.find(entity as never, { id: { $in: [...ids] } } as never)) as T[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
