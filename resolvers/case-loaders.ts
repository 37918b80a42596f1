import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { CaseStatusChange } from '../entities/case-status-change.js';
import { MatterVersion } from '../entities/matter-version.js';
import type { HubContext } from '../server/context.js';
import { loadByIds, loadGrouped } from '../server/loaders.js';

/** The cases' per-request loaders, kept beside the request's own (same lifetime, never shared). */
const perRequest = new WeakMap<object, ReturnType<typeof createCaseLoaders>>();

export function caseLoaders(context: HubContext) {
  let loaders = perRequest.get(context.loaders);
  if (!loaders) {
    loaders = createCaseLoaders(context.em);
    perRequest.set(context.loaders, loaders);
  }
  return loaders;
}

function createCaseLoaders(em: EntityManager) {
  return {
    matterVersionById: new DataLoader<string, MatterVersion | null>((ids) => loadByIds(em, MatterVersion, ids)),
    historyByCaseId: new DataLoader<string, CaseStatusChange[]>((ids) =>
      loadGrouped(em, CaseStatusChange, 'serviceCase', ids, (change) => change.serviceCase.id, { changedAt: 'asc', id: 'asc' }),
    ),
  };
}
