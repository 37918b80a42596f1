import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../../auth/principal.js';
import type { Connector } from '../../../entities/connector.js';
import type { CountsChanged } from '../../../server/pubsub.js';

/** One checked record to apply, inside the transaction that also keeps it. */
export interface InboundApplication {
  tx: EntityManager;
  connector: Connector;
  principal: Principal;
  sourceEventId: string;
  key: string;
  /** Only the fields the record carries, checked and normalised. */
  fields: Record<string, unknown>;
}

/** Applies a record; returns the live counts it changed (published after the commit). Throws to refuse. */
export type InboundApplier = (application: InboundApplication) => Promise<CountsChanged[]>;
