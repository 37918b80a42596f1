import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';

export interface FieldSource {
  department: string;
  sourceEventId: string;
  at: string;
}

/**
 * The fields departments own about one record (an enterprise by USCC, a trade by its code), as
 * their systems last sent them: each field with the department and source event it came from.
 */
@Entity({ tableName: 'sourced_record' })
@Unique({ properties: ['recordType', 'naturalKey'] })
@ObjectType({ description: 'Fields departments own about one record, each with where it came from (一数一源).' })
export class SourcedRecord {
  [OptionalProps]?: 'id' | 'updatedAt' | 'fields' | 'sources';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Field()
  recordType!: string;

  @Property({ length: 128 })
  @Field()
  naturalKey!: string;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject)
  fields: Record<string, unknown> = {};

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, { description: 'For each field: the department, source event id and time it was written.' })
  sources: Record<string, FieldSource> = {};

  @Property({ type: 'timestamptz' })
  @Field()
  updatedAt: Date = new Date();
}
