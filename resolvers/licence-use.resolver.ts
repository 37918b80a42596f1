import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { Licence } from '../entities/licence.js';
import { LicenceUse } from '../entities/licence-use.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => LicenceUse)
export class LicenceUseResolver {
  @FieldResolver(() => Department, { description: 'The department that used the licence.' })
  async department(@Root() use: LicenceUse, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(use.department.id))!;
  }

  @FieldResolver(() => Licence, { description: 'The licence used.' })
  async licence(@Root() use: LicenceUse, @Ctx() { loaders }: HubContext): Promise<Licence> {
    return (await loaders.licenceById.load(use.licence.id))!;
  }
}
