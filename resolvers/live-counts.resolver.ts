import { Arg, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { unauthenticated } from '../domain/errors.js';
import { countLive, type LiveCounts as Figures } from '../domain/live-counts/live-counts.js';
import { changeConcerns, checkLiveCountsScope, type CheckedScope } from '../domain/live-counts/live-counts-scope.js';
import { RequiresAuth } from '../schema/auth.js';
import { LiveCounts, LiveCountsScopeInput } from '../schema/cases/live-counts.type.js';
import type { HubContext } from '../schema/context.js';
import { figuresOrThrow, type FigureSource } from '../domain/live-counts/live-figures.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.SYSTEM, Role.CLERK];

/** The figures of a checked scope: every screen watching the same scope shares one count. */
function scopeFigures(scope: CheckedScope): FigureSource<Figures> {
  return {
    key: `liveCounts:${scope.departmentCode ?? ''}:${scope.divisionCode ?? ''}`,
    concerns: (change) => changeConcerns(scope, change),
    compute: (em) => countLive(em, scope),
  };
}

@Resolver()
export class LiveCountsResolver {
  @Query(() => LiveCounts, { description: "Today's registrations, licences, cases and deals of a scope." })
  @RequiresAuth(...WATCHERS)
  liveCounts(
    @Ctx() { em, principal }: HubContext,
    @Arg('scope', () => LiveCountsScopeInput, { nullable: true }) scope?: LiveCountsScopeInput | null,
  ): Promise<Figures> {
    return countLive(em, checkLiveCountsScope(principal!, scope));
  }

  @Subscription(() => LiveCounts, {
    name: 'liveCounts',
    description:
      "Today's figures of a scope: at once, then after commits that change them (on any hub instance when Redis is configured), at most four times a second and always ending on the latest.",
    subscribe: ({ args, context }) => {
      const { principal, liveFigures } = context as HubContext;
      if (!principal) throw unauthenticated('liveCounts needs a credential');
      // Checked when subscribing, so a forbidden scope is refused before any figure is sent.
      return liveFigures.watch(scopeFigures(checkLiveCountsScope(principal, args.scope as LiveCountsScopeInput | null | undefined)));
    },
  })
  @RequiresAuth(...WATCHERS)
  liveCountsChanged(
    @Root() figures: Figures | Error,
    // Declares the argument; the scope was checked and counted for in `subscribe`.
    @Arg('scope', () => LiveCountsScopeInput, { nullable: true }) _scope?: LiveCountsScopeInput | null,
  ): Figures {
    return figuresOrThrow(figures);
  }
}
