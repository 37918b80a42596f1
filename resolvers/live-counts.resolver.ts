import { Arg, Ctx, Query, Resolver, Subscription } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { unauthenticated } from '../domain/errors.js';
import { coalesce } from '../domain/live-counts/coalesce.js';
import { countLive, type LiveCounts as Figures } from '../domain/live-counts/live-counts.js';
import { changeConcerns, checkLiveCountsScope } from '../domain/live-counts/live-counts-scope.js';
import { RequiresAuth } from '../schema/auth.js';
import { LiveCounts, LiveCountsScopeInput } from '../schema/cases/live-counts.type.js';
import type { HubContext } from '../server/context.js';
import { COUNTS_CHANGED, type CountsChanged } from '../server/pubsub.js';
import { listen } from '../server/shared-pubsub.js';

/** A screen gets at most four updates a second, however many commits arrive. */
export const LIVE_COUNTS_INTERVAL_MS = 250;

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.SYSTEM, Role.CLERK];

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
      const { principal, pubSub } = context as HubContext;
      if (!principal) throw unauthenticated('liveCounts needs a credential');
      // Checked when subscribing, so a forbidden scope is refused before any figure is sent.
      const scope = checkLiveCountsScope(principal, args.scope as LiveCountsScopeInput | null | undefined);
      return coalesce(
        (onSignal) => listen(pubSub, COUNTS_CHANGED, (change) => changeConcerns(scope, change as CountsChanged) && onSignal()),
        LIVE_COUNTS_INTERVAL_MS,
      );
    },
  })
  @RequiresAuth(...WATCHERS)
  liveCountsChanged(
    @Ctx() { em, principal }: HubContext,
    @Arg('scope', () => LiveCountsScopeInput, { nullable: true }) scope?: LiveCountsScopeInput | null,
  ): Promise<Figures> {
    // Each tick recounts from the database in a fresh fork: the figures are the committed ones.
    return countLive(em.fork(), checkLiveCountsScope(principal!, scope));
  }
}
