import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { CREDENTIAL_REVOKED, type CredentialRevoked } from '../domain/auth/credential-revoked.js';
import { Role } from '../entities/role.js';
import { createDepartment, issueCredential, revokeCredential } from '../domain/auth/manage-credentials.js';
import { Department } from '../entities/department.js';
import { RequiresAuth } from '../schema/auth.js';
import { CreateDepartmentInput, IssueCredentialInput, IssuedCredential } from '../schema/department.inputs.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: 'The departments of the service centre, by code.' })
  @RequiresAuth()
  departments(@Ctx() { em }: HubContext): Promise<Department[]> {
    return em.find(Department, {}, { orderBy: { code: 'asc' } });
  }

  @Mutation(() => Department)
  @RequiresAuth(Role.ADMIN)
  createDepartment(@Arg('input') input: CreateDepartmentInput, @Ctx() { em }: HubContext): Promise<Department> {
    return createDepartment(em, input);
  }

  @Mutation(() => IssuedCredential, { description: 'Issues an API credential; the token is shown only in this response.' })
  @RequiresAuth(Role.ADMIN)
  issueCredential(@Arg('input') input: IssueCredentialInput, @Ctx() { em }: HubContext): Promise<IssuedCredential> {
    return issueCredential(em, input);
  }

  @Mutation(() => Boolean, {
    description:
      'Revokes a credential at once: requests with it fail from now on, and its open WebSockets are closed (4403) within a second.',
  })
  @RequiresAuth(Role.ADMIN)
  async revokeCredential(@Arg('keyId') keyId: string, @Ctx() { em, pubSub }: HubContext): Promise<boolean> {
    const revoked: CredentialRevoked = await revokeCredential(em, keyId);
    pubSub.publish(CREDENTIAL_REVOKED, revoked);
    return true;
  }
}
