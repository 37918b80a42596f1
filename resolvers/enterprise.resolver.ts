import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { forbidden } from '../domain/errors.js';
import { findPage } from '../domain/pagination.js';
import { changeEnterprise } from '../domain/registration/change-enterprise.js';
import { deregisterEnterprise } from '../domain/registration/deregister-enterprise.js';
import { enterpriseWhere } from '../domain/registration/enterprise-filter.js';
import { registerEnterprise } from '../domain/registration/register-enterprise.js';
import { checkUsccArgument } from '../domain/uscc-argument.js';
import { Enterprise } from '../entities/enterprise.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { isWhole, keepEnterpriseLists } from '../reads/enterprise-lists.js';
import { CONNECTION_NODES, enterpriseReadSelected } from './enterprise-lists-selected.js';
import { EnterpriseChangesInput, EnterpriseFilter, RegisterEnterpriseInput } from '../schema/enterprise.inputs.js';
import { DeregistrationPayload, EnterpriseConnection, RegistrationPayload } from '../schema/registration.types.js';
import type { HubContext } from '../schema/context.js';

const READERS = [Role.ADMIN, Role.CLERK, Role.SYSTEM];
const REGISTRARS = [Role.CLERK, Role.SYSTEM];

/** The enterprise registry: department systems read by USCC; registration windows write. */
@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: 'A market entity by its USCC; null when none has it.' })
  @RequiresAuth(...READERS)
  enterprise(@Arg('uscc') uscc: string, @Ctx() { em, loaders }: HubContext, @Info() info: GraphQLResolveInfo): Promise<Enterprise | null> {
    const checked = checkUsccArgument(uscc, 'uscc');
    // A department system's lookup asks for the enterprise with its lists: one statement reads them all, with the columns asked for.
    const read = enterpriseReadSelected(em, info);
    return (isWhole(read) && Object.keys(read.lists).length === 0 ? loaders.enterpriseByUscc : loaders.enterpriseByUsccWith(read)).load(
      checked,
    );
  }

  @Query(() => EnterpriseConnection, { description: 'Market entities, newest establishment first.' })
  @RequiresAuth(...READERS)
  async enterprises(
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<Enterprise>> {
    // The page's enterprises with the lists their fields read, in the page's own statement, with the columns asked for.
    const read = enterpriseReadSelected(em, info, CONNECTION_NODES);
    const page = await findPage(
      em,
      Enterprise,
      enterpriseWhere(filter),
      { establishedOn: 'desc', id: 'desc' },
      { first, after },
      { lists: read.lists, columns: read.properties },
    );
    for (const enterprise of page.items) keepEnterpriseLists(loaders, enterprise, page.listsOf(enterprise) ?? {}, read);
    return toConnection(page, after);
  }

  @Mutation(() => RegistrationPayload, {
    description:
      'Registers a market entity (设立登记, 多证合一): issues its USCC and business licence and hands it to every department ' +
      'whose certificate the licence integrates. Retrying with the same idempotencyKey returns the first result.',
  })
  @RequiresAuth(...REGISTRARS)
  async registerEnterprise(
    @Arg('input') input: RegisterEnterpriseInput,
    @Arg('idempotencyKey', () => ID, { description: 'Unique per request of this department, e.g. a UUID; 8–100 characters.' })
    idempotencyKey: string,
    @Ctx() context: HubContext,
  ): Promise<RegistrationPayload> {
    const outcome = await registerEnterprise(context.em, principalOf(context), input, idempotencyKey);
    // The receipts just written are the answer's receipts: no need to read them back.
    if (outcome.receipts) context.loaders.receiptsByRegistrationId.prime(outcome.registration.id, outcome.receipts);
    return outcome;
  }

  @Mutation(() => RegistrationPayload, { description: 'Registers a change (变更) made against the version the clerk read.' })
  @RequiresAuth(...REGISTRARS)
  async changeEnterprise(
    @Arg('uscc') uscc: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('changes') changes: EnterpriseChangesInput,
    @Arg('document', { description: 'The approval document of the change.' }) document: string,
    @Ctx() context: HubContext,
  ): Promise<RegistrationPayload> {
    const present = Object.keys(changes).filter((field) => changes[field as keyof EnterpriseChangesInput] != null);
    context.sharing.checkFieldOwnership(principalOf(context), 'Enterprise', present, 'changes');
    return changeEnterprise(context.em, principalOf(context), { uscc, expectedVersion, changes, document });
  }

  @Mutation(() => DeregistrationPayload, { description: 'Deregisters (注销) a market entity and cancels its live licences.' })
  @RequiresAuth(...REGISTRARS)
  async deregisterEnterprise(
    @Arg('uscc') uscc: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('document', { description: 'The deregistration approval document.' }) document: string,
    @Ctx() context: HubContext,
  ): Promise<DeregistrationPayload> {
    return deregisterEnterprise(context.em, principalOf(context), { uscc, expectedVersion, document });
  }
}

function principalOf(context: HubContext) {
  if (!context.principal) throw forbidden('a credential is required');
  return context.principal;
}
