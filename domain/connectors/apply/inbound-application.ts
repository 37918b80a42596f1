import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../../auth/principal.js';
import type { Connector } from '../../../entities/connector.js';

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

/** Applies a record; the live counts it changes are published after the commit (counts-after-commit.ts). Throws to refuse. */
export type InboundApplier = (application: InboundApplication) => Promise<void>;

/**
 * Thrown when the record meant to create a trade or case that another record created a moment
 * earlier: the receiver applies it again, and it then finds the row and takes its next step.
 */
export class CreatedConcurrently extends Error {
  constructor(what: string) {
    super(`${what} was created by another record at the same moment`);
    this.name = 'CreatedConcurrently';
  }
}
