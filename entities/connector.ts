import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { CircuitState } from './circuit-state.js';
import { ConnectorDirection, ConnectorKind } from './connector-kind.js';
import { Department } from './department.js';

/**
 * A link between the hub and one department system, kept as data so that an operator adds a
 * county's tax system without a release. Secrets (HMAC keys, database passwords) live apart from
 * the configuration and are never exposed through the API.
 */
@Entity({ tableName: 'connector' })
@ObjectType({ description: 'A link between the hub and one department system (in or out).' })
export class Connector {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'updatedAt'
    | 'enabled'
    | 'maxAttempts'
    | 'secrets'
    | 'cursor'
    | 'lastSuccessAt'
    | 'lastFailureAt'
    | 'lastError'
    | 'deliverFrom'
    | 'pullLeaseOwner'
    | 'pullLeaseUntil'
    | 'circuitState'
    | 'consecutiveFailures'
    | 'circuitOpenedAt'
    | 'circuitProbeAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 100 })
  @Unique()
  @Field({ description: 'Unique operator-chosen name, also the metrics label.' })
  name!: string;

  @Enum({ items: () => ConnectorKind })
  @Field(() => ConnectorKind)
  kind!: ConnectorKind;

  @Enum({ items: () => ConnectorDirection })
  @Field(() => ConnectorDirection)
  direction!: ConnectorDirection;

  @ManyToOne(() => Department)
  @Index()
  department!: Rel<Department>;

  /** Outbound: event types it carries (`enterprise.registered`, `enterprise.*`). Inbound: record types it may write. */
  @Property({ type: 'json' })
  @Field(() => [String], {
    description: 'Outbound: event types carried (a trailing `.*` matches a family). Inbound: record types accepted.',
  })
  eventTypes!: string[];

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, {
    description: 'Kind-specific settings (URL, table and column mapping, subject …); never holds secrets.',
  })
  config!: Record<string, unknown>;

  /** Kind-specific secrets (`hmacSecret`, `password`). Deliberately not a GraphQL field. */
  @Property({ type: 'json' })
  secrets: Record<string, string> = {};

  @Property({ default: true })
  @Field()
  enabled: boolean = true;

  /** Unset by default: the retry horizon (config.retryHorizonMs) decides when to give up, not a count. */
  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Optional cap on attempts before a dead letter; unset, the retry horizon alone decides.',
  })
  maxAttempts?: number | null = null;

  /** Inbound pull connectors: where the next poll resumes (opaque to the hub, from the source). */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Inbound pull connectors: where the next poll resumes.' })
  cursor?: string | null = null;

  /**
   * Outbound: events recorded from this instant on become its deliveries. Its creation time,
   * unless the admin asked for the history from an earlier instant when registering it.
   */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description:
      'Outbound: events recorded from this instant on are delivered (its creation, or the earlier instant asked for with deliverFrom).',
  })
  deliverFrom?: Date | null = null;

  /**
   * Pull connectors: the pass holding the lease (process and pass), so that one pass at a time
   * runs across all hub processes. Not a GraphQL field: it is the scheduler's bookkeeping.
   */
  @Property({ type: 'text', nullable: true })
  pullLeaseOwner?: string | null = null;

  /** Pull connectors: no pass starts before this instant (the end of the running pass's lease, or when the next is due). */
  @Property({ type: 'timestamptz', nullable: true })
  pullLeaseUntil?: Date | null = null;

  /** Outbound: the circuit, shared by every hub process through this row. */
  @Enum({ items: () => CircuitState, default: CircuitState.CLOSED })
  circuitState: CircuitState = CircuitState.CLOSED;

  /** Transient failures in a row (a success or a permanent refusal resets it). */
  @Property({ type: 'integer', default: 0 })
  consecutiveFailures: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  circuitOpenedAt?: Date | null = null;

  /** While OPEN: when the next probe may be sent (claiming a probe moves it on by one interval). */
  @Property({ type: 'timestamptz', nullable: true })
  circuitProbeAt?: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  lastSuccessAt?: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  lastFailureAt?: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  lastError?: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Field()
  updatedAt: Date = new Date();
}
