import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../entities/connector.js';
import { DeliveryAttempt } from '../entities/delivery-attempt.js';
import { connectorFigures, type ConnectorFigures } from '../domain/connectors/connector-figures.js';
import { loadByIds } from '../server/loaders.js';
import type { HubContext } from '../server/context.js';

function createConnectorLoaders(em: EntityManager) {
  return {
    connectorById: new DataLoader<string, Connector | null>((ids) => loadByIds(em, Connector, ids)),
    healthByConnectorId: new DataLoader<string, ConnectorFigures>((ids) => connectorFigures(em, ids)),
    attemptsByDeliveryId: new DataLoader<string, DeliveryAttempt[]>(async (ids) => {
      const attempts = await em.find(DeliveryAttempt, { delivery: { $in: [...ids] } }, { orderBy: { number: 'asc', startedAt: 'asc' } });
      const grouped = new Map<string, DeliveryAttempt[]>(ids.map((id) => [id, []]));
      for (const attempt of attempts) grouped.get(attempt.delivery.id)?.push(attempt);
      return ids.map((id) => grouped.get(id)!);
    }),
  };
}

const perRequest = new WeakMap<HubContext, ReturnType<typeof createConnectorLoaders>>();

/** The connector loaders of this request (made on first use, dropped with the context). */
export function connectorLoaders(context: HubContext): ReturnType<typeof createConnectorLoaders> {
  let loaders = perRequest.get(context);
  if (!loaders) perRequest.set(context, (loaders = createConnectorLoaders(context.em)));
  return loaders;
}
