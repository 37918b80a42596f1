import type { EntityManager } from '@mikro-orm/sql';
import { AccessLogCollector } from '../domain/access-log/access-log-collector.js';
import type { Principal } from '../domain/auth/principal.js';
import type { LiveFigures } from '../domain/live-counts/live-figures.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { createLoaders, type Loaders } from '../reads/loaders.js';
import type { HubContext } from '../schema/context.js';
import { newSharingState } from '../schema/sharing-state.js';
import type { HubPubSub } from '../support/pubsub.js';

/** The context of one request or WebSocket operation, as schema/context.ts describes it. */
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
