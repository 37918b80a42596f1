import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { InboundStatus } from './inbound-status.js';
import { Connector } from './connector.js';

/**
 * A record a department system sent in, kept whether it was applied or refused: the source event
 * id makes a resent record a no-op, and a refused one stays visible with its reason.
 */
@Entity({ tableName: 'connector_inbound_record' })
@Unique({ properties: ['connector', 'sourceEventId'] })
@ObjectType({ description: 'A record a department system sent in, applied or refused with the reason.' })
export class ConnectorInboundRecord {
  [OptionalProps]?: 'id' | 'receivedAt' | 'reason' | 'naturalKey';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Connector)
  @Index()
  connector!: Rel<Connector>;

  @Property({ length: 200 })
  @Field({ description: "The source system's id of the record or event; a resend with the same id is ignored." })
  sourceEventId!: string;

  @Property({ length: 64 })
  @Field()
  recordType!: string;

  @Property({ length: 128, nullable: true })
  @Field(() => String, { nullable: true })
  naturalKey?: string | null = null;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSON)
  payload!: unknown;

  @Enum({ items: () => InboundStatus })
  @Field(() => InboundStatus)
  status!: InboundStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  reason?: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field()
  receivedAt: Date = new Date();
}
