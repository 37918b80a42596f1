import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../entities/role.js';
import { Clerk } from '../entities/clerk.js';
import { Department } from '../entities/department.js';

registerEnumType(Role, { name: 'Role', description: 'What a principal may do within its department.' });

@ObjectType('Principal', { description: 'Who the request acts as.' })
export class PrincipalType {
  @Field(() => Department)
  department!: Department;

  @Field(() => Clerk, { nullable: true, description: 'The named person, when a clerk acts.' })
  clerk!: Clerk | null;

  @Field(() => [Role])
  roles!: Role[];

  @Field({ description: 'The label of the credential used.' })
  credentialLabel!: string;
}
