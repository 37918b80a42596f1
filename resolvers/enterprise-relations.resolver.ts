import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { Enterprise } from '../entities/enterprise.js';
import { EnterpriseChange } from '../entities/enterprise-change.js';
import { Licence } from '../entities/licence.js';
import { Registration } from '../entities/registration.js';
import { listReadWith } from '../reads/enterprise-lists.js';
import type { HubContext } from '../schema/context.js';

/** An enterprise's relations, each batched per request (no query per enterprise), or read with the enterprise itself. */
@Resolver(() => Enterprise)
export class EnterpriseRelationsResolver {
  @FieldResolver(() => Department, { description: 'The registration authority (登记机关).' })
  async registeringAuthority(@Root() enterprise: Enterprise, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(enterprise.registeringAuthority.id))!;
  }

  @FieldResolver(() => [Licence], { description: 'Its licences, the business licence first.' })
  licences(@Root() enterprise: Enterprise, @Ctx() { loaders }: HubContext): Licence[] | Promise<Licence[]> {
    return listReadWith<Licence>(enterprise, 'licences') ?? loaders.licencesByEnterpriseId.load(enterprise.id);
  }

  @FieldResolver(() => [Registration], { description: 'Its registration acts (设立, 变更, 注销), oldest first.' })
  registrations(@Root() enterprise: Enterprise, @Ctx() { loaders }: HubContext): Registration[] | Promise<Registration[]> {
    return listReadWith<Registration>(enterprise, 'registrations') ?? loaders.registrationsByEnterpriseId.load(enterprise.id);
  }

  @FieldResolver(() => [EnterpriseChange], { description: 'The change history, field by field, oldest first.' })
  changes(@Root() enterprise: Enterprise, @Ctx() { loaders }: HubContext): EnterpriseChange[] | Promise<EnterpriseChange[]> {
    return listReadWith<EnterpriseChange>(enterprise, 'changes') ?? loaders.changesByEnterpriseId.load(enterprise.id);
  }
}
