import type { EntityManager } from '@mikro-orm/sql';
import type { AccessLogCollector } from '../domain/access-log/access-log-collector.js';
import type { Principal } from '../domain/auth/principal.js';
import type { LiveFigures } from '../domain/live-counts/live-figures.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import type { Loaders } from '../reads/loaders.js';
import type { HubPubSub } from '../support/pubsub.js';
import type { SharingState } from './sharing-state.js';

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
