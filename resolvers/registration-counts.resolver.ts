import { Ctx, Query, Resolver, Subscription } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { countRegistrations, type RegistrationCounts } from '../domain/registration/registration-counts.js';
import { RequiresAuth } from '../schema/auth.js';
import { RegistrationCountsType } from '../schema/registration.types.js';
import type { HubContext } from '../server/context.js';
import { countTriggers } from '../server/pubsub.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

@Resolver()
export class RegistrationCountsResolver {
  @Query(() => RegistrationCountsType, { description: "Today's registration acts (Asia/Shanghai)." })
  @RequiresAuth(...WATCHERS)
  registrationCounts(@Ctx() { em }: HubContext): Promise<RegistrationCounts> {
    return countRegistrations(em);
  }

  @Subscription(() => RegistrationCountsType, {
    name: 'registrationCounts',
    description: "Today's registration acts: the current figures at once, then again after every registration commits.",
    subscribe: ({ context }) => countTriggers((context as HubContext).pubSub, 'registration'),
  })
  @RequiresAuth(...WATCHERS)
  registrationCountsChanged(@Ctx() { em }: HubContext): Promise<RegistrationCounts> {
    // Each push recounts from the database, so a subscriber always ends on the committed figures.
    return countRegistrations(em.fork());
  }
}
