import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { DeliveryStatus } from './delivery-status.js';
import { Connector } from './connector.js';
import { OutboxEvent } from './outbox-event.js';

/**
 * One outbox event on its way to one outbound connector. The aggregate and the event's sequence
 * are copied here so that the claim query can keep per-record order without joining the outbox.
 */
@Entity({ tableName: 'delivery' })
@Unique({ properties: ['event', 'connector'] })
@Index({ properties: ['connector', 'aggregateType', 'aggregateKey', 'eventSequence'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
@ObjectType({ description: 'One event on its way to one department system, with every attempt.' })
export class Delivery {
  [OptionalProps]?:
    | 'id'
    | 'status'
    | 'attempts'
    | 'nextAttemptAt'
    | 'leaseExpiresAt'
    | 'claimToken'
    | 'lastError'
    | 'deliveredAt'
    | 'createdAt'
    | 'updatedAt'
    | 'failingSince'
    | 'possiblyDelivered';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => OutboxEvent)
  @Index()
  event!: Rel<OutboxEvent>;

  @ManyToOne(() => Connector)
  @Index()
  connector!: Rel<Connector>;

  @Property({ length: 64 })
  @Field()
  eventType!: string;

  @Property({ length: 32 })
  @Field()
  aggregateType!: string;

  @Property({ length: 128 })
  @Field()
  aggregateKey!: string;

  @Property({ type: 'bigint' })
  eventSequence!: string;

  @Enum({ items: () => DeliveryStatus })
  @Field(() => DeliveryStatus)
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Attempts since it was queued or last replayed.' })
  attempts: number = 0;

  @Property({ type: 'timestamptz' })
  @Field({ description: 'When it may next be attempted (PENDING), or was last claimed.' })
  nextAttemptAt: Date = new Date();

  /** While IN_FLIGHT: when the claiming worker's lease runs out and another may reclaim it. */
  @Property({ type: 'timestamptz', nullable: true })
  leaseExpiresAt?: Date | null = null;

  /** The claim a worker holds; its result is recorded only while it still holds that claim. */
  @Property({ type: 'uuid', nullable: true })
  claimToken?: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  lastError?: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  deliveredAt?: Date | null = null;

  /** The first failure of the current run of failures: the retry horizon counts from here. */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description:
      'Since when it has been failing (null when it has not failed since it was queued or replayed); it becomes a dead letter once this is older than the retry horizon.',
  })
  failingSince?: Date | null = null;

  /** An earlier attempt's outcome was never recorded: the department may already have it. */
  @Property({ default: false })
  @Field({
    description:
      'An earlier attempt may have reached the department but its answer was never recorded; resends carry the same event id (and X-Hub-Possibly-Delivered on webhooks).',
  })
  possiblyDelivered: boolean = false;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  @Field()
  updatedAt: Date = new Date();
}
