import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActorKind } from './actor-kind.js';

registerEnumType(ActorKind, {
  name: 'AccessLogActorKind',
  description: 'The role an actor of the access log acted in; CONNECTOR for outbound deliveries, ANONYMOUS without a credential.',
});

/**
 * One entry of the access log: an actor read conditional fields of one record, or wrote through a
 * mutation. The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and chained
 * with a key that is not in the database: `hash` = HMAC-SHA-256(key, `previousHash` + the entry's
 * canonical form), so removing, altering, inserting or appending an entry breaks the chain at that
 * place, and signed checkpoints kept outside the database show entries cut from the end
 * (domain/access-log/verify-access-log.ts). `seq` is assigned by the writer in chain order; the primary key lets one entry, of one writer, take each position.
 */
@Entity({ tableName: 'access_log_entry' })
@Index({ properties: ['subjectUscc', 'seq'] })
@Index({ properties: ['occurredAt'] })
@ObjectType({ description: 'A read of conditional data, or a write, as recorded in the access log.' })
export class AccessLogEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  @Field(() => String, { description: 'Position in the log (1, 2, …).' })
  seq!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  occurredAt!: Date;

  @Property({ type: 'smallint' })
  @Field(() => Int, {
    description: 'How the entry is hashed: 1 (before the log was keyed: sha256, no actor kind), 2 (HMAC with the log key).',
  })
  format!: number;

  /** READ of conditional data, or WRITE. */
  @Property({ length: 8 })
  @Field({ description: 'READ (of conditional data) or WRITE.' })
  action!: string;

  /** Null on entries written before the actor kind was recorded (format 1). */
  @Enum({ items: () => ActorKind, nullable: true })
  @Field(() => ActorKind, { nullable: true, description: 'The role the actor acted in (null on entries of format 1).' })
  actorKind!: ActorKind | null;

  @Property({ length: 32 })
  @Field({ description: "The actor's department, '-' for an actor without one." })
  departmentCode!: string;

  @Property({ length: 200 })
  @Field({ description: 'Who acted: department/clerk, or department/credential label.' })
  actor!: string;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => String, { nullable: true, description: 'The credential the actor used.' })
  credentialId!: string | null;

  @Property({ length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "The credential's label (a connector's name for deliveries) when the entry was written.",
  })
  credentialLabel!: string | null;

  @Property({ length: 200 })
  @Field({ description: 'The operation: its type and name or root fields, e.g. "query enterprise".' })
  operation!: string;

  @Property({ length: 64 })
  @Field({ description: 'The type read, or Mutation for a write.' })
  typeName!: string;

  @Property({ length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  recordId!: string | null;

  /** The enterprise the data is about, for its data tracker. */
  @Property({ length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: 'USCC of the enterprise the data is about.' })
  subjectUscc!: string | null;

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'Fields read, or the mutation written through.' })
  fields!: string[];

  @Property({ length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'The purpose the request stated.' })
  purpose!: string | null;

  @Property({ length: 64 })
  @Field()
  requestId!: string;

  @Property({ length: 64 })
  @Field()
  previousHash!: string;

  @Property({ length: 64 })
  @Field()
  hash!: string;
}
