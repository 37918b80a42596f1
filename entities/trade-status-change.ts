import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { TradeStatus } from './trade-status.js';
import { Trade } from './trade.js';

/** One step of a trade's life (recorded, opened, awarded, failed, cancelled): append-only. */
@Entity({ tableName: 'trade_status_change' })
@Index({ properties: ['trade', 'changedAt'] })
@ObjectType({ description: 'A step in the status history of a trade.' })
export class TradeStatusChange {
  [OptionalProps]?: 'id' | 'changedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Trade)
  trade!: Rel<Trade>;

  @Enum({ items: () => TradeStatus, nullable: true })
  @Field(() => TradeStatus, { nullable: true, description: 'Null for the first step (the trade was recorded).' })
  fromStatus?: TradeStatus | null;

  @Enum({ items: () => TradeStatus })
  @Field(() => TradeStatus)
  toStatus!: TradeStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why: the reason a trade failed or was cancelled.' })
  reason?: string | null;

  @Property({ length: 100 })
  @Field({ description: 'Who made the change: the clerk, or the department system.' })
  changedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  changedAt: Date = new Date();
}
