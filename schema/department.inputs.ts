import { Field, InputType, ObjectType } from 'type-graphql';
import { Role } from '../entities/role.js';

@InputType({ description: 'A new department of the service centre.' })
export class CreateDepartmentInput {
  @Field({ description: 'Short stable code: 2–32 capital letters, digits or underscores.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  uscc?: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of the area it serves.' })
  divisionCode?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Whether it registers market entities (issues USCCs).' })
  registersMarketEntities?: boolean | null;
}

@InputType({ description: 'A credential for a department system or for a named clerk.' })
export class IssueCredentialInput {
  @Field()
  departmentCode!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field({ description: 'What the credential is for, e.g. "tax system" or the clerk\'s window.' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'The clerk who will use it (required with the CLERK role).' })
  clerkName?: string | null;

  @Field(() => String, { nullable: true })
  clerkStaffNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'The enterprise (USCC) an ENTERPRISE credential acts for.' })
  enterpriseUscc?: string | null;
}

@ObjectType()
export class IssuedCredential {
  @Field()
  keyId!: string;

  @Field({ description: 'The bearer token. It is not stored and cannot be shown again.' })
  token!: string;
}
