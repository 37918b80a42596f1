import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connector } from '../entities/connector.js';
import { ConnectorInboundRecord } from '../entities/connector-inbound-record.js';
import { Delivery } from '../entities/delivery.js';
import { CircuitState } from '../entities/circuit-state.js';
import { ConnectorKind } from '../entities/connector-kind.js';
import { DeliveryStatus } from '../entities/delivery-status.js';
import { InboundStatus } from '../entities/inbound-status.js';
import { ConnectionType } from './connection.js';
import './connector-enums.js';

@InputType({ description: 'A new connector. Secrets are write-only: no query returns them.' })
export class CreateConnectorInput {
  @Field({ description: 'Unique name; also the `connector` label of its metrics.' })
  name!: string;

  @Field(() => ConnectorKind)
  kind!: ConnectorKind;

  @Field({ description: 'The department whose system it connects.' })
  departmentCode!: string;

  @Field(() => [String], { description: 'Outbound: event types carried (`enterprise.*` for a family). Inbound: record types accepted.' })
  eventTypes!: string[];

  @Field(() => GraphQLJSONObject, { description: 'Kind-specific settings, checked at registration (see README).' })
  config!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Kind-specific secrets (hmacSecret, password, token).' })
  secrets?: Record<string, unknown> | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Optional cap on attempts before a dead letter. Unset (the default), only the retry horizon (config.retryHorizonMs, default 72 h) or a permanent refusal makes one.',
  })
  maxAttempts?: number | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Outbound only: also deliver the events recorded since this past instant (its event types, its department), in order per record; e.g. the registrations of the past year for a department that joins late. Default: from its creation.',
  })
  deliverFrom?: Date | null;
}

@InputType({ description: 'Changes to a connector; omitted fields stay as they are.' })
export class UpdateConnectorInput {
  @Field(() => [String], { nullable: true })
  eventTypes?: string[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  config?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Replaces every secret of the connector.' })
  secrets?: Record<string, unknown> | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => Int, { nullable: true })
  maxAttempts?: number | null;
}

@InputType({ description: 'Which deliveries to list; all given conditions apply.' })
export class DeliveryFilterInput {
  @Field(() => ID, { nullable: true })
  connectorId?: string | null;

  @Field(() => DeliveryStatus, { nullable: true, description: 'DEAD lists the dead letters.' })
  status?: DeliveryStatus | null;

  @Field(() => ID, { nullable: true, description: 'The outbox event id (the id receivers see).' })
  eventId?: string | null;

  @Field(() => String, { nullable: true, description: 'The record the event is about (a USCC, a trade code …).' })
  aggregateKey?: string | null;

  @Field(() => String, { nullable: true, description: 'The receiving department.' })
  departmentCode?: string | null;
}

@InputType()
export class InboundRecordFilterInput {
  @Field(() => ID, { nullable: true })
  connectorId?: string | null;

  @Field(() => InboundStatus, { nullable: true, description: 'REJECTED lists the refused records with their reasons.' })
  status?: InboundStatus | null;
}

@ObjectType({ description: "A connector's state: backlog, dead letters, lag and the last error." })
export class ConnectorHealth {
  @Field(() => Connector)
  connector!: Connector;

  @Field({ description: 'Enabled, circuit closed, and no delivery failing, stalled or dead-lettered (from live state).' })
  healthy!: boolean;

  @Field(() => CircuitState, {
    description: 'OPEN: the department system failed repeatedly (or asked for a pause); one probe per interval until one succeeds.',
  })
  circuit!: CircuitState;

  @Field(() => Date, { nullable: true })
  circuitOpenedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'While OPEN: when the next probe may go.' })
  nextProbeAt!: Date | null;

  @Field(() => Int, { description: 'Transient failures in a row.' })
  consecutiveFailures!: number;

  @Field(() => Int, {
    description: 'Events not yet delivered nor dead-lettered (PENDING and IN_FLIGHT); the same figure as the hub_connector_backlog gauge.',
  })
  backlog!: number;

  @Field(() => Int, { description: 'Attempts running under a live lease.' })
  inFlight!: number;

  @Field(() => Int, { description: 'Claimed by a worker whose lease ran out (it died); taken over by the next claim.' })
  stalled!: number;

  @Field(() => Int, { description: 'Waiting for a retry after the department system failed them.' })
  retrying!: number;

  @Field(() => Int, { description: 'Dead letters waiting for a replay.' })
  deadLetters!: number;

  @Field(() => Int)
  delivered!: number;

  @Field(() => Float, { description: 'Age in seconds of the oldest event not yet delivered (0 when none waits).' })
  lagSeconds!: number;

  @Field(() => Date, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastFailureAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The last failure, while no success has followed it.' })
  lastError!: string | null;
}

@ObjectType({ description: 'What became of the rows of an imported file.' })
export class ImportResult {
  @Field(() => Int)
  applied!: number;

  @Field(() => Int, { description: 'Rows whose source id was imported before: ignored.' })
  duplicates!: number;

  @Field(() => Int, { description: 'Rows refused; listed in inboundRecords(status: REJECTED) with the reason.' })
  rejected!: number;
}

export const DeliveryConnection = ConnectionType('Delivery', Delivery);
export const InboundRecordConnection = ConnectionType('ConnectorInboundRecord', ConnectorInboundRecord);
