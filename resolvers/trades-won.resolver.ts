import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Enterprise } from '../entities/enterprise.js';
import { Trade } from '../entities/trade.js';
import { listReadWith } from '../reads/enterprise-lists.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => Enterprise)
export class EnterpriseTradesResolver {
  @FieldResolver(() => [Trade], { description: 'Trades this enterprise won (by its USCC), newest deal first.' })
  trades(@Root() enterprise: Enterprise, @Ctx() ctx: HubContext): Trade[] | Promise<Trade[]> {
    return listReadWith<Trade>(enterprise, 'trades') ?? ctx.loaders.tradesWonByUscc.load(enterprise.uscc);
  }
}
