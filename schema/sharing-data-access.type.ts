import { Field, ObjectType } from 'type-graphql';
import { ActorKind } from '../entities/actor-kind.js';
import { ConnectionType } from './connection.js';

@ObjectType({ description: "A department's access to an enterprise's data, as the enterprise sees it (data tracker)." })
export class DataAccess {
  @Field()
  occurredAt!: Date;

  @Field({ description: 'READ (of conditional data) or WRITE.' })
  action!: string;

  @Field(() => ActorKind, {
    nullable: true,
    description: 'The kind of actor: ADMIN, CLERK, SYSTEM, … (null on entries written before it was recorded).',
  })
  actorKind!: ActorKind | null;

  @Field({ description: "The department that read or wrote ('-' for an actor without one)." })
  departmentCode!: string;

  @Field(() => String, { nullable: true })
  departmentName!: string | null;

  @Field(() => [String], { description: 'The fields read, or the change made.' })
  fields!: string[];

  @Field(() => String, { nullable: true, description: 'The purpose the department stated.' })
  purpose!: string | null;
}

export const DataAccessConnection = ConnectionType('DataAccess', DataAccess);
