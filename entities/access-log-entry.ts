import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';

/**
 * One entry of the access log: a department read conditional fields of one record, or wrote
 * through a mutation. The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained: `hash` = sha256(`previousHash` + the entry's canonical form), so removing, altering
 * or inserting an entry breaks the chain at that place (domain/access-log/verify-access-log.ts).
 * `seq` is assigned by the writer under a lock, in chain order.
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

  /** READ of conditional data, or WRITE. */
  @Property({ length: 8 })
  @Field({ description: 'READ (of conditional data) or WRITE.' })
  action!: string;

  @Property({ length: 32 })
  @Field({ description: 'The department that acted.' })
  departmentCode!: string;

  @Property({ length: 200 })
  @Field({ description: 'Who acted: department/clerk, or department/credential label.' })
  actor!: string;

  @Property({ type: 'uuid', nullable: true })
  credentialId!: string | null;

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
