import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Enterprise } from './enterprise.js';
import { Registration } from './registration.js';

/** One field changed by a 变更 registration: the history department systems read. */
@Entity({ tableName: 'enterprise_change' })
@ObjectType({ description: 'A field changed by a change registration (变更).' })
export class EnterpriseChange {
  [OptionalProps]?: 'id' | 'changedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Enterprise)
  @Index()
  enterprise!: Rel<Enterprise>;

  @ManyToOne(() => Registration)
  @Index()
  registration!: Rel<Registration>;

  @Property({ length: 64 })
  @Field({ description: 'The GraphQL name of the changed field, e.g. address.' })
  field!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  oldValue!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  newValue!: string | null;

  @Property({ length: 100 })
  // Nullable in the API: the clerk's name is internal to the registering department (NOT_SHARED),
  // like Registration.clerkName, and reads as null to everyone else.
  @Field(() => String, {
    nullable: true,
    description: 'Who made it: the clerk, or the department system; only for the registering department.',
  })
  changedBy!: string;

  @Property({ length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'The document that approved it.' })
  document?: string | null;

  @Property({ type: 'timestamptz' })
  @Field()
  changedAt: Date = new Date();
}
