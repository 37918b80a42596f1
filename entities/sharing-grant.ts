import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Department } from './department.js';

/**
 * A grant: `department` may read the conditional fields `fieldNames` of `typeName` for one of
 * `purposes` until `expiresAt`. A request states its purpose; a read of a conditional field needs
 * a live grant naming that field and that purpose.
 */
@Entity({ tableName: 'sharing_grant' })
@Index({ properties: ['department', 'typeName'] })
@ObjectType({ description: 'Permission for a department to read conditional fields for stated purposes (共享授权).' })
export class SharingGrant {
  [OptionalProps]?: 'id' | 'createdAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Department)
  @Field(() => Department, { description: 'The department that may read.' })
  department!: Rel<Department>;

  @Property({ length: 64 })
  @Field()
  typeName!: string;

  @Property({ type: 'text[]' })
  @Field(() => [String])
  fieldNames!: string[];

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'The purposes a request may state (X-Purpose) to use this grant.' })
  purposes!: string[];

  @Property({ type: 'timestamptz' })
  @Field({ description: 'The grant no longer applies from this instant.' })
  expiresAt!: Date;

  @Property({ length: 200 })
  @Field({ description: 'Who granted it.' })
  grantedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null = null;
}
