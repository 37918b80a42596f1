import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { LicenceUse } from '../entities/licence-use.js';
import type { HubContext } from '../server/context.js';

@Resolver(() => LicenceUse)
export class LicenceUseResolver {
  @FieldResolver(() => Department, { description: 'The department that used the licence.' })
  async department(@Root() use: LicenceUse, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(use.department.id))!;
  }
}
