import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Department } from './department.js';

/** A named person at a window who acts for a department (registration clerks). */
@Entity({ tableName: 'clerk' })
@ObjectType({ description: 'A named person at a window acting for a department.' })
export class Clerk {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Department)
  @Index()
  department!: Rel<Department>;

  @Property({ length: 50 })
  @Field()
  name!: string;

  @Property({ length: 32 })
  @Field({ description: 'Staff number within the department.' })
  staffNumber!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
