import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { usesOfHolderLicences } from '../domain/licence/holder-uses.js';
import { LicenceUse } from '../entities/licence-use.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { LicenceUseConnection } from '../schema/licence.types.js';
import type { HubContext } from '../server/context.js';

@Resolver(() => LicenceUse)
export class LicenceUseQueryResolver {
  @Query(() => LicenceUseConnection, { description: "Who used a holder's licences, when and why (newest first)." })
  @RequiresAuth(Role.ADMIN)
  async licenceUsesOfHolder(
    @Arg('holderCode') holderCode: string,
    @Ctx() { em }: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<LicenceUse>> {
    return toConnection(await usesOfHolderLicences(em, holderCode, { first, after }), after);
  }
}
