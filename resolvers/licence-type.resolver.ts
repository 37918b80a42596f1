import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../entities/role.js';
import { createLicenceType } from '../domain/licence/create-licence-type.js';
import { Department } from '../entities/department.js';
import { LicenceType } from '../entities/licence-type.js';
import { RequiresAuth } from '../schema/auth.js';
import { CreateLicenceTypeInput } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => LicenceType)
export class LicenceTypeResolver {
  @Query(() => [LicenceType], { description: 'The licence types, by code.' })
  @RequiresAuth()
  licenceTypes(@Ctx() { em }: HubContext): Promise<LicenceType[]> {
    return em.find(LicenceType, {}, { orderBy: { code: 'asc' } });
  }

  @Mutation(() => LicenceType)
  @RequiresAuth(Role.ADMIN)
  createLicenceType(@Arg('input') input: CreateLicenceTypeInput, @Ctx() { em }: HubContext): Promise<LicenceType> {
    return createLicenceType(em, input);
  }

  @FieldResolver(() => Department)
  async issuer(@Root() type: LicenceType, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(type.issuer.id))!;
  }
}
