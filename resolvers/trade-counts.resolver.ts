import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import { Arg, Ctx, Query, Resolver, Subscription } from 'type-graphql';
import { Role } from '../domain/auth/role.js';
import { divisionPrefix, tradeStats } from '../domain/trading/trade-stats.js';
import { todayInShanghai } from '../domain/working-days.js';
import { RequiresAuth } from '../schema/auth.js';
import { TradeStats } from '../schema/trading/trade-stats.type.js';
import type { HubContext } from '../server/context.js';
import { COUNTS_CHANGED, type CountsChanged, type HubPubSub } from '../server/pubsub.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

@Resolver()
export class TradeCountsResolver {
  @Query(() => TradeStats, { description: "Today's deals (Asia/Shanghai): how many, for how much, what they saved or earned." })
  @RequiresAuth(...WATCHERS)
  tradingToday(
    @Ctx() { em }: HubContext,
    @Arg('divisionCode', () => String, { nullable: true, description: 'A county, or a city or province and everything under it.' }) divisionCode?: string | null,
  ): Promise<TradeStats> {
    const today = todayInShanghai();
    return tradeStats(em, { from: today, to: today, divisionCode });
  }

  @Subscription(() => TradeStats, {
    name: 'tradingToday',
    description: "Today's deals: the current figures at once, then again after every award commits.",
    subscribe: ({ args, context }) => tradeChanges((context as HubContext).pubSub, args.divisionCode as string | null | undefined),
  })
  @RequiresAuth(...WATCHERS)
  tradingTodayChanged(
    @Ctx() { em }: HubContext,
    @Arg('divisionCode', () => String, { nullable: true }) divisionCode?: string | null,
  ): Promise<TradeStats> {
    const today = todayInShanghai();
    // Each push recounts from the database, so a screen always ends on the committed figures.
    return tradeStats(em.fork(), { from: today, to: today, divisionCode });
  }
}

/** One trigger at once (the initial figures), then one per committed award in the division. */
function tradeChanges(pubSub: HubPubSub, divisionCode: string | null | undefined): AsyncIterable<unknown> {
  const prefix = divisionCode ? divisionPrefix(divisionCode, 'divisionCode') : '';
  const changes = pipe(
    pubSub.subscribe(COUNTS_CHANGED),
    filter((change) => {
      const counts = change as CountsChanged;
      return counts.kind === 'trade' && (counts.divisionCode ?? '').startsWith(prefix);
    }),
  );
  return Repeater.merge([[{ initial: true }], changes]);
}
