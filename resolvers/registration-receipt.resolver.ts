import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { RegistrationReceipt } from '../entities/registration-receipt.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => RegistrationReceipt)
export class RegistrationReceiptResolver {
  @FieldResolver(() => Department)
  async department(@Root() receipt: RegistrationReceipt, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(receipt.department.id))!;
  }
}
