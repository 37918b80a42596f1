import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Department } from '../entities/department.js';
import { Enterprise } from '../entities/enterprise.js';
import { Registration } from '../entities/registration.js';
import { RegistrationReceipt } from '../entities/registration-receipt.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => Registration)
export class RegistrationResolver {
  @FieldResolver(() => Enterprise)
  async enterprise(@Root() registration: Registration, @Ctx() { loaders }: HubContext): Promise<Enterprise> {
    return (await loaders.enterpriseById.load(registration.enterprise.id))!;
  }

  @FieldResolver(() => Department, { description: 'The department whose window registered it.' })
  async registeredBy(@Root() registration: Registration, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(registration.department.id))!;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The clerk who registered it, when a person did.' })
  async clerkName(@Root() registration: Registration, @Ctx() { loaders }: HubContext): Promise<string | null> {
    if (!registration.clerk) return null;
    return (await loaders.clerkById.load(registration.clerk.id))?.name ?? null;
  }

  @FieldResolver(() => [RegistrationReceipt], { description: "Each receiving department's receipt." })
  receipts(@Root() registration: Registration, @Ctx() { loaders }: HubContext): Promise<RegistrationReceipt[]> {
    return loaders.receiptsByRegistrationId.load(registration.id);
  }
}
