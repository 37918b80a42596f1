import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../domain/auth/principal.js';
import { AccessLogCollector } from '../domain/access-log/access-log-collector.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { newSharingState, type SharingState } from '../schema/sharing-state.js';
import type { Loaders } from './loaders.js';
import { createLoaders } from './loaders.js';
import type { LiveFigures } from './live-figures.js';
import type { HubPubSub } from './pubsub.js';

/** What every resolver sees: who asks, a fresh EntityManager, and this request's loaders. */
export interface HubContext {
  requestId: string;
  principal: Principal | null;
  em: EntityManager;
  loaders: Loaders;
  /** Where resolvers publish what subscriptions stream; publish only after the write commits. */
  pubSub: HubPubSub;
  /** Live-count subscriptions: figures counted once per change for all subscribers of a scope. */
  liveFigures: LiveFigures;
  /** The stated purpose of the request (`X-Purpose` header / `purpose` connection param). */
  purpose: string | null;
  /** The sharing policy every field is checked against (schema/sharing-enforcement.ts). */
  sharing: SharingPolicyCache;
  /** Conditional reads and writes of this request, written once before the response goes out. */
  accessLog: AccessLogCollector;
  /** Who reads under the sharing policy, and the request's decisions (schema/sharing-enforcement.ts). */
  sharingState: SharingState;
}

export function createContext(input: {
  requestId: string;
  principal: Principal | null;
  rootEm: EntityManager;
  pubSub: HubPubSub;
  liveFigures: LiveFigures;
  purpose: string | null;
  sharing: SharingPolicyCache;
}): HubContext {
  // Made on first use: a WebSocket subscription keeps its context as long as it lives, and most
  // (a dashboard's share of a live count) never touch the database or a loader.
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  return {
    requestId: input.requestId,
    principal: input.principal,
    get em() {
      return (em ??= input.rootEm.fork());
    },
    set em(value: EntityManager) {
      em = value;
    },
    get loaders() {
      return (loaders ??= createLoaders(this.em));
    },
    set loaders(value: Loaders) {
      loaders = value;
    },
    pubSub: input.pubSub,
    liveFigures: input.liveFigures,
    purpose: input.purpose,
    sharing: input.sharing,
    accessLog: new AccessLogCollector(),
    sharingState: newSharingState(input.principal),
  };
}
