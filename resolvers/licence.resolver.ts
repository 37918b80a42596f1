import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { Licence } from '../entities/licence.js';
import type { HubContext } from '../server/context.js';

@Resolver(() => Licence)
export class LicenceResolver {
  @FieldResolver(() => Department, { description: 'The issuing department (颁发机构).' })
  async issuer(@Root() licence: Licence, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(licence.issuer.id))!;
  }
}
