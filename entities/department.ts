import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';

/** A department of the service centre (市场监管, 税务, 人社 …): the unit every request acts for. */
@Entity({ tableName: 'department' })
@ObjectType({ description: 'A department of the service centre (部门); every request acts for one.' })
export class Department {
  [OptionalProps]?: 'id' | 'createdAt' | 'registersMarketEntities';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  /** Short stable code used in credentials, connector subjects and the API (e.g. `SCJG`). */
  @Property({ length: 32 })
  @Unique()
  @Field({ description: 'Short stable code, e.g. SCJG for 市场监管.' })
  code!: string;

  @Property({ length: 100 })
  @Field({ description: 'Official name, e.g. 区市场监督管理局.' })
  name!: string;

  @Property({ length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: "The department's own unified social credit code." })
  uscc?: string | null;

  /** GB/T 2260 code of the area it serves; a registering authority writes it into every USCC it issues. */
  @Property({ length: 6, nullable: true })
  @Field(() => String, { nullable: true, description: 'GB/T 2260 division code of the area it serves.' })
  divisionCode?: string | null;

  /** Whether its windows register market entities and issue USCCs (市场监管 does). */
  @Property({ default: false })
  @Field({ description: 'Whether it registers market entities and issues their USCCs.' })
  registersMarketEntities: boolean = false;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();
}
