import { Field, Int, ObjectType } from 'type-graphql';
import { TradeCategory } from '../../entities/trade-category.js';
import './trading-enums.js';

@ObjectType()
abstract class TradeTotalsFields {
  @Field(() => Int, { description: 'Awarded trades (成交宗数).' })
  count!: number;

  @Field({ description: 'Total deal amount in 元.' })
  totalDeal!: string;

  @Field(() => String, { nullable: true, description: 'Total budget / control price in 元 of the trades that have one.' })
  totalBudget!: string | null;

  @Field(() => String, { nullable: true, description: 'Total budget − their deal amounts, 元 (节约资金).' })
  totalSavings!: string | null;

  @Field(() => String, { nullable: true, description: 'Total savings ÷ total budget, a fraction to 4 places ("0.0766").' })
  savingsRate!: string | null;

  @Field(() => String, { nullable: true, description: 'Total reserve price in 元 of the transfers.' })
  totalReservePrice!: string | null;

  @Field(() => String, { nullable: true, description: 'Their deal amounts − total reserve price, 元 (增收).' })
  totalPremium!: string | null;

  @Field(() => String, { nullable: true, description: 'Total premium ÷ total reserve price, a fraction to 4 places.' })
  premiumRate!: string | null;
}

@ObjectType({ description: 'Trading totals of one category.' })
export class CategoryTradeStats extends TradeTotalsFields {
  @Field(() => TradeCategory)
  category!: TradeCategory;

  @Field()
  label!: string;
}

@ObjectType({ description: 'Trading totals of one line of the annual report (土地矿权出让 joins land and mineral rights).' })
export class ReportLineTradeStats extends TradeTotalsFields {
  @Field()
  key!: string;

  @Field({ description: 'As the report names it, e.g. 建设工程.' })
  label!: string;

  @Field(() => [TradeCategory])
  categories!: TradeCategory[];
}

@ObjectType({ description: 'Statistics of awarded trades over a period, in the shape the annual reports quote.' })
export class TradeStats extends TradeTotalsFields {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => String, { nullable: true })
  divisionCode!: string | null;

  @Field(() => [CategoryTradeStats], { description: 'Categories with at least one deal.' })
  categories!: CategoryTradeStats[];

  @Field(() => [ReportLineTradeStats], { description: 'Every line of the report, in its order, deals or not.' })
  reportLines!: ReportLineTradeStats[];

  @Field({
    description:
      'The report sentence, in 万元: 各类交易 189 宗，成交总金额 21187.71 万元，其中，建设工程成交总额 6168.63 万元，节约资金 511.5 万元；…',
  })
  summary!: string;
}
