import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { HolderCodeType } from './holder-code-type.js';
import type { LicenceStatus } from './licence-status.js';
import { Department } from './department.js';

/**
 * A kind of licence (证照类型): who issues it, how long it is valid, and the JSON Schema of the
 * licence's own fields. Types are data, so a department adds one without a release.
 */
@Entity({ tableName: 'licence_type' })
@ObjectType({ description: 'A kind of licence (证照类型) and the schema of its own fields.' })
export class LicenceType {
  [OptionalProps]?: 'id' | 'defaultValidityMonths' | 'sourceStatusCodes' | 'subscriberDepartmentCodes' | 'publicFields' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Unique()
  @Field({ description: 'Stable code, e.g. CONSTRUCTION_PERMIT.' })
  code!: string;

  @Property({ length: 50 })
  @Field({ description: 'e.g. 建筑工程施工许可证' })
  name!: string;

  @Property({ length: 21 })
  @Unique()
  @Field({ description: 'GB/T 36904 licence type code: the defining ministry’s USCC and a 3-digit number.' })
  typeCode!: string;

  @ManyToOne(() => Department)
  @Field(() => Department, { description: 'The department that issues this type here.' })
  issuer!: Rel<Department>;

  @Enum({ items: () => HolderCodeType, array: true })
  @Field(() => [HolderCodeType], { description: 'Who may hold it: enterprises (USCC), citizens (resident ID), or both.' })
  holderCodeTypes!: HolderCodeType[];

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Default validity in months; null means 长期 (no end).' })
  defaultValidityMonths?: number | null = null;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, { description: 'JSON Schema (draft 2020-12) of the licence’s own fields.' })
  fieldsSchema!: Record<string, unknown>;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'The fields anyone verifying a licence may see; the others are for departments.' })
  publicFields: string[] = [];

  /** The source system's own status codes (e.g. 01, 有效, ZK) mapped to the hub's one status model. */
  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, { description: 'Source status codes mapped to LicenceStatus.' })
  sourceStatusCodes: Record<string, LicenceStatus> = {};

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Departments that receive an event for every licence of this type.' })
  subscriberDepartmentCodes: string[] = [];

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
