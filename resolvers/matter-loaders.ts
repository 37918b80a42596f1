import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { MatterVersion } from '../entities/matter-version.js';
import type { HubContext } from '../server/context.js';

/**
 * The catalog's per-request loaders, kept beside the request's own loaders (same lifetime: the
 * WeakMap entry goes with the request's loaders object), so nothing is cached across requests.
 */
const perRequest = new WeakMap<object, ReturnType<typeof createMatterLoaders>>();

export function matterLoaders(context: HubContext) {
  let loaders = perRequest.get(context.loaders);
  if (!loaders) {
    loaders = createMatterLoaders(context.em);
    perRequest.set(context.loaders, loaders);
  }
  return loaders;
}

function createMatterLoaders(em: EntityManager) {
  return {
    /** Every version of each matter, oldest first: its adjustment history. */
    historyByMatterId: new DataLoader<string, MatterVersion[]>(async (matterIds) => {
      const versions = await em.find(MatterVersion, { matter: { $in: [...matterIds] } }, { orderBy: { sequence: 'asc' } });
      const byMatter = new Map<string, MatterVersion[]>(matterIds.map((id) => [id, []]));
      for (const version of versions) byMatter.get(version.matter.id)?.push(version);
      return matterIds.map((id) => byMatter.get(id)!);
    }),
  };
}
