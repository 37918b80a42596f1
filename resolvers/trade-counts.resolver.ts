import { Arg, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { divisionPrefix, tradeStats, type TradeStats as Figures } from '../domain/trading/trade-stats.js';
import { todayInShanghai } from '../domain/working-days.js';
import { RequiresAuth } from '../schema/auth.js';
import { TradeStats } from '../schema/trading/trade-stats.type.js';
import type { HubContext } from '../schema/context.js';
import { figuresOrThrow, type FigureSource } from '../domain/live-counts/live-figures.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

/** Today's deals of a division (or of all): every screen watching the same division shares one count. */
function tradingFigures(divisionCode: string | null): FigureSource<Figures> {
  const prefix = divisionCode ? divisionPrefix(divisionCode, 'divisionCode') : '';
  return {
    key: `tradingToday:${divisionCode ?? ''}`,
    concerns: (change) => change.kind === 'trade' && (change.divisionCode ?? '').startsWith(prefix),
    compute: (em) => {
      const today = todayInShanghai();
      return tradeStats(em, { from: today, to: today, divisionCode });
    },
  };
}

@Resolver()
export class TradeCountsResolver {
  @Query(() => TradeStats, { description: "Today's deals (Asia/Shanghai): how many, for how much, what they saved or earned." })
  @RequiresAuth(...WATCHERS)
  tradingToday(
    @Ctx() { em }: HubContext,
    @Arg('divisionCode', () => String, { nullable: true, description: 'A county, or a city or province and everything under it.' })
    divisionCode?: string | null,
  ): Promise<Figures> {
    const today = todayInShanghai();
    return tradeStats(em, { from: today, to: today, divisionCode });
  }

  @Subscription(() => TradeStats, {
    name: 'tradingToday',
    description:
      "Today's deals: the current figures at once, then after awards commit, at most four times a second and always ending on the latest.",
    subscribe: ({ args, context }) =>
      (context as HubContext).liveFigures.watch(tradingFigures((args.divisionCode as string | null | undefined) ?? null)),
  })
  @RequiresAuth(...WATCHERS)
  tradingTodayChanged(
    @Root() figures: Figures | Error,
    // Declares the argument; the division was checked and counted for in `subscribe`.
    @Arg('divisionCode', () => String, { nullable: true }) _divisionCode?: string | null,
  ): Figures {
    return figuresOrThrow(figures);
  }
}
