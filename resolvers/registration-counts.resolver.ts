import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { countRegistrations, type RegistrationCounts } from '../domain/registration/registration-counts.js';
import { RequiresAuth } from '../schema/auth.js';
import { RegistrationCountsType } from '../schema/registration.types.js';
import type { HubContext } from '../schema/context.js';
import { figuresOrThrow, type FigureSource } from '../domain/live-counts/live-figures.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

/** The centre's registration figures: the same for every watcher, so all share one count. */
const registrationFigures: FigureSource<RegistrationCounts> = {
  key: 'registrationCounts',
  concerns: (change) => change.kind === 'registration',
  compute: (em) => countRegistrations(em),
};

@Resolver()
export class RegistrationCountsResolver {
  @Query(() => RegistrationCountsType, { description: "Today's registration acts (Asia/Shanghai)." })
  @RequiresAuth(...WATCHERS)
  registrationCounts(@Ctx() { em }: HubContext): Promise<RegistrationCounts> {
    return countRegistrations(em);
  }

  @Subscription(() => RegistrationCountsType, {
    name: 'registrationCounts',
    description:
      "Today's registration acts: the current figures at once, then after registrations commit (on any hub instance when Redis is configured), at most four times a second and always ending on the latest.",
    subscribe: ({ context }) => (context as HubContext).liveFigures.watch(registrationFigures),
  })
  @RequiresAuth(...WATCHERS)
  registrationCountsChanged(@Root() figures: RegistrationCounts | Error): RegistrationCounts {
    return figuresOrThrow(figures);
  }
}
