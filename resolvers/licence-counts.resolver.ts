import { Ctx, Query, Resolver, Subscription } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { countLicencesIssued, type LicenceCounts } from '../domain/licence/licence-counts.js';
import { RequiresAuth } from '../schema/auth.js';
import { LicenceCountsType } from '../schema/licence.types.js';
import type { HubContext } from '../server/context.js';
import { countTriggers } from '../server/pubsub.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

@Resolver()
export class LicenceCountsResolver {
  @Query(() => LicenceCountsType, { description: 'Licences issued today (Asia/Shanghai), by type.' })
  @RequiresAuth(...WATCHERS)
  licenceCounts(@Ctx() { em }: HubContext): Promise<LicenceCounts> {
    return countLicencesIssued(em);
  }

  @Subscription(() => LicenceCountsType, {
    name: 'licenceCounts',
    description: 'Licences issued today: the figures at once, then again after every issue commits.',
    subscribe: ({ context }) => countTriggers((context as HubContext).pubSub, 'licence'),
  })
  @RequiresAuth(...WATCHERS)
  licenceCountsChanged(@Ctx() { em }: HubContext): Promise<LicenceCounts> {
    return countLicencesIssued(em.fork());
  }
}
