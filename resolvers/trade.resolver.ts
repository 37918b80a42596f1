import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../entities/role.js';
import { awardTrade } from '../domain/trading/award-trade.js';
import { figuresOfTrade } from '../domain/trading/figures-of-trade.js';
import { findTrades } from '../domain/trading/find-trades.js';
import { recordTrade } from '../domain/trading/record-trade.js';
import { checkProjectCode } from '../domain/trading/trade-input.js';
import { tradeStats } from '../domain/trading/trade-stats.js';
import { cancelTrade, failTrade, openTrade } from '../domain/trading/trade-transitions.js';
import { Enterprise } from '../entities/enterprise.js';
import { Trade } from '../entities/trade.js';
import { TradeStatusChange } from '../entities/trade-status-change.js';
import { RequiresAuth } from '../schema/auth.js';
import { ConnectionType, toConnection, type ConnectionShape } from '../schema/connection.js';
import { AwardTradeInput, CloseTradeInput, RecordTradeInput, TradeStatsFilter, TradesFilter } from '../schema/trading/trade.inputs.js';
import { TradeStats } from '../schema/trading/trade-stats.type.js';
import type { HubContext } from '../schema/context.js';

const TradeConnection = ConnectionType('Trade', Trade);

@Resolver(() => Trade)
export class TradeResolver {
  @Query(() => Trade, { nullable: true, description: 'A trade by its project code.' })
  @RequiresAuth()
  trade(@Arg('code') code: string, @Ctx() { em }: HubContext): Promise<Trade | null> {
    return em.findOne(Trade, { code: checkProjectCode(code, 'code') });
  }

  @Query(() => TradeConnection, { description: 'Trades, newest announcement first.' })
  @RequiresAuth()
  async trades(
    @Ctx() { em }: HubContext,
    @Arg('filter', () => TradesFilter, { nullable: true }) filter?: TradesFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–500 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<Trade>> {
    return toConnection(await findTrades(em, filter, { first, after }), after);
  }

  @Query(() => TradeStats, {
    description: 'Totals of awarded trades by deal date, with savings and premium, as the annual reports quote them.',
  })
  @RequiresAuth()
  tradeStats(@Arg('filter', () => TradeStatsFilter) filter: TradeStatsFilter, @Ctx() { em }: HubContext): Promise<TradeStats> {
    return tradeStats(em, filter);
  }

  @Mutation(() => Trade, { description: 'Records an announced trade. Trading centre (GGZY) only.' })
  @RequiresAuth(Role.SYSTEM, Role.CLERK)
  recordTrade(@Arg('input') input: RecordTradeInput, @Ctx() { em, principal }: HubContext): Promise<Trade> {
    return recordTrade(em, principal, input);
  }

  @Mutation(() => Trade, { description: 'Marks bids opened or bidding started (开标). Trading centre (GGZY) only.' })
  @RequiresAuth(Role.SYSTEM, Role.CLERK)
  openTrade(@Arg('code') code: string, @Ctx() { em, principal }: HubContext): Promise<Trade> {
    return openTrade(em, principal, code);
  }

  @Mutation(() => Trade, {
    description: 'Records the deal (成交/中标); notifies the receiving departments and the live counts. Trading centre (GGZY) only.',
  })
  @RequiresAuth(Role.SYSTEM, Role.CLERK)
  awardTrade(@Arg('input') input: AwardTradeInput, @Ctx() { em, principal }: HubContext): Promise<Trade> {
    return awardTrade(em, principal, input);
  }

  @Mutation(() => Trade, { description: 'Records that a trade failed (流标). Trading centre (GGZY) only.' })
  @RequiresAuth(Role.SYSTEM, Role.CLERK)
  failTrade(@Arg('input') input: CloseTradeInput, @Ctx() { em, principal }: HubContext): Promise<Trade> {
    return failTrade(em, principal, input);
  }

  @Mutation(() => Trade, { description: 'Cancels a trade (终止). Trading centre (GGZY) only.' })
  @RequiresAuth(Role.SYSTEM, Role.CLERK)
  cancelTrade(@Arg('input') input: CloseTradeInput, @Ctx() { em, principal }: HubContext): Promise<Trade> {
    return cancelTrade(em, principal, input);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Budget − deal amount, 元 (节约资金); negative when the deal exceeds the budget.',
  })
  savings(@Root() trade: Trade): string | null {
    return figuresOfTrade(trade).savings;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Savings ÷ budget, a fraction to 4 places ("0.0766").' })
  savingsRate(@Root() trade: Trade): string | null {
    return figuresOfTrade(trade).savingsRate;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Deal amount − reserve price, 元 (增收), for transfers.' })
  premium(@Root() trade: Trade): string | null {
    return figuresOfTrade(trade).premium;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Premium ÷ reserve price, a fraction to 4 places.' })
  premiumRate(@Root() trade: Trade): string | null {
    return figuresOfTrade(trade).premiumRate;
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The winner in the registry; null while it is not registered here.' })
  winnerEnterprise(@Root() trade: Trade, @Ctx() { loaders }: HubContext): Promise<Enterprise | null> | null {
    return trade.winnerUscc ? loaders.enterpriseByUscc.load(trade.winnerUscc) : null;
  }

  @FieldResolver(() => [TradeStatusChange], { description: 'Every status the trade went through, oldest first.' })
  statusHistory(@Root() trade: Trade, @Ctx() { loaders }: HubContext): Promise<TradeStatusChange[]> {
    return loaders.tradeStatusHistoryByTradeId.load(trade.id);
  }
}
