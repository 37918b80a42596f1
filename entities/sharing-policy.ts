import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { SharingLevel } from './sharing-level.js';
import { Department } from './department.js';

/**
 * One row of the sharing policy: the field `typeName.fieldName` of the API, the department that
 * owns it (一数一源: the only one that writes it) and its sharing level. Types are covered by adding
 * rows, not code: the enforcement point consults this table for every field it resolves.
 */
@Entity({ tableName: 'sharing_policy' })
@Unique({ properties: ['typeName', 'fieldName'] })
@ObjectType({ description: 'Who owns a field of the API and how it is shared (共享级别).' })
export class SharingPolicy {
  [OptionalProps]?: 'id' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Field({ description: 'The GraphQL type, e.g. Enterprise.' })
  typeName!: string;

  @Property({ length: 64 })
  @Field({ description: 'The GraphQL field, e.g. legalRepresentativeIdNumber.' })
  fieldName!: string;

  @ManyToOne(() => Department)
  @Index()
  @Field(() => Department, { description: 'The department that owns (and alone writes) the field.' })
  owner!: Rel<Department>;

  @Enum({ items: () => SharingLevel })
  @Field(() => SharingLevel)
  level!: SharingLevel;

  @Property({ length: 200 })
  @Field({ description: 'Who set this row last (department/clerk or credential).' })
  updatedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  updatedAt: Date = new Date();
}
