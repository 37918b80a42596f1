import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../domain/auth/principal.js';
import type { Loaders } from './loaders.js';
import { createLoaders } from './loaders.js';
import type { HubPubSub } from './pubsub.js';

/** What every resolver sees: who asks, a fresh EntityManager, and this request's loaders. */
export interface HubContext {
  requestId: string;
  principal: Principal | null;
  em: EntityManager;
  loaders: Loaders;
  /** Where resolvers publish what subscriptions stream; publish only after the write commits. */
  pubSub: HubPubSub;
  /** The stated purpose of the request (`X-Purpose` header / `purpose` connection param). */
  purpose: string | null;
}

export function createContext(input: {
  requestId: string;
  principal: Principal | null;
  rootEm: EntityManager;
  pubSub: HubPubSub;
  purpose: string | null;
}): HubContext {
  const em = input.rootEm.fork();
  return { requestId: input.requestId, principal: input.principal, em, loaders: createLoaders(em), pubSub: input.pubSub, purpose: input.purpose };
}
