import { Field, InputType } from 'type-graphql';
import { TradeCategory } from '../../entities/trade-category.js';
import { TradeMethod } from '../../entities/trade-method.js';
import { TradeStatus } from '../../entities/trade-status.js';
import './trading-enums.js';

@InputType({ description: 'A trade as the trading centre announces it (公告).' })
export class RecordTradeInput {
  @Field({ description: 'Project code (项目编号), unique.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => TradeCategory)
  category!: TradeCategory;

  @Field(() => TradeMethod, { description: 'Must be a method the category allows (e.g. no 拍卖 for a construction tender).' })
  method!: TradeMethod;

  @Field(() => String, {
    nullable: true,
    description: 'Budget or control price in 元 ("66801300.00"); required for construction and procurement.',
  })
  budget?: string | null;

  @Field(() => String, { nullable: true, description: 'Reserve price in 元; required for transfers of land, mineral and property rights.' })
  reservePrice?: string | null;

  @Field({ description: 'GB/T 2260 division code of the project.' })
  divisionCode!: string;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  announcedOn!: string;

  @Field(() => String, { nullable: true, description: 'Scheduled or actual opening date, not before the announcement.' })
  openingOn?: string | null;

  @Field(() => String, { nullable: true })
  agencyUscc?: string | null;

  @Field(() => String, { nullable: true })
  agencyName?: string | null;
}

@InputType({ description: 'The deal of an announced or open trade (成交/中标).' })
export class AwardTradeInput {
  @Field()
  code!: string;

  @Field({ description: 'Deal amount in 元, at most 2 decimals, not negative.' })
  dealAmount!: string;

  @Field({ description: 'YYYY-MM-DD, not before the announcement (nor the opening).' })
  dealOn!: string;

  @Field({ description: "The winner's unified social credit code; a winner from anywhere in China, registered here or not." })
  winnerUscc!: string;

  @Field(() => String, { nullable: true, description: 'Required unless the winner is in the registry (its registered name is then used).' })
  winnerName?: string | null;
}

@InputType({ description: 'Ends a trade without a deal: failed (流标) or cancelled (终止).' })
export class CloseTradeInput {
  @Field()
  code!: string;

  @Field({ description: 'Why; kept in the status history.' })
  reason!: string;
}

@InputType({ description: 'Which trades to list; every condition given must hold.' })
export class TradesFilter {
  @Field(() => [TradeCategory], { nullable: true })
  categories?: TradeCategory[] | null;

  @Field(() => [TradeMethod], { nullable: true })
  methods?: TradeMethod[] | null;

  @Field(() => [TradeStatus], { nullable: true })
  statuses?: TradeStatus[] | null;

  @Field(() => String, { nullable: true, description: 'A county, or a city or province and everything under it.' })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  winnerUscc?: string | null;

  @Field(() => String, { nullable: true })
  agencyUscc?: string | null;

  @Field(() => String, { nullable: true, description: 'Announced on or after, YYYY-MM-DD.' })
  announcedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Announced on or before, YYYY-MM-DD.' })
  announcedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Dealt on or after, YYYY-MM-DD.' })
  dealFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Dealt on or before, YYYY-MM-DD.' })
  dealTo?: string | null;
}

@InputType({ description: 'The period (by deal date), area and categories of trading statistics.' })
export class TradeStatsFilter {
  @Field({ description: 'First deal date counted, YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last deal date counted, YYYY-MM-DD, inclusive.' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'A county, or a city or province and everything under it.' })
  divisionCode?: string | null;

  @Field(() => [TradeCategory], { nullable: true })
  categories?: TradeCategory[] | null;
}
