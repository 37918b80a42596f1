import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import { Ctx, Query, Resolver, Subscription } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { countRegistrations, type RegistrationCounts } from '../domain/registration/registration-counts.js';
import { RequiresAuth } from '../schema/auth.js';
import { RegistrationCountsType } from '../schema/registration.types.js';
import type { HubContext } from '../server/context.js';
import { COUNTS_CHANGED, type CountsChanged, type HubPubSub } from '../server/pubsub.js';

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
    subscribe: ({ context }) => registrationChanges((context as HubContext).pubSub),
  })
  @RequiresAuth(...WATCHERS)
  registrationCountsChanged(@Ctx() { em }: HubContext): Promise<RegistrationCounts> {
    // Each push recounts from the database, so a subscriber always ends on the committed figures.
    return countRegistrations(em.fork());
  }
}

/** One trigger at once (the initial figures), then one per committed registration act. */
function registrationChanges(pubSub: HubPubSub): AsyncIterable<unknown> {
  const changes = pipe(
    pubSub.subscribe(COUNTS_CHANGED),
    filter((change) => (change as CountsChanged).kind === 'registration'),
  );
  return Repeater.merge([[{ initial: true }], changes]);
}
