import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { AttemptOutcome } from './delivery-status.js';
import { Delivery } from './delivery.js';

/** One try at handing an event to a department system: the delivery's history. */
@Entity({ tableName: 'delivery_attempt' })
@ObjectType({ description: 'One try at handing an event to a department system.' })
export class DeliveryAttempt {
  [OptionalProps]?: 'id' | 'statusCode' | 'error' | 'retryAfterMs';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Delivery)
  @Index()
  delivery!: Rel<Delivery>;

  @Property({ type: 'integer' })
  @Field(() => Int)
  number!: number;

  @Property({ type: 'timestamptz' })
  @Field()
  startedAt!: Date;

  @Property({ type: 'timestamptz' })
  @Field()
  finishedAt!: Date;

  @Enum({ items: () => AttemptOutcome })
  @Field(() => AttemptOutcome)
  outcome!: AttemptOutcome;

  /** HTTP status, where the peer answered over HTTP. */
  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true })
  statusCode?: number | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  error?: string | null = null;

  /** The wait the peer asked for (`Retry-After`), in milliseconds. */
  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true })
  retryAfterMs?: number | null = null;
}
