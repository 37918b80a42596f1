import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../support/uuid-v7.js';
import { Department } from './department.js';

/**
 * A fact a department must receive (a registration, a change, a licence), written in the same
 * transaction as the change itself (transactional outbox), so nothing is announced that did not
 * commit and nothing that committed goes unannounced. Connectors deliver it; its id is the
 * idempotency key receivers use to drop duplicates.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['aggregateType', 'aggregateKey', 'sequence'] })
export class OutboxEvent {
  [OptionalProps]?: 'id' | 'createdAt' | 'sequence' | 'payloadVersion';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /**
   * Insertion order. Writes to one record are serialised by its row lock, so per record this is
   * commit order: delivery follows it, and a change never overtakes the registration it changes.
   */
  @Property({ type: 'bigint', autoincrement: true, unique: true })
  sequence!: string;

  /** e.g. `enterprise.registered`, `enterprise.changed`, `licence.issued`. */
  @Property({ length: 64 })
  eventType!: string;

  /** The kind of record the event is about (`enterprise`, `licence`, `trade`, `case`). */
  @Property({ length: 32 })
  aggregateType!: string;

  /** The record's natural key (USCC, licence identifier, trade code, case number). */
  @Property({ length: 128 })
  aggregateKey!: string;

  /** The department that must receive it. */
  @ManyToOne(() => Department)
  @Index()
  department!: Rel<Department>;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  /** Version of the payload's shape, so a receiver can tell which fields to expect. */
  @Property({ type: 'integer' })
  payloadVersion: number = 1;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
