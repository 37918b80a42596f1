import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { holderFilterScope } from '../domain/sharing/personal-filter.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import { Role } from '../entities/role.js';
import { badUserInput, forbidden } from '../domain/errors.js';
import { usesOfHolderLicences } from '../domain/licence/holder-uses.js';
import { LicenceUse } from '../entities/licence-use.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { LicenceUseConnection } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => LicenceUse)
export class LicenceUseQueryResolver {
  @Query(() => LicenceUseConnection, {
    description: "Who used a holder's licences, when and why (newest first). An enterprise sees its own (holderCode may be omitted).",
  })
  @RequiresAuth(Role.ADMIN, Role.ENTERPRISE)
  async licenceUsesOfHolder(
    @Ctx() context: HubContext,
    @Arg('holderCode', () => String, { nullable: true }) holderCode?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<LicenceUse>> {
    const { em, principal } = context;
    const ownUscc = principal?.roles.includes(Role.ENTERPRISE) ? principal.enterpriseUscc : null;
    const holder = holderCode ?? ownUscc;
    if (!holder) throw badUserInput('holderCode', 'is required: whose licences?');
    if (ownUscc && holder.trim().toUpperCase() !== ownUscc)
      throw forbidden('an enterprise sees the uses of its own licences only', 'holderCode');
    // A citizen's uses are found by the citizen's ID number: a read of it, under the policy.
    if (!ownUscc) holderFilterScope(context.sharing.current, sharingStateOf(context).reader, holder, context.purpose, 'holderCode');
    return toConnection(await usesOfHolderLicences(em, holder, { first, after }), after);
  }
}
