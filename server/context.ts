import type { EntityManager } from '@mikro-orm/sql';
import { AccessLogCollector } from '../domain/access-log/access-log-collector.js';
import type { Principal } from '../domain/auth/principal.js';
import type { LiveFigures } from '../domain/live-counts/live-figures.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { createLoaders, type Loaders } from '../reads/loaders.js';
import type { HubContext } from '../schema/context.js';
import { newSharingState, type SharingState } from '../schema/sharing-state.js';
import type { HubPubSub } from '../support/pubsub.js';

interface ContextInput {
  requestId: string;
  principal: Principal | null;
  rootEm: EntityManager;
  pubSub: HubPubSub;
  liveFigures: LiveFigures;
  purpose: string | null;
  sharing: SharingPolicyCache;
}

/** The context of one request or WebSocket operation, as schema/context.ts describes it. */
export function createContext(input: ContextInput): HubContext {
  return new RequestContext(input);
}

/**
 * The EntityManager and the loaders are made on first use: a WebSocket subscription keeps its
 * context as long as it lives, and most (a dashboard's share of a live count) never touch the
 * database or a loader. They are accessors of the class, not of the object, because Apollo copies
 * the context's own properties into a new object of the same prototype for each operation: an
 * accessor on the object was called by that copy, forking an EntityManager for every request. The
 * copy now takes the two empty slots and makes them, on itself, when its resolvers first ask.
 */
class RequestContext implements HubContext {
  requestId: string;
  principal: Principal | null;
  pubSub: HubPubSub;
  liveFigures: LiveFigures;
  purpose: string | null;
  sharing: SharingPolicyCache;
  accessLog = new AccessLogCollector();
  sharingState: SharingState;
  // Plain properties, not `#private` ones, so that Apollo's copy carries them.
  private readonly rootEm: EntityManager;
  private forkedEm: EntityManager | undefined = undefined;
  private madeLoaders: Loaders | undefined = undefined;

  constructor(input: ContextInput) {
    this.requestId = input.requestId;
    this.principal = input.principal;
    this.rootEm = input.rootEm;
    this.pubSub = input.pubSub;
    this.liveFigures = input.liveFigures;
    this.purpose = input.purpose;
    this.sharing = input.sharing;
    this.sharingState = newSharingState(input.principal);
  }

  get em(): EntityManager {
    return (this.forkedEm ??= this.rootEm.fork());
  }

  set em(value: EntityManager) {
    this.forkedEm = value;
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= createLoaders(this.em));
  }

  set loaders(value: Loaders) {
    this.madeLoaders = value;
  }
}
